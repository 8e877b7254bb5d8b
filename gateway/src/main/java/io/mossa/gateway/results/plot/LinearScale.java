package io.mossa.gateway.results.plot;

import java.util.ArrayList;
import java.util.List;

/**
 * Maps a value domain onto a pixel range linearly, with ticks every {@code tickStep}; {@link #nice} picks a
 * step of 1, 2 or 5 times a power of ten and a domain that starts and ends on a tick.
 */
public record LinearScale(double domainLo, double domainHi, double rangeLo, double rangeHi, double tickStep) {

    public LinearScale(double domainLo, double domainHi, double rangeLo, double rangeHi) {
        this(domainLo, domainHi, rangeLo, rangeHi, step(domainLo, domainHi));
    }

    public double map(double value) {
        return rangeLo + (value - domainLo) / (domainHi - domainLo) * (rangeHi - rangeLo);
    }

    /** A domain covering [lo, hi] that starts and ends on a tick; a degenerate range is widened. */
    public static LinearScale nice(double lo, double hi, double rangeLo, double rangeHi) {
        if (!(hi > lo)) {
            double pad = lo == 0 ? 0.05 : Math.abs(lo) * 0.05;
            lo -= pad;
            hi += pad;
        }
        double step = step(lo, hi);
        // the step of the data's range, kept: recomputing it from the widened domain could pick another
        return new LinearScale(Math.floor(lo / step) * step, Math.ceil(hi / step) * step, rangeLo, rangeHi, step);
    }

    public List<Double> ticks() {
        double step = tickStep;
        List<Double> ticks = new ArrayList<>();
        long first = Math.round(Math.ceil(domainLo / step - 1e-9));
        for (long k = first; k * step <= domainHi + step * 1e-9; k++) {
            ticks.add(k * step);
        }
        return ticks;
    }

    private static double step(double lo, double hi) {
        double raw = (hi - lo) / 5;
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        double fraction = raw / power;
        double nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
        return nice * power;
    }
}
