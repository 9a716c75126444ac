package dev.nines.core.hedge;

import java.util.concurrent.atomic.AtomicLongArray;
import org.jspecify.annotations.Nullable;

/**
 * The latencies of recent attempts, for the quantile delay: a log-linear histogram (16 sub-buckets
 * per power of two, so a value is known within 1/16 of itself, as an HdrHistogram with a little over
 * one significant digit) kept in two phases that each cover half of the window, so the window slides
 * in halves: a quantile counts between half of the window and all of it.
 *
 * <p>Recording is lock-free and allocation-free: one {@code AtomicLongArray} increment, plus the
 * rotation of a phase once per half window. A recording that races a phase's rotation may be lost;
 * this estimates a delay, it counts nothing users are billed for. Reading a quantile walks the
 * buckets twice (656 longs per phase), so {@link HedgeImpl} caches it and recomputes it at most
 * every twentieth of the window.
 */
final class LatencyRecorder {

    static final int SUB_BITS = 4;
    static final int SUB_BUCKETS = 1 << SUB_BITS;
    /** Values above 2^44 ns (about 4.9 hours) are counted as 2^44 ns. */
    static final int MAX_MAGNITUDE = 44;

    static final int BUCKETS = (MAX_MAGNITUDE - SUB_BITS + 1) * SUB_BUCKETS;

    private final long phaseNanos;
    private final AtomicLongArray[] counts = {new AtomicLongArray(BUCKETS), new AtomicLongArray(BUCKETS)};
    /** The epoch (time / phaseNanos) that each phase's counts belong to. */
    private final AtomicLongArray epochs = new AtomicLongArray(2);

    LatencyRecorder(long windowNanos) {
        this.phaseNanos = Math.max(1, windowNanos / 2);
        epochs.set(0, Long.MIN_VALUE);
        epochs.set(1, Long.MIN_VALUE);
    }

    /** Returns the bucket of {@code nanos}: exact below 16, then 16 per power of two. */
    static int bucketOf(long nanos) {
        long value = Math.max(0, Math.min(nanos, (1L << MAX_MAGNITUDE) - 1));
        if (value < SUB_BUCKETS) {
            return (int) value;
        }
        int magnitude = 63 - Long.numberOfLeadingZeros(value);
        int sub = (int) (value >>> (magnitude - SUB_BITS)) & (SUB_BUCKETS - 1);
        return (magnitude - SUB_BITS + 1) * SUB_BUCKETS + sub;
    }

    /** Returns the largest value that falls in {@code bucket}. */
    static long highestValueOf(int bucket) {
        if (bucket < SUB_BUCKETS) {
            return bucket;
        }
        int magnitude = bucket / SUB_BUCKETS + SUB_BITS - 1;
        int sub = bucket % SUB_BUCKETS;
        int shift = magnitude - SUB_BITS;
        long lowest = (long) (SUB_BUCKETS + sub) << shift;
        return lowest + (1L << shift) - 1;
    }

    /** Records one latency measured at {@code nowNanos}. */
    void record(long nanos, long nowNanos) {
        long epoch = Math.floorDiv(nowNanos, phaseNanos);
        int phase = (int) (epoch & 1);
        long owner = epochs.get(phase);
        if (owner != epoch) {
            if (owner > epoch) {
                return; // a late recording for a phase already reused: drop it
            }
            if (epochs.compareAndSet(phase, owner, epoch)) {
                AtomicLongArray stale = counts[phase];
                for (int i = 0; i < BUCKETS; i++) {
                    stale.set(i, 0);
                }
            } else if (epochs.get(phase) != epoch) {
                return;
            }
        }
        counts[phase].incrementAndGet(bucketOf(nanos));
    }

    /**
     * Returns the value at {@code quantile} of the latencies recorded in the window ending at
     * {@code nowNanos} (the highest value of its bucket), or -1 if fewer than {@code minimum} were
     * recorded.
     */
    long valueAtQuantile(double quantile, long minimum, long nowNanos) {
        long epoch = Math.floorDiv(nowNanos, phaseNanos);
        @Nullable AtomicLongArray now = epochs.get((int) (epoch & 1)) == epoch ? counts[(int) (epoch & 1)] : null;
        @Nullable
        AtomicLongArray before =
                epochs.get((int) ((epoch - 1) & 1)) == epoch - 1 ? counts[(int) ((epoch - 1) & 1)] : null;
        long total = 0;
        for (int bucket = 0; bucket < BUCKETS; bucket++) {
            total += (now == null ? 0 : now.get(bucket)) + (before == null ? 0 : before.get(bucket));
        }
        if (total < minimum || total == 0) {
            return -1;
        }
        long rank = Math.max(1, (long) Math.ceil(quantile * total));
        long seen = 0;
        for (int bucket = 0; bucket < BUCKETS; bucket++) {
            seen += (now == null ? 0 : now.get(bucket)) + (before == null ? 0 : before.get(bucket));
            if (seen >= rank) {
                return highestValueOf(bucket);
            }
        }
        return highestValueOf(BUCKETS - 1);
    }
}
