package dev.nines.slo.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** {@link TierCheck#checkDrills}: overdue and failed drills per criticality tier. */
class TierDrillCheckTest {

    private static final Instant NOW = Instant.parse("2026-06-30T00:00:00Z");
    private static final CriticalityTier TIER_0 = CriticalityTier.defaults().get(0);
    private static final CriticalityTier TIER_2 = CriticalityTier.defaults().get(2);

    private static DrillResult drill(String system, Instant at, DrillResult.Outcome outcome, boolean dryRun) {
        return new DrillResult(
                system,
                "switchover",
                dryRun,
                at,
                outcome,
                outcome == DrillResult.Outcome.PASSED ? Optional.of(Duration.ofSeconds(35)) : Optional.empty(),
                "512 bytes",
                "drills/" + system + "-" + at + ".json");
    }

    @Test
    void defaultTiersCarryRecoveryObjectivesAndTheirDrillIntervals() {
        assertThat(TIER_0.recovery().orElseThrow())
                .isEqualTo(RecoveryObjectives.of(Duration.ofMinutes(15), Duration.ofMinutes(1), Duration.ofDays(90)));
        assertThat(CriticalityTier.defaults())
                .extracting(t -> t.recovery().orElseThrow().drillInterval())
                .containsExactly(Duration.ofDays(90), Duration.ofDays(180), Duration.ofDays(365), Duration.ofDays(365));
        assertThat(CriticalityTier.of("custom", 0.99, 0.95).recovery()).isEmpty();
    }

    @Test
    void aTier0SystemWhoseLastPassedDrillIsOlderThan90DaysIsOverdueButATier2OneIsNot() {
        Instant aged = NOW.minus(Duration.ofDays(120));
        List<TierFinding> findings = TierCheck.checkDrills(
                List.of(ServiceProfile.of("orders-db", TIER_0), ServiceProfile.of("reports-db", TIER_2)),
                List.of(
                        drill("orders-db", aged, DrillResult.Outcome.PASSED, false),
                        drill("reports-db", aged, DrillResult.Outcome.PASSED, false)),
                NOW);
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.service()).isEqualTo("orders-db");
            assertThat(f.kind()).isEqualTo(TierFinding.Kind.DRILL_OVERDUE);
            assertThat(f.required()).isEqualTo(90.0);
            assertThat(f.actual()).isEqualTo(120.0);
            assertThat(f.message())
                    .contains("last passed a real drill 120.0 days ago")
                    .contains("every 90.0 days");
        });
    }

    @Test
    void aSystemNeverDrilledIsOverdueAndDryRunsDoNotCount() {
        List<TierFinding> findings = TierCheck.checkDrills(
                List.of(ServiceProfile.of("orders-db", TIER_0)),
                List.of(drill("orders-db", NOW.minus(Duration.ofDays(1)), DrillResult.Outcome.REHEARSED, true)),
                NOW);
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(TierFinding.Kind.DRILL_OVERDUE);
            assertThat(f.actual()).isEqualTo(Double.POSITIVE_INFINITY);
            assertThat(f.message()).contains("has never passed a real drill");
        });
    }

    @Test
    void aFailedLatestRealDrillIsFlaggedEvenWithinTheInterval() {
        List<TierFinding> findings = TierCheck.checkDrills(
                List.of(ServiceProfile.of("orders-db", TIER_0)),
                List.of(
                        drill("orders-db", NOW.minus(Duration.ofDays(30)), DrillResult.Outcome.PASSED, false),
                        drill("orders-db", NOW.minus(Duration.ofDays(2)), DrillResult.Outcome.FAILED, false)),
                NOW);
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(TierFinding.Kind.DRILL_FAILED);
            assertThat(f.message()).contains("failed its latest real drill");
        });
    }

    @Test
    void tiersWithoutRecoveryObjectivesAndDrillsAfterNowAreIgnored() {
        assertThat(TierCheck.checkDrills(
                        List.of(ServiceProfile.of("x", CriticalityTier.of("custom", 0.99, 0.95))), List.of(), NOW))
                .isEmpty();
        assertThat(TierCheck.checkDrills(
                        List.of(ServiceProfile.of("orders-db", TIER_0)),
                        List.of(drill("orders-db", NOW.plusSeconds(1), DrillResult.Outcome.PASSED, false)),
                        NOW))
                .extracting(TierFinding::kind)
                .containsExactly(TierFinding.Kind.DRILL_OVERDUE);
    }

    @Property(tries = 200)
    void overdueExactlyWhenTheLastPassedRealDrillIsOlderThanTheInterval(
            @ForAll @IntRange(min = 0, max = 400) int ageDays, @ForAll @IntRange(min = 0, max = 3) int tier) {
        CriticalityTier t = CriticalityTier.defaults().get(tier);
        Duration interval = t.recovery().orElseThrow().drillInterval();
        List<TierFinding> findings = TierCheck.checkDrills(
                List.of(ServiceProfile.of("s", t)),
                List.of(drill("s", NOW.minus(Duration.ofDays(ageDays)), DrillResult.Outcome.PASSED, false)),
                NOW);
        assertThat(!findings.isEmpty()).isEqualTo(Duration.ofDays(ageDays).compareTo(interval) > 0);
    }

    @Test
    void badInputNamesTheField() {
        assertThatThrownBy(() -> RecoveryObjectives.of(Duration.ZERO, Duration.ZERO, Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rto");
        assertThatThrownBy(
                        () -> RecoveryObjectives.of(Duration.ofMinutes(1), Duration.ofSeconds(-1), Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rpo");
        assertThatThrownBy(() -> RecoveryObjectives.of(Duration.ofMinutes(1), Duration.ZERO, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("drillInterval");
        assertThatThrownBy(() -> new DrillResult(
                        "s", "k", true, NOW, DrillResult.Outcome.PASSED, Optional.of(Duration.ZERO), "0", "e"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outcome PASSED needs a real drill");
        assertThatThrownBy(() ->
                        new DrillResult(" ", "k", false, NOW, DrillResult.Outcome.FAILED, Optional.empty(), "0", "e"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("system");
    }
}
