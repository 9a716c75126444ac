package dev.nines.capacity.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class RegionalReserveTest {

    // Three equal regions, 3,000 rps peak, 100 rps per instance at 60%: each needs 1,000 / 60 ->
    // 17 instances alone; to absorb the loss of any one region each must carry 1,500 rps -> 25.
    // N+1 across three regions costs 50% more capacity than the exact share.
    @Test
    void sizesThreeEqualRegionsForNPlusOne() {
        List<RegionalReserve.Region> regions = List.of(
                new RegionalReserve.Region("eu", 1.0 / 3, 100, 0.10),
                new RegionalReserve.Region("us", 1.0 / 3, 100, 0.10),
                new RegionalReserve.Region("ap", 1.0 / 3, 100, 0.20));
        RegionalReserve.Plan plan = RegionalReserve.plan(regions, 3_000, 0.6, 1);
        assertThat(plan.regions())
                .extracting(RegionalReserve.RegionPlan::instances)
                .containsExactly(25, 25, 25);
        assertThat(plan.regions())
                .extracting(RegionalReserve.RegionPlan::baseInstances)
                .containsExactly(17, 17, 17);
        assertThat(plan.regions().get(0).worstCaseLoad()).isCloseTo(1_500, within(1e-9));
        assertThat(plan.regions().get(0).reserveInstances()).isEqualTo(8);
        assertThat(plan.baseInstances()).isEqualTo(51);
        assertThat(plan.totalInstances()).isEqualTo(75);
        assertThat(plan.reserveCostPerHour()).isCloseTo(8 * 0.10 + 8 * 0.10 + 8 * 0.20, within(1e-9));
        assertThat(plan.overProvisionRatio()).isCloseTo(75.0 / 51 - 1, within(1e-12));
        // N+0: no reserve.
        assertThat(RegionalReserve.plan(regions, 3_000, 0.6, 0).reserveCostPerHour())
                .isCloseTo(0.0, within(1e-12));
    }

    @Test
    void aSmallRegionMustAbsorbTheLargestOnesLoss() {
        RegionalReserve.Plan plan = RegionalReserve.plan(
                List.of(
                        new RegionalReserve.Region("big", 0.6, 100, 1),
                        new RegionalReserve.Region("mid", 0.3, 100, 1),
                        new RegionalReserve.Region("small", 0.1, 100, 1)),
                1_000,
                1.0,
                1);
        RegionalReserve.RegionPlan small = plan.regions().get(2);
        assertThat(small.worstCaseLost()).containsExactly("big");
        // 100 rps / (1 - 0.6) = 250 rps -> 3 instances
        assertThat(small.worstCaseLoad()).isCloseTo(250, within(1e-9));
        assertThat(small.instances()).isEqualTo(3);
        assertThat(plan.regions().get(0).worstCaseLost()).containsExactly("mid");
    }

    @Test
    void rejectsInconsistentInput() {
        RegionalReserve.Region a = new RegionalReserve.Region("a", 0.5, 1, 1);
        assertThatThrownBy(() -> RegionalReserve.plan(List.of(a, a), 1, 0.5, 1))
                .hasMessage("region names must be distinct, repeated a");
        assertThatThrownBy(() -> RegionalReserve.plan(List.of(a), 1, 0.5, 0))
                .hasMessage("demandShare must sum to 1, was 0.5");
        assertThatThrownBy(() -> RegionalReserve.plan(List.of(new RegionalReserve.Region("a", 1, 1, 1)), 1, 0.5, 1))
                .hasMessage("regions must be more than regionFailures (1), was 1");
        assertThatThrownBy(() -> new RegionalReserve.Region("a", 1.5, 1, 1)).hasMessageContaining("demandShare");
    }

    @Provide
    Arbitrary<List<Double>> weights() {
        return Arbitraries.doubles().between(0.05, 1.0).list().ofMinSize(2).ofMaxSize(6);
    }

    // Every loss of up to k regions leaves every survivor within its capacity at the target, and
    // no region could lose an instance without breaking its worst case.
    @Property(tries = 300)
    void survivesEveryLossOfKRegionsWithNoSpareInstance(
            @ForAll("weights") List<Double> weights,
            @ForAll @IntRange(min = 0, max = 3) int k,
            @ForAll @IntRange(min = 0, max = 100_000) int peak) {
        int n = weights.size();
        if (k >= n) {
            k = n - 1;
        }
        double sum = weights.stream().mapToDouble(Double::doubleValue).sum();
        List<RegionalReserve.Region> regions = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            regions.add(new RegionalReserve.Region("r" + i, weights.get(i) / sum, 50 + 10 * i, 1.0));
        }
        double target = 0.7;
        RegionalReserve.Plan plan = RegionalReserve.plan(regions, peak, target, k);
        for (int lostMask = 0; lostMask < (1 << n); lostMask++) {
            if (Integer.bitCount(lostMask) > k) {
                continue;
            }
            double lostShare = 0.0;
            for (int i = 0; i < n; i++) {
                if ((lostMask & (1 << i)) != 0) {
                    lostShare += regions.get(i).demandShare();
                }
            }
            for (int i = 0; i < n; i++) {
                if ((lostMask & (1 << i)) == 0) {
                    double load = regions.get(i).demandShare() * peak / (1.0 - lostShare);
                    double capacity =
                            plan.regions().get(i).instances() * regions.get(i).capacityPerInstance() * target;
                    assertThat(load).isLessThanOrEqualTo(capacity * (1 + 1e-9));
                }
            }
        }
        for (int i = 0; i < n; i++) {
            RegionalReserve.RegionPlan p = plan.regions().get(i);
            if (p.instances() > 0) {
                assertThat((p.instances() - 1) * regions.get(i).capacityPerInstance() * target)
                        .isLessThan(p.worstCaseLoad());
            }
            assertThat(p.instances()).isGreaterThanOrEqualTo(p.baseInstances());
        }
    }
}
