package dev.nines.slo.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

class CreditTableTest {

    static final CreditTable CLOUD = CreditTable.builder()
            .creditBelow(0.99, 0.25)
            .creditBelow(0.9995, 0.10)
            .creditBelow(0.95, 1.0)
            .build();

    @Test
    void creditTiersApplyStrictlyBelowTheirThreshold() {
        assertThat(CLOUD.creditRatio(1.0)).isZero();
        assertThat(CLOUD.creditRatio(0.9995)).isZero();
        assertThat(CLOUD.creditRatio(0.99949999)).isEqualTo(0.10);
        assertThat(CLOUD.creditRatio(0.99)).isEqualTo(0.10);
        assertThat(CLOUD.creditRatio(0.98999)).isEqualTo(0.25);
        assertThat(CLOUD.creditRatio(0.95)).isEqualTo(0.25);
        assertThat(CLOUD.creditRatio(0.9499)).isEqualTo(1.0);
        assertThat(CLOUD.creditRatio(0.0)).isEqualTo(1.0);
    }

    @Test
    void exactCountsAtTheBoundaryOweNothing() {
        // 21.6 minutes down in a 30-day month is exactly 99.95%.
        BigDecimal month = BigDecimal.valueOf(30L * 24 * 60 * 60 * 1000);
        BigDecimal down = BigDecimal.valueOf(1_296_000L);
        assertThat(CLOUD.creditRatio(month.subtract(down), month)).isZero();
        assertThat(CLOUD.creditRatio(month.subtract(down).subtract(BigDecimal.ONE), month))
                .isEqualTo(0.10);
    }

    @Test
    void tiersAreSortedHighestThresholdFirst() {
        assertThat(CLOUD.tiers()).extracting(CreditTable.Tier::belowRatio).containsExactly(0.9995, 0.99, 0.95);
    }

    @Test
    void emptyTableNeverCredits() {
        assertThat(CreditTable.none().creditRatio(0.0)).isZero();
    }

    @Test
    void badTablesAreRejectedNamingTheTier() {
        assertThatThrownBy(() -> CreditTable.builder().creditBelow(1.5, 0.1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("belowRatio must be in (0, 1], was 1.5");
        assertThatThrownBy(() -> CreditTable.builder().creditBelow(0.99, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("creditRatio below 0.99 must be in (0, 1], was 0.0");
        assertThatThrownBy(() -> CreditTable.builder()
                        .creditBelow(0.99, 0.5)
                        .creditBelow(0.95, 0.25)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("creditRatio below 0.95");
        assertThatThrownBy(() -> CreditTable.builder()
                        .creditBelow(0.99, 0.1)
                        .creditBelow(0.99, 0.2)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("distinct");
        assertThatThrownBy(() -> CLOUD.creditRatio(1.01))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("availability must be in [0, 1], was 1.01");
    }

    @Property(tries = 500)
    void creditNeverDecreasesAsAvailabilityFalls(
            @ForAll @DoubleRange(min = 0, max = 1) double a, @ForAll @DoubleRange(min = 0, max = 1) double b) {
        double lower = Math.min(a, b);
        double higher = Math.max(a, b);
        assertThat(CLOUD.creditRatio(lower)).isGreaterThanOrEqualTo(CLOUD.creditRatio(higher));
    }
}
