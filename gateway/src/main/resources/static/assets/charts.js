// SVG charts of the results page, drawn from the gateway's JSON views. No library: scales, ticks and axes are here.
// Every mark that carries a value has a data-tip (the tooltip text, exact values) and a class the page's tests count:
// curves: g.series > path.series-line + circle.point, rect.role-band; boxes: g.box; heatmap: rect.cell.

const SVG_NS = 'http://www.w3.org/2000/svg';

// the server's plot colours (Rgb: matplotlib's tab10 plus navy and dark teal, twelve for FLAN's 12 clusters; five
// viridis stops), so both kinds of plot look alike
export const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f',
    '#bcbd22', '#17becf', '#000080', '#005f5f'];
const VIRIDIS = [[68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37]];
// blue - white - red for differences, centred on 0
const DIVERGING = [[33, 102, 172], [247, 247, 247], [178, 24, 43]];
const MISSING = '#dcdcdc';
// the server's role-band colours (CurvesChart): pale blue, orange and green
export const ROLE_COLOURS = {
    shared: 'rgb(222,235,247)', transition: 'rgb(254,230,206)', refinement: 'rgb(229,245,224)',
};

const WIDTH = 720;
const HEIGHT = 330;
const MARGIN = {top: 14, right: 18, bottom: 46, left: 70};

export function svgElement(name, attributes = {}, children = []) {
    const element = document.createElementNS(SVG_NS, name);
    for (const [key, value] of Object.entries(attributes)) {
        if (value !== undefined && value !== null) {
            element.setAttribute(key, String(value));
        }
    }
    for (const child of children) {
        element.append(child);
    }
    return element;
}

/** Maps [d0, d1] linearly onto [r0, r1]. */
export function linearScale([d0, d1], [r0, r1]) {
    const slope = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0);
    return value => r0 + (value - d0) * slope;
}

/** Round tick values covering [lo, hi]: steps of 1, 2 or 5 times a power of ten, about `count` of them. */
export function niceTicks(lo, hi, count = 5) {
    if (!(hi > lo)) {
        return [lo];
    }
    const raw = (hi - lo) / count;
    const power = 10 ** Math.floor(Math.log10(raw));
    const step = [1, 2, 5, 10].map(m => m * power).find(s => s >= raw);
    const ticks = [];
    for (let i = Math.ceil(lo / step - 1e-9); i * step <= hi + step * 1e-9; i++) {
        ticks.push(Number((i * step).toPrecision(12)));
    }
    return ticks;
}

/**
 * [lo, hi], or a small span around them when they are one value: a span at the limit of double precision (CKA of
 * identical representations: 1 - 2e-16 .. 1) counts as one value too, or ticks could not tell its ends apart.
 */
function spread(lo, hi) {
    if (hi - lo > 1e-9 * Math.max(Math.abs(lo), Math.abs(hi))) {
        return [lo, hi];
    }
    const pad = Math.abs(lo) * 0.01 || 0.01;
    return [lo - pad, hi + pad];
}

/** [lo, hi] of the values widened to round tick values. */
export function niceDomain(values) {
    const [lo, hi] = spread(Math.min(...values), Math.max(...values));
    const ticks = niceTicks(lo, hi);
    const step = ticks.length > 1 && ticks[1] > ticks[0] ? ticks[1] - ticks[0] : hi - lo;
    const round = v => Number(v.toPrecision(12));
    return [round(Math.floor(lo / step + 1e-9) * step), round(Math.ceil(hi / step - 1e-9) * step)];
}

export function fixed(value, digits = 4) {
    return value === null || value === undefined ? '–' : value.toFixed(digits);
}

/** The exact value as the API sent it (shortest round-trip form). */
export function exact(value) {
    return value === null || value === undefined ? 'no value' : String(value);
}

function chartFrame(label, width = WIDTH, height = HEIGHT) {
    return svgElement('svg', {
        viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': label, class: 'chart',
        preserveAspectRatio: 'xMidYMid meet',
    });
}

/** Every layer as a tick when there are few; else about 16 of them. */
function layerTicks(layers) {
    const every = Math.max(1, Math.ceil(layers.length / 16));
    return layers.filter((_, i) => i % every === 0);
}

function axes(svg, x, y, xTicks, yTicks, xLabel, yLabel) {
    const [left, right, top, bottom] = [MARGIN.left, WIDTH - MARGIN.right, MARGIN.top, HEIGHT - MARGIN.bottom];
    const grid = svgElement('g', {class: 'grid', 'aria-hidden': 'true'});
    for (const tick of yTicks) {
        grid.append(svgElement('line', {x1: left, x2: right, y1: y(tick), y2: y(tick)}));
        grid.append(svgElement('text', {x: left - 8, y: y(tick) + 4, 'text-anchor': 'end', class: 'tick'},
            [formatTick(tick, yTicks)]));
    }
    for (const tick of xTicks) {
        grid.append(svgElement('text', {x: x(tick), y: bottom + 18, 'text-anchor': 'middle', class: 'tick'},
            [String(tick)]));
    }
    grid.append(svgElement('line', {x1: left, x2: right, y1: bottom, y2: bottom, class: 'axis'}));
    grid.append(svgElement('line', {x1: left, x2: left, y1: top, y2: bottom, class: 'axis'}));
    grid.append(svgElement('text', {x: (left + right) / 2, y: HEIGHT - 8, 'text-anchor': 'middle', class: 'label'},
        [xLabel]));
    grid.append(svgElement('text', {
        x: 0, y: 0, 'text-anchor': 'middle', class: 'label',
        transform: `translate(16 ${(top + bottom) / 2}) rotate(-90)`,
    }, [yLabel]));
    svg.append(grid);
}

function formatTick(tick, ticks) {
    const step = ticks.length > 1 ? Math.abs(ticks[1] - ticks[0]) : 1;
    const digits = Math.max(0, Math.min(6, -Math.floor(Math.log10(step))));
    return tick.toFixed(digits);
}

/** x positions of layers: linear in the layer number, so gaps between chosen layers stay visible. */
function layerScale(layers, padding = 0) {
    const lo = layers[0];
    const hi = layers[layers.length - 1];
    const pad = lo === hi ? 1 : padding * (hi - lo) / Math.max(1, layers.length - 1);
    return linearScale([lo - pad, hi + pad], [MARGIN.left + 12, WIDTH - MARGIN.right - 12]);
}

function summaryTip(title, summary) {
    return [title,
        `mean ${exact(summary.mean)}`, `min ${exact(summary.min)}`, `q1 ${exact(summary.q1)}`,
        `median ${exact(summary.median)}`, `q3 ${exact(summary.q3)}`, `max ${exact(summary.max)}`,
        `tasks ${summary.n}`].join('\n');
}

/** "shared: layers 0-8", as the server's plot titles its bands. */
export function roleLabel(segment) {
    const last = segment.lastLayer === segment.firstLayer ? '' : `-${segment.lastLayer}`;
    return `${segment.role}: layers ${segment.firstLayer}${last}`;
}

/**
 * Shades the role segments behind the curves as the server's plot does: each band reaches halfway to the
 * neighbouring layer so that adjacent bands meet at a dashed boundary line; the outer bands end at the plot's edges.
 */
function roleBands(svg, x, layers, segments) {
    const [left, right, top, bottom] = [MARGIN.left, WIDTH - MARGIN.right, MARGIN.top, HEIGHT - MARGIN.bottom];
    const edge = first => {
        const i = layers.indexOf(first);
        return i <= 0 ? x(first) : (x(layers[i - 1]) + x(first)) / 2;
    };
    const bands = svgElement('g', {class: 'role-bands'});
    segments.forEach((segment, k) => {
        const from = k === 0 ? left + 1 : edge(segment.firstLayer);
        const to = k === segments.length - 1 ? right - 1 : edge(segments[k + 1].firstLayer);
        bands.append(svgElement('rect', {
            x: from.toFixed(2), y: top, width: (to - from).toFixed(2), height: bottom - top, class: 'role-band',
            fill: ROLE_COLOURS[segment.role], 'data-role': segment.role, 'data-first': segment.firstLayer,
            'data-last': segment.lastLayer, 'data-tip': roleLabel(segment),
        }));
        if (k > 0) {
            bands.append(svgElement('line', {x1: from, x2: from, y1: top, y2: bottom, class: 'role-boundary'}));
        }
    });
    svg.append(bands);
}

/**
 * The mean per layer of each group of tasks (a cluster, or all tasks), one line each, with a point per layer.
 * @param series [{key, label, color, dashed, layers: LayerStats[]}]; `which` is experimental|baseline|difference
 * @param roles the layer roles view (GET .../results/roles), its segments shaded behind the curves; or null
 */
export function curvesChart(series, which, yLabel, roles = null) {
    const svg = chartFrame(`Mean ${yLabel} per layer for ${series.map(s => s.label).join(', ')}`);
    const layers = [...new Set(series.flatMap(s => s.layers.map(l => l.layer)))].sort((a, b) => a - b);
    const means = series.flatMap(s => s.layers.map(l => l[which]?.mean)).filter(v => v !== undefined);
    if (layers.length === 0 || means.length === 0) {
        return null;
    }
    const x = layerScale(layers);
    const [y0, y1] = niceDomain(means);
    const y = linearScale([y0, y1], [HEIGHT - MARGIN.bottom, MARGIN.top]);
    if (roles?.roles.segments.length) {
        roleBands(svg, x, roles.layers, roles.roles.segments);
    }
    axes(svg, x, y, layerTicks(layers), niceTicks(y0, y1), 'layer', `mean ${yLabel}`);
    for (const s of series) {
        const group = svgElement('g', {class: 'series', 'data-group': s.key, stroke: s.color, fill: s.color});
        let d = '';
        let pen = 'M';
        for (const stats of s.layers) {
            const summary = stats[which];
            if (!summary) {
                pen = 'M'; // a gap where this group has no value
                continue;
            }
            d += `${pen}${x(stats.layer).toFixed(2)},${y(summary.mean).toFixed(2)}`;
            pen = 'L';
        }
        group.append(svgElement('path', {d, class: 'series-line', fill: 'none', 'stroke-dasharray': s.dashed ? '6 4' : null}));
        for (const stats of s.layers) {
            const summary = stats[which];
            if (!summary) {
                continue;
            }
            const tip = summaryTip(`${s.label}, layer ${stats.layer}: ${yLabel}`, summary);
            group.append(svgElement('circle', {
                cx: x(stats.layer), cy: y(summary.mean), r: 4.5, class: 'point', tabindex: 0,
                'data-tip': tip, 'aria-label': tip.replaceAll('\n', '; '),
            }));
        }
        svg.append(group);
    }
    return svg;
}

/** One box per layer over a group's tasks: quartile box, median line, whiskers at min and max, mean as a dot. */
export function boxChart(layerStats, which, yLabel, groupLabel) {
    const present = layerStats.filter(l => l[which]);
    if (present.length === 0) {
        return null;
    }
    const svg = chartFrame(`${yLabel} per layer across ${groupLabel}: box plots`);
    const layers = present.map(l => l.layer);
    const x = layerScale(layers, 0.6);
    const [y0, y1] = niceDomain(present.flatMap(l => [l[which].min, l[which].max]));
    const y = linearScale([y0, y1], [HEIGHT - MARGIN.bottom, MARGIN.top]);
    axes(svg, x, y, layerTicks(layers), niceTicks(y0, y1), 'layer', yLabel);
    const spacing = layers.length > 1 ? (x(layers[layers.length - 1]) - x(layers[0])) / (layers.length - 1) : 120;
    const half = Math.min(28, spacing * 0.32);
    for (const stats of present) {
        const s = stats[which];
        const cx = x(stats.layer);
        const tip = summaryTip(`${groupLabel}, layer ${stats.layer}: ${yLabel}`, s);
        svg.append(svgElement('g', {
            class: 'box', 'data-layer': stats.layer, 'data-tip': tip, tabindex: 0,
            'aria-label': tip.replaceAll('\n', '; '),
        }, [
            svgElement('line', {x1: cx, x2: cx, y1: y(s.min), y2: y(s.max), class: 'whisker'}),
            svgElement('line', {x1: cx - half / 2, x2: cx + half / 2, y1: y(s.min), y2: y(s.min), class: 'whisker'}),
            svgElement('line', {x1: cx - half / 2, x2: cx + half / 2, y1: y(s.max), y2: y(s.max), class: 'whisker'}),
            svgElement('rect', {
                x: cx - half, width: 2 * half, y: y(s.q3), height: Math.max(1, y(s.q1) - y(s.q3)),
                class: 'quartiles',
            }),
            svgElement('line', {x1: cx - half, x2: cx + half, y1: y(s.median), y2: y(s.median), class: 'median'}),
            svgElement('circle', {cx, cy: y(s.mean), r: 2.5, class: 'mean'}),
        ]));
    }
    return svg;
}

function interpolate(stops, t) {
    const clamped = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0));
    const position = clamped * (stops.length - 1);
    const i = Math.min(stops.length - 2, Math.floor(position));
    const f = position - i;
    const [r, g, b] = stops[i].map((c, k) => Math.round(c + f * (stops[i + 1][k] - c)));
    return `rgb(${r},${g},${b})`;
}

/**
 * A layer x layer matrix: columns are layers of model X, rows layers of model Y, first layer on top (as the server's
 * heatmap). Sequential colours over [lo, hi], or, for a difference, blue-white-red symmetric around 0.
 * @param cells [{layerX, layerY, value, tip}]
 */
export function heatmapChart(cells, {xLabel, yLabel, valueLabel, diverging, stretch}) {
    const xs = [...new Set(cells.map(c => c.layerX))].sort((a, b) => a - b);
    const ys = [...new Set(cells.map(c => c.layerY))].sort((a, b) => a - b);
    const values = cells.map(c => c.value).filter(v => v !== null && Number.isFinite(v));
    if (xs.length === 0 || values.length === 0) {
        return null;
    }
    let lo = Math.min(...values);
    let hi = Math.max(...values);
    if (diverging) {
        const bound = Math.max(Math.abs(lo), Math.abs(hi)) || 1;
        [lo, hi] = [-bound, bound];
    } else if (!stretch) {
        // CKA lies in [0, 1]: a fixed scale keeps heatmaps of different tasks comparable
        [lo, hi] = [Math.min(0, lo), Math.max(1, hi)];
    } else {
        [lo, hi] = spread(lo, hi);
    }
    const stops = diverging ? DIVERGING : VIRIDIS;
    const side = 420;
    const left = 70;
    const top = 14;
    const width = left + side + 110;
    const height = top + side + 50;
    const svg = chartFrame(`${valueLabel}: heatmap of ${xs.length} by ${ys.length} layers`, width, height);
    const cellW = side / xs.length;
    const cellH = side / ys.length;
    const column = new Map(xs.map((layer, i) => [layer, i]));
    const row = new Map(ys.map((layer, j) => [layer, j]));
    const grid = svgElement('g', {class: 'cells'});
    for (const cell of cells) {
        const missing = cell.value === null || !Number.isFinite(cell.value);
        grid.append(svgElement('rect', {
            x: (left + column.get(cell.layerX) * cellW).toFixed(2), y: (top + row.get(cell.layerY) * cellH).toFixed(2),
            width: (cellW + 0.3).toFixed(2), height: (cellH + 0.3).toFixed(2), class: 'cell',
            fill: missing ? MISSING : interpolate(stops, (cell.value - lo) / (hi - lo)), 'data-tip': cell.tip,
        }));
    }
    svg.append(grid);
    const labels = svgElement('g', {class: 'grid', 'aria-hidden': 'true'});
    const every = Math.max(1, Math.ceil(Math.max(xs.length, ys.length) / 16));
    xs.forEach((layer, i) => i % every === 0 && labels.append(svgElement('text', {
        x: left + (i + 0.5) * cellW, y: top + side + 16, 'text-anchor': 'middle', class: 'tick',
    }, [String(layer)])));
    ys.forEach((layer, j) => j % every === 0 && labels.append(svgElement('text', {
        x: left - 8, y: top + (j + 0.5) * cellH + 4, 'text-anchor': 'end', class: 'tick',
    }, [String(layer)])));
    labels.append(svgElement('text', {x: left + side / 2, y: top + side + 40, 'text-anchor': 'middle', class: 'label'},
        [xLabel]));
    labels.append(svgElement('text', {
        x: 0, y: 0, 'text-anchor': 'middle', class: 'label', transform: `translate(16 ${top + side / 2}) rotate(-90)`,
    }, [yLabel]));
    svg.append(labels);
    svg.append(colourBar(stops, lo, hi, left + side + 24, top, side));
    return svg;
}

function colourBar(stops, lo, hi, x, top, height) {
    const id = `bar-${Math.random().toString(36).slice(2, 8)}`;
    const gradient = svgElement('linearGradient', {id, x1: 0, y1: 1, x2: 0, y2: 0});
    stops.forEach((_, i) => gradient.append(svgElement('stop', {
        offset: i / (stops.length - 1), 'stop-color': interpolate(stops, i / (stops.length - 1)),
    })));
    const bar = svgElement('g', {class: 'colour-bar', 'aria-hidden': 'true'}, [
        svgElement('defs', {}, [gradient]),
        svgElement('rect', {x, y: top, width: 16, height, fill: `url(#${id})`, class: 'scale'}),
    ]);
    const y = linearScale([lo, hi], [top + height, top]);
    const ticks = niceTicks(lo, hi);
    for (const tick of ticks) {
        bar.append(svgElement('line', {x1: x + 16, x2: x + 21, y1: y(tick), y2: y(tick), class: 'axis'}));
        bar.append(svgElement('text', {x: x + 24, y: y(tick) + 4, class: 'tick'}, [formatTick(tick, ticks)]));
    }
    return bar;
}
