package dev.nines.capacity.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

class HeadroomTest {

    @Test
    void sizesForATargetUtilization() {
        assertThat(Headroom.replicasFor(4_200, 500, 0.7)).isEqualTo(12);
        assertThat(Headroom.replicasFor(3_500, 500, 0.7)).as("exact multiple").isEqualTo(10);
        assertThat(Headroom.replicasFor(0, 500, 0.7)).isZero();
        assertThat(Headroom.headroomRatio(4_200, 6_000)).isCloseTo(0.3, within(1e-12));
        assertThat(Headroom.headroomRatio(7_200, 6_000)).isCloseTo(-0.2, within(1e-12));
        assertThat(Headroom.utilizationRatio(3_000, 6_000)).isEqualTo(0.5);
        assertThat(Headroom.demandAtTarget(6_000, 0.7)).isCloseTo(4_200, within(1e-9));
    }

    @Test
    void rejectsOutOfRangeInput() {
        assertThatThrownBy(() -> Headroom.replicasFor(1, 1, 0)).hasMessageContaining("targetUtilizationRatio");
        assertThatThrownBy(() -> Headroom.replicasFor(1, 0, 0.5)).hasMessageContaining("capacityPerReplica");
        assertThatThrownBy(() -> Headroom.replicasFor(-1, 1, 0.5)).hasMessageContaining("demand");
    }

    @Property(tries = 1000)
    void replicasForIsTheFewestThatStayAtOrBelowTheTarget(
            @ForAll @DoubleRange(min = 0, max = 1e6) double demand,
            @ForAll @DoubleRange(min = 1, max = 1e4) double perReplica,
            @ForAll @DoubleRange(min = 0.1, max = 1.0) double target) {
        int n = Headroom.replicasFor(demand, perReplica, target);
        if (demand == 0.0) {
            assertThat(n).isZero();
            return;
        }
        assertThat(demand / (n * perReplica)).isLessThanOrEqualTo(target * (1 + 1e-9));
        if (n > 0) {
            assertThat(demand / ((n - 1) * perReplica)).isGreaterThan(target);
        }
    }
}
