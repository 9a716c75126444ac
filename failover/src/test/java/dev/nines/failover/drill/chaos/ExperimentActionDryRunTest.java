package dev.nines.failover.drill.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nines.core.time.ManualScheduler;
import dev.nines.failover.Lag;
import dev.nines.failover.audit.AuditRecord;
import dev.nines.failover.audit.AuditType;
import dev.nines.failover.drill.Drill;
import dev.nines.failover.drill.DrillEvidence;
import dev.nines.failover.drill.DrillProgress;
import dev.nines.failover.drill.chaos.ExperimentActionTest.Scenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dry run of an experiment drill: {@code ExperimentAction.builder(...).dryRun(true)}. */
class ExperimentActionDryRunTest {

    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

    /** Serves traffic through the chaos policy every 5 s and ticks the drill, on the manual clock. */
    private static ManualScheduler traffic(Scenario s, Drill drill) {
        ManualScheduler scheduler = ManualScheduler.of(s.time);
        scheduler.scheduleAtFixedRate(
                () -> {
                    for (int i = 0; i < s.requestsPerPoll; i++) {
                        try {
                            s.chaos.executeSupplier(() -> "receipt");
                            s.tracker.recordGood();
                        } catch (RuntimeException e) {
                            s.tracker.recordBad();
                        }
                    }
                    drill.tick();
                },
                5,
                5,
                TimeUnit.SECONDS);
        return scheduler;
    }

    private static AuditRecord dryRunRecord(DrillEvidence evidence) {
        List<AuditRecord> records = evidence.auditRecords().stream()
                .filter(r -> r.type() == AuditType.DRY_RUN)
                .toList();
        assertThat(records).hasSize(1);
        return records.get(0);
    }

    @Test
    void aDryRunInjectsNothingIsRehearsedAndLeavesTheExperimentToRunForReal() throws Exception {
        // Every call in scope would be injected: any injection would show at once.
        Scenario s = new Scenario(1.0, 0.5);
        ExperimentAction action = s.action(Duration.ofMinutes(1)).dryRun(true).build();
        Drill drill = s.drill(action, Duration.ofMinutes(1), Duration.ofMinutes(5));
        s.grant();

        Drill.State state = drill.start("alice", "GD-1 rehearsal");
        ManualScheduler scheduler = traffic(s, drill);
        scheduler.advance(Duration.ofMinutes(2));

        assertThat(action.dryRun()).isTrue();
        assertThat(state).as("a dry run ends on its first poll").isEqualTo(Drill.State.FINISHED);
        assertThat(s.chaos.metrics().numberOfInjections()).isZero();
        assertThat(s.chaos.metrics().numberOfRefusedInjections()).isZero();
        assertThat(s.chaos.isEnabled()).isFalse();
        assertThat(s.chaos.isGuarded()).isFalse();
        assertThat(s.tracker.totalBad()).as("240 requests served, none failed").isZero();
        assertThat(s.tracker.totalGood()).isEqualTo(10_000 + 240);
        assertThat(s.experiment.isRunning()).isFalse();

        DrillEvidence evidence = drill.evidence().orElseThrow();
        assertThat(evidence.dryRun()).isTrue();
        assertThat(evidence.kind()).isEqualTo("experiment");
        assertThat(evidence.target()).isEqualTo("checkout/payments-outage");
        assertThat(evidence.outcome()).isEqualTo(DrillEvidence.Outcome.REHEARSED);
        assertThat(evidence.recovery()).isEmpty();
        assertThat(evidence.experiment()).isEmpty();
        assertThat(evidence.dataLoss())
                .as("an experiment without a probe measures no loss")
                .isEmpty();
        assertThat(evidence.rtoMet()).isEmpty();
        assertThat(evidence.rpoMet()).isEmpty();
        assertThat(evidence.startedAt()).isEqualTo(T0);
        assertThat(evidence.finishedAt()).isEqualTo(T0);
        assertThat(evidence.detail())
                .isEqualTo("dry run: would inject FAULT through chaos policy payments-outage (injection ratio 1.0)"
                        + " for PT1M under SLO checkout's guard: up to 50 injections (50.00% of the remaining"
                        + " 100.00 events), then 3 healthy polls in a row confirm the steady state; the steady"
                        + " state holds now (UP); data loss not measured: the RPO PT1S is not assessed");
        AuditRecord record = dryRunRecord(evidence);
        assertThat(record.source()).isEqualTo("experiment game-day");
        assertThat(record.actor()).isEqualTo("alice");
        assertThat(record.reason())
                .startsWith("dry run: would inject FAULT through chaos policy payments-outage")
                .endsWith("; nothing injected");
        assertThat(record.inputs())
                .containsEntry("wouldInject", "true")
                .containsEntry("allowedInjections", "50")
                .containsEntry("maxBudgetShare", "0.5")
                .containsEntry("faultDuration", "PT1M")
                .containsEntry("steadyState", "UP")
                .containsEntry("policyEnabled", "false")
                .containsEntry("firingRules", "")
                .containsEntry("dataLoss", "not measured")
                .containsEntry("blockers", "");
        assertThat(evidence.auditRecords())
                .as("nothing was injected, so nothing about injection was recorded")
                .noneMatch(r -> r.type() == AuditType.EXPERIMENT);
        assertThat(evidence.auditRecords())
                .filteredOn(r -> r.type() == AuditType.DRILL)
                .extracting(r -> r.inputs().get("dryRun"))
                .first()
                .isEqualTo("true");

        // The experiment was left unstarted: a real drill on it injects (the counters can move).
        Drill real = s.drill(s.action(Duration.ofMinutes(1)).build(), Duration.ofMinutes(1), Duration.ofMinutes(5));
        real.start("alice", "GD-1 game day");
        s.run(real);
        assertThat(real.evidence().orElseThrow().dryRun()).isFalse();
        assertThat(s.chaos.metrics().numberOfInjections()).isPositive();
    }

    @Test
    void aDryRunWhoseBudgetAllowsNoInjectionFailsAndSaysWhy() throws Exception {
        Scenario s = new Scenario(0.1, 0.5);
        s.tracker.record(0, 100); // the whole budget is spent
        DrillEvidence evidence = s.start(s.drill(
                s.action(Duration.ofMinutes(1)).dryRun(true).build(), Duration.ofMinutes(1), Duration.ofMinutes(5)));

        assertThat(evidence.dryRun()).isTrue();
        assertThat(evidence.outcome()).isEqualTo(DrillEvidence.Outcome.FAILED);
        assertThat(evidence.detail())
                .startsWith("dry run: would not inject: the error budget allows no injection: 50.00% of the remaining")
                .contains("(BUDGET_SHARE_SPENT)");
        assertThat(dryRunRecord(evidence).inputs())
                .containsEntry("wouldInject", "false")
                .containsEntry("allowedInjections", "0");
        assertThat(s.chaos.metrics().numberOfInjections()).isZero();
        assertThat(DrillEvidence.fromJson(evidence.toJson())).isEqualTo(evidence);
    }

    @Test
    void aDryRunWhileABurnRateAlertFiresFailsAndNamesTheRule() throws Exception {
        Scenario s = new Scenario(0.1, 0.5, true);
        s.tracker.record(0, 60);
        s.time.advance(Duration.ofMinutes(1));
        s.alerts.evaluate();
        DrillEvidence evidence = s.start(s.drill(
                s.action(Duration.ofMinutes(1)).dryRun(true).build(), Duration.ofMinutes(1), Duration.ofMinutes(5)));

        assertThat(evidence.outcome()).isEqualTo(DrillEvidence.Outcome.FAILED);
        assertThat(evidence.detail())
                .isEqualTo("dry run: would not inject: burn-rate alert [page-2%-1h] of SLO checkout is firing"
                        + " (ALERT_FIRING); data loss not measured: the RPO PT1S is not assessed");
        assertThat(dryRunRecord(evidence).inputs()).containsEntry("firingRules", "page-2%-1h");
        assertThat(s.chaos.metrics().numberOfInjections()).isZero();
    }

    @Test
    void aDryRunWhoseSteadyStateDoesNotHoldOrCannotBeEvaluatedFails() throws Exception {
        Scenario s = new Scenario(0.1, 0.5).unhealthy(0, 60);
        DrillEvidence down = s.start(s.drill(
                s.action(Duration.ofMinutes(1)).dryRun(true).build(), Duration.ofMinutes(1), Duration.ofMinutes(5)));
        assertThat(down.outcome()).isEqualTo(DrillEvidence.Outcome.FAILED);
        assertThat(down.detail())
                .startsWith("dry run: would not inject: the steady state does not hold now (DOWN: checkout failing):"
                        + " the real run would inject nothing");
        assertThat(dryRunRecord(down).inputs()).containsEntry("steadyState", "DOWN: checkout failing");

        Scenario t = new Scenario(0.1, 0.5);
        ExperimentAction throwing = ExperimentAction.builder(
                        t.experiment,
                        () -> {
                            throw new IllegalStateException("probe endpoint unreachable");
                        },
                        Duration.ofMinutes(1),
                        t.audit)
                .dryRun(true)
                .build();
        DrillEvidence unevaluable = t.start(t.drill(throwing, Duration.ofMinutes(1), Duration.ofMinutes(5)));
        assertThat(unevaluable.outcome()).isEqualTo(DrillEvidence.Outcome.FAILED);
        assertThat(unevaluable.detail())
                .contains("the steady state does not hold now (DOWN: the probe failed:"
                        + " java.lang.IllegalStateException: probe endpoint unreachable)");
        assertThat(t.chaos.metrics().numberOfInjections()).isZero();
    }

    @Test
    void aDryRunOfAPolicyAlreadyEnabledFailsAndLeavesItAsItWas() throws Exception {
        Scenario s = new Scenario(0.1, 0.5);
        s.chaos.enable();
        DrillEvidence evidence = s.start(s.drill(
                s.action(Duration.ofMinutes(1)).dryRun(true).build(), Duration.ofMinutes(1), Duration.ofMinutes(5)));

        assertThat(evidence.outcome()).isEqualTo(DrillEvidence.Outcome.FAILED);
        assertThat(evidence.detail()).contains("chaos policy payments-outage is enabled outside the experiment");
        assertThat(s.chaos.isEnabled())
                .as("a dry run changes nothing, not even to fix")
                .isTrue();
        assertThat(s.chaos.isGuarded()).isFalse();
    }

    @Test
    void aDryRunNotesAMaxDurationShorterThanTheFault() throws Exception {
        Scenario s = new Scenario(0.1, 0.5);
        ExperimentAction action = ExperimentAction.builder(
                        dev.nines.slo.chaos.ChaosExperiment.builder("short")
                                .policy(s.chaos)
                                .tracker(s.tracker)
                                .maxDuration(Duration.ofSeconds(30))
                                .build(),
                        s.probe,
                        Duration.ofMinutes(1),
                        s.audit)
                .dryRun(true)
                .build();
        DrillEvidence evidence = s.start(s.drill(action, Duration.ofMinutes(1), Duration.ofMinutes(5)));

        assertThat(evidence.outcome())
                .as("ending at its own deadline counts as planned")
                .isEqualTo(DrillEvidence.Outcome.REHEARSED);
        assertThat(evidence.detail())
                .contains("; note: the experiment's maxDuration PT30S ends injection before the planned PT1M");
        assertThat(dryRunRecord(evidence).inputs()).containsEntry("maxDuration", "PT30S");
    }

    @Test
    void aDryRunWithADataLossProbeAssessesItsReadingAgainstTheRpo() throws Exception {
        Scenario within = new Scenario(0.1, 0.5);
        DrillEvidence ok = within.start(within.drill(
                within.action(Duration.ofMinutes(1))
                        .dataLoss(() -> Lag.time(Duration.ZERO))
                        .dryRun(true)
                        .build(),
                Duration.ofMinutes(1),
                Duration.ofMinutes(5)));
        assertThat(ok.outcome()).isEqualTo(DrillEvidence.Outcome.REHEARSED);
        assertThat(ok.dataLoss()).contains(Lag.time(Duration.ZERO));
        assertThat(ok.rpoMet()).contains(true);

        Scenario beyond = new Scenario(0.1, 0.5);
        DrillEvidence behind = beyond.start(beyond.drill(
                beyond.action(Duration.ofMinutes(1))
                        .dataLoss(() -> Lag.time(Duration.ofSeconds(5)))
                        .dryRun(true)
                        .build(),
                Duration.ofMinutes(1),
                Duration.ofMinutes(5)));
        assertThat(behind.outcome()).isEqualTo(DrillEvidence.Outcome.FAILED);
        assertThat(behind.detail()).contains("expected data loss").contains("beyond the RPO");

        Scenario broken = new Scenario(0.1, 0.5);
        DrillEvidence failed = broken.start(broken.drill(
                broken.action(Duration.ofMinutes(1))
                        .dataLoss(() -> {
                            throw new java.io.IOException("replica unreachable");
                        })
                        .dryRun(true)
                        .build(),
                Duration.ofMinutes(1),
                Duration.ofMinutes(5)));
        assertThat(failed.outcome()).isEqualTo(DrillEvidence.Outcome.FAILED);
        assertThat(failed.dataLoss()).contains(Lag.unknown());
        assertThat(failed.detail()).contains("the data-loss probe failed: java.io.IOException: replica unreachable");
    }

    @Test
    void aDryRunWhoseRecordCannotBeMadeDurableFailsAsTheRealStartWould() throws Exception {
        Scenario s = new Scenario(0.1, 0.5);
        s.audit.addSink(record -> {
            if (record.type() == AuditType.DRY_RUN) {
                throw new java.io.IOException("disk full");
            }
        });
        DrillEvidence evidence = s.start(s.drill(
                s.action(Duration.ofMinutes(1)).dryRun(true).build(), Duration.ofMinutes(1), Duration.ofMinutes(5)));

        assertThat(evidence.outcome()).isEqualTo(DrillEvidence.Outcome.FAILED);
        assertThat(evidence.detail())
                .startsWith("dry run: would not inject: the audit log could not record durably:")
                .contains("disk full");
        assertThat(dryRunRecord(evidence).inputs())
                .as("the record stays in memory")
                .containsKey("wouldInject");
        assertThat(s.chaos.metrics().numberOfInjections()).isZero();
    }

    @Test
    void theEvidenceOfADryRunRoundTripsMarkedDry(@TempDir Path dir) throws Exception {
        Scenario s = new Scenario(0.1, 0.5);
        DrillEvidence evidence = s.start(s.drill(
                s.action(Duration.ofMinutes(1)).dryRun(true).build(), Duration.ofMinutes(1), Duration.ofMinutes(5)));

        String json = evidence.toJson();
        assertThat(json)
                .contains("\"version\": 2")
                .contains("\"kind\": \"experiment\"")
                .contains("\"dryRun\": true")
                .contains("\"outcome\": \"REHEARSED\"")
                .contains("\"recovery\": null")
                .contains("\"dataLoss\": null")
                .contains("\"rtoMet\": null")
                .contains("\"rpoMet\": null")
                .contains("\"experiment\": null")
                .contains("\"type\":\"DRY_RUN\"");
        assertThat(DrillEvidence.fromJson(json)).isEqualTo(evidence);
        Path file = dir.resolve("checkout-rehearsal.json");
        evidence.writeTo(file);
        DrillEvidence back = DrillEvidence.readFrom(file);
        assertThat(back).isEqualTo(evidence);
        assertThat(back.dryRun()).isTrue();
        assertThat(back.outcome()).isNotEqualTo(DrillEvidence.Outcome.PASSED);
        assertThat(Files.readString(file)).isEqualTo(json);

        // A rehearsal can never be turned into a pass by editing the document.
        assertThatThrownBy(() -> DrillEvidence.fromJson(json.replace("\"REHEARSED\"", "\"PASSED\"")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("drill evidence field outcome PASSED needs a real run");
    }

    @Test
    void aDryRunActionRunsOnceAndReportsOnlyAfterItsStart() throws Exception {
        Scenario s = new Scenario(0.1, 0.5);
        ExperimentAction action = s.action(Duration.ofMinutes(1)).dryRun(true).build();
        assertThatThrownBy(action::poll)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("experiment game-day has not started");

        action.start();
        DrillProgress progress = action.poll();
        assertThat(progress).isInstanceOf(DrillProgress.Rehearsed.class);
        assertThat(((DrillProgress.Rehearsed) progress).feasible()).isTrue();
        assertThat(action.poll()).as("the same result on every poll").isEqualTo(progress);
        assertThat(action.experiment()).isEmpty();
        action.abort("nothing to stop");
        assertThatThrownBy(action::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("experiment game-day has already started: build a new action");
        assertThat(action.toString()).endsWith(", dry run]");
        assertThat(s.chaos.metrics().numberOfInjections()).isZero();
    }

    /**
     * Whatever the budget, the guard's share, the alerts and the steady state, a dry run injects
     * nothing, is never PASSED, is REHEARSED exactly when every precondition holds, and its evidence
     * round-trips marked dry.
     */
    @Property(tries = 150)
    void aDryRunNeverInjectsAndIsRehearsedExactlyWhenEveryPreconditionHolds(
            @ForAll @IntRange(min = 0, max = 150) int badBefore,
            @ForAll @IntRange(min = 1, max = 100) int sharePercent,
            @ForAll boolean alertFiring,
            @ForAll boolean steady,
            @ForAll boolean policyEnabled)
            throws Exception {
        Scenario s = new Scenario(1.0, sharePercent / 100.0, true);
        s.tracker.record(0, badBefore);
        if (alertFiring) {
            s.tracker.record(0, 60);
            s.time.advance(Duration.ofMinutes(1));
        }
        s.alerts.evaluate();
        if (policyEnabled) {
            s.chaos.enable();
        }
        if (!steady) {
            s.unhealthy(-3_600, 3_600);
        }
        double remaining = 0.01 * (10_000 + badBefore + (alertFiring ? 60 : 0)) - badBefore - (alertFiring ? 60 : 0);
        boolean budgetAllows = remaining > 0 && Math.floor(sharePercent / 100.0 * remaining) >= 1;
        boolean firing = !s.experiment.dryRun().firingRules().isEmpty();

        DrillEvidence evidence = s.start(s.drill(
                s.action(Duration.ofMinutes(1)).dryRun(true).build(), Duration.ofMinutes(1), Duration.ofMinutes(5)));

        assertThat(s.chaos.metrics().numberOfInjections()).isZero();
        assertThat(s.chaos.isEnabled()).isEqualTo(policyEnabled);
        assertThat(evidence.dryRun()).isTrue();
        assertThat(evidence.outcome()).isNotEqualTo(DrillEvidence.Outcome.PASSED);
        assertThat(evidence.outcome() == DrillEvidence.Outcome.REHEARSED)
                .isEqualTo(budgetAllows && !firing && steady && !policyEnabled);
        assertThat(dryRunRecord(evidence).inputs().get("wouldInject"))
                .isEqualTo(Boolean.toString(evidence.outcome() == DrillEvidence.Outcome.REHEARSED));
        assertThat(DrillEvidence.fromJson(evidence.toJson())).isEqualTo(evidence);
    }
}
