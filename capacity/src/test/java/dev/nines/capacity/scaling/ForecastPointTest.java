package dev.nines.capacity.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ForecastPointTest {

    @Test
    void acceptsAnUpperBoundAtOrAboveTheExpectedValue() {
        assertThat(new ForecastPoint(10, 10).upper()).isEqualTo(10);
        DemandForecast forecast = at -> new ForecastPoint(1, 2);
        assertThat(forecast.at(java.time.Instant.EPOCH).expected()).isEqualTo(1);
    }

    @Test
    void rejectsNegativeNonFiniteOrInvertedBounds() {
        assertThatThrownBy(() -> new ForecastPoint(-1, 1)).hasMessage("expected must be finite and at least 0.0, was -1.0");
        assertThatThrownBy(() -> new ForecastPoint(5, 4)).hasMessage("upper must be finite and at least expected (5.0), was 4.0");
        assertThatThrownBy(() -> new ForecastPoint(Double.NaN, 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ForecastPoint(1, Double.POSITIVE_INFINITY)).isInstanceOf(IllegalArgumentException.class);
    }
}
