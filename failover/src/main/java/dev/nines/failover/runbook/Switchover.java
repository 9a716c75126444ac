package dev.nines.failover.runbook;

import dev.nines.core.internal.Arguments;
import dev.nines.core.time.TimeSource;
import dev.nines.failover.Decision;
import dev.nines.failover.FailoverController;
import dev.nines.failover.Lag;
import dev.nines.failover.audit.AuditType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import org.jspecify.annotations.Nullable;

/**
 * A planned switchover from the current primary to a chosen standby, as a {@link Runbook} of nine
 * audited steps, each a user-supplied action:
 *
 * <ol>
 *   <li>lower the DNS TTL (or note that it was {@linkplain #lowerTtlAhead() lowered ahead of time});
 *   <li>wait out the old TTL, counted from when it was lowered, so no client still caches the old
 *       answer for longer than the lowered TTL;
 *   <li>fence the old primary (make it read-only);
 *   <li>wait for the candidate to catch up (its lag, read by the probe and reported to the
 *       controller, is known and within the catch-up limit);
 *   <li>promote through {@link FailoverController#switchover} at the epoch seen at start (gates
 *       apply; a new epoch is issued) &mdash; the point of no return;
 *   <li>repoint clients to the new primary;
 *   <li>wait out the lowered TTL;
 *   <li>drain the old primary;
 *   <li>restore the TTL.
 * </ol>
 *
 * <p>A step that throws or times out aborts: before the promotion, the old primary is made writable
 * again and the TTL restored, and the epoch is unchanged; after it, the promotion stands (roll back
 * with {@link FailoverController#rollback}) and only the TTL is restored.
 *
 * <p>Driven by {@link #tick()} or by a scheduler passed to {@link #runOn}; thread-safe.
 *
 * <pre>{@code
 * Switchover switchover = Switchover.builder(controller, "db-2", time)
 *         .actor("alice").reason("kernel upgrade on db-1")
 *         .ttl(Duration.ofSeconds(300), Duration.ofSeconds(30), dns::setTtl)
 *         .fence(db::setReadOnly, db::setWritable)
 *         .catchUp(() -> db.lag("db-2"), Duration.ofMinutes(2))
 *         .repoint(dns::point)
 *         .drain(() -> pool.idle("db-1") ? StepStatus.DONE : StepStatus.PENDING, Duration.ofMinutes(5))
 *         .build();
 * switchover.lowerTtlAhead();      // the day before
 * switchover.start();              // waits out the old TTL, then switches
 * }</pre>
 */
public final class Switchover {

    /** Sets the DNS TTL of the name clients resolve. */
    @FunctionalInterface
    public interface TtlAction {
        /**
         * Sets the TTL.
         *
         * @param ttl the new TTL
         * @throws Exception if the DNS update failed
         */
        void setTtl(Duration ttl) throws Exception;
    }

    /** An action on one member (fence, unfence, repoint). */
    @FunctionalInterface
    public interface MemberAction {
        /**
         * Acts on the member.
         *
         * @param memberId the member
         * @throws Exception if the action failed
         */
        void apply(String memberId) throws Exception;
    }

    /** Reads a member's replication lag; returns {@link Lag#unknown()} if it cannot be read. */
    @FunctionalInterface
    public interface LagProbe {
        /**
         * Reads the lag.
         *
         * @return the lag
         * @throws Exception if reading failed (counts as unknown)
         */
        Lag read() throws Exception;
    }

    private final FailoverController controller;
    private final String target;
    private final String primary;
    private final TimeSource time;
    private final Builder config;
    private final Runbook runbook;
    private @Nullable Instant loweredAt;
    private @Nullable Instant repointedAt;
    private long plannedEpoch = -1;
    private volatile boolean cancelled;

    private Switchover(Builder builder) {
        this.controller = builder.controller;
        this.target = builder.target;
        this.primary = controller.primary();
        this.time = builder.time;
        this.config = builder;
        this.runbook = Runbook.builder("switchover " + primary + " -> " + target, time, controller.auditLog())
                .actor(builder.actor)
                .epoch(controller::epoch)
                .step(Step.of("lower DNS TTL to " + builder.loweredTtl, this::lowerTtl)
                        .withTimeout(builder.stepTimeout)
                        .withUndo(() -> builder.ttlAction.setTtl(builder.oldTtl))
                        .asUndoAlways())
                .step(Step.of("wait out the old TTL " + builder.oldTtl, this::oldTtlExpired))
                .step(Step.of("fence old primary " + primary, () -> {
                            builder.fence.apply(primary);
                            return StepStatus.DONE;
                        })
                        .withTimeout(builder.stepTimeout)
                        .withUndo(() -> builder.unfence.apply(primary)))
                .step(Step.of("wait for " + target + " to catch up", this::caughtUp)
                        .withTimeout(builder.catchUpTimeout))
                .step(Step.of("promote " + target, this::promote)
                        .withTimeout(builder.stepTimeout)
                        .asIrreversible())
                .step(Step.of("repoint clients to " + target, () -> {
                            builder.repoint.apply(target);
                            repointedAt = time.now();
                            return StepStatus.DONE;
                        })
                        .withTimeout(builder.stepTimeout))
                .step(Step.of("wait out the lowered TTL " + builder.loweredTtl, this::loweredTtlExpired))
                .step(Step.of("drain " + primary, builder.drain).withTimeout(builder.drainTimeout))
                .step(Step.of("restore DNS TTL to " + builder.oldTtl, () -> {
                            builder.ttlAction.setTtl(builder.oldTtl);
                            return StepStatus.DONE;
                        })
                        .withTimeout(builder.stepTimeout))
                .build();
    }

    /**
     * Returns a builder for a switchover from the controller's current primary to {@code target}.
     *
     * @param controller the controller of the group
     * @param target the standby to promote
     * @param time the clock for waits and timeouts
     * @return a new builder
     */
    public static Builder builder(FailoverController controller, String target, TimeSource time) {
        return new Builder(
                Objects.requireNonNull(controller, "controller"),
                Arguments.notBlank("target", target),
                Objects.requireNonNull(time, "time"));
    }

    /**
     * Lowers the TTL now, ahead of the switchover; the old TTL is then waited out from this moment.
     *
     * @throws Exception if the TTL action failed
     * @throws IllegalStateException if the switchover already started
     */
    public void lowerTtlAhead() throws Exception {
        if (runbook.state() != Runbook.State.NOT_STARTED) {
            throw new IllegalStateException(
                    "switchover must be NOT_STARTED to lower the TTL ahead, was " + runbook.state());
        }
        config.ttlAction.setTtl(config.loweredTtl);
        loweredAt = time.now();
        controller
                .auditLog()
                .append(
                        AuditType.STEP,
                        runbook.name(),
                        config.actor,
                        "DNS TTL lowered ahead from " + config.oldTtl + " to " + config.loweredTtl,
                        controller.epoch(),
                        Map.of());
    }

    /**
     * Returns the plan and the controller's dry run, without side effects other than the dry run's
     * audit record.
     *
     * @return the plan
     */
    public SwitchoverPlan dryRun() {
        List<String> steps = new ArrayList<>();
        for (Step step : runbook.plan()) {
            steps.add(step.name());
        }
        return new SwitchoverPlan(target, steps, controller.dryRun(config.actor));
    }

    /**
     * Starts the switchover at the controller's current epoch.
     *
     * @return the runbook state after the first attempts
     * @throws IllegalStateException if already started, or cancelled by {@link #abort(String)} before
     */
    public Runbook.State start() {
        if (cancelled) {
            throw new IllegalStateException("switchover " + runbook.name() + " was cancelled before start");
        }
        plannedEpoch = controller.epoch();
        return runbook.start();
    }

    /**
     * Advances the switchover; see {@link Runbook#tick()}.
     *
     * @return the runbook state
     */
    public Runbook.State tick() {
        return runbook.tick();
    }

    /**
     * Ticks the switchover on a caller-owned scheduler; see {@link Runbook#runOn}.
     *
     * @param scheduler the scheduler
     * @param period the tick interval
     */
    public void runOn(ScheduledExecutorService scheduler, Duration period) {
        runbook.runOn(scheduler, period);
    }

    /**
     * Aborts the switchover; see {@link Runbook#abort(String)}. Before {@link #start()}, restores a TTL
     * that was {@linkplain #lowerTtlAhead() lowered ahead} (the switchover can no longer start).
     *
     * @param reason why
     * @return the runbook state
     * @throws Exception if restoring a TTL lowered ahead failed
     */
    public Runbook.State abort(String reason) throws Exception {
        Arguments.notBlank("reason", reason);
        if (runbook.state() == Runbook.State.NOT_STARTED) {
            if (loweredAt != null) {
                config.ttlAction.setTtl(config.oldTtl);
                loweredAt = null;
                controller
                        .auditLog()
                        .append(
                                AuditType.STEP,
                                runbook.name(),
                                config.actor,
                                "cancelled before start (" + reason + "); DNS TTL restored to " + config.oldTtl,
                                controller.epoch(),
                                Map.of());
            }
            cancelled = true;
            return runbook.state();
        }
        return runbook.abort(reason);
    }

    /**
     * Returns the member this switchover promotes.
     *
     * @return the target member id
     */
    public String target() {
        return target;
    }

    /**
     * Returns the primary this switchover replaces (the controller's primary when it was built).
     *
     * @return the old primary's member id
     */
    public String primary() {
        return primary;
    }

    /**
     * Returns who runs this switchover (the actor in its audit records).
     *
     * @return the actor
     */
    public String actor() {
        return config.actor;
    }

    /**
     * Returns the controller this switchover drives.
     *
     * @return the controller
     */
    public FailoverController controller() {
        return controller;
    }

    /**
     * Returns the underlying runbook (state, step reports, abort reason).
     *
     * @return the runbook
     */
    public Runbook runbook() {
        return runbook;
    }

    private StepStatus lowerTtl() throws Exception {
        if (loweredAt == null) {
            config.ttlAction.setTtl(config.loweredTtl);
            loweredAt = time.now();
        }
        return StepStatus.DONE;
    }

    private StepStatus oldTtlExpired() {
        return time.now()
                        .isBefore(Objects.requireNonNull(loweredAt, "loweredAt").plus(config.oldTtl))
                ? StepStatus.PENDING
                : StepStatus.DONE;
    }

    private StepStatus caughtUp() {
        Lag lag;
        try {
            lag = Objects.requireNonNull(config.lagProbe.read(), "lag");
        } catch (Exception e) {
            lag = Lag.unknown();
        }
        controller.reportLag(target, lag, time.now());
        return lag.isKnown() && lag.amount() <= config.catchUpLimit ? StepStatus.DONE : StepStatus.PENDING;
    }

    private StepStatus promote() {
        Decision decision = controller.switchover(config.actor, target, plannedEpoch, config.reason);
        if (!(decision instanceof Decision.Promoted)) {
            throw new IllegalStateException("promotion refused: " + decision);
        }
        return StepStatus.DONE;
    }

    private StepStatus loweredTtlExpired() {
        return time.now()
                        .isBefore(Objects.requireNonNull(repointedAt, "repointedAt")
                                .plus(config.loweredTtl))
                ? StepStatus.PENDING
                : StepStatus.DONE;
    }

    /** Builds a {@link Switchover}; every action is required. Not thread-safe. */
    public static final class Builder {
        private final FailoverController controller;
        private final String target;
        private final TimeSource time;
        private String actor = "switchover";
        private String reason = "planned switchover";
        private Duration oldTtl;
        private Duration loweredTtl;
        private TtlAction ttlAction;
        private MemberAction fence;
        private MemberAction unfence;
        private LagProbe lagProbe;
        private long catchUpLimit;
        private Duration catchUpTimeout;
        private MemberAction repoint;
        private StepAction drain;
        private Duration drainTimeout;
        private Duration stepTimeout = Duration.ofMinutes(1);

        // The actions, TTLs and timeouts are set by the builder's methods; build() checks the actions.
        @SuppressWarnings("NullAway.Init")
        private Builder(FailoverController controller, String target, TimeSource time) {
            this.controller = controller;
            this.target = target;
            this.time = time;
        }

        /**
         * Sets who runs the switchover (default {@code "switchover"}).
         *
         * @param actor the actor
         * @return this builder
         */
        public Builder actor(String actor) {
            this.actor = Arguments.notBlank("actor", actor);
            return this;
        }

        /**
         * Sets why (default {@code "planned switchover"}).
         *
         * @param reason the reason
         * @return this builder
         */
        public Builder reason(String reason) {
            this.reason = Arguments.notBlank("reason", reason);
            return this;
        }

        /**
         * Sets the DNS TTLs and how to set them.
         *
         * @param oldTtl the TTL in force now, restored at the end or on abort
         * @param loweredTtl the TTL during the switchover, positive and not above {@code oldTtl}
         * @param ttlAction sets the TTL
         * @return this builder
         */
        public Builder ttl(Duration oldTtl, Duration loweredTtl, TtlAction ttlAction) {
            this.oldTtl = Arguments.positive("oldTtl", oldTtl);
            this.loweredTtl = Arguments.positive("loweredTtl", loweredTtl);
            if (loweredTtl.compareTo(oldTtl) > 0) {
                throw new IllegalArgumentException(
                        "loweredTtl must not exceed oldTtl " + oldTtl + ", was " + loweredTtl);
            }
            this.ttlAction = Objects.requireNonNull(ttlAction, "ttlAction");
            return this;
        }

        /**
         * Sets how to fence the old primary and how to make it writable again on abort.
         *
         * @param fence makes the old primary read-only
         * @param unfence makes it writable again
         * @return this builder
         */
        public Builder fence(MemberAction fence, MemberAction unfence) {
            this.fence = Objects.requireNonNull(fence, "fence");
            this.unfence = Objects.requireNonNull(unfence, "unfence");
            return this;
        }

        /**
         * Sets how to read the candidate's lag, which must be known and 0 to proceed.
         *
         * @param lagProbe reads the candidate's lag
         * @param timeout how long to wait for the catch-up
         * @return this builder
         */
        public Builder catchUp(LagProbe lagProbe, Duration timeout) {
            return catchUp(lagProbe, 0, timeout);
        }

        /**
         * Sets how to read the candidate's lag and the largest lag (bytes or nanoseconds, in the
         * probe's unit) at which it counts as caught up.
         *
         * @param lagProbe reads the candidate's lag
         * @param limit the largest acceptable lag amount, at least 0
         * @param timeout how long to wait for the catch-up
         * @return this builder
         */
        public Builder catchUp(LagProbe lagProbe, long limit, Duration timeout) {
            this.lagProbe = Objects.requireNonNull(lagProbe, "lagProbe");
            this.catchUpLimit = Arguments.atLeast("limit", limit, 0L);
            this.catchUpTimeout = Arguments.positive("timeout", timeout);
            return this;
        }

        /**
         * Sets how to repoint clients to the new primary.
         *
         * @param repoint repoints clients to the given member
         * @return this builder
         */
        public Builder repoint(MemberAction repoint) {
            this.repoint = Objects.requireNonNull(repoint, "repoint");
            return this;
        }

        /**
         * Sets how to drain the old primary (attempted until it returns DONE).
         *
         * @param drain the drain step action
         * @param timeout how long draining may take
         * @return this builder
         */
        public Builder drain(StepAction drain, Duration timeout) {
            this.drain = Objects.requireNonNull(drain, "drain");
            this.drainTimeout = Arguments.positive("timeout", timeout);
            return this;
        }

        /**
         * Sets the timeout of the one-shot steps (TTL, fence, promote, repoint); default 1 minute.
         *
         * @param stepTimeout positive
         * @return this builder
         */
        public Builder stepTimeout(Duration stepTimeout) {
            this.stepTimeout = Arguments.positive("stepTimeout", stepTimeout);
            return this;
        }

        /**
         * Builds the switchover.
         *
         * @return a new switchover
         * @throws IllegalStateException if an action is missing or the target is the primary
         */
        public Switchover build() {
            if (ttlAction == null || fence == null || lagProbe == null || repoint == null || drain == null) {
                throw new IllegalStateException("ttl, fence, catchUp, repoint and drain must all be set");
            }
            if (target.equals(controller.primary())) {
                throw new IllegalStateException("target must not be the current primary, was " + target);
            }
            controller.member(target);
            return new Switchover(this);
        }
    }
}
