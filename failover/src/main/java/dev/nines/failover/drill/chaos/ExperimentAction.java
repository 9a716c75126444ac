package dev.nines.failover.drill.chaos;

import dev.nines.core.health.HealthCheck;
import dev.nines.core.health.HealthResult;
import dev.nines.core.internal.Arguments;
import dev.nines.core.time.TimeSource;
import dev.nines.failover.Lag;
import dev.nines.failover.audit.AuditLog;
import dev.nines.failover.audit.AuditType;
import dev.nines.failover.drill.Drill;
import dev.nines.failover.drill.DrillAction;
import dev.nines.failover.drill.DrillActions;
import dev.nines.failover.drill.DrillProgress;
import dev.nines.failover.drill.ExperimentEvidence;
import dev.nines.slo.chaos.ChaosExperiment;
import dev.nines.slo.chaos.ExperimentPlan;
import dev.nines.slo.chaos.ExperimentReport;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A {@link DrillAction} that runs a chaos experiment (the slo module's SLO-guarded {@link
 * ChaosExperiment}) and measures how the system recovers from the fault, as chaos engineering tools
 * do: against a <em>steady-state hypothesis</em>, a probe of what "working" means for the system.
 *
 * <p><b>What is measured.</b>
 *
 * <ul>
 *   <li><b>Before the fault</b> ({@link #start()}): the steady-state probe must hold; if it does
 *       not, nothing is injected and the drill fails to start (a system that is already unwell is
 *       not experimented on).
 *   <li><b>The fault</b> starts when the experiment starts (it enables its chaos policy under its
 *       guard) and lasts the planned fault duration: on the first poll at or after it, the action
 *       stops the experiment. The experiment may stop earlier by itself: its guard when a burn-rate
 *       alert fires or its share of the error budget is spent, or its own maximum duration.
 *   <li><b>The steady state</b> is probed on every poll ({@link Drill#tick()}), while injecting and
 *       after. It holds again once {@code healthyPolls} consecutive polls are healthy (a {@link
 *       HealthResult} whose status {@linkplain dev.nines.core.health.HealthStatus#isHealthy() is
 *       healthy}; a probe that throws is unhealthy), as Kubernetes' {@code successThreshold} does.
 *   <li><b>Recovery time</b> runs from the start of the fault to the first poll of the healthy run
 *       that holds to the end: the drill reports {@link DrillProgress.Recovered} once injection has
 *       stopped and the current run has reached {@code healthyPolls}. A system that recovers while
 *       the fault lasts has recovered at the start of that run; one that never leaves its steady
 *       state has a recovery time of zero; one that relapses recovers only at its last recovery.
 *       The drill's timeout bounds the wait: a steady state not restored by then is a failure, and
 *       the RTO is recorded as missed when more than the RTO had passed since the fault started.
 *   <li><b>Data loss</b> is not measured by an experiment: injected failures lose no data that an
 *       experiment could count. The evidence says "not measured" (JSON {@code null}) and the RPO is
 *       not assessed; give a {@link Builder#dataLoss(DrillActions.DataLossProbe)} probe (e.g. writes
 *       acknowledged during the fault and missing after it) to measure and assess it.
 *   <li><b>The experiment's own report</b> goes into the evidence ({@link ExperimentEvidence}): why
 *       injection stopped, the budget share allowed and spent, the faults injected and refused, the
 *       events the SLO recorded meanwhile, and what the probe saw. An experiment cut short by its
 *       guard, or aborted, fails the drill; its measurements stay in the evidence.
 * </ul>
 *
 * <p><b>Audit.</b> The action writes to the drill's audit log (pass the same log to both): the start
 * of injection ({@linkplain AuditLog#appendDurably durably}, before the experiment starts: if it
 * cannot be recorded nothing is injected), its stop (when and why, written by whichever thread
 * stopped the experiment), and each loss and restoration of the steady state, all of type {@link
 * AuditType#EXPERIMENT}. The drill's start needs a {@code DRILL_START} grant as for any drill.
 *
 * <p><b>Dry run.</b> With {@link Builder#dryRun(boolean) dryRun(true)} the action is a rehearsal
 * ({@link #dryRun()} is {@code true}, as for {@code DrillActions.dryRun(switchover)}): it injects
 * nothing, never starts the experiment nor touches its chaos policy, and checks now everything the
 * real run would need before its first injection: the experiment's own preconditions ({@link
 * ChaosExperiment#dryRun()}: not already started, its policy disabled and injecting a non-zero
 * share, no burn-rate alert firing, and an error budget whose share allows at least one injection),
 * that the steady-state probe can be evaluated and holds, and that the data-loss probe, if any, can
 * be read. It records what it would do and every check in one {@link AuditType#DRY_RUN} audit record,
 * {@linkplain AuditLog#appendDurably durably} (as the real start's record must be), and reports
 * {@link DrillProgress.Rehearsed} on the first poll: feasible when nothing would stop the real run
 * from injecting. The drill's evidence is then marked {@code dryRun}, with outcome {@code REHEARSED}
 * or {@code FAILED} (never {@code PASSED}), no recovery and no experiment report. Its expected data
 * loss is not measured without a data-loss probe (the RPO is not assessed), and is the probe's
 * reading now with one (a baseline: a loss already beyond the RPO fails the rehearsal). The
 * experiment is left unstarted: a real action built on the same experiment can run it afterwards.
 *
 * <p><b>Abort.</b> {@link #abort(String)} (called by {@link Drill#abort}, by the drill's timeout and
 * when the drill fails) stops the experiment at once, which disables its chaos policy.
 *
 * <p>Runs on the experiment's time source (its chaos policy's; the drill's clock should be the same)
 * and starts no thread. Build a new action (and experiment) per drill. Polled by one thread at a time
 * (the drill's).
 *
 * <pre>{@code
 * ChaosExperiment outage = ChaosExperiment.builder("payments-outage")
 *         .policy(chaos).tracker(checkoutTracker).alerts(checkoutAlerts).maxBudgetShare(0.10).build();
 * // The steady state: the health registry's readiness group (or any HealthCheck, e.g. a predicate).
 * DrillAction action = ExperimentAction.builder(outage,
 *                 () -> HealthResult.of(health.lastStatus("readiness")),
 *                 Duration.ofMinutes(10), auditLog)
 *         .healthyPolls(3)
 *         .build();
 * Drill drill = Drill.builder("checkout", action, RecoveryTargets.of(Duration.ofMinutes(5), Duration.ZERO),
 *                 time, auditLog, grants)
 *         .timeout(Duration.ofMinutes(20))   // fault duration + RTO, and some
 *         .build();
 * }</pre>
 */
public final class ExperimentAction implements DrillAction {

    private final ChaosExperiment experiment;
    private final HealthCheck steadyState;
    private final Duration faultDuration;
    private final AuditLog audit;
    private final int healthyPolls;
    private final DrillActions.@Nullable DataLossProbe dataLossProbe;
    private final String actor;
    private final String target;
    private final String source;
    private final TimeSource time;
    private final boolean dryRun;

    // Set by the stop listener, on whichever thread stopped the experiment.
    private volatile ExperimentEvidence.@Nullable Ending stoppedBy;

    // Touched only by the drill's thread (start, poll, abort, experiment).
    private boolean started;
    private DrillProgress.@Nullable Rehearsed rehearsal;
    private @Nullable Instant faultStartedAt;
    private long polls;
    private long unhealthyPolls;
    private @Nullable Instant firstDeviationAt;
    private @Nullable String lastDeviation;
    private int run;
    private @Nullable Instant runStartedAt;
    private boolean steady = true;

    private ExperimentAction(Builder b) {
        this.experiment = b.experiment;
        this.steadyState = b.steadyState;
        this.faultDuration = b.faultDuration;
        this.audit = b.audit;
        this.healthyPolls = b.healthyPolls;
        this.dataLossProbe = b.dataLossProbe;
        this.actor = b.actor;
        this.target = b.target != null
                ? b.target
                : b.experiment.tracker().slo().name() + "/"
                        + b.experiment.policy().name();
        this.source = "experiment " + b.experiment.name();
        this.time = b.experiment.policy().timeSource();
        this.dryRun = b.dryRun;
    }

    /**
     * Returns a builder.
     *
     * @param experiment the experiment to run, not started (its chaos policy disabled)
     * @param steadyState the steady-state probe: healthy while the system works as it should (reuse a
     *     health check, or wrap a predicate: {@code () -> ok() ? HealthResult.up() :
     *     HealthResult.down("why")})
     * @param faultDuration how long to inject, positive; the experiment may stop earlier by itself
     * @param audit the drill's audit log, which the action writes its records to
     * @return a new builder
     * @throws IllegalArgumentException naming the value if {@code faultDuration} is not positive
     */
    public static Builder builder(
            ChaosExperiment experiment, HealthCheck steadyState, Duration faultDuration, AuditLog audit) {
        return new Builder(experiment, steadyState, faultDuration, audit);
    }

    /**
     * Returns {@code "experiment"}.
     *
     * @return the kind
     */
    @Override
    public String kind() {
        return "experiment";
    }

    /**
     * Returns what the experiment acts on: by default {@code "<slo>/<chaos policy>"}.
     *
     * @return the target
     */
    @Override
    public String target() {
        return target;
    }

    /**
     * Returns whether this is a dry run ({@link Builder#dryRun(boolean)}), which injects nothing;
     * otherwise the experiment injects real faults.
     *
     * @return {@code true} for a dry run
     */
    @Override
    public boolean dryRun() {
        return dryRun;
    }

    /**
     * Checks the steady state, records the start durably, then starts the experiment (injection
     * begins, unless its guard stops it at once). A dry run instead checks what it can and records
     * what the experiment would do (see the class description); it injects nothing and throws only
     * if the action already started.
     *
     * @throws IllegalStateException if the action already started, or the steady state does not
     *     hold before the fault (nothing is injected)
     * @throws IOException if the start of injection could not be recorded durably (nothing is
     *     injected)
     */
    @Override
    public void start() throws IOException {
        if (started) {
            throw new IllegalStateException(source + " has already started: build a new action");
        }
        started = true;
        if (dryRun) {
            rehearsal = rehearse();
            return;
        }
        HealthResult before = probe();
        if (!before.status().isHealthy()) {
            throw new IllegalStateException("the steady state must hold before the fault is injected, was "
                    + describe(before) + "; nothing was injected");
        }
        Map<String, String> inputs = new LinkedHashMap<>();
        inputs.put("slo", experiment.tracker().slo().name());
        inputs.put("chaosPolicy", experiment.policy().name());
        inputs.put("faultKind", experiment.policy().config().kind().name());
        inputs.put("faultDuration", faultDuration.toString());
        inputs.put("healthyPolls", Integer.toString(healthyPolls));
        audit.appendDurably(AuditType.EXPERIMENT, source, actor, "fault injection starting on " + target, 0, inputs);
        experiment.onStopped(this::recordStop);
        experiment.start();
        faultStartedAt = experiment.report().startedAt();
    }

    /**
     * Stops injection once the planned fault duration has passed, probes the steady state, and
     * reports a recovery once injection has stopped and the steady state holds again.
     *
     * @return {@link DrillProgress#RUNNING}, or {@link DrillProgress.Recovered} from the start of the
     *     fault to the first poll of the confirming healthy run; for a dry run, its {@link
     *     DrillProgress.Rehearsed} result
     * @throws IllegalStateException if the action has not started
     */
    @Override
    public DrillProgress poll() {
        if (dryRun) {
            DrillProgress.Rehearsed r = rehearsal;
            if (r == null) {
                throw new IllegalStateException(source + " has not started");
            }
            return r;
        }
        Instant faultStart = faultStartedAt;
        if (faultStart == null) {
            throw new IllegalStateException(source + " has not started");
        }
        Instant now = time.now();
        if (experiment.tick() && !now.isBefore(faultStart.plus(faultDuration))) {
            stop(ExperimentEvidence.Ending.COMPLETED);
        }
        observe(probe(), now);
        Instant runStart = runStartedAt;
        if (!experiment.isRunning() && run >= healthyPolls && runStart != null) {
            return new DrillProgress.Recovered(faultStart, runStart, dataLoss());
        }
        return DrillProgress.RUNNING;
    }

    /**
     * Stops the experiment (injection ends at once; its chaos policy is disabled). Does nothing if it
     * has not started or has already stopped.
     *
     * @param reason why
     */
    @Override
    public void abort(String reason) {
        if (faultStartedAt != null && experiment.isRunning()) {
            stop(ExperimentEvidence.Ending.ABORTED);
        }
    }

    /**
     * Returns the experiment's report and what the steady-state probe saw; empty if the experiment
     * never started (the steady state did not hold before the fault, or this is a dry run).
     *
     * @return the evidence, or empty
     * @throws IllegalStateException if the experiment is still injecting (the drill aborts it first)
     */
    @Override
    public Optional<ExperimentEvidence> experiment() {
        Instant faultStart = faultStartedAt;
        if (faultStart == null) {
            return Optional.empty();
        }
        ExperimentReport report = experiment.report();
        ExperimentEvidence.Ending ending = ending(report);
        return Optional.of(new ExperimentEvidence(
                report.experimentName(),
                report.sloName(),
                report.chaosPolicyName(),
                experiment.policy().config().kind().name(),
                ending,
                ending == ExperimentEvidence.Ending.ALERT_FIRING ? report.firingRules() : java.util.List.of(),
                faultStart,
                report.asOf(),
                faultDuration,
                report.maxBudgetShare(),
                report.remainingBudgetAtStart(),
                report.allowedInjections(),
                report.injections(),
                report.refusedInjections(),
                report.badEvents(),
                report.totalEvents(),
                new ExperimentEvidence.SteadyState(
                        healthyPolls,
                        polls,
                        unhealthyPolls,
                        Optional.ofNullable(firstDeviationAt),
                        Optional.ofNullable(run >= healthyPolls ? runStartedAt : null),
                        Optional.ofNullable(lastDeviation))));
    }

    private ExperimentEvidence.Ending ending(ExperimentReport report) {
        return switch (report.status()) {
            case RUNNING -> throw new IllegalStateException(source + " is still injecting: stop it first");
            case STOPPED -> {
                ExperimentEvidence.Ending by = stoppedBy;
                yield by != null ? by : ExperimentEvidence.Ending.STOPPED;
            }
            case BUDGET_SHARE_SPENT -> ExperimentEvidence.Ending.BUDGET_SHARE_SPENT;
            case ALERT_FIRING -> ExperimentEvidence.Ending.ALERT_FIRING;
            case DEADLINE_PASSED -> ExperimentEvidence.Ending.DEADLINE_PASSED;
        };
    }

    private void stop(ExperimentEvidence.Ending why) {
        // Set before stopping: the stop listener runs inside stop() and reads it. If the guard stopped
        // the experiment first, its report's status wins (see ending()).
        stoppedBy = why;
        experiment.stop();
    }

    /** Writes the audit record of the stop, on the thread that stopped the experiment. */
    private void recordStop(ExperimentReport report) {
        ExperimentEvidence.Ending by = stoppedBy;
        String why = report.status() == dev.nines.slo.chaos.ExperimentStatus.STOPPED && by != null
                ? by.name()
                : report.status().name();
        Map<String, String> inputs = new LinkedHashMap<>();
        inputs.put("ending", why);
        inputs.put("injections", Long.toString(report.injections()));
        inputs.put("allowedInjections", Long.toString(report.allowedInjections()));
        inputs.put("spentShare", Double.toString(report.spentShare()));
        if (!report.firingRules().isEmpty()) {
            inputs.put("firingRules", String.join(",", report.firingRules()));
        }
        audit.append(
                AuditType.EXPERIMENT,
                source,
                actor,
                "fault injection stopped after " + report.duration() + ": " + why,
                0,
                inputs);
    }

    /** The dry run: checks everything the real start would need, records it, injects nothing. */
    private DrillProgress.Rehearsed rehearse() {
        ExperimentPlan plan = experiment.dryRun();
        List<String> blockers = new ArrayList<>(plan.blockers());
        HealthResult now = probe();
        if (!now.status().isHealthy()) {
            blockers.add(
                    "the steady state does not hold now (" + describe(now) + "): the real run would inject nothing");
        }
        Optional<Lag> expectedLoss = Optional.empty();
        DrillActions.DataLossProbe p = dataLossProbe;
        if (p != null) {
            try {
                expectedLoss = Optional.of(Objects.requireNonNull(p.measure(), "dataLoss"));
            } catch (Exception e) {
                expectedLoss = Optional.of(Lag.unknown());
                blockers.add("the data-loss probe failed: " + e);
            }
        }
        String would = "would inject " + plan.faultKind() + " through chaos policy " + plan.chaosPolicyName()
                + String.format(Locale.ROOT, " (injection ratio %s)", plan.injectionRatio()) + " for "
                + faultDuration + " under SLO " + plan.sloName() + "'s guard: up to "
                + plan.allowedInjections() + " injections"
                + String.format(
                        Locale.ROOT,
                        " (%.2f%% of the remaining %.2f events)",
                        100 * plan.maxBudgetShare(),
                        plan.remainingBudget())
                + ", then " + healthyPolls + " healthy polls in a row confirm the steady state";
        String notes = plan.maxDuration()
                .filter(max -> max.compareTo(faultDuration) < 0)
                .map(max -> "; note: the experiment's maxDuration " + max + " ends injection before the planned "
                        + faultDuration)
                .orElse("");
        Map<String, String> inputs = new LinkedHashMap<>();
        inputs.put("experiment", plan.experimentName());
        inputs.put("slo", plan.sloName());
        inputs.put("chaosPolicy", plan.chaosPolicyName());
        inputs.put("faultKind", plan.faultKind().name());
        inputs.put("injectionRatio", Double.toString(plan.injectionRatio()));
        inputs.put("faultDuration", faultDuration.toString());
        inputs.put("maxDuration", plan.maxDuration().map(Duration::toString).orElse("none"));
        inputs.put("healthyPolls", Integer.toString(healthyPolls));
        inputs.put("maxBudgetShare", Double.toString(plan.maxBudgetShare()));
        inputs.put("remainingBudget", Double.toString(plan.remainingBudget()));
        inputs.put("allowedInjections", Long.toString(plan.allowedInjections()));
        inputs.put("firingRules", String.join(",", plan.firingRules()));
        inputs.put("experimentStarted", Boolean.toString(plan.started()));
        inputs.put("policyEnabled", Boolean.toString(plan.policyEnabled()));
        inputs.put("steadyState", describe(now));
        inputs.put("dataLoss", expectedLoss.map(Lag::toString).orElse("not measured"));
        inputs.put("wouldInject", Boolean.toString(blockers.isEmpty()));
        inputs.put("blockers", String.join("; ", blockers));
        String reason = blockers.isEmpty()
                ? "dry run: " + would + "; nothing injected"
                : "dry run: would not inject: " + String.join("; ", blockers);
        try {
            audit.appendDurably(AuditType.DRY_RUN, source, actor, reason, 0, inputs);
        } catch (IOException e) {
            // The real start would stop here too: its record must be durable before injecting.
            blockers.add("the audit log could not record durably: " + e);
        }
        String detail = blockers.isEmpty()
                ? would + "; the steady state holds now (" + describe(now) + ")" + notes
                : "would not inject: " + String.join("; ", blockers) + notes;
        return new DrillProgress.Rehearsed(blockers.isEmpty(), expectedLoss, detail);
    }

    private HealthResult probe() {
        try {
            return Objects.requireNonNull(steadyState.check(), "steady-state probe result");
        } catch (Exception e) {
            return HealthResult.builder(dev.nines.core.health.HealthStatus.DOWN)
                    .message("the probe failed: " + e)
                    .error(e)
                    .build();
        }
    }

    private void observe(HealthResult result, Instant now) {
        polls++;
        if (result.status().isHealthy()) {
            if (run == 0) {
                runStartedAt = now;
            }
            run++;
            Instant runStart = runStartedAt;
            if (!steady && run >= healthyPolls && runStart != null) {
                steady = true;
                audit.append(
                        AuditType.EXPERIMENT,
                        source,
                        actor,
                        "steady state restored " + Duration.between(Objects.requireNonNull(faultStartedAt), runStart)
                                + " after the fault started",
                        0,
                        Map.of("restoredAt", runStart.toString(), "healthyPolls", Integer.toString(run)));
            }
            return;
        }
        unhealthyPolls++;
        run = 0;
        runStartedAt = null;
        lastDeviation = describe(result);
        if (firstDeviationAt == null) {
            firstDeviationAt = now;
        }
        if (steady) {
            steady = false;
            audit.append(
                    AuditType.EXPERIMENT,
                    source,
                    actor,
                    "steady state lost: " + lastDeviation,
                    0,
                    Map.of("at", now.toString()));
        }
    }

    private Optional<Lag> dataLoss() {
        DrillActions.DataLossProbe p = dataLossProbe;
        if (p == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Objects.requireNonNull(p.measure(), "dataLoss"));
        } catch (Exception e) {
            return Optional.of(Lag.unknown());
        }
    }

    private static String describe(HealthResult result) {
        return result.status().code() + result.message().map(m -> ": " + m).orElse("");
    }

    @Override
    public String toString() {
        return "ExperimentAction[" + experiment.name() + " on " + target + ", " + faultDuration
                + (dryRun ? ", dry run" : "") + "]";
    }

    /** Builds an {@link ExperimentAction}. Not thread-safe. */
    public static final class Builder {
        private final ChaosExperiment experiment;
        private final HealthCheck steadyState;
        private final Duration faultDuration;
        private final AuditLog audit;
        private int healthyPolls = 3;
        private DrillActions.@Nullable DataLossProbe dataLossProbe;
        private String actor = "experiment";
        private @Nullable String target;
        private boolean dryRun;

        private Builder(ChaosExperiment experiment, HealthCheck steadyState, Duration faultDuration, AuditLog audit) {
            this.experiment = Objects.requireNonNull(experiment, "experiment");
            this.steadyState = Objects.requireNonNull(steadyState, "steadyState");
            this.faultDuration = Arguments.positive("faultDuration", faultDuration);
            this.audit = Objects.requireNonNull(audit, "audit");
        }

        /**
         * Sets how many consecutive healthy polls confirm that the steady state holds again (default
         * 3).
         *
         * @param healthyPolls at least 1
         * @return this builder
         * @throws IllegalArgumentException naming the value if below 1
         */
        public Builder healthyPolls(int healthyPolls) {
            this.healthyPolls = Arguments.atLeast("healthyPolls", healthyPolls, 1);
            return this;
        }

        /**
         * Measures data loss once the steady state holds again (without a probe, data loss is not
         * measured and the RPO not assessed). A probe that throws counts as an unknown loss, which
         * fails the RPO.
         *
         * @param probe measures what the fault lost
         * @return this builder
         */
        public Builder dataLoss(DrillActions.DataLossProbe probe) {
            this.dataLossProbe = Objects.requireNonNull(probe, "probe");
            return this;
        }

        /**
         * Sets the actor of the action's audit records (default {@code "experiment"}).
         *
         * @param actor not blank
         * @return this builder
         * @throws IllegalArgumentException naming the field if blank
         */
        public Builder actor(String actor) {
            this.actor = Arguments.notBlank("actor", actor);
            return this;
        }

        /**
         * Sets what the evidence names as the target (default {@code "<slo>/<chaos policy>"}).
         *
         * @param target not blank
         * @return this builder
         * @throws IllegalArgumentException naming the field if blank
         */
        public Builder target(String target) {
            this.target = Arguments.notBlank("target", target);
            return this;
        }

        /**
         * Makes the action a dry run (default {@code false}): it injects nothing, checks the
         * experiment's preconditions and the probes now, and records what it would do (see the class
         * description). The drill's evidence is then marked {@code dryRun} and never passes.
         *
         * @param dryRun {@code true} for a dry run
         * @return this builder
         */
        public Builder dryRun(boolean dryRun) {
            this.dryRun = dryRun;
            return this;
        }

        /**
         * Builds the action.
         *
         * @return a new action, not started
         */
        public ExperimentAction build() {
            return new ExperimentAction(this);
        }
    }
}
