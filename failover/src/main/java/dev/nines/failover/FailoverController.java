package dev.nines.failover;

import dev.nines.core.circuitbreaker.CircuitBreaker;
import dev.nines.core.circuitbreaker.CircuitBreakerEvent;
import dev.nines.core.event.EventListeners;
import dev.nines.core.health.HealthResult;
import dev.nines.core.health.Hysteresis;
import dev.nines.core.internal.Arguments;
import dev.nines.core.time.TimeSource;
import dev.nines.failover.audit.AuditLog;
import dev.nines.failover.audit.AuditType;
import dev.nines.failover.fence.Fence;
import dev.nines.failover.fence.FencingEpoch;
import dev.nines.failover.lease.ControllerRecord;
import dev.nines.failover.lease.ControllerStateStore;
import dev.nines.failover.lease.LeadershipLease;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A failover controller for one group of members (a primary and its standbys): it turns health
 * results and replication-lag reports into gated promotion decisions, issues a new fencing epoch for
 * every promotion, and audits every decision before telling listeners.
 *
 * <p><b>Signals.</b> Health results pass through the health module's {@link Hysteresis}
 * ({@code failureThreshold} consecutive failures make a member unhealthy, {@code successThreshold}
 * consecutive successes healthy). A result or lag report that started before the last accepted one
 * for the same member arrived out of order and is discarded. A lag that could not be read is
 * {@link Lag#unknown()} and fails the {@link Gate#LAG} gate.
 *
 * <p><b>Decisions.</b> When the primary's verdict turns unhealthy, every standby is checked against
 * the {@link Gate}s; among those that pass, the least lag wins, then the highest priority, then the
 * smallest id. When none passes the controller is {@link ControllerState#BLOCKED}: the decision lists
 * every candidate's failed gates, is audited once per distinct set of reasons, and a
 * {@link FailoverEvent.FailoverBlocked} alert is published; a later lag or health report that lets a
 * candidate pass promotes it. For the anti-flapping window after a promotion, automatic failover is
 * blocked unless {@linkplain #acknowledge(String, String) acknowledged}; a member that recovered is
 * not promoted until it has been healthy for the recovery grace period.
 *
 * <p><b>Fencing.</b> Every promotion advances the {@link FencingEpoch} by compare-and-set from the
 * epoch the request was based on: of concurrent requests made at the same epoch exactly one wins,
 * the others are rejected as stale. Registered {@link Fence}s are advanced to the new epoch; the old
 * primary becomes {@link Role#FENCED} until it {@linkplain #rejoin(String, String) rejoins} as a
 * standby.
 *
 * <p><b>Triggers and leadership.</b> Besides health, a circuit breaker in front of the primary can
 * request a failover ({@link #triggerOn(CircuitBreaker)}), as can operators
 * ({@link #requestFailover}, or {@link #forceFailover} past the gates). When several instances run
 * the same controller, give each the {@linkplain Builder#leadership leadership} of a
 * {@link dev.nines.failover.lease.LeadershipLease}: only the leader promotes.
 *
 * <p><b>Durable state.</b> With {@link Builder#durableState}, the primary, the epoch, the fenced
 * members, the recent transitions and the acknowledgement live in a
 * {@link dev.nines.failover.lease.ControllerStateStore}. An instance that starts a new leadership
 * tenure loads them before it acts (a fenced old primary stays fenced until it rejoins, the
 * anti-flapping window keeps counting from the recorded promotion, with
 * {@link FailoverConfig#clockSkewAllowance()} for the replicas' clocks), and every promotion first
 * reserves its epoch by writing the new primary under the current lease by compare-and-set: a leader
 * whose lease ended, or whose view is stale, cannot promote, so two leaders in sequence never
 * promote under the same epoch.
 *
 * <p>Thread-safe. Decisions are serialised by a {@link ReentrantLock}; the user's
 * {@link FailoverActions} run inside it. Events are published after the lock is released, in
 * decision order per thread; a listener that throws is logged and never stops a transition.
 *
 * <pre>{@code
 * FailoverController controller = FailoverController.builder("orders-db", time)
 *         .config(FailoverConfig.builder().failureThreshold(3).successThreshold(2).rpoLimitBytes(1 << 20).build())
 *         .primary(Member.of("db-1"))
 *         .standby(Member.of("db-2").withPriority(10))
 *         .standby(Member.of("db-3"))
 *         .actions((member, epoch) -> dns.point("orders-db", member))
 *         .build();
 * controller.reportLag("db-2", Lag.bytes(4096), startedAt);
 * controller.reportHealth("db-1", HealthResult.down("timeout"), startedAt);
 * }</pre>
 */
public final class FailoverController {

    private static final Logger LOG = LoggerFactory.getLogger(FailoverController.class);
    private static final String CONTROLLER_ACTOR = "controller";

    private final String name;
    private final FailoverConfig config;
    private final TimeSource time;
    private final AuditLog audit;
    private final FencingEpoch epoch;
    private final Membership membership;
    private final Gates gates;
    private final Leadership leadership;
    private final Promotion promotion;
    private final EventListeners<FailoverEvent> listeners;
    private final ReentrantLock lock = new ReentrantLock();

    private ControllerState state = ControllerState.STEADY;
    private @Nullable String blockedSignature;

    private FailoverController(Builder builder) {
        this.name = builder.name;
        this.config = builder.config;
        this.time = builder.time;
        this.audit = builder.audit != null ? builder.audit : AuditLog.create(builder.time);
        this.epoch = FencingEpoch.startingAt(builder.initialEpoch);
        this.membership =
                new Membership(name, builder.members, Objects.requireNonNull(builder.primary, "primary"), config);
        this.gates = new Gates(config, time);
        this.listeners = EventListeners.create("failover controller '" + name + "'");
        DurableState durable = builder.stateStore == null || builder.stateLease == null
                ? null
                : new DurableState(name, builder.stateStore, builder.stateLease);
        this.leadership = new Leadership(
                name,
                builder.leadership,
                durable,
                () -> ControllerRecord.initial(membership.primary().member.id(), epoch.current()),
                this::resumeLocked);
        this.promotion = new Promotion(
                name, config, time, builder.actions, audit, epoch, listeners, membership, gates, leadership);
    }

    /**
     * Returns a builder for a controller.
     *
     * @param name the controller name, used in audit records, events and metrics
     * @param time the clock for hysteresis windows, audit times and anti-flapping
     * @return a new builder
     */
    public static Builder builder(String name, TimeSource time) {
        return new Builder(Arguments.notBlank("name", name), Objects.requireNonNull(time, "time"));
    }

    /**
     * Returns the controller name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * Returns the configuration.
     *
     * @return the configuration
     */
    public FailoverConfig config() {
        return config;
    }

    /**
     * Returns the audit log every decision is written to.
     *
     * @return the audit log
     */
    public AuditLog auditLog() {
        return audit;
    }

    /**
     * Returns the current fencing epoch.
     *
     * @return the epoch of the latest promotion (or the initial epoch)
     */
    public long epoch() {
        return epoch.current();
    }

    /**
     * Returns the id of the current primary.
     *
     * @return the primary's id
     */
    public String primary() {
        lock.lock();
        try {
            return membership.primary().member.id();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Returns the id of the primary replaced by the latest promotion, if any.
     *
     * @return the previous primary, or empty before the first promotion
     */
    public Optional<String> previousPrimary() {
        lock.lock();
        try {
            return Optional.ofNullable(membership.previousPrimary());
        } finally {
            lock.unlock();
        }
    }

    /**
     * Returns the controller state.
     *
     * @return {@link ControllerState#BLOCKED} while a needed promotion is held back
     */
    public ControllerState state() {
        lock.lock();
        try {
            return state;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Returns a snapshot of every member, in configuration order.
     *
     * @return the members
     */
    public List<MemberStatus> members() {
        lock.lock();
        try {
            return membership.statuses();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Returns a snapshot of one member.
     *
     * @param memberId the member id
     * @return the member's status
     * @throws IllegalArgumentException if there is no such member
     */
    public MemberStatus member(String memberId) {
        lock.lock();
        try {
            return membership.require(memberId).status();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Registers a fence and advances it to the current epoch; every later promotion advances it.
     *
     * @param fence the fence
     * @return this controller
     */
    public FailoverController addFence(Fence fence) {
        Objects.requireNonNull(fence, "fence");
        lock.lock();
        try {
            promotion.addFence(fence);
        } finally {
            lock.unlock();
        }
        return this;
    }

    /**
     * Registers a listener for this controller's events.
     *
     * @param listener the listener
     * @return a registration that removes the listener when closed
     */
    public EventListeners.Registration onEvent(Consumer<? super FailoverEvent> listener) {
        return listeners.register(listener);
    }

    /**
     * Requests a failover ({@link Trigger#BREAKER}, at the current epoch) whenever {@code breaker}, a
     * circuit breaker in front of the primary, transitions to {@code OPEN}. The request runs on the
     * thread that recorded the call that opened the breaker, and is subject to the gates and the
     * anti-flapping window like any automatic request.
     *
     * @param breaker the primary's circuit breaker
     * @return a registration that stops the trigger when closed
     */
    public EventListeners.Registration triggerOn(CircuitBreaker breaker) {
        Objects.requireNonNull(breaker, "breaker");
        String actor = "breaker " + breaker.name();
        return breaker.onEvent(event -> {
            if (event instanceof CircuitBreakerEvent.StateTransition transition
                    && transition.to() == CircuitBreaker.State.OPEN) {
                requestFailover(Trigger.BREAKER, actor, epoch(), "circuit breaker " + breaker.name() + " opened");
            }
        });
    }

    /**
     * Reports a health result whose check started at {@link HealthResult#checkedAt()}.
     *
     * @param memberId the member checked
     * @param result the raw result
     * @return the decision it led to
     * @throws IllegalArgumentException if there is no such member
     */
    public Decision reportHealth(String memberId, HealthResult result) {
        Objects.requireNonNull(result, "result");
        return reportHealth(memberId, result, result.checkedAt());
    }

    /**
     * Reports a health result of a check that started at {@code startedAt}. A result that started
     * before the last accepted result of the same member is discarded.
     *
     * @param memberId the member checked
     * @param result the raw result (before hysteresis)
     * @param startedAt when the check started
     * @return the decision it led to ({@link Decision.NoAction} when discarded or nothing to do)
     * @throws IllegalArgumentException if there is no such member
     */
    public Decision reportHealth(String memberId, HealthResult result, Instant startedAt) {
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(startedAt, "startedAt");
        return decide(events -> {
            MemberState member = membership.require(memberId);
            Instant lastAccepted = member.lastHealthStart;
            if (!member.offerHealth(result, startedAt, time)) {
                return new Decision.NoAction("result of " + memberId + " started at " + startedAt
                        + " is older than the last accepted one (" + lastAccepted + "); discarded");
            }
            return evaluateLocked(events);
        });
    }

    /**
     * Reports the replication lag of a member measured at {@code measuredAt}. A report measured
     * before the last accepted one of the same member is discarded. Report {@link Lag#unknown()}
     * when the lag could not be read.
     *
     * @param memberId the member
     * @param lag the lag
     * @param measuredAt when it was measured
     * @return the decision it led to (a blocked failover may now proceed)
     * @throws IllegalArgumentException if there is no such member
     */
    public Decision reportLag(String memberId, Lag lag, Instant measuredAt) {
        Objects.requireNonNull(lag, "lag");
        Objects.requireNonNull(measuredAt, "measuredAt");
        return decide(events -> {
            MemberState member = membership.require(memberId);
            Instant lastAccepted = member.lastLagAt;
            if (!member.offerLag(lag, measuredAt)) {
                return new Decision.NoAction("lag of " + memberId + " measured at " + measuredAt
                        + " is older than the last accepted one (" + lastAccepted + "); discarded");
            }
            return evaluateLocked(events);
        });
    }

    /**
     * Asks for a failover based on {@code expectedEpoch}; the gates apply. Of concurrent requests made
     * at the same epoch exactly one can win; the others are rejected as stale. A
     * {@link Trigger#BREAKER} or {@link Trigger#HEALTH} request is automatic and respects the
     * anti-flapping window; an {@link Trigger#OPERATOR} request does not.
     *
     * @param trigger {@link Trigger#HEALTH}, {@link Trigger#BREAKER} or {@link Trigger#OPERATOR}
     * @param actor who asks
     * @param expectedEpoch the epoch the requester saw
     * @param reason why, not blank
     * @return the decision
     * @throws IllegalArgumentException if {@code trigger} is not one of the three above
     */
    public Decision requestFailover(Trigger trigger, String actor, long expectedEpoch, String reason) {
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(reason, "reason");
        if (trigger != Trigger.HEALTH && trigger != Trigger.BREAKER && trigger != Trigger.OPERATOR) {
            throw new IllegalArgumentException("trigger must be HEALTH, BREAKER or OPERATOR, was " + trigger);
        }
        return decide(events -> {
            if (reason.isBlank()) {
                return rejectLocked(actor, "a failover request needs a reason", events);
            }
            return attemptLocked(trigger, actor, expectedEpoch, reason, trigger != Trigger.OPERATOR, events);
        });
    }

    /**
     * Forces a promotion of {@code targetId} past the health, lag, sync, tag, grace and
     * anti-flapping gates (an operator override). It needs a reason; the audit record names the actor
     * and the estimated data loss (the target's lag, possibly unknown). A fenced member or the
     * primary itself cannot be the target.
     *
     * @param actor the operator
     * @param targetId the member to promote
     * @param reason why; a blank reason is rejected (and audited)
     * @return the decision
     */
    public Decision forceFailover(String actor, String targetId, String reason) {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(targetId, "targetId");
        Objects.requireNonNull(reason, "reason");
        return decide(events -> {
            MemberState target = membership.find(targetId);
            if (actor.isBlank()) {
                return rejectLocked("(blank)", "a forced failover must name its actor", events);
            } else if (reason.isBlank()) {
                return rejectLocked(actor, "a forced failover needs a reason", events);
            } else if (target == null) {
                return rejectLocked(actor, "no member " + targetId, events);
            } else if (target == membership.primary()) {
                return rejectLocked(actor, targetId + " is already the primary", events);
            } else if (target.role == Role.FENCED) {
                return rejectLocked(actor, targetId + " is fenced; it must rejoin as a standby first", events);
            }
            return promoteLocked(
                    target,
                    Trigger.FORCED,
                    AuditType.OVERRIDE,
                    actor,
                    reason,
                    epoch.current(),
                    membership.primary().failingSince,
                    events);
        });
    }

    /**
     * Promotes {@code targetId} as the promotion step of a planned switchover: the gates apply, the
     * anti-flapping window does not.
     *
     * @param actor who runs the switchover
     * @param targetId the member to promote
     * @param expectedEpoch the epoch the switchover was planned at
     * @param reason why
     * @return the decision
     */
    public Decision switchover(String actor, String targetId, long expectedEpoch, String reason) {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(targetId, "targetId");
        Objects.requireNonNull(reason, "reason");
        return decide(events -> {
            MemberState target = membership.find(targetId);
            if (expectedEpoch != epoch.current()) {
                return rejectLocked(actor, Promotion.staleMessage(expectedEpoch, epoch.current()), events);
            } else if (target == null || target == membership.primary()) {
                return rejectLocked(
                        actor, target == null ? "no member " + targetId : targetId + " is already the primary", events);
            }
            CandidateReport report = gates.check(target, false);
            if (!report.eligible()) {
                return rejectLocked(actor, "switchover target " + targetId + " failed " + report.failures(), events);
            }
            return promoteLocked(
                    target, Trigger.SWITCHOVER, AuditType.FAILOVER, actor, reason, expectedEpoch, null, events);
        });
    }

    /**
     * Promotes the previous primary again with a new epoch (a rollback), if it passes the gates other
     * than {@link Gate#NOT_FENCED} (it was fenced by the promotion being rolled back). The current
     * primary becomes fenced. When the previous primary is not eligible, or there is none, the
     * rollback is blocked: audited as {@link AuditType#ROLLBACK_BLOCKED} with a
     * {@link FailoverEvent.RollbackBlocked} alert.
     *
     * @param actor who or what rolls back
     * @param reason the rule that fired
     * @return {@link Decision.Promoted} or {@link Decision.Blocked}
     */
    public Decision rollback(String actor, String reason) {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(reason, "reason");
        return decide(events -> {
            String previous = membership.previousPrimary();
            MemberState target = previous == null ? null : membership.find(previous);
            CandidateReport report = target == null ? null : gates.check(target, true);
            if (target != null && report != null && report.eligible()) {
                return promoteLocked(
                        target, Trigger.ROLLBACK, AuditType.ROLLBACK, actor, reason, epoch.current(), null, events);
            }
            String why = report == null
                    ? "rollback needed (" + reason + ") but there is no previous primary"
                    : "rollback needed (" + reason + ") but " + report.memberId() + " is not eligible: "
                            + report.failures();
            Map<String, String> inputs = membership.inputs(epoch.current());
            if (report != null) {
                inputs.put("gates." + report.memberId(), report.gates().toString());
            }
            audit.append(AuditType.ROLLBACK_BLOCKED, name, actor, why, epoch.current(), inputs);
            if (listeners.hasListeners()) {
                events.add(new FailoverEvent.RollbackBlocked(name, time.now(), why));
            }
            return new Decision.Blocked(why, report == null ? List.of() : List.of(report));
        });
    }

    /**
     * Acknowledges the latest failover, lifting the anti-flapping window so that automatic failover
     * may happen again at once.
     *
     * @param actor the operator
     * @param reason why
     * @throws IllegalStateException with {@linkplain Builder#durableState durable state}, if this
     *     instance does not lead or the acknowledgement could not be recorded
     */
    public void acknowledge(String actor, String reason) {
        Arguments.notBlank("actor", actor);
        Arguments.notBlank("reason", reason);
        List<FailoverEvent> events = new ArrayList<>(2);
        lock.lock();
        try {
            if (leadership.isDurable()) {
                leadership.record(ControllerRecord::acknowledge, "the acknowledgement");
            }
            promotion.acknowledge();
            audit.append(
                    AuditType.ACKNOWLEDGED, name, actor, reason, epoch.current(), membership.inputs(epoch.current()));
            evaluateLocked(events);
        } finally {
            lock.unlock();
        }
        publish(events);
    }

    /**
     * Lets a fenced member rejoin as a standby (after it has been re-synchronised from the new
     * primary). Its lag is unknown until reported again.
     *
     * @param memberId the fenced member
     * @param actor who rejoins it
     * @throws IllegalArgumentException if there is no such member
     * @throws IllegalStateException if the member is not fenced; with
     *     {@linkplain Builder#durableState durable state}, also if this instance does not lead or the
     *     rejoin could not be recorded
     */
    public void rejoin(String memberId, String actor) {
        Arguments.notBlank("actor", actor);
        lock.lock();
        try {
            leadership.resumeIfLeading();
            MemberState member = membership.require(memberId);
            if (member.role != Role.FENCED) {
                throw new IllegalStateException(memberId + " must be FENCED to rejoin, was " + member.role);
            }
            if (leadership.isDurable()) {
                leadership.record(record -> record.rejoin(memberId), "that " + memberId + " rejoined");
            }
            member.rejoin();
            audit.append(
                    AuditType.REJOINED,
                    name,
                    actor,
                    memberId + " rejoined as a standby",
                    epoch.current(),
                    membership.inputs(epoch.current()));
        } finally {
            lock.unlock();
        }
    }

    /**
     * Computes what a failover would do now without doing it: the candidate that would be promoted,
     * every candidate's gate results and the steps. Nothing changes except one
     * {@link AuditType#DRY_RUN} audit record.
     *
     * @param actor who asks
     * @return the report
     */
    public DryRunReport dryRun(String actor) {
        Objects.requireNonNull(actor, "actor");
        lock.lock();
        try {
            leadership.resumeIfLeading();
            List<CandidateReport> reports = gates.rank(membership);
            Optional<String> winner = reports.isEmpty() || !reports.get(0).eligible()
                    ? Optional.empty()
                    : Optional.of(reports.get(0).memberId());
            List<String> plan = promotion.plan(winner);
            Map<String, String> inputs = membership.inputs(epoch.current());
            for (CandidateReport report : reports) {
                inputs.put("gates." + report.memberId(), report.gates().toString());
            }
            audit.append(
                    AuditType.DRY_RUN,
                    name,
                    actor,
                    winner.map(w -> "would promote " + w).orElse("would block"),
                    epoch.current(),
                    inputs);
            return new DryRunReport(membership.primary().member.id(), epoch.current(), winner, reports, plan);
        } finally {
            lock.unlock();
        }
    }

    /** Applies a loaded record: the durable state wins over whatever this instance saw as a follower. */
    private void resumeLocked(ControllerRecord record) {
        membership.restore(record);
        epoch.raiseTo(record.epoch());
        promotion.restore(record);
        state = ControllerState.STEADY;
        blockedSignature = null;
        promotion.advanceFences();
        LOG.info(
                "Controller {} resumed from its durable state: primary {}, epoch {}, fenced {}",
                name,
                record.primary(),
                record.epoch(),
                record.fenced());
    }

    private Decision evaluateLocked(List<FailoverEvent> events) {
        MemberState primary = membership.primary();
        if (primary.verdict == null || primary.healthy()) {
            if (state == ControllerState.BLOCKED) {
                state = ControllerState.STEADY;
                blockedSignature = null;
            }
            return new Decision.NoAction("primary " + primary.member.id() + " is "
                    + (primary.verdict == null ? "without a verdict" : primary.verdict.status()));
        }
        if (!leadership.leads()) {
            return new Decision.NoAction("primary " + primary.member.id() + " is " + primary.verdict.status()
                    + ", but this instance is not the leader; signals recorded");
        }
        return attemptLocked(
                Trigger.HEALTH,
                CONTROLLER_ACTOR,
                epoch.current(),
                "primary " + primary.member.id() + " is " + primary.verdict.status(),
                true,
                events);
    }

    private Decision attemptLocked(
            Trigger trigger,
            String actor,
            long expectedEpoch,
            String reason,
            boolean automatic,
            List<FailoverEvent> events) {
        if (expectedEpoch != epoch.current()) {
            return rejectLocked(actor, Promotion.staleMessage(expectedEpoch, epoch.current()), events);
        }
        List<CandidateReport> reports = gates.rank(membership);
        if (automatic && promotion.inAntiFlappingWindow()) {
            return blockLocked(
                    reason + "; automatic failover blocked by the anti-flapping window for another "
                            + promotion.antiFlappingLeft() + " unless acknowledged",
                    "antiflap",
                    actor,
                    reports,
                    events);
        }
        if (reports.isEmpty() || !reports.get(0).eligible()) {
            StringBuilder why = new StringBuilder(reason).append("; no candidate passes the gates:");
            for (CandidateReport report : reports) {
                why.append(' ').append(report.memberId()).append(' ').append(report.failures());
            }
            StringBuilder signature = new StringBuilder("gates");
            for (CandidateReport report : reports) {
                signature.append(' ').append(report.memberId());
                for (GateResult failure : report.failures()) {
                    signature.append(':').append(failure.gate());
                }
            }
            return blockLocked(why.toString(), signature.toString(), actor, reports, events);
        }
        MemberState winner = membership.require(reports.get(0).memberId());
        return promoteLocked(
                winner,
                trigger,
                AuditType.FAILOVER,
                actor,
                reason,
                expectedEpoch,
                trigger == Trigger.HEALTH ? membership.primary().failingSince : null,
                events);
    }

    private Decision blockLocked(
            String why, String signature, String actor, List<CandidateReport> reports, List<FailoverEvent> events) {
        state = ControllerState.BLOCKED;
        if (!signature.equals(blockedSignature)) {
            blockedSignature = signature;
            Map<String, String> inputs = membership.inputs(epoch.current());
            for (CandidateReport report : reports) {
                inputs.put("gates." + report.memberId(), report.gates().toString());
            }
            audit.append(AuditType.BLOCKED, name, actor, why, epoch.current(), inputs);
            if (listeners.hasListeners()) {
                events.add(new FailoverEvent.FailoverBlocked(name, time.now(), why, reports));
            }
        }
        return new Decision.Blocked(why, reports);
    }

    private Decision rejectLocked(String actor, String why, List<FailoverEvent> events) {
        audit.append(AuditType.REJECTED, name, actor, why, epoch.current(), membership.inputs(epoch.current()));
        if (listeners.hasListeners()) {
            events.add(new FailoverEvent.RequestRejected(name, time.now(), actor, why));
        }
        return new Decision.Rejected(why);
    }

    /** Promotes through {@link Promotion}; a promotion ends a blocked state. */
    private Decision promoteLocked(
            MemberState target,
            Trigger trigger,
            AuditType type,
            String actor,
            String reason,
            long expectedEpoch,
            @Nullable Instant failingSince,
            List<FailoverEvent> events) {
        Decision decision = promotion.promote(
                target,
                trigger,
                type,
                actor,
                reason,
                expectedEpoch,
                failingSince,
                events,
                why -> rejectLocked(actor, why, events));
        if (decision instanceof Decision.Promoted) {
            state = ControllerState.STEADY;
            blockedSignature = null;
        }
        return decision;
    }

    /** Runs {@code body} under the controller's lock, then tells listeners the events it raised. */
    private Decision decide(Function<List<FailoverEvent>, Decision> body) {
        List<FailoverEvent> events = new ArrayList<>(2);
        Decision decision;
        lock.lock();
        try {
            leadership.resumeIfLeading();
            decision = body.apply(events);
        } finally {
            lock.unlock();
        }
        publish(events);
        return decision;
    }

    private void publish(List<FailoverEvent> events) {
        for (FailoverEvent event : events) {
            listeners.publish(event);
        }
    }

    @Override
    public String toString() {
        return "FailoverController[" + name + ", epoch=" + epoch.current() + "]";
    }

    /** Builds a {@link FailoverController}. Not thread-safe. */
    public static final class Builder {
        private final String name;
        private final TimeSource time;
        private FailoverConfig config = FailoverConfig.ofDefaults();
        private final List<Member> members = new ArrayList<>();
        private @Nullable Member primary;
        private long initialEpoch;
        private FailoverActions actions = FailoverActions.NONE;
        private @Nullable AuditLog audit;
        private BooleanSupplier leadership = () -> true;
        private @Nullable ControllerStateStore stateStore;
        private @Nullable LeadershipLease stateLease;

        private Builder(String name, TimeSource time) {
            this.name = name;
            this.time = time;
        }

        /**
         * Sets the configuration (default {@link FailoverConfig#ofDefaults()}).
         *
         * @param config the configuration
         * @return this builder
         */
        public Builder config(FailoverConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /**
         * Sets the current primary.
         *
         * @param member the primary
         * @return this builder
         * @throws IllegalStateException if a primary was already set
         */
        public Builder primary(Member member) {
            Objects.requireNonNull(member, "member");
            if (primary != null) {
                throw new IllegalStateException("primary already set to " + primary.id() + ", was " + member.id());
            }
            primary = member;
            members.add(member);
            return this;
        }

        /**
         * Adds a standby.
         *
         * @param member the standby
         * @return this builder
         */
        public Builder standby(Member member) {
            members.add(Objects.requireNonNull(member, "member"));
            return this;
        }

        /**
         * Sets the current epoch (default 0); restore it from durable storage after a restart.
         *
         * @param initialEpoch at least 0
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder initialEpoch(long initialEpoch) {
            this.initialEpoch = Arguments.atLeast("initialEpoch", initialEpoch, 0L);
            return this;
        }

        /**
         * Sets the promotion and fencing side effects (default {@link FailoverActions#NONE}).
         *
         * @param actions the actions
         * @return this builder
         */
        public Builder actions(FailoverActions actions) {
            this.actions = Objects.requireNonNull(actions, "actions");
            return this;
        }

        /**
         * Sets the audit log (default a new in-memory {@link AuditLog} on the controller's clock).
         *
         * @param audit the audit log
         * @return this builder
         */
        public Builder auditLog(AuditLog audit) {
            this.audit = Objects.requireNonNull(audit, "audit");
            return this;
        }

        /**
         * Makes promotions depend on leadership (default: always the leader). A controller that is not
         * the leader records signals and answers dry runs, but promotes nothing: automatic decisions
         * become {@link Decision.NoAction}, requests are rejected (and audited).
         *
         * @param leadership whether this instance leads now, such as
         *     {@code dev.nines.failover.lease.LeadershipLease::isLeader}
         * @return this builder
         */
        public Builder leadership(BooleanSupplier leadership) {
            this.leadership = Objects.requireNonNull(leadership, "leadership");
            return this;
        }

        /**
         * Keeps the controller's state in {@code store} and makes promotions depend on {@code lease}
         * (this replaces {@link #leadership}). Only the leader writes: an instance that starts a new
         * tenure loads the stored state before it acts, and every promotion, rejoin and
         * acknowledgement is written by compare-and-set under the current lease first. A follower's
         * view ({@link #primary()}, {@link #epoch()}, {@link #members()}) is what it was configured
         * with or last loaded; {@link #rejoin} and {@link #acknowledge} on a follower throw
         * {@link IllegalStateException}. The configured primary and initial epoch are written only
         * when the store holds nothing for this controller's name yet.
         *
         * @param store the state store, of the same engine as the lease's store
         * @param lease this instance's leadership lease
         * @return this builder
         */
        public Builder durableState(ControllerStateStore store, LeadershipLease lease) {
            this.stateStore = Objects.requireNonNull(store, "store");
            this.stateLease = Objects.requireNonNull(lease, "lease");
            this.leadership = lease::isLeader;
            return this;
        }

        /**
         * Builds the controller.
         *
         * @return a new controller
         * @throws IllegalStateException if there is no primary, no standby, or two members share an id
         */
        public FailoverController build() {
            if (primary == null) {
                throw new IllegalStateException("primary must be set");
            }
            if (members.size() < 2) {
                throw new IllegalStateException("at least one standby must be added");
            }
            Set<String> ids = new HashSet<>();
            for (Member member : members) {
                if (!ids.add(member.id())) {
                    throw new IllegalStateException("member ids must be unique, was " + member.id() + " twice");
                }
            }
            return new FailoverController(this);
        }
    }
}
