package dev.nines.core.circuitbreaker;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A count-based window: a ring of the last {@code size} outcomes and their totals. Breakers use it
 * for windows larger than {@link PrefixCountWindow#MAX_SIZE} calls, whose counts do not fit the
 * prefix-sum window's packed fields.
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
 *
 * <p>Layout against false sharing: the sequence, the totals and the slow-failure counter each sit
 * on their own cache line (slots 128 bytes apart in one array), and consecutive ring slots are
 * spread over different cache lines (slot {@code i} lives at line {@code i % lines}, position
 * {@code i / lines}), so threads recording at the same time write different lines instead of
 * sixteen neighbouring ints of one line.
 */
final class CountWindow extends SlidingWindow {

    private static final int BITS = 21;
    private static final long FAILED_ONE = 1L << BITS;
    private static final long SLOW_ONE = 1L << (2 * BITS);
    private static final long[] DELTA = {
        0L, // empty slot
        1L, // success
        1L + FAILED_ONE, // failure
        1L + SLOW_ONE, // slow success
        1L + FAILED_ONE + SLOW_ONE, // slow failure
    };

    /** Ints per 64-byte cache line. */
    private static final int INTS_PER_LINE = 16;
    /** Indexes of the counters in {@link #counters}, 16 longs (128 bytes) apart. */
    private static final int SEQUENCE = 16;

    private static final int TOTALS = 32;
    private static final int SLOW_FAILED = 48;

    private final int size;
    private final int lines;
    private final AtomicIntegerArray ring;
    private final AtomicLongArray counters = new AtomicLongArray(SLOW_FAILED + 16);

    CountWindow(int size, int minimumNumberOfCalls, float failureRateThreshold, float slowCallRateThreshold) {
        super(Math.min(minimumNumberOfCalls, size), failureRateThreshold, slowCallRateThreshold);
        this.size = size;
        this.lines = (size + INTS_PER_LINE - 1) / INTS_PER_LINE;
        this.ring = new AtomicIntegerArray(lines * INTS_PER_LINE);
    }

    /** The array index of ring slot {@code slot}: consecutive slots fall on different cache lines. */
    private int index(int slot) {
        return (slot % lines) * INTS_PER_LINE + slot / lines;
    }

    @Override
    int record(int outcome) {
        if (outcome == SUCCESS && counters.get(TOTALS) == size) {
            // A full window of successes only (the packed totals read calls = size, failed = slow = 0)
            // is the same whichever slot the next success replaces: skip the write entirely.
            return RESULT_UNCHANGED;
        }
        int slot = index((int) (counters.getAndIncrement(SEQUENCE) % size));
        if (ring.get(slot) == outcome) {
            return RESULT_UNCHANGED;
        }
        int evicted = ring.getAndSet(slot, outcome);
        if (evicted == outcome) {
            return RESULT_UNCHANGED;
        }
        long packed = counters.addAndGet(TOTALS, DELTA[outcome] - DELTA[evicted]);
        if (outcome == SLOW_FAILURE) {
            counters.incrementAndGet(SLOW_FAILED);
        } else if (evicted == SLOW_FAILURE) {
            counters.decrementAndGet(SLOW_FAILED);
        }
        long calls = low(packed);
        long rest = (packed - calls) >> BITS;
        long failed = low(rest);
        long slow = (rest - failed) >> BITS;
        return evaluate(calls, failed, slow);
    }

    @Override
    void counts(long[] into) {
        long packed = counters.get(TOTALS);
        long calls = low(packed);
        long rest = (packed - calls) >> BITS;
        long failed = low(rest);
        into[0] = calls;
        into[1] = failed;
        into[2] = (rest - failed) >> BITS;
        into[3] = counters.get(SLOW_FAILED);
    }

    /** The low field, sign-extended. */
    private static long low(long packed) {
        return (packed << (64 - BITS)) >> (64 - BITS);
    }
}
