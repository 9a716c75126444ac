package dev.nines.core.adaptivelimit;

import dev.nines.core.policy.CallRejectedException;
import java.util.Objects;

/**
 * Thrown when an {@link AdaptiveLimiter} rejects a call: its limit (or its priority's share of it)
 * is reached, or, with a queue, the queue is full or the wait ran out; {@link #reason()} says which.
 *
 * <p>The exception carries no stack trace: rejections are frequent under overload and the cause is
 * always the same.
 */
public final class AdaptiveLimiterFullException extends CallRejectedException {

    private static final long serialVersionUID = 1L;

    /** Why a call was rejected. */
    public enum Reason {
        /** The limit, or the call's priority's share of it, was reached and the call did not wait. */
        LIMIT_REACHED,
        /** The queue was full, or a call of a higher priority displaced this one from it. */
        QUEUE_FULL,
        /** The call waited {@code maxWaitDuration} in the queue without getting a slot. */
        WAIT_TIMED_OUT,
        /** The waiting thread was interrupted; its interrupt status is kept. */
        WAIT_INTERRUPTED
    }

    private final String limiterName;
    private final Reason reason;
    private final int priority;

    /**
     * Creates the exception for a call of priority 0 rejected because the limit was reached.
     *
     * @param limiterName the name of the limiter that rejected the call
     * @param limit the limit at the time
     */
    public AdaptiveLimiterFullException(String limiterName, int limit) {
        this(limiterName, limit, 0, Reason.LIMIT_REACHED);
    }

    /**
     * Creates the exception.
     *
     * @param limiterName the name of the limiter that rejected the call
     * @param limit the limit at the time
     * @param priority the call's priority (0 is the highest)
     * @param reason why the call was rejected
     */
    public AdaptiveLimiterFullException(String limiterName, int limit, int priority, Reason reason) {
        super(
                Objects.requireNonNull(limiterName, "limiterName"),
                message(limiterName, limit, priority, Objects.requireNonNull(reason, "reason")),
                false);
        this.limiterName = limiterName;
        this.reason = reason;
        this.priority = priority;
    }

    private static String message(String limiterName, int limit, int priority, Reason reason) {
        String call = priority == 0 ? "" : " (priority " + priority + ")";
        switch (reason) {
            case QUEUE_FULL:
                return "AdaptiveLimiter '" + limiterName + "' reached its limit of " + limit
                        + " concurrent calls and its queue is full" + call;
            case WAIT_TIMED_OUT:
                return "AdaptiveLimiter '" + limiterName + "' had no slot within the wait for a call" + call
                        + " (limit " + limit + ")";
            case WAIT_INTERRUPTED:
                return "AdaptiveLimiter '" + limiterName + "': a call" + call + " was interrupted while waiting"
                        + " (limit " + limit + ")";
            default:
                return "AdaptiveLimiter '" + limiterName + "' reached its limit of " + limit + " concurrent calls"
                        + (priority == 0 ? "" : " for priority " + priority);
        }
    }

    /**
     * Returns the name of the limiter that rejected the call.
     *
     * @return the limiter name
     */
    public String limiterName() {
        return limiterName;
    }

    /**
     * Returns why the call was rejected.
     *
     * @return the reason
     */
    public Reason reason() {
        return reason;
    }

    /**
     * Returns the priority of the rejected call.
     *
     * @return the priority, 0 being the highest
     */
    public int priority() {
        return priority;
    }
}
