package io.mossa.gateway.results.plot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class LinearScaleTest {

    @Test
    void niceDomainCoversTheDataAndStartsAndEndsOnTicksOfOneTwoOrFive() {
        Random random = new Random(3);
        for (int trial = 0; trial < 500; trial++) {
            double lo = random.nextGaussian() * Math.pow(10, random.nextInt(5) - 2);
            double hi = lo + Math.abs(random.nextGaussian()) * Math.pow(10, random.nextInt(5) - 2);
            LinearScale scale = LinearScale.nice(lo, hi, 400, 0);
            assertThat(scale.domainLo()).isLessThanOrEqualTo(lo);
            assertThat(scale.domainHi()).isGreaterThanOrEqualTo(hi);
            List<Double> ticks = scale.ticks();
            assertThat(ticks.size()).isBetween(2, 12);
            assertThat(ticks.get(0)).isCloseTo(scale.domainLo(), within(1e-9 * Math.abs(scale.domainHi() - scale.domainLo())));
            double step = ticks.get(1) - ticks.get(0);
            double mantissa = step / Math.pow(10, Math.floor(Math.log10(step) + 1e-9));
            assertThat(List.of(1.0, 2.0, 5.0, 10.0)).anySatisfy(m -> assertThat(mantissa).isCloseTo(m, within(1e-6)));
        }
    }

    @Test
    void mapsLinearlyOntoAnInvertedPixelRange() {
        LinearScale y = new LinearScale(0, 1, 400, 100);
        assertThat(y.map(0)).isEqualTo(400);
        assertThat(y.map(1)).isEqualTo(100);
        assertThat(y.map(0.25)).isEqualTo(325);
    }

    @Test
    void aSingleValueGetsARangeAroundIt() {
        LinearScale scale = LinearScale.nice(0.7, 0.7, 400, 0);
        assertThat(scale.domainLo()).isLessThan(0.7);
        assertThat(scale.domainHi()).isGreaterThan(0.7);
    }
}
