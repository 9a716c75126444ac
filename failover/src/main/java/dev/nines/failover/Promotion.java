package dev.nines.failover;

import dev.nines.core.event.EventListeners;
import dev.nines.core.time.TimeSource;
import dev.nines.failover.audit.AuditLog;
import dev.nines.failover.audit.AuditRecord;
import dev.nines.failover.audit.AuditType;
import dev.nines.failover.fence.Fence;
import dev.nines.failover.fence.FencingEpoch;
import dev.nines.failover.lease.ControllerRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out promotions, in order: reserve the next epoch in durable state, advance the
 * {@link FencingEpoch} by compare-and-set, run the user's promotion, fence the old primary, advance
 * the registered {@link Fence}s, audit, then raise the event. It also keeps the anti-flapping window
 * that the latest promotion opened. Guarded by the controller's lock.
 */
final class Promotion {

    /** Logs under the controller's name, where operators already look. */
    private static final Logger LOG = LoggerFactory.getLogger(FailoverController.class);

    private final String group;
    private final FailoverConfig config;
    private final TimeSource time;
    private final FailoverActions actions;
    private final AuditLog audit;
    private final FencingEpoch epoch;
    private final List<Fence> fences = new CopyOnWriteArrayList<>();
    private final EventListeners<FailoverEvent> listeners;
    private final Membership membership;
    private final Gates gates;
    private final Leadership leadership;

    private long lastPromotionNanos;
    private boolean promotedOnce;
    private boolean acknowledged = true;

    Promotion(
            String group,
            FailoverConfig config,
            TimeSource time,
            FailoverActions actions,
            AuditLog audit,
            FencingEpoch epoch,
            EventListeners<FailoverEvent> listeners,
            Membership membership,
            Gates gates,
            Leadership leadership) {
        this.group = group;
        this.config = config;
        this.time = time;
        this.actions = actions;
        this.audit = audit;
        this.epoch = epoch;
        this.listeners = listeners;
        this.membership = membership;
        this.gates = gates;
        this.leadership = leadership;
    }

    /** The message of a request made at an epoch that is no longer current. */
    static String staleMessage(long expectedEpoch, long currentEpoch) {
        return "stale request: made at epoch " + expectedEpoch + ", current epoch is " + currentEpoch;
    }

    /** Registers a fence and advances it to the current epoch. */
    void addFence(Fence fence) {
        fences.add(fence);
        fence.advance(epoch.current());
    }

    /** Advances every fence to the current epoch (after resuming from durable state). */
    void advanceFences() {
        for (Fence fence : fences) {
            fence.advance(epoch.current());
        }
    }

    /**
     * Promotes {@code target} at {@code expectedEpoch + 1}, or refuses through {@code reject} when this
     * instance does not lead, the epoch moved on, or the epoch could not be reserved.
     *
     * @param failingSince when the old primary started failing, for the time-to-failover; or {@code null}
     * @return {@link Decision.Promoted}, {@link Decision.Failed} when the user's promotion threw, or
     *     what {@code reject} returned
     */
    Decision promote(
            MemberState target,
            Trigger trigger,
            AuditType type,
            String actor,
            String reason,
            long expectedEpoch,
            @Nullable Instant failingSince,
            List<FailoverEvent> events,
            Function<String, Decision> reject) {
        if (!leadership.leads()) {
            return reject.apply("this instance is not the leader; only the leader promotes");
        }
        if (expectedEpoch != epoch.current()) {
            return reject.apply(staleMessage(expectedEpoch, epoch.current()));
        }
        if (expectedEpoch == Long.MAX_VALUE) {
            throw new IllegalStateException("epoch would overflow, was " + expectedEpoch);
        }
        ControllerRecord before = null;
        if (leadership.isDurable()) {
            // Reserve the epoch with the record of the new primary before any side effect.
            before = leadership.record();
            String refusal = leadership.reserve(
                    before.promote(target.member.id(), expectedEpoch + 1, trigger.name(), time.now()));
            if (refusal != null) {
                return reject.apply("could not reserve epoch " + (expectedEpoch + 1) + " for " + target.member.id()
                        + ": " + refusal + "; nothing promoted");
            }
        }
        long next = epoch.compareAndAdvance(expectedEpoch);
        if (next == FencingEpoch.LOST) {
            return reject.apply(staleMessage(expectedEpoch, epoch.current()));
        }
        Map<String, String> inputs = membership.inputs(epoch.current());
        inputs.put("candidate", target.member.id());
        inputs.put(
                "gates." + target.member.id(),
                gates.check(target, trigger == Trigger.ROLLBACK).gates().toString());
        inputs.put("dataLossEstimate", target.lag.toString());
        try {
            actions.promote(target.member.id(), next);
        } catch (Exception e) {
            String error = e.toString();
            if (before != null) {
                leadership.recordFailedPromotion(before, next);
            }
            audit.append(
                    AuditType.FAILED,
                    group,
                    actor,
                    "promotion of " + target.member.id() + " at epoch " + next + " failed: " + error + " (" + reason
                            + ")",
                    next,
                    inputs);
            if (listeners.hasListeners()) {
                events.add(new FailoverEvent.PromotionFailed(group, time.now(), target.member.id(), next, error));
            }
            return new Decision.Failed(target.member.id(), next, error);
        }
        MemberState old = membership.promote(target);
        for (Fence fence : fences) {
            fence.advance(next);
        }
        try {
            actions.fence(old.member.id(), next);
        } catch (Exception e) {
            LOG.error("Fencing {} at epoch {} failed; fences still reject its epoch", old.member.id(), next, e);
            inputs.put("fenceError", e.toString());
        }
        lastPromotionNanos = time.nanoTime();
        promotedOnce = true;
        acknowledged = false;
        AuditRecord record = audit.append(
                type,
                group,
                actor,
                reason + "; promoted " + target.member.id() + ", fenced " + old.member.id() + ", epoch " + expectedEpoch
                        + " -> " + next,
                next,
                inputs);
        if (listeners.hasListeners()) {
            Duration ttf = failingSince == null || failingSince.isAfter(record.time())
                    ? Duration.ZERO
                    : Duration.between(failingSince, record.time());
            if (trigger == Trigger.ROLLBACK) {
                events.add(new FailoverEvent.RolledBack(
                        group, record.time(), old.member.id(), target.member.id(), next, reason));
            } else {
                events.add(new FailoverEvent.FailedOver(
                        group, record.time(), old.member.id(), target.member.id(), next, trigger, ttf));
            }
        }
        return new Decision.Promoted(old.member.id(), target.member.id(), next, trigger, target.lag);
    }

    /** The steps a promotion of {@code winner} would take now, for a dry run. */
    List<String> plan(Optional<String> winner) {
        long next = epoch.current() + 1;
        List<String> plan = new ArrayList<>();
        if (winner.isPresent()) {
            plan.add("advance epoch " + epoch.current() + " -> " + next + " by compare-and-set");
            plan.add("promote " + winner.get() + " at epoch " + next);
            plan.add("fence " + membership.primary().member.id() + " at epoch " + next);
            plan.add("advance " + fences.size() + " fence(s) to epoch " + next);
            plan.add("audit FAILOVER, then publish FailedOver");
        } else {
            plan.add("no candidate passes the gates: BLOCKED, audit BLOCKED, publish FailoverBlocked");
        }
        return plan;
    }

    /** Whether the latest promotion's anti-flapping window, not yet acknowledged, is still open. */
    boolean inAntiFlappingWindow() {
        return promotedOnce
                && !acknowledged
                && time.nanoTime() - lastPromotionNanos
                        < config.antiFlappingWindow().toNanos();
    }

    /** How long the anti-flapping window stays open. */
    Duration antiFlappingLeft() {
        return config.antiFlappingWindow().minusNanos(time.nanoTime() - lastPromotionNanos);
    }

    /** Lifts the anti-flapping window. */
    void acknowledge() {
        acknowledged = true;
    }

    /**
     * Takes the anti-flapping window from a stored record: it counts from the recorded promotion, with
     * {@link FailoverConfig#clockSkewAllowance()} for the difference between the replicas' clocks.
     */
    void restore(ControllerRecord record) {
        Optional<ControllerRecord.Transition> last = record.lastTransition();
        promotedOnce = last.isPresent();
        if (last.isPresent()) {
            // The window counts from the recorded promotion: an instant on the promoting replica's clock,
            // read on this one's. Assume this clock is ahead by up to the allowance, so that skew within it
            // can lengthen the window but never shorten it.
            Duration ago = Duration.between(last.get().at(), time.now());
            if (ago.isNegative() && ago.negated().compareTo(config.clockSkewAllowance()) > 0) {
                LOG.warn(
                        "Controller {}: the recorded promotion at {} is {} ahead of this instance's clock, more than"
                                + " clockSkewAllowance {}; the anti-flapping window counts in full from now",
                        group,
                        last.get().at(),
                        ago.negated(),
                        config.clockSkewAllowance());
            }
            ago = ago.minus(config.clockSkewAllowance());
            long agoNanos = ago.isNegative()
                    ? 0
                    : ago.compareTo(config.antiFlappingWindow()) > 0
                            ? config.antiFlappingWindow().toNanos()
                            : ago.toNanos();
            lastPromotionNanos = time.nanoTime() - agoNanos;
        }
        acknowledged = record.acknowledged();
    }
}
