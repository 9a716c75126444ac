package dev.nines.failover.runbook;

import dev.nines.core.internal.Arguments;
import dev.nines.core.time.TimeSource;
import dev.nines.failover.audit.AuditLog;
import dev.nines.failover.audit.AuditType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * An ordered list of {@link Step}s run one after the other, each audited when it starts, finishes,
 * fails, times out or is undone. A step whose action returns {@link StepStatus#PENDING} is attempted
 * again on the next {@link #tick()}; one that throws, or stays pending past its timeout, aborts the
 * runbook, which undoes what was done (see {@link Step} for the undo rules).
 *
 * <p>No hidden threads: the caller drives the runbook with {@link #tick()}, or hands a
 * {@link ScheduledExecutorService} to {@link #runOn(ScheduledExecutorService, Duration)}. Time comes
 * from the {@link TimeSource}.
 *
 * <p>Thread-safe: ticks are serialised by a {@link ReentrantLock} and step actions run inside it
 * (they should not block).
 *
 * <pre>{@code
 * Runbook runbook = Runbook.builder("rotate-keys", time, auditLog)
 *         .actor("alice")
 *         .step(Step.of("publish new key", keys::publish).withUndo(keys::unpublish))
 *         .step(Step.of("wait for caches", () -> caches.allHaveNewKey() ? DONE : PENDING)
 *                 .withTimeout(Duration.ofMinutes(5)))
 *         .build();
 * runbook.start();
 * runbook.runOn(scheduler, Duration.ofSeconds(1));
 * }</pre>
 */
public final class Runbook {

    /** The state of a runbook. */
    public enum State {
        /** Built, not started. */
        NOT_STARTED,
        /** Started, not finished. */
        RUNNING,
        /** Every step completed. */
        SUCCEEDED,
        /** A step failed or timed out, or {@link #abort(String)} was called; the undos have run. */
        ABORTED
    }

    private final String name;
    private final String actor;
    private final TimeSource time;
    private final AuditLog audit;
    private final LongSupplier epoch;
    private final List<Step> steps;
    private final StepReport.State[] states;
    private final Instant[] startedAt;
    private final Instant[] finishedAt;
    private final String[] details;
    private final long[] startNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private State state = State.NOT_STARTED;
    private int current = -1;
    private String abortReason = "";
    private @Nullable ScheduledFuture<?> scheduled;

    private Runbook(Builder builder) {
        this.name = builder.name;
        this.actor = builder.actor;
        this.time = builder.time;
        this.audit = builder.audit;
        this.epoch = builder.epoch;
        this.steps = List.copyOf(builder.steps);
        int n = steps.size();
        this.states = new StepReport.State[n];
        Arrays.fill(states, StepReport.State.WAITING);
        this.startedAt = new Instant[n];
        this.finishedAt = new Instant[n];
        this.details = new String[n];
        Arrays.fill(details, "");
        this.startNanos = new long[n];
    }

    /**
     * Returns a builder.
     *
     * @param name the runbook name, used in audit records
     * @param time the clock for timeouts and audit times
     * @param audit the audit log every step is written to
     * @return a new builder
     */
    public static Builder builder(String name, TimeSource time, AuditLog audit) {
        return new Builder(
                Arguments.notBlank("name", name),
                Objects.requireNonNull(time, "time"),
                Objects.requireNonNull(audit, "audit"));
    }

    /**
     * Returns the runbook name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * Returns the steps as planned, without running anything.
     *
     * @return the steps, in order
     */
    public List<Step> plan() {
        return steps;
    }

    /**
     * Starts the runbook and attempts the first steps at once.
     *
     * @return the state after the first attempts
     * @throws IllegalStateException if already started
     */
    public State start() {
        lock.lock();
        try {
            if (state != State.NOT_STARTED) {
                throw new IllegalStateException("runbook " + name + " must be NOT_STARTED to start, was " + state);
            }
            state = State.RUNNING;
            record("runbook " + name + " started with " + steps.size() + " steps", Map.of());
            current = 0;
            advanceLocked();
            return state;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Attempts the current step again, checks its timeout, and moves on while steps complete.
     * Does nothing unless running.
     *
     * @return the state after this tick
     */
    public State tick() {
        lock.lock();
        try {
            if (state == State.RUNNING) {
                advanceLocked();
            }
            State now = state;
            if (now != State.RUNNING && scheduled != null) {
                scheduled.cancel(false);
                scheduled = null;
            }
            return now;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Ticks this runbook on {@code scheduler} every {@code period} until it finishes; the scheduled
     * task cancels itself then.
     *
     * @param scheduler the scheduler, owned by the caller
     * @param period the interval between ticks, positive
     */
    public void runOn(ScheduledExecutorService scheduler, Duration period) {
        Objects.requireNonNull(scheduler, "scheduler");
        Arguments.positive("period", period);
        lock.lock();
        try {
            if (scheduled != null) {
                throw new IllegalStateException("runbook " + name + " is already scheduled");
            }
            scheduled = scheduler.scheduleWithFixedDelay(
                    this::tick, period.toNanos(), period.toNanos(), TimeUnit.NANOSECONDS);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Aborts a running runbook and undoes what was done.
     *
     * @param reason why, audited
     * @return the state ({@link State#ABORTED}, or the finished state if it had already finished)
     */
    public State abort(String reason) {
        Arguments.notBlank("reason", reason);
        lock.lock();
        try {
            if (state == State.RUNNING) {
                abortLocked("aborted by " + actor + ": " + reason);
            }
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
     * Returns why the runbook aborted.
     *
     * @return the reason, or empty if it did not abort
     */
    public Optional<String> abortReason() {
        lock.lock();
        try {
            return state == State.ABORTED ? Optional.of(abortReason) : Optional.empty();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Returns every step's state.
     *
     * @return the step reports, in order
     */
    public List<StepReport> steps() {
        lock.lock();
        try {
            List<StepReport> out = new ArrayList<>(steps.size());
            for (int i = 0; i < steps.size(); i++) {
                out.add(new StepReport(
                        steps.get(i).name(),
                        states[i],
                        Optional.ofNullable(startedAt[i]),
                        Optional.ofNullable(finishedAt[i]),
                        details[i]));
            }
            return List.copyOf(out);
        } finally {
            lock.unlock();
        }
    }

    private void advanceLocked() {
        while (state == State.RUNNING) {
            if (current >= steps.size()) {
                state = State.SUCCEEDED;
                record("runbook " + name + " succeeded", Map.of());
                return;
            }
            Step step = steps.get(current);
            if (states[current] == StepReport.State.WAITING) {
                states[current] = StepReport.State.RUNNING;
                startedAt[current] = time.now();
                startNanos[current] = time.nanoTime();
                record("step " + (current + 1) + " '" + step.name() + "' started", Map.of());
            }
            StepStatus status;
            try {
                status = Objects.requireNonNull(step.action().attempt(), "step status");
            } catch (Exception e) {
                finish(StepReport.State.FAILED, e.toString());
                abortLocked("step '" + step.name() + "' failed: " + e);
                return;
            }
            if (status == StepStatus.DONE) {
                finish(StepReport.State.DONE, "");
                current++;
                continue;
            }
            if (time.nanoTime() - startNanos[current] >= step.timeout().toNanos()) {
                finish(StepReport.State.TIMED_OUT, "pending after " + step.timeout());
                abortLocked("step '" + step.name() + "' timed out after " + step.timeout());
            }
            return;
        }
    }

    private void finish(StepReport.State outcome, String detail) {
        states[current] = outcome;
        finishedAt[current] = time.now();
        details[current] = detail;
        Map<String, String> inputs = new LinkedHashMap<>();
        inputs.put(
                "elapsed",
                Duration.ofNanos(time.nanoTime() - startNanos[current]).toString());
        if (!detail.isEmpty()) {
            inputs.put("detail", detail);
        }
        record("step " + (current + 1) + " '" + steps.get(current).name() + "' " + outcome, inputs);
    }

    private void abortLocked(String reason) {
        state = State.ABORTED;
        abortReason = reason;
        record("runbook " + name + " aborting: " + reason, Map.of());
        int last = Math.min(current, steps.size() - 1);
        boolean pastIrreversible = false;
        for (int i = last; i >= 0; i--) {
            Step step = steps.get(i);
            boolean touched = states[i] == StepReport.State.DONE
                    || states[i] == StepReport.State.FAILED
                    || states[i] == StepReport.State.TIMED_OUT
                    || states[i] == StepReport.State.RUNNING;
            if (!touched) {
                continue;
            }
            if (step.irreversible() && states[i] == StepReport.State.DONE) {
                pastIrreversible = true;
                continue;
            }
            if (step.undo() == UndoAction.NONE || (pastIrreversible && !step.undoAlways())) {
                continue;
            }
            try {
                step.undo().undo();
                states[i] = StepReport.State.UNDONE;
                finishedAt[i] = time.now();
                record("step " + (i + 1) + " '" + step.name() + "' undone", Map.of());
            } catch (Exception e) {
                details[i] = "undo failed: " + e;
                record("step " + (i + 1) + " '" + step.name() + "' undo failed: " + e, Map.of());
            }
        }
        if (scheduled != null) {
            scheduled.cancel(false);
            scheduled = null;
        }
    }

    private void record(String reason, Map<String, String> inputs) {
        audit.append(AuditType.STEP, name, actor, reason, epoch.getAsLong(), inputs);
    }

    /** Builds a {@link Runbook}. Not thread-safe. */
    public static final class Builder {
        private final String name;
        private final TimeSource time;
        private final AuditLog audit;
        private final List<Step> steps = new ArrayList<>();
        private String actor = "runbook";
        private LongSupplier epoch = () -> 0L;

        private Builder(String name, TimeSource time, AuditLog audit) {
            this.name = name;
            this.time = time;
            this.audit = audit;
        }

        /**
         * Sets who runs the runbook, for audit records (default {@code "runbook"}).
         *
         * @param actor the actor, not blank
         * @return this builder
         */
        public Builder actor(String actor) {
            this.actor = Arguments.notBlank("actor", actor);
            return this;
        }

        /**
         * Sets where audit records read the fencing epoch from (default 0).
         *
         * @param epoch the epoch supplier, such as {@code controller::epoch}
         * @return this builder
         */
        public Builder epoch(LongSupplier epoch) {
            this.epoch = Objects.requireNonNull(epoch, "epoch");
            return this;
        }

        /**
         * Appends a step.
         *
         * @param step the step
         * @return this builder
         */
        public Builder step(Step step) {
            steps.add(Objects.requireNonNull(step, "step"));
            return this;
        }

        /**
         * Builds the runbook.
         *
         * @return a new runbook
         * @throws IllegalStateException if there are no steps
         */
        public Runbook build() {
            if (steps.isEmpty()) {
                throw new IllegalStateException("a runbook needs at least one step");
            }
            return new Runbook(this);
        }
    }
}
