package dev.nines.capacity.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PricingTest {

    @Test
    void breaksEvenAtThePriceRatio() {
        assertThat(new Pricing(0.10, 0.06).breakEvenUtilizationRatio()).isCloseTo(0.6, within(1e-12));
    }

    @Test
    void rejectsNonPositivePrices() {
        assertThatThrownBy(() -> new Pricing(0, 1))
                .hasMessage("onDemandPerInstanceHour must be positive and finite, was 0.0");
        assertThatThrownBy(() -> new Pricing(1, Double.NaN)).hasMessageContaining("committedPerInstanceHour");
    }
}
