package dev.nines.failover.fence;

import dev.nines.core.internal.Arguments;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The fencing epoch of one failover group: a number that only grows, advanced by compare-and-set
 * so that concurrent promotion requests made at the same epoch resolve to exactly one winner.
 *
 * <p>An epoch is never reused: every successful {@link #compareAndAdvance(long)} returns a value one
 * greater than any value returned before, also across rollbacks (a rollback is a promotion too).
 * To survive a restart, persist {@link #current()} after each advance and start again with
 * {@link #startingAt(long)} or {@link #raiseTo(long)} (a controller with durable state does this
 * through a {@link dev.nines.failover.lease.ControllerStateStore}).
 *
 * <p>Thread-safe and lock-free.
 *
 * <pre>{@code
 * FencingEpoch epoch = FencingEpoch.startingAt(7);
 * long next = epoch.compareAndAdvance(7); // 8; a second caller that also saw 7 gets -1
 * }</pre>
 */
public final class FencingEpoch {

    /** Returned by {@link #compareAndAdvance(long)} when another caller advanced first. */
    public static final long LOST = -1L;

    private final AtomicLong current;

    private FencingEpoch(long initial) {
        this.current = new AtomicLong(initial);
    }

    /**
     * Creates an epoch counter whose current value is {@code initial}.
     *
     * @param initial the current epoch, at least 0
     * @return a new counter
     * @throws IllegalArgumentException if {@code initial} is negative
     */
    public static FencingEpoch startingAt(long initial) {
        return new FencingEpoch(Arguments.atLeast("initial", initial, 0L));
    }

    /**
     * Returns the current epoch.
     *
     * @return the epoch of the latest promotion
     */
    public long current() {
        return current.get();
    }

    /**
     * Advances the epoch by one if it still equals {@code expected}.
     *
     * @param expected the epoch the caller based its decision on
     * @return the new epoch ({@code expected + 1}), or {@link #LOST} if the epoch had moved on
     * @throws IllegalStateException if the epoch would overflow
     */
    public long compareAndAdvance(long expected) {
        if (expected == Long.MAX_VALUE) {
            throw new IllegalStateException("epoch would overflow, was " + expected);
        }
        return current.compareAndSet(expected, expected + 1) ? expected + 1 : LOST;
    }

    /**
     * Raises the epoch to {@code epoch} if it is lower; never lowers it. For resuming from durable
     * state that recorded a later promotion than this counter has seen.
     *
     * @param epoch the recorded epoch, at least 0
     * @return the current epoch afterwards
     * @throws IllegalArgumentException if {@code epoch} is negative
     */
    public long raiseTo(long epoch) {
        Arguments.atLeast("epoch", epoch, 0L);
        return current.accumulateAndGet(epoch, Math::max);
    }

    @Override
    public String toString() {
        return "FencingEpoch[" + current.get() + "]";
    }
}
