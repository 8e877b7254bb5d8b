// The results page: lists experiments, follows the chosen one live, and draws its views. State lives in `state`;
// every render reads it whole, so a choice, a poll or a back-button press all end in the same render functions.
import {experimentPath, getExperiment, getLayerRoles, getLayerSummaries, getResults, getTaskLayers, listExperiments,
    measureQuery} from './api.js';
import {PALETTE, ROLE_COLOURS, boxChart, curvesChart, exact, fixed, heatmapChart, roleLabel} from './charts.js';

const POLL_MS = 2000;
const PAGE_SIZE = 50;
const MAX_PAGE = 500; // the gateway's largest list page
const ACTIVE = new Set(['PENDING', 'RUNNING']);
// the distances among the measures (MeasureType's kind): named as such, as in the server's plots
const DISTANCES = new Set(['procrustes', 'angular-shape']);

/** The labels of the comparisons under the shown measure: "CKA(E, C_t)", "procrustes distance(E, C_t)". */
function labels() {
    const measure = shownMeasure();
    const m = measure === 'cka' ? 'CKA' : `${measure}${DISTANCES.has(measure) ? ' distance' : ''}`;
    return {experimental: `${m}(E, C_t)`, baseline: `${m}(B, C_t)`, difference: `${m}(E, C_t) − ${m}(B, C_t)`};
}

/** The experiment's measures in its order (older experiments: cka alone). */
function measuresOf(experiment) {
    const measures = (experiment?.measures ?? []).map(m => m.measure);
    return measures.length > 0 ? measures : ['cka'];
}

/** The measure the views show: the reader's choice, else the experiment's first. */
function shownMeasure() {
    return state.measure ?? measuresOf(state.experiment)[0];
}
// group key of all tasks; clusters are keyed 'cluster:<name>', their held-out tasks 'cluster:<name>:held-out'
const OVERALL = 'overall';

const state = {
    experiments: [],
    nextCursor: null,
    selectedId: null,
    experiment: null,
    // {layers: LayerSummaryView, tasks: TaskLayersView, results: ExperimentResults|null,
    //  roles: {experimental: LayerRolesView, difference: LayerRolesView|undefined}}
    views: null,
    comparison: 'experimental',
    measure: null, // null: the experiment's first measure
    groups: new Set(), // keys of the groups of tasks drawn as curves
    knownGroups: new Set(), // keys of the groups seen so far, shown or not
    boxGroup: OVERALL, // a key of boxGroups()
    heatmapTask: null,
    stretch: false,
};
let listTimer = null;
let detailTimer = null;
let following = 0; // generation of the current choice of experiment

const $ = id => document.getElementById(id);

function html(name, attributes = {}, children = []) {
    const element = document.createElement(name);
    for (const [key, value] of Object.entries(attributes)) {
        if (value === undefined || value === null || value === false) {
            continue;
        }
        if (key === 'text') {
            element.textContent = value;
        } else {
            element.setAttribute(key, value === true ? '' : String(value));
        }
    }
    element.append(...children);
    return element;
}

// ---- errors: shown on the page (and read by the end-to-end test), never only in the console

const shownErrors = new Set();

function reportError(error) {
    const message = error instanceof Error ? error.message : String(error);
    if (shownErrors.has(message) || shownErrors.size >= 8) {
        return;
    }
    shownErrors.add(message);
    const box = $('errors');
    box.append(html('p', {text: message}));
    box.hidden = false;
}

window.addEventListener('error', event => reportError(event.error ?? event.message));
window.addEventListener('unhandledrejection', event => reportError(event.reason));

// ---- experiments list, refreshed every 2 s while one of them is pending or running

async function refreshList() {
    clearTimeout(listTimer);
    try {
        // one request for everything shown so far, so that "load more" pages stay
        const limit = Math.min(MAX_PAGE, Math.max(PAGE_SIZE, state.experiments.length));
        const page = await listExperiments(limit);
        state.experiments = page.experiments;
        state.nextCursor = page.nextCursor;
        renderList();
    } catch (error) {
        reportError(error);
    }
    if (state.experiments.some(e => ACTIVE.has(e.status))) {
        listTimer = setTimeout(refreshList, POLL_MS);
    }
}

async function loadMore() {
    const page = await listExperiments(PAGE_SIZE, state.nextCursor);
    const known = new Set(state.experiments.map(e => e.id));
    state.experiments.push(...page.experiments.filter(e => !known.has(e.id)));
    state.nextCursor = page.nextCursor;
    renderList();
}

function progressOf(experiment) {
    const done = experiment.progress?.unitsDone ?? 0;
    const total = experiment.progress?.unitsTotal ?? 0;
    return {done, total, text: `${done} / ${total} tasks`};
}

function statusBadge(status) {
    return html('span', {class: `status status-${status}`, text: status.toLowerCase()});
}

function renderList() {
    const rows = $('experiment-rows');
    rows.replaceChildren(...state.experiments.map(experiment => {
        const {done, total, text} = progressOf(experiment);
        const link = html('a', {href: `?experiment=${encodeURIComponent(experiment.id)}`,
            text: experiment.name || experiment.id});
        link.addEventListener('click', event => {
            event.preventDefault();
            select(experiment.id, true);
        });
        const selected = experiment.id === state.selectedId;
        return html('tr', {class: selected ? 'selected' : null, 'data-id': experiment.id}, [
            html('td', {}, [link, html('div', {class: 'muted small',
                text: new Date(experiment.createdAt).toLocaleString()})]),
            html('td', {}, [statusBadge(experiment.status)]),
            html('td', {}, [html('progress', {max: Math.max(1, total), value: done, 'aria-label': text}),
                html('div', {class: 'muted small', text})]),
        ]);
    }));
    rows.querySelector('tr.selected a')?.setAttribute('aria-current', 'true');
    $('no-experiments').hidden = state.experiments.length > 0;
    $('more').hidden = !state.nextCursor;
}

// ---- the chosen experiment, followed every 2 s until it has finished

/** @param measure the measure to show (null: the experiment's first), as ?measure= in the address may name it */
async function select(id, pushHistory, measure = null) {
    clearTimeout(detailTimer);
    following += 1;
    Object.assign(state, {selectedId: id, experiment: null, views: null, groups: new Set(), knownGroups: new Set(),
        boxGroup: OVERALL, heatmapTask: null, measure});
    if (pushHistory) {
        history.pushState(null, '', `?experiment=${encodeURIComponent(id)}`);
    }
    document.body.dataset.state = 'loading';
    renderList();
    await followExperiment(id, following);
}

/** One poll of the chosen experiment; `generation` ends the polls of an earlier choice (even of the same id). */
async function followExperiment(id, generation) {
    const current = () => generation === following;
    try {
        const experiment = await getExperiment(id);
        if (!current()) {
            return;
        }
        const before = state.experiment;
        state.experiment = experiment;
        const listed = state.experiments.findIndex(e => e.id === id);
        if (listed >= 0) {
            state.experiments[listed] = experiment;
            renderList();
        }
        renderExperiment();
        // views of a running experiment grow with each finished task: reload them when progress moved
        if (!state.views || before?.status !== experiment.status
                || before?.progress?.unitsDone !== experiment.progress?.unitsDone) {
            await loadViews(experiment, current);
        }
        if (!current()) {
            return;
        }
        document.body.dataset.state = 'ready';
        document.body.dataset.status = experiment.status;
    } catch (error) {
        reportError(error);
        if (error.status === 404) {
            return; // no such experiment (or it was deleted): nothing to follow
        }
    }
    if (current() && (!state.experiment || ACTIVE.has(state.experiment.status))) {
        detailTimer = setTimeout(() => followExperiment(id, generation), POLL_MS);
    }
}

async function loadViews(experiment, current) {
    const measure = shownMeasure();
    const [layers, tasks, results, experimentalRoles, differenceRoles] = await Promise.all([
        getLayerSummaries(experiment.id, measure),
        getTaskLayers(experiment.id, measure),
        experiment.layerPairs === 'all' ? getResults(experiment.id) : Promise.resolve(null),
        getLayerRoles(experiment.id, 'experimental', measure),
        experiment.baselineModel ? getLayerRoles(experiment.id, 'difference', measure) : Promise.resolve(undefined),
    ]);
    if (!current()) {
        return;
    }
    state.views = {layers, tasks, results, roles: {experimental: experimentalRoles, difference: differenceRoles}};
    if (!experiment.baselineModel && state.comparison !== 'experimental') {
        state.comparison = 'experimental';
    }
    renderViews();
}

function renderExperiment() {
    const experiment = state.experiment;
    $('experiment').hidden = false;
    $('experiment-title').textContent = experiment.name || experiment.id;
    const facts = [
        ['Status', statusBadge(experiment.status)],
        ['Experimental model E', experiment.experimentalModel],
        ['Baseline model B', experiment.baselineModel ?? 'none'],
        ['Layers', (experiment.layers ?? []).join(', ')],
        ['Layer pairs', experiment.layerPairs],
        ['Measures', measuresOf(experiment).join(', ')],
        ['Pooling', experiment.pooling],
        ['Tasks', String(experiment.tasks?.length ?? 0)],
        ['Id', experiment.id],
    ];
    $('facts').replaceChildren(...facts.flatMap(([term, value]) => [html('dt', {text: term}),
        html('dd', {}, [value])]));
    const {done, total, text} = progressOf(experiment);
    $('progress').max = Math.max(1, total);
    $('progress').value = done;
    $('progress-text').textContent = `${text}${ACTIVE.has(experiment.status) ? ' (updating every 2 s)' : ''}`;
    $('failure').hidden = !experiment.failure;
    $('failure').textContent = experiment.failure ? `Failed: ${experiment.failure}` : '';

    const base = experimentPath(experiment.id);
    const measure = measureQuery(shownMeasure());
    const exports = [['JSON', `${base}/results`], ['CSV', `${base}/results.csv`],
        [`NPY (E vs C_t, ${shownMeasure()})`, `${base}/results.npy?comparison=experimental&${measure}`]];
    if (experiment.baselineModel) {
        exports.push([`NPY (B vs C_t, ${shownMeasure()})`, `${base}/results.npy?comparison=baseline&${measure}`]);
    }
    $('exports').replaceChildren('Download results: ', ...links(exports));
    renderMeasureChoice(experiment);
}

/** A measure selector when the experiment computed several; a change reloads the views of the chosen one. */
function renderMeasureChoice(experiment) {
    const measures = measuresOf(experiment);
    $('measure-choice').hidden = measures.length < 2;
    const select = $('measure');
    if (select.options.length !== measures.length
            || [...select.options].some((option, i) => option.value !== measures[i])) {
        select.replaceChildren(...measures.map(m => html('option', {value: m, text: m})));
    }
    select.value = shownMeasure();
}

function links(pairs) {
    return pairs.flatMap(([label, href], i) => [i > 0 ? ' · ' : '', html('a', {href, text: label})]);
}

// ---- views: curves, boxes, heatmap and the per-task table

/** A group per cluster and kind of task: held-out tasks dashed, in their cluster's colour (as the server's plot). */
function clusterGroups() {
    const names = [...new Set(state.views.layers.clusters.map(group => group.cluster))];
    return state.views.layers.clusters.map(group => {
        const heldOut = group.heldOut === true;
        return {
            key: `cluster:${group.cluster}${heldOut ? ':held-out' : ''}`,
            label: `${group.cluster}${heldOut ? ' (held-out)' : ''}`,
            color: PALETTE[names.indexOf(group.cluster) % PALETTE.length], dashed: heldOut,
            layers: group.layers, tasks: group.tasks, cluster: group.cluster, heldOut,
        };
    });
}

function allGroups() {
    const overall = state.views.layers.overall;
    return [{key: OVERALL, label: 'all tasks', color: '#222222', dashed: true, layers: overall.layers,
        tasks: overall.tasks}, ...clusterGroups()];
}

function renderViews() {
    const {layers} = state.views;
    const clusters = clusterGroups();
    // clusters appear as their first task finishes: each new one is shown, what the reader unchecked stays so
    for (const cluster of clusters) {
        if (!state.knownGroups.has(cluster.key)) {
            state.knownGroups.add(cluster.key);
            state.groups.add(cluster.key);
        }
    }
    $('coverage').textContent = `Results shown: ${layers.coverage.note}.`;
    const hasBaseline = Boolean(state.experiment.baselineModel);
    for (const input of document.querySelectorAll('input[name="comparison"]')) {
        input.disabled = input.value !== 'experimental' && !hasBaseline;
        input.checked = input.value === state.comparison;
    }
    $('comparison-choice').title = hasBaseline ? '' : 'This experiment has no baseline model B';
    renderGroupChoice();
    renderCurves();
    renderBoxes();
    renderHeatmap();
    renderTaskTable();
}

function renderGroupChoice() {
    const choice = $('group-choice');
    choice.replaceChildren(html('legend', {text: 'Tasks'}), ...allGroups().map(group => {
        const box = html('input', {type: 'checkbox', value: group.key, checked: state.groups.has(group.key)});
        box.addEventListener('change', () => {
            box.checked ? state.groups.add(group.key) : state.groups.delete(group.key);
            renderCurves();
        });
        const swatch = html('span', {class: `swatch${group.dashed ? ' dashed' : ''}`, 'aria-hidden': 'true'});
        swatch.style.setProperty('--colour', group.color);
        return html('label', {title: group.tasks.join(', ')}, [box, swatch, ` ${group.label} (${group.tasks.length})`]);
    }));
}

/** The roles drawn behind the curves: those of the comparison, or for baseline curves the default one's. */
function shownRoles() {
    const roles = state.views.roles;
    return state.comparison === 'baseline' ? roles.difference ?? roles.experimental : roles[state.comparison];
}

/** A one-line summary of the layer roles, which doubles as the bands' legend, and the evidence behind them. */
function renderRoles(view) {
    const {roles} = view;
    const line = html('p', {id: 'roles-summary', 'data-structure': roles.structure});
    if (roles.segments.length === 0) {
        line.append(`Layer roles: none (${roles.reason})`);
    } else {
        line.append('Layer roles: ', ...roles.segments.flatMap((segment, i) => {
            const swatch = html('span', {class: 'swatch band', 'aria-hidden': 'true'});
            swatch.style.setProperty('--colour', ROLE_COLOURS[segment.role]);
            return [i > 0 ? ', ' : '', swatch, ` ${roleLabel(segment)}`];
        }));
    }
    line.append(html('span', {class: 'muted small',
        text: ` (from the ${view.comparison} curves of ${view.taskSelection} tasks)`}));
    const evidence = [html('li', {text: `Why: ${roles.reason}.`})];
    if (roles.fit) {
        const f = roles.fit;
        evidence.push(html('li', {text: `One change point explains ${fixed(f.explainedOneChange, 3)} of the `
            + `variation, two explain ${fixed(f.explainedTwoChanges, 3)}; the second removes `
            + `${fixed(f.secondChangeGain, 3)} of what one leaves (thresholds ${f.explainedThreshold} and `
            + `${f.secondChangeThreshold}).`}));
    }
    for (const boundary of roles.boundaries) {
        const steps = boundary.steps.map(step => `${step.curve} ${step.change >= 0 ? '+' : ''}${fixed(step.change)}`);
        evidence.push(html('li', {text: `${boundary.between} between layers ${boundary.lastLayerBefore} and `
            + `${boundary.firstLayerAfter}: ${steps.join(', ')}`}));
    }
    evidence.push(...roles.notes.map(note => html('li', {text: `Note: ${note}.`})));
    evidence.push(html('li', {class: 'muted', text: view.method}));
    // a redraw (a checkbox, a poll) keeps the evidence open if the reader opened it
    const open = $('roles').querySelector('details')?.open;
    $('roles').replaceChildren(line, html('details', {open}, [html('summary', {text: 'Evidence'}),
        html('ul', {}, evidence)]));
}

function placeholder(text) {
    return html('p', {class: 'empty', text});
}

function renderCurves() {
    const which = state.comparison;
    const shown = allGroups().filter(g => state.groups.has(g.key));
    const roles = shownRoles();
    const chart = shown.length === 0 ? null : curvesChart(shown, which, labels()[which], roles);
    chart?.setAttribute('id', 'curves-chart');
    $('curves').replaceChildren(chart ?? placeholder(shown.length === 0 ? 'Choose at least one group of tasks.'
        : 'No results yet.'));
    renderRoles(roles);
    const plot = `${experimentPath(state.experiment.id)}/plots/curves`;
    $('curves-links').replaceChildren('server plot: ',
        ...links([['SVG', `${plot}.svg?comparison=${which}&${measureQuery(shownMeasure())}`],
            ['PNG', `${plot}.png?comparison=${which}&${measureQuery(shownMeasure())}`]]));
}

/** The groups a box plot can show, with the server plot's query: all, trained or held-out tasks, or a cluster's. */
function boxGroups() {
    const {overall, trained, heldOut} = state.views.layers;
    const groups = [{key: OVERALL, label: 'all tasks', layers: overall.layers, query: ''}];
    if (heldOut) {
        if (trained) {
            groups.push({key: 'trained', label: 'trained tasks', layers: trained.layers, query: '&tasks=trained'});
        }
        groups.push({key: 'held-out', label: 'held-out tasks', layers: heldOut.layers, query: '&tasks=held-out'});
    }
    for (const group of clusterGroups()) {
        const kind = heldOut ? (group.heldOut ? 'held-out' : 'trained') : null;
        groups.push({key: group.key, label: `cluster ${group.label}`, layers: group.layers,
            query: `&cluster=${encodeURIComponent(group.cluster)}${kind ? `&tasks=${kind}` : ''}`});
    }
    return groups;
}

function renderBoxes() {
    const which = state.comparison;
    const select = $('box-group');
    const groups = boxGroups();
    const group = groups.find(g => g.key === state.boxGroup) ?? groups[0];
    state.boxGroup = group.key;
    select.replaceChildren(...groups.map(g => html('option', {value: g.key, text: g.label})));
    select.value = state.boxGroup;
    const chart = boxChart(group.layers, which, labels()[which], group.label);
    chart?.setAttribute('id', 'boxes-chart');
    $('boxes').replaceChildren(chart ?? placeholder('No results yet.'));
    const query = `comparison=${which}${group.query}&${measureQuery(shownMeasure())}`;
    const plot = `${experimentPath(state.experiment.id)}/plots/boxes`;
    $('boxes-links').replaceChildren('server plot: ',
        ...links([['SVG', `${plot}.svg?${query}`], ['PNG', `${plot}.png?${query}`]]));
}

function renderHeatmap() {
    const experiment = state.experiment;
    const results = state.views.results;
    const select = $('heatmap-task');
    $('heatmap-links').replaceChildren();
    if (!results) {
        $('heatmap-controls').hidden = true;
        $('heatmap').replaceChildren(placeholder(`This experiment compared same-index layers only (layerPairs=`
            + `${experiment.layerPairs}): there is no layer × layer matrix. Run it with layerPairs "all" for one.`));
        return;
    }
    $('heatmap-controls').hidden = false;
    const tasks = [...new Set(results.results.map(r => r.task))];
    if (!tasks.includes(state.heatmapTask)) {
        state.heatmapTask = tasks[0] ?? null;
    }
    select.replaceChildren(...tasks.map(task => html('option', {value: task, text: task})));
    select.value = state.heatmapTask ?? '';
    $('heatmap-stretch').checked = state.stretch;
    $('heatmap-stretch').disabled = state.comparison === 'difference';
    const matrix = state.heatmapTask === null ? null : heatmapCells(results, state.heatmapTask, state.comparison);
    const chart = matrix && heatmapChart(matrix.cells, {
        xLabel: `layer of ${matrix.modelX}`, yLabel: `layer of ${matrix.modelY}`,
        valueLabel: `${labels()[state.comparison]}, task ${state.heatmapTask}`,
        diverging: state.comparison === 'difference', stretch: state.stretch,
    });
    chart?.setAttribute('id', 'heatmap-chart');
    $('heatmap').replaceChildren(chart ?? placeholder('No results for this task yet.'));
    if (chart && state.comparison !== 'difference') {
        const query = `task=${encodeURIComponent(state.heatmapTask)}&comparison=${state.comparison}`
            + `&${measureQuery(shownMeasure())}`;
        const plot = `${experimentPath(experiment.id)}/plots/heatmap`;
        $('heatmap-links').replaceChildren('server plot: ',
            ...links([['SVG', `${plot}.svg?${query}`], ['PNG', `${plot}.png?${query}`]]));
    }
}

/** The matrix of one task, comparison and the shown measure as cells; the difference is E - B cell by cell. */
function heatmapCells(results, task, which) {
    const measure = shownMeasure();
    const find = comparison => results.results.find(r => r.task === task && r.comparison === comparison
        && (r.measure ?? 'cka') === measure);
    const source = find(which === 'difference' ? 'experimental' : which);
    if (!source) {
        return null;
    }
    let baseline = null;
    if (which === 'difference') {
        const b = find('baseline');
        if (!b) {
            return null;
        }
        baseline = new Map(b.values.map(v => [`${v.layerX},${v.layerY}`, v.cka]));
    }
    const cells = source.values.map(v => {
        const base = baseline?.get(`${v.layerX},${v.layerY}`);
        const value = which === 'difference' ? (base === undefined ? null : v.cka - base) : v.cka;
        const lines = [`${task}: layer ${v.layerX} of ${source.modelX} × layer ${v.layerY} of ${source.modelY}`,
            `${labels()[which]} = ${exact(value)}`];
        if (v.pValue !== undefined && v.pValue !== null) {
            lines.push(`p-value ${exact(v.pValue)}`);
        }
        if (v.ciLow !== undefined && v.ciLow !== null) {
            lines.push(`interval [${exact(v.ciLow)}, ${exact(v.ciHigh)}]`);
        }
        return {layerX: v.layerX, layerY: v.layerY, value, tip: lines.join('\n')};
    });
    return {cells, modelX: source.modelX, modelY: source.modelY};
}

function renderTaskTable() {
    const which = state.comparison;
    const tasks = state.views.tasks.tasks;
    if (tasks.length === 0) {
        $('task-table').replaceChildren(placeholder('No task has results yet.'));
        return;
    }
    const layers = tasks[0].layers.map(l => l.layer);
    const hasStats = tasks.some(task => task.layers.some(hasStatistics));
    const head = html('tr', {}, [
        html('th', {scope: 'col', text: 'Task (cluster, control C_t)'}),
        html('th', {scope: 'col', class: 'number', text: 'n'}),
        ...layers.map(layer => html('th', {scope: 'col', class: 'number', text: `layer ${layer}`,
            title: hasStats ? 'hover a value for its p-value and bootstrap interval' : null})),
    ]);
    const rows = tasks.map(task => html('tr', {class: task.heldOut ? 'held-out' : null}, [
        html('th', {scope: 'row'}, [task.task, html('div', {class: 'muted small',
            text: `${task.cluster}${task.heldOut ? ' · held-out' : ''} · ${task.controlModel}`})]),
        html('td', {class: 'number', text: String(task.n)}),
        ...task.layers.map(l => html('td', {class: `number${hasStatistics(l) ? ' stats-hint' : ''}`,
            'data-tip': [`${task.task}, layer ${l.layer}`,
                `${labels().experimental} = ${exact(l.experimental)}`, ...statistics(l, 'experimental'),
                `${labels().baseline} = ${exact(l.baseline)}`, ...statistics(l, 'baseline'),
                `${labels().difference} = ${exact(l.difference)}`].join('\n'),
            text: fixed(l[which])})),
    ]));
    const hint = hasStats ? '; underlined values have a p-value or interval' : '';
    $('task-table').replaceChildren(html('table', {class: 'tasks'}, [
        html('caption', {text: `${labels()[which]} per task and layer (4 decimals; hover for exact values${hint})`}),
        html('thead', {}, [head]), html('tbody', {}, rows)]));
}

const present = value => value !== null && value !== undefined;

function hasStatistics(l) {
    return [l.experimentalPValue, l.experimentalCiLow, l.baselinePValue, l.baselineCiLow].some(present);
}

/** The tooltip lines of one side's p-value and interval; none when the experiment computed neither. */
function statistics(l, side) {
    const lines = [];
    if (present(l[`${side}PValue`])) {
        lines.push(`${labels()[side]} p-value ${exact(l[`${side}PValue`])}`);
    }
    if (present(l[`${side}CiLow`])) {
        lines.push(`${labels()[side]} interval [${exact(l[`${side}CiLow`])}, ${exact(l[`${side}CiHigh`])}]`);
    }
    return lines;
}

// ---- tooltip: one element, shown for any mark with data-tip, on hover or keyboard focus

const tooltip = $('tooltip');

function showTip(target, x, y) {
    tooltip.textContent = target.dataset.tip;
    tooltip.hidden = false;
    const {width, height} = tooltip.getBoundingClientRect();
    tooltip.style.left = `${Math.max(4, Math.min(x + 14, window.innerWidth - width - 4))}px`;
    tooltip.style.top = `${Math.max(4, y + 16 + height > window.innerHeight ? y - height - 10 : y + 16)}px`;
}

function hideTip() {
    tooltip.hidden = true;
}

document.addEventListener('pointerover', event => {
    const target = event.target.closest?.('[data-tip]');
    target ? showTip(target, event.clientX, event.clientY) : hideTip();
});
document.addEventListener('pointermove', event => {
    const target = event.target.closest?.('[data-tip]');
    if (target) {
        showTip(target, event.clientX, event.clientY);
    }
});
document.addEventListener('focusin', event => {
    const target = event.target.closest?.('[data-tip]');
    if (target) {
        const box = target.getBoundingClientRect();
        showTip(target, box.right, box.top);
    }
});
document.addEventListener('focusout', hideTip);
document.addEventListener('keydown', event => event.key === 'Escape' && hideTip());

// ---- controls

for (const input of document.querySelectorAll('input[name="comparison"]')) {
    input.addEventListener('change', () => {
        state.comparison = input.value;
        renderViews();
    });
}
$('measure').addEventListener('change', event => {
    state.measure = event.target.value;
    history.replaceState(null, '',
        `?experiment=${encodeURIComponent(state.selectedId)}&${measureQuery(state.measure)}`);
    const generation = following;
    renderExperiment();
    loadViews(state.experiment, () => generation === following).catch(reportError);
});
$('box-group').addEventListener('change', event => {
    state.boxGroup = event.target.value;
    renderBoxes();
});
$('heatmap-task').addEventListener('change', event => {
    state.heatmapTask = event.target.value;
    renderHeatmap();
});
$('heatmap-stretch').addEventListener('change', event => {
    state.stretch = event.target.checked;
    renderHeatmap();
});
$('more').addEventListener('click', () => loadMore().catch(reportError));
window.addEventListener('popstate', () => {
    const address = new URLSearchParams(location.search);
    const id = address.get('experiment');
    if (id && id !== state.selectedId) {
        select(id, false, address.get('measure'));
    }
});

// ---- start: the experiment named in the address, else the newest one

async function start() {
    await refreshList();
    const address = new URLSearchParams(location.search);
    const id = address.get('experiment') ?? state.experiments[0]?.id;
    if (id) {
        await select(id, false, address.get('experiment') ? address.get('measure') : null);
    } else {
        document.body.dataset.state = 'ready';
    }
}

start().catch(reportError);
