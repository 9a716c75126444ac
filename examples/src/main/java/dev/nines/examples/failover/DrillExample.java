package dev.nines.examples.failover;

import dev.nines.core.access.AccessDeniedException;
import dev.nines.core.access.ManualAction;
import dev.nines.core.chaos.ChaosConfig;
import dev.nines.core.chaos.ChaosPolicy;
import dev.nines.core.circuitbreaker.CallNotPermittedException;
import dev.nines.core.circuitbreaker.CircuitBreaker;
import dev.nines.core.circuitbreaker.CircuitBreakerConfig;
import dev.nines.core.fallback.Fallback;
import dev.nines.core.fallback.FallbackConfig;
import dev.nines.core.health.HealthResult;
import dev.nines.core.pipeline.Pipeline;
import dev.nines.core.pipeline.Resilience;
import dev.nines.core.time.ManualTimeSource;
import dev.nines.failover.FailoverConfig;
import dev.nines.failover.FailoverController;
import dev.nines.failover.Lag;
import dev.nines.failover.Member;
import dev.nines.failover.access.GrantStore;
import dev.nines.failover.audit.AuditLog;
import dev.nines.failover.audit.FileAuditSink;
import dev.nines.failover.drill.Drill;
import dev.nines.failover.drill.DrillAction;
import dev.nines.failover.drill.DrillActions;
import dev.nines.failover.drill.DrillEvidence;
import dev.nines.failover.drill.RecoveryTargets;
import dev.nines.failover.drill.chaos.ExperimentAction;
import dev.nines.failover.runbook.StepStatus;
import dev.nines.failover.runbook.Switchover;
import dev.nines.slo.Slo;
import dev.nines.slo.SloTracker;
import dev.nines.slo.SloWindow;
import dev.nines.slo.chaos.ChaosExperiment;
import dev.nines.slo.report.SloReport;
import dev.nines.slo.sla.CriticalityTier;
import dev.nines.slo.sla.DrillResult;
import dev.nines.slo.sla.RecoveryObjectives;
import dev.nines.slo.sla.ServiceProfile;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Embedding example: a quarterly availability drill of {@code orders-db} that leaves evidence, under
 * just-in-time access.
 *
 * <p>The story, on a simulated clock: alice tries to start the drill without a grant and is denied
 * (audited; nothing runs). Bob approves a two-hour grant to start drills of {@code orders-db}.
 * Alice rehearses the switchover (a dry run: the standby passes every gate and its lag is within the
 * RPO), then runs it for real: the old primary is fenced, the standby catches up, is promoted and
 * clients are repointed. The drill measures recovery from fence to repoint and the data loss against
 * the tier-0 RTO and RPO, writes its evidence document (JSON, with every audit record of the run)
 * and the SLO report lists the latest drill per system, flagging {@code payments-db}, whose last
 * passed drill is older than its tier's interval. Every audit record is forced to disk with group
 * commit before the action it records proceeds.
 *
 * <p>Then a game day: a chaos-experiment drill of {@code checkout} (tier-1). The checkout pays
 * through its primary payment provider behind a circuit breaker, and falls back to a secondary
 * provider while the breaker is open. The experiment injects a full outage of the primary provider
 * for two minutes and may spend a tenth of the checkout SLO's remaining error budget. The steady
 * state: at most 5% of the last 50 checkouts failed. The first checkouts of the outage fail until the
 * breaker opens; the fallback then serves them and the steady state holds again: that is the
 * recovery time. The evidence ({@code checkout-game-day.json}) says data loss was not measured and
 * carries the experiment's report (the faults injected, the budget spent, why injection stopped).
 *
 * <p>Run it with {@code java -cp examples/target/nines-demo.jar dev.nines.examples.failover.DrillExample
 * [DIR]}; it writes {@code audit.jsonl}, {@code orders-db-drill.json} and {@code
 * checkout-game-day.json} into DIR (default: a new temporary directory).
 */
public final class DrillExample {

    private static final Instant START = Instant.parse("2026-03-02T09:00:00Z");
    private static final Duration TICK = Duration.ofSeconds(5);

    /**
     * What the example produced.
     *
     * @param dryRun the evidence of the rehearsal
     * @param drill the evidence of the real drill
     * @param evidenceFile where the real drill's evidence was written
     * @param gameDay the evidence of the chaos-experiment drill of {@code checkout}
     * @param gameDayFile where the game day's evidence was written
     * @param auditFile the audit log file
     * @param report the SLO report with the drill section
     */
    public record Report(
            DrillEvidence dryRun,
            DrillEvidence drill,
            Path evidenceFile,
            DrillEvidence gameDay,
            Path gameDayFile,
            Path auditFile,
            SloReport report) {}

    private DrillExample() {}

    /**
     * Runs the example.
     *
     * @param args an optional output directory
     * @throws Exception if a file cannot be written
     */
    public static void main(String[] args) throws Exception {
        Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("nines-drill");
        Files.createDirectories(dir);
        run(dir, System.out);
    }

    /**
     * Runs the story, printing what happens.
     *
     * @param dir where to write the audit log and the evidence
     * @param out where to print
     * @return what it produced
     * @throws IOException if a file cannot be written
     */
    public static Report run(Path dir, PrintStream out) throws IOException {
        ManualTimeSource time = ManualTimeSource.at(START);
        CriticalityTier tier0 = CriticalityTier.defaults().get(0);
        RecoveryObjectives objectives = tier0.recovery().orElseThrow();
        RecoveryTargets targets = RecoveryTargets.of(objectives.rto(), objectives.rpo());
        Path auditFile = dir.resolve("audit.jsonl");
        try (FileAuditSink sink = FileAuditSink.open(auditFile, FileAuditSink.Durability.GROUP_COMMIT)) {
            SimulatedDatabase db = new SimulatedDatabase(time);
            FailoverController controller = FailoverController.builder("orders-db", time)
                    .config(FailoverConfig.builder()
                            .failureThreshold(3)
                            .successThreshold(2)
                            .rpoLimitTime(objectives.rpo()) // the tier's RPO gates every promotion
                            .build())
                    .primary(Member.of("db-1"))
                    .standby(Member.of("db-2"))
                    .actions((member, epoch) -> db.promote())
                    .build();
            controller.auditLog().addSink(sink);
            controller.reportHealth("db-2", HealthResult.up(), time.now());
            controller.reportHealth("db-2", HealthResult.up(), time.now());
            controller.reportLag("db-2", db.lag(), time.now());
            GrantStore grants = GrantStore.create(time, controller.auditLog(), Duration.ofHours(4));

            Drill early =
                    drill(controller, DrillActions.dryRun(switchover(controller, db, time)), targets, time, grants);
            try {
                early.start("alice", "Q1 DR drill, CHG-1234");
            } catch (AccessDeniedException e) {
                out.println("Denied: " + e.getMessage());
            }
            grants.grant(
                    "alice",
                    ManualAction.DRILL_START,
                    "orders-db",
                    Duration.ofHours(2),
                    "Q1 DR drill, CHG-1234",
                    "bob");
            out.println("Granted: alice may start drills of orders-db for 2 hours (approved by bob)");

            Drill rehearsal =
                    drill(controller, DrillActions.dryRun(switchover(controller, db, time)), targets, time, grants);
            rehearsal.start("alice", "Q1 DR drill, CHG-1234: rehearsal");
            DrillEvidence dryRun = rehearsal.evidence().orElseThrow();
            out.println("Dry run: " + dryRun.outcome() + ", " + dryRun.detail());

            time.advance(Duration.ofMinutes(10));
            Drill drill =
                    drill(controller, DrillActions.switchover(switchover(controller, db, time)), targets, time, grants);
            drill.start("alice", "Q1 DR drill, CHG-1234");
            while (drill.tick() == Drill.State.RUNNING) {
                time.advance(TICK);
                db.replicate();
            }
            DrillEvidence evidence = drill.evidence().orElseThrow();
            Path evidenceFile = dir.resolve("orders-db-drill.json");
            evidence.writeTo(evidenceFile);
            out.println("Drill: " + evidence.outcome() + ", " + evidence.detail());
            out.println(
                    "Evidence: " + evidenceFile + " (" + evidence.auditRecords().size() + " audit records)");

            CriticalityTier tier1 = CriticalityTier.defaults().get(1);
            RecoveryObjectives checkoutObjectives = tier1.recovery().orElseThrow();
            DrillEvidence gameDay = gameDay(
                    time,
                    controller.auditLog(),
                    grants,
                    RecoveryTargets.of(checkoutObjectives.rto(), checkoutObjectives.rpo()),
                    out);
            Path gameDayFile = dir.resolve("checkout-game-day.json");
            gameDay.writeTo(gameDayFile);
            out.println("Evidence: " + gameDayFile);
            String json = gameDay.toJson();
            // The experiment's part of the evidence: what it injected and spent, what the probe saw.
            out.print(json.substring(json.indexOf("  \"experiment\""), json.indexOf("  \"auditRecords\"")));

            List<DrillResult> results = new ArrayList<>();
            results.add(result(dryRun, "(not written)"));
            results.add(result(evidence, evidenceFile.toString()));
            results.add(result(gameDay, gameDayFile.toString()));
            results.add(new DrillResult(
                    "payments-db",
                    "switchover",
                    false,
                    START.minus(Duration.ofDays(200)),
                    DrillResult.Outcome.PASSED,
                    Optional.of(Duration.ofMinutes(3)),
                    "PT0S",
                    "drills/payments-db-2025q3.json"));
            SloReport report = SloReport.builder("Availability drills, March 2026")
                    .months(YearMonth.of(2026, 3), YearMonth.of(2026, 3))
                    .generatedAt(time.now())
                    .drills(
                            results,
                            List.of(
                                    ServiceProfile.of("orders-db", tier0),
                                    ServiceProfile.of(
                                            "payments-db",
                                            CriticalityTier.defaults().get(1))))
                    .build();
            String text = report.toText();
            out.print(text.substring(text.indexOf("Drills (latest per system)")));
            return new Report(dryRun, evidence, evidenceFile, gameDay, gameDayFile, auditFile, report);
        }
    }

    /**
     * Summarizes an evidence document for the SLO report (slo does not depend on failover).
     *
     * @param evidence the evidence
     * @param where where the document is
     * @return the summary
     */
    public static DrillResult result(DrillEvidence evidence, String where) {
        return new DrillResult(
                evidence.system(),
                evidence.kind(),
                evidence.dryRun(),
                evidence.finishedAt(),
                DrillResult.Outcome.valueOf(evidence.outcome().name()),
                evidence.recovery().map(DrillEvidence.Recovery::time),
                evidence.dataLoss().map(Lag::toString).orElse("not measured"),
                where);
    }

    /** The outcomes of the last 50 checkouts: the steady state is at most 5% of them failed. */
    private static final class RecentCheckouts {
        private static final int SIZE = 50;
        private final boolean[] failed = new boolean[SIZE];
        private int next;
        private int count;

        void record(boolean failure) {
            failed[next] = failure;
            next = (next + 1) % SIZE;
            count = Math.min(SIZE, count + 1);
        }

        HealthResult steadyState() {
            int failures = 0;
            for (int i = 0; i < count; i++) {
                failures += failed[i] ? 1 : 0;
            }
            return failures * 20 <= count // at most 5%
                    ? HealthResult.up()
                    : HealthResult.down(failures + " of the last " + count + " checkouts failed");
        }
    }

    /**
     * The game day: a chaos-experiment drill of {@code checkout}, ten checkouts a second on the
     * simulated clock, polled every five seconds.
     */
    private static DrillEvidence gameDay(
            ManualTimeSource time, AuditLog audit, GrantStore grants, RecoveryTargets targets, PrintStream out)
            throws IOException {
        SloTracker tracker = SloTracker.create(
                Slo.builder("checkout")
                        .objective(0.995)
                        .window(SloWindow.rolling(Duration.ofDays(30)))
                        .build(),
                time);
        tracker.record(199_600, 400); // this month so far: 1,000 bad events allowed, 400 spent
        ChaosPolicy outage = ChaosPolicy.of(
                "payments-primary-outage",
                ChaosConfig.builder()
                        .fault(() -> new IllegalStateException("primary payment provider unreachable (injected)"))
                        .injectionRatio(1.0)
                        .enabled(false) // until the experiment starts
                        .build(),
                time,
                time::advanceNanos);
        CircuitBreaker breaker = CircuitBreaker.of(
                "payments-primary",
                CircuitBreakerConfig.builder()
                        .failureRateThreshold(50)
                        .slidingWindow(20, 10, CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                        .waitDurationInOpenState(Duration.ofSeconds(30))
                        .permittedNumberOfCallsInHalfOpenState(1)
                        .build(),
                time);
        Fallback secondary = Fallback.of(
                "payments-secondary",
                FallbackConfig.builder()
                        .fallbackOnExceptions(CallNotPermittedException.class)
                        .build(),
                time);
        Pipeline<String> payments = Resilience.<String>pipeline()
                .fallback(secondary, open -> "receipt from the secondary provider")
                .circuitBreaker(breaker)
                .chaos(outage)
                .build();
        RecentCheckouts recent = new RecentCheckouts();
        ChaosExperiment experiment = ChaosExperiment.builder("payments-primary-outage")
                .policy(outage)
                .tracker(tracker)
                .maxBudgetShare(0.10)
                .build();
        grants.grant("alice", ManualAction.DRILL_START, "checkout", Duration.ofHours(2), "game day GD-7", "bob");
        // First a rehearsal of the same experiment: nothing injected, the guard, the budget, the policy
        // and the steady-state probe checked now; the experiment stays unstarted for the real run.
        Drill rehearsal = Drill.builder(
                        "checkout",
                        ExperimentAction.builder(experiment, recent::steadyState, Duration.ofMinutes(2), audit)
                                .actor("alice")
                                .dryRun(true)
                                .build(),
                        targets,
                        time,
                        audit,
                        grants)
                .build();
        rehearsal.start("alice", "GD-7 rehearsal");
        DrillEvidence rehearsed = rehearsal.evidence().orElseThrow();
        out.println("Game day rehearsal: " + rehearsed.outcome() + ", " + rehearsed.detail() + " ("
                + outage.metrics().numberOfInjections() + " faults injected)");
        Drill drill = Drill.builder(
                        "checkout",
                        ExperimentAction.builder(experiment, recent::steadyState, Duration.ofMinutes(2), audit)
                                .healthyPolls(3)
                                .actor("alice")
                                .build(),
                        targets,
                        time,
                        audit,
                        grants)
                .timeout(Duration.ofMinutes(30))
                .build();
        drill.start("alice", "GD-7: outage of the primary payment provider");
        while (drill.state() == Drill.State.RUNNING) {
            for (int i = 0; i < 50; i++) {
                boolean failure;
                try {
                    String unused = payments.executeSupplier(() -> "receipt"); // only success counts here
                    failure = false;
                } catch (RuntimeException e) {
                    failure = true; // injected or not: the customer's checkout failed
                }
                recent.record(failure);
                if (failure) {
                    tracker.recordBad();
                } else {
                    tracker.recordGood();
                }
                time.advance(Duration.ofMillis(100));
            }
            drill.tick();
        }
        DrillEvidence evidence = drill.evidence().orElseThrow();
        out.println("Game day: " + evidence.outcome() + ", " + evidence.detail());
        return evidence;
    }

    private static Drill drill(
            FailoverController controller,
            DrillAction action,
            RecoveryTargets targets,
            ManualTimeSource time,
            GrantStore grants) {
        return Drill.builder("orders-db", action, targets, time, controller.auditLog(), grants)
                .timeout(Duration.ofMinutes(30))
                .build();
    }

    private static Switchover switchover(FailoverController controller, SimulatedDatabase db, ManualTimeSource time) {
        return Switchover.builder(controller, "db-2", time)
                .actor("alice")
                .reason("Q1 DR drill")
                .ttl(Duration.ofSeconds(60), Duration.ofSeconds(5), ttl -> {})
                .fence(db::fence, db::unfence)
                .catchUp(db::lag, Duration.ofSeconds(2).toNanos(), Duration.ofMinutes(2))
                .repoint(member -> {})
                .drain(() -> StepStatus.DONE, Duration.ofMinutes(1))
                .build();
    }

    /** A primary with an asynchronous standby whose lag shrinks once writes stop. */
    private static final class SimulatedDatabase {
        private final ManualTimeSource time;
        private boolean fenced;
        private long behind = Duration.ofSeconds(12).toNanos();

        SimulatedDatabase(ManualTimeSource time) {
            this.time = time;
        }

        void fence(String member) {
            fenced = true;
        }

        void unfence(String member) {
            fenced = false;
        }

        void promote() {
            // The standby applies what it received; the rest is the data loss the drill measures.
        }

        Lag lag() {
            return Lag.time(Duration.ofNanos(behind));
        }

        void replicate() {
            if (fenced) {
                behind = Math.max(0, behind - TICK.toNanos());
            }
        }

        @Override
        public String toString() {
            return "SimulatedDatabase[" + time.now() + "]";
        }
    }

    static List<String> auditLines(Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8);
    }
}
