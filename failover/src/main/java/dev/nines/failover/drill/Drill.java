package dev.nines.failover.drill;

import dev.nines.core.access.AccessDeniedException;
import dev.nines.core.access.AccessRequest;
import dev.nines.core.access.Authorization;
import dev.nines.core.access.Authorizer;
import dev.nines.core.access.ManualAction;
import dev.nines.core.internal.Arguments;
import dev.nines.core.time.TimeSource;
import dev.nines.failover.Lag;
import dev.nines.failover.audit.AuditLog;
import dev.nines.failover.audit.AuditRecord;
import dev.nines.failover.audit.AuditType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * An availability drill that leaves evidence: it runs one {@link DrillAction} (a planned switchover,
 * its dry run, or an experiment), measures recovery time and data loss against the system's {@link
 * RecoveryTargets}, and ends with a {@link DrillEvidence} document holding the verdict and every
 * audit record written to the log from the authorization of its start to its end.
 *
 * <p>Starting a drill is a manual action: {@link #start} asks the {@link Authorizer} for {@link
 * ManualAction#DRILL_START} on the system, and a denied start throws {@link AccessDeniedException}
 * and changes nothing. The grant covers the drill's own action (the switchover runbook it drives is
 * not asked again).
 *
 * <p>Driven by {@link #tick()} (no hidden threads): each tick polls the action; a drill still running
 * after its {@linkplain Builder#timeout(Duration) timeout} is aborted and fails, as is one whose
 * action throws, and one that {@link #abort(String, String)} stops by hand (aborting an experiment
 * stops its injection). The audit log must retain at least the records of one drill in memory
 * ({@link AuditLog#create(TimeSource, int)}). Thread-safe.
 *
 * <p>For a fault-injection experiment ({@code dev.nines.failover.drill.chaos.ExperimentAction}) the
 * timeout bounds the recovery: set it to at least the planned fault duration plus the RTO, so that a
 * steady state not restored within the RTO is recorded as the RTO missed rather than as a drill cut
 * short.
 *
 * <pre>{@code
 * Drill drill = Drill.builder("orders-db", DrillActions.switchover(switchover),
 *                 RecoveryTargets.of(Duration.ofMinutes(5), Duration.ofSeconds(30)),
 *                 time, controller.auditLog(), grantStore)
 *         .build();
 * drill.start("alice", "quarterly DR drill, CHG-1234");
 * while (drill.tick() == Drill.State.RUNNING) { ... }
 * drill.evidence().orElseThrow().writeTo(Path.of("drills/orders-db-2026-q1.json"));
 * }</pre>
 */
public final class Drill {

    /** Where a drill is. */
    public enum State {
        /** Built, not started. */
        NOT_STARTED,
        /** Started; the action has not ended. */
        RUNNING,
        /** Ended; the evidence is available. */
        FINISHED
    }

    /** The {@code source} of the drill's own audit records: {@code "drill <system>"}. */
    private final String source;

    private final String system;
    private final DrillAction action;
    private final RecoveryTargets targets;
    private final TimeSource time;
    private final AuditLog audit;
    private final Authorizer authorizer;
    private final Duration timeout;
    private final ReentrantLock lock = new ReentrantLock();
    private State state = State.NOT_STARTED;
    private long firstSequence;
    private String actor = "";
    private String reason = "";
    private String grantId = "";
    private @Nullable Instant startedAt;
    private @Nullable DrillEvidence evidence;

    private Drill(Builder b) {
        this.system = b.system;
        this.action = b.action;
        this.targets = b.targets;
        this.time = b.time;
        this.audit = b.audit;
        this.authorizer = b.authorizer;
        this.timeout = b.timeout;
        this.source = "drill " + b.system;
    }

    /**
     * Returns a builder.
     *
     * @param system the system drilled, not blank (the target of the authorization request)
     * @param action what the drill runs
     * @param targets the system's RTO and RPO
     * @param time the clock
     * @param audit the audit log the action writes to (the controller's), which the drill also writes to
     * @param authorizer decides whether the actor may start the drill
     * @return a new builder
     */
    public static Builder builder(
            String system,
            DrillAction action,
            RecoveryTargets targets,
            TimeSource time,
            AuditLog audit,
            Authorizer authorizer) {
        return new Builder(system, action, targets, time, audit, authorizer);
    }

    /**
     * Starts the drill if {@code actor} may, then polls the action once.
     *
     * @param actor who starts it
     * @param reason why (a change ticket, the drill calendar)
     * @return the state after the first poll
     * @throws AccessDeniedException if the authorizer denies the start (nothing ran)
     * @throws IllegalStateException if the drill was already started
     * @throws IllegalArgumentException naming the field if {@code actor} or {@code reason} is blank
     */
    public State start(String actor, String reason) {
        Arguments.notBlank("actor", actor);
        Arguments.notBlank("reason", reason);
        lock.lock();
        try {
            if (state != State.NOT_STARTED) {
                throw new IllegalStateException("drill of " + system + " must be NOT_STARTED to start, was " + state);
            }
            long before = audit.lastSequence();
            Authorization.Permitted permitted =
                    authorizer.check(AccessRequest.of(actor, ManualAction.DRILL_START, system, reason));
            this.firstSequence = before + 1;
            this.actor = actor;
            this.reason = reason;
            this.grantId = permitted.grantId();
            this.startedAt = time.now();
            this.state = State.RUNNING;
            Map<String, String> inputs = new LinkedHashMap<>();
            inputs.put("kind", action.kind());
            inputs.put("target", action.target());
            inputs.put("dryRun", Boolean.toString(action.dryRun()));
            inputs.put("grant", grantId);
            inputs.put("rto", targets.rto().toString());
            inputs.put("rpo", DrillEvidence.json(targets.rpo()));
            audit.append(AuditType.DRILL, source, actor, "drill started: " + reason, 0, inputs);
            try {
                action.start();
            } catch (Exception e) {
                finish(new DrillProgress.Failed(
                        "the action failed to start: " + e + abortQuietly("it failed to start")));
                return state;
            }
            return pollLocked();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Polls a running drill's action once; ends the drill when the action ends or the timeout passes.
     *
     * @return the state
     */
    public State tick() {
        lock.lock();
        try {
            return state == State.RUNNING ? pollLocked() : state;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Aborts a running drill: stops its action (an experiment stops injecting; a switchover is
     * aborted and undoes its steps) and ends the drill as failed, with the measurements so far in the
     * evidence. Stopping needs no grant (it only ever makes the system safer), but is audited under
     * {@code actor}.
     *
     * @param actor who aborts it
     * @param reason why
     * @return the state: {@link State#FINISHED} (or {@link State#NOT_STARTED}, unchanged, if the drill
     *     had not started; an ended drill stays as it ended)
     * @throws IllegalArgumentException naming the field if {@code actor} or {@code reason} is blank
     */
    public State abort(String actor, String reason) {
        Arguments.notBlank("actor", actor);
        Arguments.notBlank("reason", reason);
        lock.lock();
        try {
            if (state != State.RUNNING) {
                return state;
            }
            String why = "aborted by " + actor + ": " + reason;
            audit.append(AuditType.DRILL, source, actor, "drill aborted: " + reason, 0, Map.of());
            finish(new DrillProgress.Failed(why + abortQuietly(why)));
            return state;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Returns the state.
     *
     * @return the state
     */
    public State state() {
        lock.lock();
        try {
            return state;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Returns the evidence once the drill has finished.
     *
     * @return the evidence, empty before the end
     */
    public Optional<DrillEvidence> evidence() {
        lock.lock();
        try {
            return Optional.ofNullable(evidence);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Returns the system drilled.
     *
     * @return the system
     */
    public String system() {
        return system;
    }

    private State pollLocked() {
        DrillProgress progress;
        try {
            progress = Objects.requireNonNull(action.poll(), "progress");
        } catch (Exception e) {
            // Abort what the action may have left running (an experiment still injecting).
            progress = new DrillProgress.Failed("the action failed: " + e + abortQuietly("it failed"));
        }
        if (progress instanceof DrillProgress.Running) {
            Instant started = Objects.requireNonNull(startedAt, "startedAt");
            if (!time.now().isBefore(started.plus(timeout))) {
                String why = "timed out after " + timeout;
                progress = new DrillProgress.Failed(why + abortQuietly(why));
            } else {
                return state;
            }
        }
        finish(progress);
        return state;
    }

    /** Aborts the action; returns what to add to the failure's reason if that failed, else "". */
    private String abortQuietly(String why) {
        try {
            action.abort(why);
            return "";
        } catch (Exception e) {
            return "; aborting the action failed: " + e;
        }
    }

    private void finish(DrillProgress progress) {
        Instant started = Objects.requireNonNull(startedAt, "startedAt");
        Optional<ExperimentEvidence> experiment;
        String unreadable = "";
        try {
            experiment = Objects.requireNonNull(action.experiment(), "experiment");
        } catch (RuntimeException e) {
            // Say so rather than leave the experiment out of the evidence silently.
            experiment = Optional.empty();
            unreadable = "; the experiment's report could not be read: " + e;
        }
        Optional<DrillEvidence.Recovery> recovery = Optional.empty();
        Optional<Lag> loss = Optional.of(Lag.unknown());
        DrillEvidence.Outcome outcome;
        String detail;
        if (progress instanceof DrillProgress.Recovered r) {
            recovery = Optional.of(new DrillEvidence.Recovery(r.disruptedAt(), r.restoredAt()));
            loss = r.dataLoss();
            boolean rto = targets.rtoMet(r.recoveryTime());
            // Only an experiment may leave the data loss unmeasured; the RPO is then not assessed.
            boolean rpo = loss.map(targets::rpoMet).orElse(experiment.isPresent());
            boolean planned = experiment.map(e -> e.ending().ranAsPlanned()).orElse(true);
            outcome = rto && rpo && planned && !action.dryRun()
                    ? DrillEvidence.Outcome.PASSED
                    : DrillEvidence.Outcome.FAILED;
            detail = (experiment.isPresent()
                            ? steadyState(experiment.get(), r.recoveryTime())
                            : "recovered in " + r.recoveryTime())
                    + (rto ? " within" : " beyond") + " the RTO " + targets.rto() + "; "
                    + loss.map(l -> "data loss " + l + (rpo ? " within" : " beyond") + " the RPO " + targets.rpo())
                            .orElse("data loss not measured (an experiment tests recovery, not what was lost):"
                                    + " the RPO " + targets.rpo() + " is not assessed");
            if (action.dryRun()) {
                // A dry run that reports a recovery contradicts itself: record it, do not pass it.
                recovery = Optional.empty();
                experiment = Optional.empty();
                detail = "a dry run reported a recovery: " + detail;
            }
        } else if (progress instanceof DrillProgress.Rehearsed r) {
            loss = r.expectedDataLoss();
            // A dry run that measures no data loss (an experiment without a probe) leaves the RPO
            // unassessed, as its real run would.
            boolean rpo = loss.map(targets::rpoMet).orElse(true);
            outcome = r.feasible() && rpo && action.dryRun()
                    ? DrillEvidence.Outcome.REHEARSED
                    : DrillEvidence.Outcome.FAILED;
            detail = "dry run: " + r.detail() + "; "
                    + loss.map(l -> "expected data loss " + l + (rpo ? " within" : " beyond") + " the RPO "
                                    + targets.rpo())
                            .orElse("data loss not measured: the RPO " + targets.rpo() + " is not assessed");
            experiment = Optional.empty();
        } else {
            outcome = DrillEvidence.Outcome.FAILED;
            detail = ((DrillProgress.Failed) progress).reason();
            if (experiment.isPresent()) {
                // What the experiment measured stays in the evidence; the loss was not measured.
                loss = Optional.empty();
                ExperimentEvidence e = experiment.get();
                if (e.steadyState().restoredAt().isEmpty()
                        && !targets.rtoMet(Duration.between(e.faultStartedAt(), time.now()))) {
                    detail = "steady state not restored within the RTO " + targets.rto() + " of the fault's start"
                            + " (RTO missed): " + detail;
                }
            }
        }
        if (action.dryRun()) {
            experiment = Optional.empty();
        }
        if (experiment.isPresent()) {
            detail += "; " + experimentSummary(experiment.get());
        }
        detail += unreadable;
        Instant finishedAt = time.now();
        Map<String, String> inputs = new LinkedHashMap<>();
        inputs.put("outcome", outcome.name());
        recovery.ifPresent(r -> inputs.put("recoveryTime", r.time().toString()));
        inputs.put("dataLoss", loss.map(Lag::toString).orElse("not measured"));
        experiment.ifPresent(e -> {
            inputs.put("experiment", e.name());
            inputs.put("ending", e.ending().name());
            inputs.put("injections", Long.toString(e.injections()));
        });
        AuditRecord last =
                audit.append(AuditType.DRILL, source, actor, "drill finished: " + outcome + ": " + detail, 0, inputs);
        List<AuditRecord> records = new ArrayList<>();
        for (AuditRecord record : audit.records()) {
            if (record.sequence() >= firstSequence && record.sequence() <= last.sequence()) {
                records.add(record);
            }
        }
        this.evidence = new DrillEvidence(
                system,
                action.kind(),
                action.target(),
                action.dryRun(),
                actor,
                reason,
                grantId,
                started,
                finishedAt,
                outcome,
                detail,
                recovery,
                loss,
                targets,
                experiment,
                records);
        this.state = State.FINISHED;
    }

    private static String steadyState(ExperimentEvidence e, Duration recoveryTime) {
        ExperimentEvidence.SteadyState st = e.steadyState();
        return st.heldThroughout()
                ? "steady state held throughout the fault (" + st.polls() + " healthy polls): recovery time "
                        + recoveryTime
                : "steady state restored " + recoveryTime + " after the fault started (" + st.healthyPollsRequired()
                        + " healthy polls in a row)";
    }

    private static String experimentSummary(ExperimentEvidence e) {
        String ending = switch (e.ending()) {
            case COMPLETED -> "ran its planned " + e.plannedFaultDuration();
            case DEADLINE_PASSED -> "ran to its own maximum duration, " + e.faultDuration();
            case BUDGET_SHARE_SPENT ->
                "was stopped early by its guard after " + e.faultDuration()
                        + ": its budget share was spent (BUDGET_SHARE_SPENT)";
            case ALERT_FIRING ->
                "was stopped early by its guard after " + e.faultDuration() + ": burn-rate alert " + e.firingRules()
                        + " fired (ALERT_FIRING)";
            case STOPPED -> "was stopped outside the drill after " + e.faultDuration() + " (STOPPED)";
            case ABORTED -> "was aborted by the drill after " + e.faultDuration() + " (ABORTED)";
        };
        return String.format(
                java.util.Locale.ROOT,
                "experiment %s %s; %d faults injected, %.2f%% of the remaining error budget spent (at most %.2f%%)",
                e.name(),
                ending,
                e.injections(),
                100 * e.spentShare(),
                100 * e.maxBudgetShare());
    }

    @Override
    public String toString() {
        return "Drill[" + system + ", " + action.kind() + (action.dryRun() ? " (dry run)" : "") + ", " + state() + "]";
    }

    /** Builds a {@link Drill}. Not thread-safe. */
    public static final class Builder {
        private final String system;
        private final DrillAction action;
        private final RecoveryTargets targets;
        private final TimeSource time;
        private final AuditLog audit;
        private final Authorizer authorizer;
        private Duration timeout = Duration.ofHours(1);

        private Builder(
                String system,
                DrillAction action,
                RecoveryTargets targets,
                TimeSource time,
                AuditLog audit,
                Authorizer authorizer) {
            this.system = Arguments.notBlank("system", system);
            this.action = Objects.requireNonNull(action, "action");
            this.targets = Objects.requireNonNull(targets, "targets");
            this.time = Objects.requireNonNull(time, "time");
            this.audit = Objects.requireNonNull(audit, "audit");
            this.authorizer = Objects.requireNonNull(authorizer, "authorizer");
        }

        /**
         * Sets how long the action may run before the drill aborts it and fails (default 1 hour).
         *
         * @param timeout positive
         * @return this builder
         * @throws IllegalArgumentException naming the value if not positive
         */
        public Builder timeout(Duration timeout) {
            this.timeout = Arguments.positive("timeout", timeout);
            return this;
        }

        /**
         * Builds the drill.
         *
         * @return a new drill, not started
         */
        public Drill build() {
            return new Drill(this);
        }
    }
}
