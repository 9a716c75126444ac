package dev.nines.capacity.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Scale;
import org.junit.jupiter.api.Test;

class NormalTest {

    @Test
    void quantilesMatchRsQnorm() {
        // R 4.2.2: sprintf("%.15f", qnorm(c(0.975, 0.95, 0.9, 0.995, 0.5, 0.9995)))
        assertThat(Normal.quantile(0.975)).isCloseTo(1.959963984540054, within(1e-13));
        assertThat(Normal.quantile(0.95)).isCloseTo(1.644853626951472, within(1e-13));
        assertThat(Normal.quantile(0.9)).isCloseTo(1.281551565544601, within(1e-13));
        assertThat(Normal.quantile(0.995)).isCloseTo(2.575829303548900, within(1e-13));
        assertThat(Normal.quantile(0.5)).isCloseTo(0, within(1e-14));
        assertThat(Normal.quantile(0.9995)).isCloseTo(3.290526731491926, within(1e-12));
        assertThat(Normal.intervalMultiplier(0.95)).isEqualTo(Normal.quantile(0.975));
    }

    @Property(tries = 300)
    void quantileInvertsTheDistributionFunctionAndIsSymmetric(
            @ForAll @DoubleRange(min = 1e-6, max = 1 - 1e-6) @Scale(12) double p) {
        double z = Normal.quantile(p);
        assertThat(Normal.cdf(z)).isCloseTo(p, within(1e-14));
        assertThat(Normal.quantile(1 - p)).isCloseTo(-z, within(1e-9));
    }
}
