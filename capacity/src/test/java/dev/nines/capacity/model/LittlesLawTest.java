package dev.nines.capacity.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Scale;
import org.junit.jupiter.api.Test;

class LittlesLawTest {

    @Test
    void relatesThroughputLatencyAndConcurrency() {
        assertThat(LittlesLaw.concurrency(2_000, 0.050)).isCloseTo(100.0, within(1e-9));
        assertThat(LittlesLaw.arrivalRate(100, 0.050)).isCloseTo(2_000.0, within(1e-9));
        assertThat(LittlesLaw.timeInSystem(100, 2_000)).isCloseTo(0.050, within(1e-12));
    }

    @Test
    void rejectsNegativeNonFiniteAndZeroDivisors() {
        assertThatThrownBy(() -> LittlesLaw.concurrency(-1, 1))
                .hasMessage("arrivalRatePerSecond must be finite and at least 0.0, was -1.0");
        assertThatThrownBy(() -> LittlesLaw.arrivalRate(1, 0)).hasMessageContaining("timeInSystemSeconds");
        assertThatThrownBy(() -> LittlesLaw.timeInSystem(Double.NaN, 1)).hasMessageContaining("concurrency");
        assertThatThrownBy(() -> LittlesLaw.timeInSystem(1, Double.POSITIVE_INFINITY))
                .hasMessageContaining("arrivalRatePerSecond");
    }

    @Property(tries = 1000)
    void theThreeFormsAgree(
            @ForAll @DoubleRange(min = 0.001, max = 1e6) @Scale(6) double rate,
            @ForAll @DoubleRange(min = 1e-6, max = 1e3) @Scale(9) double time) {
        double l = LittlesLaw.concurrency(rate, time);
        assertThat(LittlesLaw.arrivalRate(l, time)).isCloseTo(rate, within(rate * 1e-12));
        assertThat(LittlesLaw.timeInSystem(l, rate)).isCloseTo(time, within(time * 1e-12));
    }
}
