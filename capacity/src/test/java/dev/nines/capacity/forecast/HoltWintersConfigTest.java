package dev.nines.capacity.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HoltWintersConfigTest {

    @Test
    void defaultsFollowR() {
        HoltWintersConfig c = HoltWintersConfig.ofDefaults();

        assertThat(c.seasonality()).isEqualTo(Seasonality.ADDITIVE);
        assertThat(c.period()).isEqualTo(12);
        assertThat(c.hasTrend()).isTrue();
        assertThat(c.alpha()).isEmpty();
        assertThat(c.beta()).isEmpty();
        assertThat(c.gamma()).isEmpty();
        assertThat(c.startPeriods()).isEqualTo(2);
    }

    @Test
    void shortcutsNameTheirModels() {
        assertThat(HoltWinters.of(HoltWintersConfig.simple()).name()).isEqualTo("SimpleExponentialSmoothing");
        assertThat(HoltWinters.of(HoltWintersConfig.holt()).name()).isEqualTo("Holt");
        assertThat(HoltWinters.of(HoltWintersConfig.additive(24)).name()).isEqualTo("HoltWinters(additive, period=24)");
        assertThat(HoltWinters.of(HoltWintersConfig.multiplicative(7)).name())
                .isEqualTo("HoltWinters(multiplicative, period=7)");
    }

    @Test
    void toBuilderDerivesAVariantWithoutChangingTheOriginal() {
        HoltWintersConfig base = HoltWintersConfig.multiplicative(12);
        HoltWintersConfig fixed = base.toBuilder()
                .alpha(0.3)
                .beta(0.05)
                .gamma(0.7)
                .startPeriods(3)
                .build();

        assertThat(fixed.alpha()).hasValue(0.3);
        assertThat(fixed.beta()).hasValue(0.05);
        assertThat(fixed.gamma()).hasValue(0.7);
        assertThat(fixed.startPeriods()).isEqualTo(3);
        assertThat(fixed.seasonality()).isEqualTo(Seasonality.MULTIPLICATIVE);
        assertThat(base.alpha()).isEmpty();
    }

    @Test
    void settersNameTheFieldAndValue() {
        HoltWintersConfig.Builder b = HoltWintersConfig.builder();

        assertThatThrownBy(() -> b.alpha(0)).hasMessage("alpha must be in (0, 1], was 0.0");
        assertThatThrownBy(() -> b.beta(1.5)).hasMessage("beta must be in [0, 1], was 1.5");
        assertThatThrownBy(() -> b.gamma(Double.NaN)).hasMessage("gamma must be in [0, 1], was NaN");
        assertThatThrownBy(() -> b.period(0)).hasMessage("period must be at least 1, was 0");
        assertThatThrownBy(() -> b.startPeriods(1)).hasMessage("startPeriods must be at least 2, was 1");
        assertThatThrownBy(() -> b.optimizerStart(0.3, 0.1, 2)).hasMessage("startGamma must be in [0, 1], was 2.0");
        assertThatThrownBy(() -> b.seasonality(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void buildRefusesContradictions() {
        assertThatThrownBy(() -> HoltWintersConfig.builder().period(1).build())
                .hasMessage("period must be at least 2 with ADDITIVE seasonality, was 1");
        assertThatThrownBy(
                        () -> HoltWintersConfig.simple().toBuilder().beta(0.1).build())
                .hasMessage("beta must not be set without a trend, was 0.1");
        assertThatThrownBy(() -> HoltWintersConfig.holt().toBuilder().gamma(0.1).build())
                .hasMessage("gamma must not be set without seasonality, was 0.1");
    }

    @Test
    void aDifferentOptimizerStartCanReachADifferentLocalMinimumButNeverAWorseOneThanItsStart() {
        TimeSeries air = TestSeries.airPassengers();
        HoltWintersConfig c = HoltWintersConfig.multiplicative(12).toBuilder()
                .optimizerStart(0.9, 0.5, 0.5)
                .build();

        HoltWintersFit fit = HoltWinters.of(c).fit(air);
        double atStart = HoltWinters.of(HoltWintersConfig.multiplicative(12).toBuilder()
                        .alpha(0.9)
                        .beta(0.5)
                        .gamma(0.5)
                        .build())
                .fit(air)
                .sse();
        assertThat(fit.sse()).isLessThan(atStart);
        assertThat(fit.converged()).isTrue();
    }
}
