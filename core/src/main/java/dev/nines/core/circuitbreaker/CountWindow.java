package dev.nines.core.circuitbreaker;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A count-based window: a ring of the last {@code size} outcomes and their totals.
 *
 * <p>Recording takes a sequence number (one atomic add), swaps the outcome into its slot and adds
 * the difference between the new and the evicted outcome to the totals (one atomic add). When the
 * slot already holds the same outcome nothing else is written, and a success recorded into a full
 * window of successes (the healthy steady state) writes nothing at all: a ring of equal outcomes
 * is the same ring whichever slot the next one replaces, so every thread only reads. Every outcome is added once and subtracted once when evicted, so the totals always
 * equal the ring's contents once writers are done: no outcome is lost under contention, and a
 * single thread sees exactly the last {@code size} outcomes.
 *
 * <p>The totals of calls, failed and slow calls share one {@code long} as three signed 21-bit
 * fields, so a reader sees the three together; a field may be briefly negative (an eviction
 * applied before the matching addition by another thread), which the signed decoding handles.
 * Slow failures, rarely needed, have their own counter.
 */
final class CountWindow extends SlidingWindow {

    private static final int BITS = 21;
    private static final long FAILED_ONE = 1L << BITS;
    private static final long SLOW_ONE = 1L << (2 * BITS);
    private static final long[] DELTA = {
        0L,                              // empty slot
        1L,                              // success
        1L + FAILED_ONE,                 // failure
        1L + SLOW_ONE,                   // slow success
        1L + FAILED_ONE + SLOW_ONE,      // slow failure
    };

    private final int size;
    private final AtomicIntegerArray ring;
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLong totals = new AtomicLong();
    private final AtomicLong slowFailed = new AtomicLong();

    CountWindow(int size, int minimumNumberOfCalls, float failureRateThreshold, float slowCallRateThreshold) {
        super(Math.min(minimumNumberOfCalls, size), failureRateThreshold, slowCallRateThreshold);
        this.size = size;
        this.ring = new AtomicIntegerArray(size);
    }

    @Override
    int record(int outcome) {
        if (outcome == SUCCESS && totals.get() == size) {
            // A full window of successes only (the packed totals read calls = size, failed = slow = 0)
            // is the same whichever slot the next success replaces: skip the write entirely.
            return RESULT_UNCHANGED;
        }
        int slot = (int) (sequence.getAndIncrement() % size);
        if (ring.get(slot) == outcome) {
            return RESULT_UNCHANGED;
        }
        int evicted = ring.getAndSet(slot, outcome);
        if (evicted == outcome) {
            return RESULT_UNCHANGED;
        }
        long packed = totals.addAndGet(DELTA[outcome] - DELTA[evicted]);
        if (outcome == SLOW_FAILURE) {
            slowFailed.incrementAndGet();
        } else if (evicted == SLOW_FAILURE) {
            slowFailed.decrementAndGet();
        }
        long calls = low(packed);
        long rest = (packed - calls) >> BITS;
        long failed = low(rest);
        long slow = (rest - failed) >> BITS;
        return evaluate(calls, failed, slow);
    }

    @Override
    void counts(long[] into) {
        long packed = totals.get();
        long calls = low(packed);
        long rest = (packed - calls) >> BITS;
        long failed = low(rest);
        into[0] = calls;
        into[1] = failed;
        into[2] = (rest - failed) >> BITS;
        into[3] = slowFailed.get();
    }

    /** The low field, sign-extended. */
    private static long low(long packed) {
        return (packed << (64 - BITS)) >> (64 - BITS);
    }
}
