package dev.nines.failover.drill.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nines.core.access.AccessDeniedException;
import dev.nines.core.access.ManualAction;
import dev.nines.core.chaos.ChaosConfig;
import dev.nines.core.chaos.ChaosPolicy;
import dev.nines.core.health.HealthCheck;
import dev.nines.core.health.HealthResult;
import dev.nines.core.time.ManualTimeSource;
import dev.nines.failover.Lag;
import dev.nines.failover.access.GrantStore;
import dev.nines.failover.audit.AuditLog;
import dev.nines.failover.audit.AuditRecord;
import dev.nines.failover.audit.AuditType;
import dev.nines.failover.drill.Drill;
import dev.nines.failover.drill.DrillEvidence;
import dev.nines.failover.drill.ExperimentEvidence;
import dev.nines.failover.drill.RecoveryTargets;
import dev.nines.slo.Slo;
import dev.nines.slo.SloTracker;
import dev.nines.slo.SloWindow;
import dev.nines.slo.alert.BurnRateAlertPolicy;
import dev.nines.slo.alert.BurnRateRule;
import dev.nines.slo.alert.Severity;
import dev.nines.slo.alert.SloAlerts;
import dev.nines.slo.chaos.ChaosExperiment;
import dev.nines.slo.report.SloReport;
import dev.nines.slo.sla.DrillResult;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class ExperimentActionTest {

    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    private static final Duration POLL = Duration.ofSeconds(5);

    /**
     * A checkout service under a chaos experiment, on a simulated clock: 10,000 good events leave
     * 100 bad ones of budget (99% objective); each poll interval serves some requests through the
     * chaos policy and records them against the SLO, as the application would; the steady-state
     * probe reads unhealthy inside the scheduled intervals.
     */
    static final class Scenario {
        // Starts two hours early so that the budget's history is outside the alerts' windows at T0.
        final ManualTimeSource time = ManualTimeSource.at(T0.minus(Duration.ofHours(2)));
        final SloTracker tracker = SloTracker.create(
                Slo.builder("checkout")
                        .objective(0.99)
                        .window(SloWindow.rolling(Duration.ofDays(30)))
                        .build(),
                time);
        final AuditLog audit = AuditLog.create(time);
        final GrantStore grants = GrantStore.create(time, audit);
        /** Offsets from T0 of [from, to) intervals in which the steady state does not hold. */
        final List<Duration[]> unhealthy = new ArrayList<>();

        final ChaosPolicy chaos;
        final ChaosExperiment experiment;
        int requestsPerPoll = 10;

        @Nullable
        SloAlerts alerts;

        Scenario(double injectionRatio, double maxBudgetShare) {
            this(injectionRatio, maxBudgetShare, false);
        }

        Scenario(double injectionRatio, double maxBudgetShare, boolean withAlerts) {
            tracker.record(10_000, 0);
            time.advance(Duration.ofHours(2));
            SplittableRandom random = new SplittableRandom(42);
            chaos = ChaosPolicy.of(
                    "payments-outage",
                    ChaosConfig.builder()
                            .fault()
                            .injectionRatio(injectionRatio)
                            .enabled(false)
                            .randomSource(random::nextDouble)
                            .build(),
                    time,
                    time::advanceNanos);
            ChaosExperiment.Builder b = ChaosExperiment.builder("game-day")
                    .policy(chaos)
                    .tracker(tracker)
                    .maxBudgetShare(maxBudgetShare);
            if (withAlerts) {
                alerts = SloAlerts.of(
                        tracker,
                        BurnRateAlertPolicy.builder()
                                .rule(BurnRateRule.of(
                                        "page-2%-1h", Severity.PAGE, 0.02, Duration.ofHours(1), Duration.ofMinutes(5)))
                                .minimumEvents(50)
                                .build(),
                        time);
                b.alerts(alerts);
            }
            experiment = b.build();
        }

        Scenario unhealthy(long fromSeconds, long toSeconds) {
            unhealthy.add(new Duration[] {Duration.ofSeconds(fromSeconds), Duration.ofSeconds(toSeconds)});
            return this;
        }

        final HealthCheck probe = () -> {
            Duration at = Duration.between(T0, time.now());
            for (Duration[] d : unhealthy) {
                if (at.compareTo(d[0]) >= 0 && at.compareTo(d[1]) < 0) {
                    return HealthResult.down("checkout failing");
                }
            }
            return HealthResult.up();
        };

        ExperimentAction.Builder action(Duration faultDuration) {
            return ExperimentAction.builder(experiment, probe, faultDuration, audit)
                    .actor("alice");
        }

        Drill drill(ExperimentAction action, Duration rto, Duration timeout) {
            return Drill.builder(
                            "checkout", action, RecoveryTargets.of(rto, Duration.ofSeconds(1)), time, audit, grants)
                    .timeout(timeout)
                    .build();
        }

        void grant() throws Exception {
            grants.grant("alice", ManualAction.DRILL_START, "checkout", Duration.ofHours(2), "GD-1", "bob");
        }

        /** Serves one poll interval's requests, then advances the clock by one poll interval. */
        void serveAndAdvance() {
            for (int i = 0; i < requestsPerPoll; i++) {
                try {
                    chaos.executeSupplier(() -> "receipt");
                    tracker.recordGood();
                } catch (RuntimeException e) {
                    tracker.recordBad();
                }
            }
            time.advance(POLL);
            if (alerts != null) {
                alerts.evaluate();
            }
        }

        Drill.State run(Drill drill) {
            Drill.State state = drill.state();
            for (int i = 0; i < 10_000 && state == Drill.State.RUNNING; i++) {
                serveAndAdvance();
                state = drill.tick();
            }
            return state;
        }

        DrillEvidence start(Drill drill) throws Exception {
            grant();
            drill.start("alice", "GD-1 game day");
            run(drill);
            return drill.evidence().orElseThrow();
        }
    }

    @Test
    void aSystemThatRecoversWithinTheRtoPassesAndTheEvidenceCarriesTheExperimentsReport() throws Exception {
        Scenario s = new Scenario(0.1, 0.5).unhealthy(10, 40);
        Drill drill = s.drill(
                s.action(Duration.ofMinutes(1)).healthyPolls(3).build(), Duration.ofMinutes(1), Duration.ofMinutes(5));

        DrillEvidence evidence = s.start(drill);

        assertThat(evidence.outcome()).isEqualTo(DrillEvidence.Outcome.PASSED);
        assertThat(evidence.kind()).isEqualTo("experiment");
        assertThat(evidence.target()).isEqualTo("checkout/payments-outage");
        // Unhealthy at the polls from 10 s to 35 s; healthy again from the poll at 40 s on.
        DrillEvidence.Recovery recovery = evidence.recovery().orElseThrow();
        assertThat(recovery.disruptedAt()).isEqualTo(T0);
        assertThat(recovery.restoredAt()).isEqualTo(T0.plusSeconds(40));
        assertThat(evidence.rtoMet()).contains(true);
        assertThat(evidence.dataLoss())
                .as("an experiment does not measure data loss")
                .isEmpty();
        assertThat(evidence.rpoMet()).as("so the RPO is not assessed").isEmpty();
        assertThat(evidence.finishedAt())
                .as("the drill ends once injection stopped and the steady state holds")
                .isEqualTo(T0.plusSeconds(60));
        assertThat(evidence.detail())
                .contains("steady state restored PT40S after the fault started (3 healthy polls in a row) within"
                        + " the RTO PT1M")
                .contains("data loss not measured")
                .contains("experiment game-day ran its planned PT1M");

        ExperimentEvidence e = evidence.experiment().orElseThrow();
        assertThat(e.ending()).isEqualTo(ExperimentEvidence.Ending.COMPLETED);
        assertThat(e.sloName()).isEqualTo("checkout");
        assertThat(e.chaosPolicyName()).isEqualTo("payments-outage");
        assertThat(e.faultKind()).isEqualTo("FAULT");
        assertThat(e.faultStartedAt()).isEqualTo(T0);
        assertThat(e.faultStoppedAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(e.allowedInjections()).isEqualTo(50);
        assertThat(e.injections())
                .isEqualTo(s.chaos.metrics().numberOfInjections())
                .isPositive()
                .isLessThanOrEqualTo(e.allowedInjections());
        assertThat(e.spentShare()).isLessThanOrEqualTo(e.maxBudgetShare());
        assertThat(e.totalEvents()).isEqualTo(120);
        ExperimentEvidence.SteadyState st = e.steadyState();
        assertThat(st.polls()).isEqualTo(13);
        assertThat(st.unhealthyPolls()).isEqualTo(6);
        assertThat(st.firstDeviationAt()).contains(T0.plusSeconds(10));
        assertThat(st.restoredAt()).contains(T0.plusSeconds(40));
        assertThat(st.lastDeviation()).contains("DOWN: checkout failing");
        assertThat(s.chaos.isEnabled()).isFalse();

        List<String> reasons = evidence.auditRecords().stream()
                .filter(r -> r.type() == AuditType.EXPERIMENT)
                .map(AuditRecord::reason)
                .toList();
        assertThat(reasons)
                .containsExactly(
                        "fault injection starting on checkout/payments-outage",
                        "steady state lost: DOWN: checkout failing",
                        "steady state restored PT40S after the fault started",
                        "fault injection stopped after PT1M: COMPLETED");
        assertThat(evidence.auditRecords())
                .first()
                .extracting(AuditRecord::type)
                .isEqualTo(AuditType.GRANT_USED);

        String json = evidence.toJson();
        assertThat(json)
                .contains("\"dataLoss\": null")
                .contains("\"rpoMet\": null")
                .contains("\"experiment\": {")
                .contains("\"ending\": \"COMPLETED\"")
                .contains("\"ranAsPlanned\": true")
                .contains("\"allowedInjections\": 50")
                .contains("\"injections\": " + e.injections())
                .contains("\"maxBudgetShare\": 0.5")
                .contains("\"steadyState\": {\"healthyPollsRequired\": 3, \"polls\": 13, \"unhealthyPolls\": 6");
        assertThat(DrillEvidence.fromJson(json)).isEqualTo(evidence);
    }

    @Test
    void aSystemThatNeverLeavesItsSteadyStateHasARecoveryTimeOfZero() throws Exception {
        Scenario s = new Scenario(0.1, 0.5);
        DrillEvidence evidence = s.start(
                s.drill(s.action(Duration.ofSeconds(30)).build(), Duration.ofMinutes(1), Duration.ofMinutes(5)));

        assertThat(evidence.outcome()).isEqualTo(DrillEvidence.Outcome.PASSED);
        assertThat(evidence.recovery().orElseThrow().time()).isZero();
        assertThat(evidence.experiment().orElseThrow().steadyState().heldThroughout())
                .isTrue();
        assertThat(evidence.detail()).startsWith("steady state held throughout the fault (7 healthy polls)");
    }

    @Test
    void aSteadyStateNotRestoredWithinTheTimeoutFailsWithTheRtoMissed() throws Exception {
        Scenario s = new Scenario(0.1, 0.5).unhealthy(10, Long.MAX_VALUE / 2);
        DrillEvidence evidence =
                s.start(s.drill(s.action(Duration.ofMinutes(1)).build(), Duration.ofMinutes(1), Duration.ofMinutes(3)));

        assertThat(evidence.outcome()).isEqualTo(DrillEvidence.Outcome.FAILED);
        assertThat(evidence.recovery()).isEmpty();
        assertThat(evidence.rtoMet())
                .as("three minutes passed without recovery")
                .contains(false);
        assertThat(evidence.detail())
                .startsWith("steady state not restored within the RTO PT1M of the fault's start (RTO missed):"
                        + " timed out after PT3M");
        ExperimentEvidence e = evidence.experiment().orElseThrow();
        assertThat(e.ending()).as("injection itself ran its course").isEqualTo(ExperimentEvidence.Ending.COMPLETED);
        assertThat(e.steadyState().restoredAt()).isEmpty();
        assertThat(DrillEvidence.fromJson(evidence.toJson())).isEqualTo(evidence);
        assertThat(evidence.toJson()).contains("\"rtoMet\": false").contains("\"recovery\": null");
    }

    @Test
    void aRecoveryAfterTheRtoFailsAndARelapseCountsUntilTheLastRecovery() throws Exception {
        Scenario s = new Scenario(0.1, 0.5).unhealthy(10, 20).unhealthy(50, 90);
        DrillEvidence evidence = s.start(s.drill(
                s.action(Duration.ofMinutes(1)).healthyPolls(2).build(), Duration.ofMinutes(1), Duration.ofMinutes(5)));

        assertThat(evidence.outcome()).isEqualTo(DrillEvidence.Outcome.FAILED);
        assertThat(evidence.recovery().orElseThrow().time()).isEqualTo(Duration.ofSeconds(90));
        assertThat(evidence.rtoMet()).contains(false);
        assertThat(evidence.detail()).contains("beyond the RTO PT1M");
        assertThat(evidence.experiment().orElseThrow().steadyState().firstDeviationAt())
                .contains(T0.plusSeconds(10));
        assertThat(evidence.auditRecords())
                .filteredOn(r -> r.reason().startsWith("steady state "))
                .extracting(AuditRecord::reason)
                .containsExactly(
                        "steady state lost: DOWN: checkout failing",
                        "steady state restored PT20S after the fault started",
                        "steady state lost: DOWN: checkout failing",
                        "steady state restored PT1M30S after the fault started");
    }

    @Test
    void anExperimentItsGuardStopsEarlyFailsTheDrillAndTheEvidenceSaysWhy() throws Exception {
        // 5% of the 100 events left: 5 injections; every request is injected, so they go at once.
        Scenario s = new Scenario(1.0, 0.05).unhealthy(5, 20);
        DrillEvidence evidence = s.start(
                s.drill(s.action(Duration.ofMinutes(5)).build(), Duration.ofMinutes(1), Duration.ofMinutes(10)));

        assertThat(evidence.outcome()).isEqualTo(DrillEvidence.Outcome.FAILED);
        assertThat(evidence.recovery().orElseThrow().time())
                .as("the recovery is still measured")
                .isEqualTo(Duration.ofSeconds(20));
        assertThat(evidence.rtoMet()).contains(true);
        assertThat(evidence.detail())
                .contains("experiment game-day was stopped early by its guard after PT0S: its budget share was spent"
                        + " (BUDGET_SHARE_SPENT); 5 faults injected, 5.00% of the remaining error budget spent"
                        + " (at most 5.00%)");
        ExperimentEvidence e = evidence.experiment().orElseThrow();
        assertThat(e.ending()).isEqualTo(ExperimentEvidence.Ending.BUDGET_SHARE_SPENT);
        assertThat(e.ending().stoppedByGuard()).isTrue();
        assertThat(e.injections()).isEqualTo(5).isEqualTo(e.allowedInjections());
        assertThat(s.chaos.metrics().numberOfInjections()).isEqualTo(5);
        assertThat(evidence.auditRecords())
                .extracting(AuditRecord::reason)
                .contains("fault injection stopped after PT0S: BUDGET_SHARE_SPENT");
        assertThat(DrillEvidence.fromJson(evidence.toJson())).isEqualTo(evidence);
    }

    @Test
    void aBurnRateAlertStopsTheExperimentAndTheEvidenceNamesTheRule() throws Exception {
        Scenario s = new Scenario(0.3, 1.0, true).unhealthy(5, 60);
        DrillEvidence evidence = s.start(
                s.drill(s.action(Duration.ofMinutes(10)).build(), Duration.ofMinutes(5), Duration.ofMinutes(20)));

        ExperimentEvidence e = evidence.experiment().orElseThrow();
        assertThat(e.ending()).isEqualTo(ExperimentEvidence.Ending.ALERT_FIRING);
        assertThat(e.firingRules()).containsExactly("page-2%-1h");
        assertThat(e.faultDuration()).isLessThan(Duration.ofMinutes(10));
        assertThat(evidence.outcome()).isEqualTo(DrillEvidence.Outcome.FAILED);
        assertThat(evidence.detail()).contains("burn-rate alert [page-2%-1h] fired (ALERT_FIRING)");
        assertThat(evidence.toJson()).contains("\"firingRules\": [\"page-2%-1h\"]");
        assertThat(s.chaos.isEnabled()).isFalse();
        assertThat(DrillEvidence.fromJson(evidence.toJson())).isEqualTo(evidence);
    }

    @Test
    void abortingTheDrillStopsInjectionAtOnce() throws Exception {
        Scenario s = new Scenario(0.5, 1.0).unhealthy(5, 1_000);
        Drill drill = s.drill(s.action(Duration.ofMinutes(10)).build(), Duration.ofMinutes(1), Duration.ofMinutes(30));
        s.grant();
        drill.start("alice", "GD-1");
        for (int i = 0; i < 6; i++) {
            s.serveAndAdvance();
            drill.tick();
        }
        assertThat(s.chaos.isEnabled()).isTrue();

        assertThat(drill.abort("bob", "customers affected")).isEqualTo(Drill.State.FINISHED);

        assertThat(s.chaos.isEnabled()).isFalse();
        assertThat(s.experiment.isRunning()).isFalse();
        long injected = s.chaos.metrics().numberOfInjections();
        s.serveAndAdvance();
        assertThat(s.chaos.metrics().numberOfInjections())
                .as("nothing is injected after the abort")
                .isEqualTo(injected);
        DrillEvidence evidence = drill.evidence().orElseThrow();
        assertThat(evidence.outcome()).isEqualTo(DrillEvidence.Outcome.FAILED);
        assertThat(evidence.detail()).startsWith("aborted by bob: customers affected");
        ExperimentEvidence e = evidence.experiment().orElseThrow();
        assertThat(e.ending()).isEqualTo(ExperimentEvidence.Ending.ABORTED);
        assertThat(e.faultStoppedAt()).isEqualTo(T0.plusSeconds(30));
        assertThat(e.injections()).isEqualTo(injected);
        assertThat(evidence.auditRecords())
                .extracting(AuditRecord::actor, AuditRecord::reason)
                .contains(
                        org.assertj.core.groups.Tuple.tuple("bob", "drill aborted: customers affected"),
                        org.assertj.core.groups.Tuple.tuple("alice", "fault injection stopped after PT30S: ABORTED"));
        assertThat(drill.abort("bob", "again"))
                .as("an ended drill stays as it ended")
                .isEqualTo(Drill.State.FINISHED);
    }

    @Test
    void aDrillThatTimesOutWhileInjectingAbortsTheExperiment() throws Exception {
        Scenario s = new Scenario(0.1, 1.0);
        DrillEvidence evidence = s.start(
                s.drill(s.action(Duration.ofMinutes(10)).build(), Duration.ofMinutes(1), Duration.ofMinutes(2)));

        assertThat(evidence.outcome()).isEqualTo(DrillEvidence.Outcome.FAILED);
        assertThat(evidence.detail())
                .as("the steady state held: not an RTO miss, a drill cut short")
                .startsWith("timed out after PT2M");
        assertThat(evidence.rtoMet()).isEmpty();
        assertThat(evidence.experiment().orElseThrow().steadyState().restoredAt())
                .contains(T0);
        assertThat(evidence.experiment().orElseThrow().ending()).isEqualTo(ExperimentEvidence.Ending.ABORTED);
        assertThat(s.chaos.isEnabled()).isFalse();
    }

    @Test
    void nothingIsInjectedWhenTheSteadyStateDoesNotHoldBeforeTheFault() throws Exception {
        Scenario s = new Scenario(1.0, 1.0).unhealthy(0, 1_000);
        DrillEvidence evidence =
                s.start(s.drill(s.action(Duration.ofMinutes(1)).build(), Duration.ofMinutes(1), Duration.ofMinutes(5)));

        assertThat(evidence.outcome()).isEqualTo(DrillEvidence.Outcome.FAILED);
        assertThat(evidence.detail())
                .contains("the steady state must hold before the fault is injected, was DOWN: checkout failing;"
                        + " nothing was injected");
        assertThat(evidence.experiment()).isEmpty();
        assertThat(s.chaos.metrics().numberOfInjections()).isZero();
        assertThat(s.chaos.isEnabled()).isFalse();
        assertThat(s.audit.records(AuditType.EXPERIMENT)).isEmpty();
        assertThatThrownBy(s.experiment::report)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("has not started");
    }

    @Test
    void aStartWithoutAGrantInjectsNothing() {
        Scenario s = new Scenario(1.0, 1.0);
        Drill drill = s.drill(s.action(Duration.ofMinutes(1)).build(), Duration.ofMinutes(1), Duration.ofMinutes(5));

        assertThatThrownBy(() -> drill.start("alice", "GD-1"))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("DRILL_START on checkout");

        assertThat(drill.state()).isEqualTo(Drill.State.NOT_STARTED);
        assertThat(s.experiment.isRunning()).isFalse();
        s.serveAndAdvance();
        assertThat(s.chaos.metrics().numberOfInjections()).isZero();
        assertThat(s.audit.records(AuditType.ACCESS_DENIED)).hasSize(1);
    }

    @Test
    void aDataLossProbeMeasuresTheLossAndTheRpoIsAssessed() throws Exception {
        Scenario within = new Scenario(0.1, 0.5).unhealthy(10, 20);
        DrillEvidence passed = within.start(within.drill(
                within.action(Duration.ofSeconds(30))
                        .dataLoss(() -> Lag.time(Duration.ofMillis(500)))
                        .build(),
                Duration.ofMinutes(1),
                Duration.ofMinutes(5)));
        assertThat(passed.outcome()).isEqualTo(DrillEvidence.Outcome.PASSED);
        assertThat(passed.dataLoss()).contains(Lag.time(Duration.ofMillis(500)));
        assertThat(passed.rpoMet()).contains(true);

        Scenario beyond = new Scenario(0.1, 0.5).unhealthy(10, 20);
        DrillEvidence failed = beyond.start(beyond.drill(
                beyond.action(Duration.ofSeconds(30))
                        .dataLoss(() -> {
                            throw new IllegalStateException("replica unreachable");
                        })
                        .build(),
                Duration.ofMinutes(1),
                Duration.ofMinutes(5)));
        assertThat(failed.outcome()).isEqualTo(DrillEvidence.Outcome.FAILED);
        assertThat(failed.dataLoss())
                .as("a probe that throws: unknown, fails closed")
                .contains(Lag.unknown());
        assertThat(failed.rpoMet()).contains(false);
    }

    @Test
    void theSloReportsDrillSectionShowsTheExperiment() throws Exception {
        Scenario s = new Scenario(0.1, 0.5).unhealthy(10, 40);
        DrillEvidence evidence =
                s.start(s.drill(s.action(Duration.ofMinutes(1)).build(), Duration.ofMinutes(1), Duration.ofMinutes(5)));
        DrillResult result = new DrillResult(
                evidence.system(),
                evidence.kind(),
                evidence.dryRun(),
                evidence.finishedAt(),
                DrillResult.Outcome.valueOf(evidence.outcome().name()),
                evidence.recovery().map(DrillEvidence.Recovery::time),
                evidence.dataLoss().map(Lag::toString).orElse("not measured"),
                "drills/checkout-game-day.json");

        SloReport report = SloReport.builder("Game days")
                .months(YearMonth.of(2026, 3), YearMonth.of(2026, 3))
                .generatedAt(s.time.now())
                .drills(List.of(result), List.of())
                .build();

        assertThat(report.lastDrills()).containsExactly(result);
        assertThat(report.toText())
                .contains("Drills (latest per system)")
                .containsPattern("checkout  experiment  2026-03-02 \\S+  PASSED  recovery \\S+  data loss not measured"
                        + "  drills/checkout-game-day.json");
        assertThat(report.toJson()).contains("\"kind\":\"experiment\"");
    }

    @Test
    void requestThreadsSpendingTheShareConcurrentlyStopTheExperimentOnceAndTheEvidenceCountsEveryInjection()
            throws Exception {
        // 20% of the 100 events left: 20 injections, raced for by four request threads at once.
        Scenario s = new Scenario(0.5, 0.2);
        Drill drill = s.drill(s.action(Duration.ofMinutes(10)).build(), Duration.ofMinutes(1), Duration.ofMinutes(30));
        s.grant();
        drill.start("alice", "GD-1");
        int threads = 4;
        java.util.concurrent.CountDownLatch ready = new java.util.concurrent.CountDownLatch(threads);
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicLong injectedSeen = new java.util.concurrent.atomic.AtomicLong();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                ready.countDown();
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < 1_000; i++) {
                    try {
                        s.chaos.executeSupplier(() -> "receipt");
                        s.tracker.recordGood();
                    } catch (RuntimeException e) {
                        s.tracker.recordBad();
                        if (dev.nines.core.chaos.InjectedFault.isInjected(e)) {
                            injectedSeen.incrementAndGet();
                        }
                    }
                }
            });
            worker.start();
            workers.add(worker);
        }
        ready.await();
        go.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
        assertThat(s.experiment.isRunning())
                .as("the share is spent: the guard stopped it")
                .isFalse();
        s.run(drill);

        DrillEvidence evidence = drill.evidence().orElseThrow();
        ExperimentEvidence e = evidence.experiment().orElseThrow();
        assertThat(e.ending()).isEqualTo(ExperimentEvidence.Ending.BUDGET_SHARE_SPENT);
        assertThat(e.allowedInjections()).isEqualTo(20);
        assertThat(e.injections()).isEqualTo(20).isEqualTo(injectedSeen.get());
        assertThat(s.chaos.metrics().numberOfInjections()).isEqualTo(20);
        assertThat(evidence.auditRecords())
                .filteredOn(r -> r.reason().startsWith("fault injection stopped"))
                .singleElement()
                .satisfies(r -> assertThat(r.inputs()).containsEntry("ending", "BUDGET_SHARE_SPENT"));
        assertThat(evidence.outcome()).isEqualTo(DrillEvidence.Outcome.FAILED);
    }

    @Test
    void badInputIsRejectedNamingTheFieldAndValue() {
        Scenario s = new Scenario(0.1, 0.5);
        assertThatThrownBy(() -> s.action(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("faultDuration")
                .hasMessageContaining("PT0S");
        assertThatThrownBy(() -> s.action(Duration.ofMinutes(1)).healthyPolls(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("healthyPolls must be at least 1, was 0");
        assertThatThrownBy(() -> s.action(Duration.ofMinutes(1)).actor(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("actor");
        assertThatThrownBy(() -> s.action(Duration.ofMinutes(1)).target(""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("target");
        Drill drill = s.drill(s.action(Duration.ofMinutes(1)).build(), Duration.ofMinutes(1), Duration.ofMinutes(5));
        assertThatThrownBy(() -> drill.abort("bob", " "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("reason");
    }

    /**
     * Random fault windows: the fault makes the steady state fail in up to four intervals that start
     * while it is injected (they may last beyond it); the measured recovery ends at the poll where the
     * last of them ends, whatever the hysteresis, and the verdict follows the RTO. The budget share
     * cannot be spent here (at most 4 requests per poll for at most 24 polls, 100 injections
     * allowed), so injection always runs its planned course.
     */
    @Property(tries = 200)
    void theMeasuredRecoveryTimeIsTheSimulatedOne(
            @ForAll @IntRange(min = 1, max = 24) int faultPolls,
            @ForAll @IntRange(min = 1, max = 4) int healthyPolls,
            @ForAll("windows") List<int[]> windows,
            @ForAll @IntRange(min = 1, max = 40) int rtoPolls,
            @ForAll @IntRange(min = 0, max = 4) int requestsPerPoll)
            throws Exception {
        Scenario s = new Scenario(0.3, 1.0);
        s.requestsPerPoll = requestsPerPoll;
        int lastEnd = 0;
        for (int[] w : windows) {
            // A window starts at a poll while injecting (not the first: the steady state holds then)
            // and lasts 1 to 20 polls.
            int start = 1 + w[0] % faultPolls;
            int end = start + w[1];
            s.unhealthy(start * POLL.toSeconds(), end * POLL.toSeconds());
            lastEnd = Math.max(lastEnd, end);
        }
        Duration rto = POLL.multipliedBy(rtoPolls);
        DrillEvidence evidence = s.start(s.drill(
                s.action(POLL.multipliedBy(faultPolls))
                        .healthyPolls(healthyPolls)
                        .build(),
                rto,
                Duration.ofHours(1)));

        Duration expected = POLL.multipliedBy(lastEnd);
        assertThat(evidence.recovery().orElseThrow().time()).isEqualTo(expected);
        assertThat(evidence.experiment().orElseThrow().steadyState().restoredAt())
                .contains(T0.plus(expected));
        assertThat(evidence.experiment().orElseThrow().ending()).isEqualTo(ExperimentEvidence.Ending.COMPLETED);
        assertThat(evidence.outcome())
                .isEqualTo(expected.compareTo(rto) <= 0 ? DrillEvidence.Outcome.PASSED : DrillEvidence.Outcome.FAILED);
        assertThat(DrillEvidence.fromJson(evidence.toJson())).isEqualTo(evidence);
    }

    /**
     * Whatever the traffic and the share, a drill's experiment never injects more than its share of
     * the remaining budget, the evidence counts exactly what the policy injected, and an experiment
     * whose share ran out says so and fails the drill.
     */
    @Property(tries = 200)
    void theExperimentNeverSpendsMoreThanItsShare(
            @ForAll @IntRange(min = 1, max = 30) int faultPolls,
            @ForAll @IntRange(min = 0, max = 40) int requestsPerPoll,
            @ForAll @LongRange(min = 1, max = 100) long sharePercent,
            @ForAll @IntRange(min = 1, max = 9) int ratioTenths)
            throws Exception {
        Scenario s = new Scenario(ratioTenths / 10.0, sharePercent / 100.0);
        s.requestsPerPoll = requestsPerPoll;
        DrillEvidence evidence = s.start(
                s.drill(s.action(POLL.multipliedBy(faultPolls)).build(), Duration.ofMinutes(10), Duration.ofHours(1)));

        ExperimentEvidence e = evidence.experiment().orElseThrow();
        assertThat(e.maxBudgetShare()).isEqualTo(sharePercent / 100.0);
        assertThat(e.allowedInjections()).isEqualTo((long) Math.floor(e.maxBudgetShare() * e.remainingBudgetAtStart()));
        assertThat(e.injections()).isEqualTo(s.chaos.metrics().numberOfInjections());
        assertThat((double) e.injections()).isLessThanOrEqualTo(e.maxBudgetShare() * e.remainingBudgetAtStart());
        assertThat(e.spentShare()).isLessThanOrEqualTo(e.maxBudgetShare());
        assertThat(e.ending()).isIn(ExperimentEvidence.Ending.COMPLETED, ExperimentEvidence.Ending.BUDGET_SHARE_SPENT);
        if (e.ending() == ExperimentEvidence.Ending.BUDGET_SHARE_SPENT) {
            assertThat(e.injections()).isEqualTo(e.allowedInjections());
            assertThat(evidence.outcome()).isEqualTo(DrillEvidence.Outcome.FAILED);
            assertThat(evidence.detail()).contains("stopped early by its guard");
        } else {
            assertThat(evidence.outcome()).isEqualTo(DrillEvidence.Outcome.PASSED);
        }
        assertThat(s.chaos.isEnabled()).isFalse();
    }

    @Provide
    Arbitrary<List<int[]>> windows() {
        return Arbitraries.integers()
                .between(0, 1_000)
                .list()
                .ofSize(2)
                .map(pair -> new int[] {pair.get(0), 1 + pair.get(1) % 20})
                .list()
                .ofMaxSize(4);
    }
}
