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
 * after its {@linkplain Builder#timeout(Duration) timeout} is aborted and fails. The audit log must
 * retain at least the records of one drill in memory ({@link AuditLog#create(TimeSource, int)}).
 * Thread-safe.
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
                finish(new DrillProgress.Failed("the action failed to start: " + e));
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
            progress = new DrillProgress.Failed("the action failed: " + e);
        }
        if (progress instanceof DrillProgress.Running) {
            Instant started = Objects.requireNonNull(startedAt, "startedAt");
            if (!time.now().isBefore(started.plus(timeout))) {
                String why = "timed out after " + timeout;
                try {
                    action.abort(why);
                } catch (Exception e) {
                    why += "; aborting the action failed: " + e;
                }
                progress = new DrillProgress.Failed(why);
            } else {
                return state;
            }
        }
        finish(progress);
        return state;
    }

    private void finish(DrillProgress progress) {
        Instant started = Objects.requireNonNull(startedAt, "startedAt");
        Optional<DrillEvidence.Recovery> recovery = Optional.empty();
        Lag loss = Lag.unknown();
        DrillEvidence.Outcome outcome;
        String detail;
        if (progress instanceof DrillProgress.Recovered r) {
            recovery = Optional.of(new DrillEvidence.Recovery(r.disruptedAt(), r.restoredAt()));
            loss = r.dataLoss();
            boolean rto = targets.rtoMet(r.recoveryTime());
            boolean rpo = targets.rpoMet(loss);
            outcome = rto && rpo && !action.dryRun() ? DrillEvidence.Outcome.PASSED : DrillEvidence.Outcome.FAILED;
            detail = "recovered in " + r.recoveryTime() + (rto ? " within" : " beyond") + " the RTO " + targets.rto()
                    + "; data loss " + loss + (rpo ? " within" : " beyond") + " the RPO " + targets.rpo();
            if (action.dryRun()) {
                // A dry run that reports a recovery contradicts itself: record it, do not pass it.
                recovery = Optional.empty();
                detail = "a dry run reported a recovery: " + detail;
            }
        } else if (progress instanceof DrillProgress.Rehearsed r) {
            loss = r.expectedDataLoss();
            boolean rpo = targets.rpoMet(loss);
            outcome = r.feasible() && rpo && action.dryRun()
                    ? DrillEvidence.Outcome.REHEARSED
                    : DrillEvidence.Outcome.FAILED;
            detail = "dry run: " + r.detail() + "; expected data loss " + loss + (rpo ? " within" : " beyond")
                    + " the RPO " + targets.rpo();
        } else {
            outcome = DrillEvidence.Outcome.FAILED;
            detail = ((DrillProgress.Failed) progress).reason();
        }
        Instant finishedAt = time.now();
        Map<String, String> inputs = new LinkedHashMap<>();
        inputs.put("outcome", outcome.name());
        recovery.ifPresent(r -> inputs.put("recoveryTime", r.time().toString()));
        inputs.put("dataLoss", loss.toString());
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
                records);
        this.state = State.FINISHED;
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
