package dev.nines.slo.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** {@link TierCheck#checkDrills}: overdue and failed drills per criticality tier. */
class TierDrillCheckTest {

    private static final Instant NOW = Instant.parse("2026-06-30T00:00:00Z");
    private static final CriticalityTier TIER_0 = CriticalityTier.defaults().get(0);
    private static final CriticalityTier TIER_2 = CriticalityTier.defaults().get(2);

    private static DrillResult drill(String system, Instant at, DrillResult.Outcome outcome, boolean dryRun) {
        return drill(system, "switchover", at, outcome, dryRun);
    }

    private static DrillResult drill(
            String system, String kind, Instant at, DrillResult.Outcome outcome, boolean dryRun) {
        return new DrillResult(
                system,
                kind,
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
                    .contains("last passed a real recovery drill (switchover) 120.0 days ago")
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
            assertThat(f.message()).contains("has never passed a real recovery drill (switchover)");
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
            assertThat(f.message()).contains("failed its latest real switchover drill (a recovery drill)");
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

    private static Instant daysAgo(int days) {
        return NOW.minus(Duration.ofDays(days));
    }

    @Test
    void aPassedExperimentDoesNotProveTheRecoveryRequirement() {
        // An experiment's evidence converts to a PASSED result with a recovery time
        // (ExperimentActionTest.theSloReportsDrillSectionShowsTheExperiment); it still proves no recovery.
        List<TierFinding> findings = TierCheck.checkDrills(
                List.of(ServiceProfile.of("checkout", TIER_0)),
                List.of(drill("checkout", "experiment", daysAgo(1), DrillResult.Outcome.PASSED, false)),
                NOW);
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(TierFinding.Kind.DRILL_OVERDUE);
            assertThat(f.actual()).isEqualTo(Double.POSITIVE_INFINITY);
            assertThat(f.message()).contains("has never passed a real recovery drill (switchover)");
        });
    }

    @Test
    void aPassedExperimentDoesNotRenewAnAgedSwitchover() {
        List<TierFinding> findings = TierCheck.checkDrills(
                List.of(ServiceProfile.of("orders-db", TIER_0)),
                List.of(
                        drill("orders-db", daysAgo(120), DrillResult.Outcome.PASSED, false),
                        drill("orders-db", "experiment", daysAgo(1), DrillResult.Outcome.PASSED, false)),
                NOW);
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(TierFinding.Kind.DRILL_OVERDUE);
            assertThat(f.actual()).isEqualTo(120.0);
        });
    }

    @Test
    void aPassedExperimentDoesNotHideAFailedSwitchover() {
        List<TierFinding> findings = TierCheck.checkDrills(
                List.of(ServiceProfile.of("orders-db", TIER_0)),
                List.of(
                        drill("orders-db", daysAgo(30), DrillResult.Outcome.PASSED, false),
                        drill("orders-db", daysAgo(5), DrillResult.Outcome.FAILED, false),
                        drill("orders-db", "experiment", daysAgo(2), DrillResult.Outcome.PASSED, false)),
                NOW);
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(TierFinding.Kind.DRILL_FAILED);
            assertThat(f.message())
                    .contains("failed its latest real switchover drill (a recovery drill) on 2026-06-25");
        });
    }

    @Test
    void aFailedExperimentIsFlaggedUntilALaterExperimentPassesButDoesNotMakeRecoveryOverdue() {
        List<DrillResult> drills = new ArrayList<>(List.of(
                drill("orders-db", daysAgo(10), DrillResult.Outcome.PASSED, false),
                drill("orders-db", "experiment", daysAgo(3), DrillResult.Outcome.FAILED, false),
                drill("orders-db", daysAgo(1), DrillResult.Outcome.PASSED, false)));
        List<TierFinding> findings =
                TierCheck.checkDrills(List.of(ServiceProfile.of("orders-db", TIER_0)), drills, NOW);
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(TierFinding.Kind.DRILL_FAILED);
            assertThat(f.message())
                    .contains("failed its latest real experiment drill on 2026-06-27")
                    .doesNotContain("recovery drill");
        });
        drills.add(drill("orders-db", "experiment", daysAgo(2), DrillResult.Outcome.PASSED, false));
        assertThat(TierCheck.checkDrills(List.of(ServiceProfile.of("orders-db", TIER_0)), drills, NOW))
                .isEmpty();
        // A dry-run experiment neither clears nor adds anything.
        drills.add(drill("orders-db", "experiment", daysAgo(1), DrillResult.Outcome.FAILED, true));
        assertThat(TierCheck.checkDrills(List.of(ServiceProfile.of("orders-db", TIER_0)), drills, NOW))
                .isEmpty();
    }

    @Test
    void eachKindWhoseLatestRealDrillFailedIsFlaggedOnceInKindOrder() {
        List<TierFinding> findings = TierCheck.checkDrills(
                List.of(ServiceProfile.of("orders-db", TIER_0)),
                List.of(
                        drill("orders-db", daysAgo(20), DrillResult.Outcome.PASSED, false),
                        drill("orders-db", daysAgo(4), DrillResult.Outcome.FAILED, false),
                        drill("orders-db", daysAgo(6), DrillResult.Outcome.FAILED, false),
                        drill("orders-db", "experiment", daysAgo(3), DrillResult.Outcome.FAILED, false)),
                NOW);
        assertThat(findings)
                .extracting(TierFinding::kind)
                .containsExactly(TierFinding.Kind.DRILL_FAILED, TierFinding.Kind.DRILL_FAILED);
        assertThat(findings.get(0).message()).contains("experiment drill on 2026-06-27");
        assertThat(findings.get(1).message()).contains("switchover drill (a recovery drill) on 2026-06-26");
    }

    @Test
    void aFailureAndAPassOfOneKindAtTheSameInstantCountAsAFailure() {
        for (List<DrillResult.Outcome> order : List.of(
                List.of(DrillResult.Outcome.PASSED, DrillResult.Outcome.FAILED),
                List.of(DrillResult.Outcome.FAILED, DrillResult.Outcome.PASSED))) {
            List<DrillResult> drills = new ArrayList<>();
            order.forEach(o -> drills.add(drill("orders-db", daysAgo(1), o, false)));
            assertThat(TierCheck.checkDrills(List.of(ServiceProfile.of("orders-db", TIER_0)), drills, NOW))
                    .extracting(TierFinding::kind)
                    .containsExactly(TierFinding.Kind.DRILL_FAILED);
        }
    }

    @Test
    void customRecoveryKindsProveTheRequirementWhenNamed() {
        List<DrillResult> drills =
                List.of(drill("ledger-db", "restore", daysAgo(5), DrillResult.Outcome.PASSED, false));
        List<ServiceProfile> profiles = List.of(ServiceProfile.of("ledger-db", TIER_0));
        assertThat(TierCheck.checkDrills(profiles, drills, NOW))
                .extracting(TierFinding::kind)
                .containsExactly(TierFinding.Kind.DRILL_OVERDUE);
        assertThat(TierCheck.checkDrills(profiles, drills, NOW, Set.of("switchover", "restore")))
                .isEmpty();
        assertThat(TierCheck.RECOVERY_DRILL_KINDS).containsExactly("switchover");
        assertThatThrownBy(() -> TierCheck.checkDrills(profiles, drills, NOW, Set.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("recoveryKinds must not be empty, was []");
        assertThatThrownBy(() -> TierCheck.checkDrills(profiles, drills, NOW, Set.of(" ")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("recoveryKinds");
    }

    private static final String[] KINDS = {"switchover", "experiment", "restore"};

    /**
     * Over arbitrary histories of one service: overdue exactly when no real recovery drill passed
     * within the interval, and a failure for exactly the kinds whose latest real drill failed (a
     * failure winning a tie). Experiments never prove recovery.
     */
    @Property(tries = 500)
    void findingsFollowTheRecoveryAndPerKindRulesOverArbitraryHistories(
            @ForAll @Size(max = 12) List<@IntRange(min = 0, max = Integer.MAX_VALUE) Integer> history,
            @ForAll @IntRange(min = 0, max = 3) int tier,
            @ForAll boolean restoreIsRecovery) {
        CriticalityTier t = CriticalityTier.defaults().get(tier);
        Duration interval = t.recovery().orElseThrow().drillInterval();
        Set<String> recoveryKinds =
                restoreIsRecovery ? Set.of("switchover", "restore") : TierCheck.RECOVERY_DRILL_KINDS;
        List<DrillResult> drills = new ArrayList<>();
        for (int h : history) {
            String kind = KINDS[h % KINDS.length];
            boolean dryRun = (h / 3) % 5 == 0;
            DrillResult.Outcome outcome = dryRun
                    ? DrillResult.Outcome.REHEARSED
                    : ((h / 15) % 2 == 0 ? DrillResult.Outcome.PASSED : DrillResult.Outcome.FAILED);
            // Days in [-5, 400): a few in the future; coarse steps so that ties happen.
            Instant at = NOW.minus(Duration.ofDays(((h / 30) % 81) * 5 - 5));
            drills.add(drill("s", kind, at, outcome, dryRun));
        }
        List<TierFinding> findings =
                TierCheck.checkDrills(List.of(ServiceProfile.of("s", t)), drills, NOW, recoveryKinds);

        List<DrillResult> real = drills.stream()
                .filter(d -> !d.dryRun() && !d.finishedAt().isAfter(NOW))
                .toList();
        boolean proven = real.stream()
                .anyMatch(d -> recoveryKinds.contains(d.kind())
                        && d.outcome() == DrillResult.Outcome.PASSED
                        && Duration.between(d.finishedAt(), NOW).compareTo(interval) <= 0);
        Set<String> failedKinds = new TreeSet<>();
        for (String kind : KINDS) {
            Instant latest = real.stream()
                    .filter(d -> d.kind().equals(kind))
                    .map(DrillResult::finishedAt)
                    .max(Instant::compareTo)
                    .orElse(null);
            if (latest != null
                    && real.stream()
                            .anyMatch(d -> d.kind().equals(kind)
                                    && d.finishedAt().equals(latest)
                                    && d.outcome() == DrillResult.Outcome.FAILED)) {
                failedKinds.add(kind);
            }
        }
        assertThat(findings.stream().filter(f -> f.kind() == TierFinding.Kind.DRILL_OVERDUE))
                .hasSize(proven ? 0 : 1);
        assertThat(findings.stream()
                        .filter(f -> f.kind() == TierFinding.Kind.DRILL_FAILED)
                        .map(f -> f.message()
                                .substring(f.message().indexOf("latest real ") + 12)
                                .split(" ")[0])
                        .toList())
                .containsExactlyElementsOf(failedKinds);
        // Adding a passed experiment, however recent, never clears a finding.
        List<DrillResult> more = new ArrayList<>(drills);
        more.add(drill("s", "experiment", NOW, DrillResult.Outcome.PASSED, false));
        assertThat(TierCheck.checkDrills(List.of(ServiceProfile.of("s", t)), more, NOW, recoveryKinds).stream()
                        .filter(f -> f.kind() == TierFinding.Kind.DRILL_OVERDUE))
                .hasSize(proven ? 0 : 1);
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
