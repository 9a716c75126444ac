package dev.nines.examples.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nines.capacity.model.RegionalReserve;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CapacityPlanningExampleTest {

    static CapacityPlanningExample.Plan plan;

    @BeforeAll
    static void planTheBundledSample() throws Exception {
        try (Reader in = CapacityPlanningExample.bundledSample()) {
            plan = CapacityPlanningExample.plan(in);
        }
    }

    @Test
    void readsEightWeeksOfHoursAndInterpolatesTheThreeGaps() {
        assertThat(plan.observations()).isEqualTo(8 * 7 * 24 - 3);
        assertThat(plan.gapsFilled()).isEqualTo(3);
        assertThat(plan.forecast().horizon()).isEqualTo(CapacityPlanningExample.HORIZON_HOURS);
    }

    @Test
    void forecastsGrowthBeyondTheBusiestObservedHour() {
        double observedPeak = 0;
        for (double v : plan.fit().series().values()) {
            observedPeak = Math.max(observedPeak, v);
        }
        assertThat(plan.peak().mean()).isGreaterThan(observedPeak);
        assertThat(plan.peakUpper()).isGreaterThan(plan.peak().mean());
        assertThat(plan.weeklyPeaks()).hasSizeBetween(8, 9);
        // Weekly peaks grow week on week with the 6% weekly trend of the sample.
        for (int i = 1; i < plan.weeklyPeaks().size() - 1; i++) {
            assertThat(plan.weeklyPeaks().get(i).peak().mean())
                    .isGreaterThan(plan.weeklyPeaks().get(i - 1).peak().mean());
        }
    }

    @Test
    void sizesEveryRegionToSurviveTheLossOfAnyOther() {
        assertThat(plan.plan().regionFailures()).isEqualTo(1);
        double peakPerSecond = plan.peakUpper() / 3600;
        for (RegionalReserve.RegionPlan region : plan.plan().regions()) {
            assertThat(region.instances()
                            * CapacityPlanningExample.CAPACITY_PER_REPLICA
                            * CapacityPlanningExample.TARGET_UTILIZATION)
                    .isGreaterThanOrEqualTo(region.worstCaseLoad());
            assertThat(region.worstCaseLost()).hasSize(1);
        }
        assertThat(plan.plan().regions().stream()
                        .mapToDouble(RegionalReserve.RegionPlan::worstCaseLoad)
                        .max()
                        .orElseThrow())
                .isGreaterThan(0.45 * peakPerSecond);
    }

    @Test
    void todaysFleetRunsOutWithinTheHorizon() {
        Instant lastObserved = plan.fit().series().end();
        assertThat(plan.runsOut().expected())
                .hasValueSatisfying(t -> assertThat(t)
                        .isAfter(lastObserved)
                        .isBefore(lastObserved.plusSeconds(3600L * CapacityPlanningExample.HORIZON_HOURS)));
        assertThat(plan.runsOut().earliest().orElseThrow())
                .isBeforeOrEqualTo(plan.runsOut().expected().orElseThrow());
    }

    @Test
    void printsForecastPeakReplicasAndTheDateCapacityRunsOut() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CapacityPlanningExample.print("sample", plan, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String text = bytes.toString(StandardCharsets.UTF_8);

        assertThat(text)
                .contains("weekly peaks")
                .contains("Peak:")
                .contains("us-east-1")
                .contains("ap-south-1")
                .contains("Capacity runs out on 2026-12-");
    }

    @Test
    void namesTheLineOfABadRow() {
        assertThatThrownBy(() -> CapacityPlanningExample.plan(
                        new StringReader("hour,requests\n2026-01-01T00:00:00Z,12\nyesterday,3\n")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("line 3: ");
    }
}
