package dev.nines.capacity.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class CapacityMixTest {

    // A day: 10 instances for 16 h, 30 for 8 h (business peak). On demand $0.10/h, committed
    // $0.06/h (break-even at 60% of hours). The first 10 instances are needed all day (100% > 60%):
    // commit. Instances 11-30 are needed 8/24 = 33% of hours: on demand.
    //   committed 10 x 0.06 x 24 = 14.40; on demand 20 x 8 x 0.10 = 16.00; total 30.40
    //   all on demand (160 + 240) x 0.10 = 40.00; committed to peak 30 x 0.06 x 24 = 43.20
    @Test
    void commitsToTheBaseAndBuysThePeakOnDemand() {
        List<Integer> day = new ArrayList<>();
        for (int h = 0; h < 24; h++) {
            day.add(h >= 9 && h < 17 ? 30 : 10);
        }
        CapacityMix mix = CapacityMix.cheapest(day, new Pricing(0.10, 0.06));
        assertThat(mix.committedInstances()).isEqualTo(10);
        assertThat(mix.committedCost()).isCloseTo(14.40, within(1e-9));
        assertThat(mix.onDemandInstanceHours()).isEqualTo(160);
        assertThat(mix.onDemandCost()).isCloseTo(16.00, within(1e-9));
        assertThat(mix.totalCost()).isCloseTo(30.40, within(1e-9));
        assertThat(mix.allOnDemandCost()).isCloseTo(40.00, within(1e-9));
        assertThat(mix.allCommittedAtPeakCost()).isCloseTo(43.20, within(1e-9));
        assertThat(mix.savingsRatio()).isCloseTo(0.24, within(1e-9));
        assertThat(mix.peakInstances()).isEqualTo(30);
        assertThat(mix.hours()).isEqualTo(24);
    }

    @Test
    void commitsToThePeakWhenCommitmentsAreCheapEnough() {
        List<Integer> day = List.of(10, 10, 10, 30);
        // break-even 0.2: the peak hour is 25% of hours, so commit to everything
        CapacityMix mix = CapacityMix.cheapest(day, new Pricing(1.0, 0.2));
        assertThat(mix.committedInstances()).isEqualTo(30);
        assertThat(mix.onDemandInstanceHours()).isZero();
        // commitments dearer than on demand never pay off
        assertThat(CapacityMix.cheapest(day, new Pricing(1.0, 1.5)).committedInstances())
                .isZero();
        assertThat(CapacityMix.cheapest(List.of(0, 0), new Pricing(1.0, 0.5)).savingsRatio())
                .isZero();
    }

    @Test
    void sizesADemandForecastBeforeChoosingTheMix() {
        // 700 rps for 3 hours then 2,100 rps for 1 hour; 100 rps per instance at 70%: 10 then 30.
        CapacityMix mix = CapacityMix.forDemand(List.of(700.0, 700.0, 700.0, 2_100.0), 100, 0.7, new Pricing(1.0, 0.5));
        assertThat(mix.peakInstances()).isEqualTo(30);
        assertThat(mix.committedInstances()).isEqualTo(10);
        assertThat(mix.onDemandInstanceHours()).isEqualTo(20);
    }

    @Test
    void rejectsEmptyOrNegativeForecasts() {
        assertThatThrownBy(() -> CapacityMix.cheapest(List.of(), new Pricing(1, 1)))
                .hasMessage("instancesPerHour must not be empty");
        assertThatThrownBy(() -> CapacityMix.cheapest(List.of(1, -1), new Pricing(1, 1)))
                .hasMessage("instancesPerHour[1] must be at least 0, was -1");
    }

    @Property(tries = 1000)
    void isNoDearerThanAnyOtherCommitment(
            @ForAll @Size(min = 1, max = 48) List<@IntRange(min = 0, max = 60) Integer> need,
            @ForAll @DoubleRange(min = 0.01, max = 2.0) double onDemand,
            @ForAll @DoubleRange(min = 0.01, max = 2.0) double committed) {
        Pricing pricing = new Pricing(onDemand, committed);
        CapacityMix mix = CapacityMix.cheapest(need, pricing);
        assertThat(mix.totalCost())
                .isCloseTo(CapacityMix.costOf(need, pricing, mix.committedInstances()), within(1e-9));
        for (int r = 0; r <= mix.peakInstances() + 1; r++) {
            assertThat(mix.totalCost()).isLessThanOrEqualTo(CapacityMix.costOf(need, pricing, r) + 1e-9);
        }
        assertThat(mix.totalCost())
                .isLessThanOrEqualTo(Math.min(mix.allOnDemandCost(), mix.allCommittedAtPeakCost()) + 1e-9);
    }
}
