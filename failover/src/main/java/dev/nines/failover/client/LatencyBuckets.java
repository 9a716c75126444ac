package dev.nines.failover.client;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A bounded, lock-free latency recorder: cumulative counts in log-linear buckets (16 per power of two,
 * so a bucket is at most 1/16 = 6.25% wide), over the whole range of a {@code long} of nanoseconds.
 *
 * <p>Recording increments one counter: no lock, no allocation, and no update is lost under
 * contention. The counts only grow; a reader takes an interval by subtracting the counts it read the
 * previous time ({@link #drainInto}), so recording never waits for a reader and a record that races
 * a read lands in this interval or the next, never in neither. That is HdrHistogram's {@code Recorder}
 * idea without its phase flip, at the price of a coarser, fixed precision.
 */
final class LatencyBuckets {

    static final int SUB_BUCKET_BITS = 4;
    static final int SUB_BUCKETS = 1 << SUB_BUCKET_BITS;
    /** Values below {@code SUB_BUCKETS} have a bucket each; above, 16 buckets per power of two up to 2^63. */
    static final int BUCKETS = (64 - SUB_BUCKET_BITS) * SUB_BUCKETS;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
    /** The counts at the previous drain; touched by the (single, serialised) reader only. */
    private final long[] drained = new long[BUCKETS];

    /** Records one latency; a negative value counts as zero. */
    void record(long nanos) {
        counts.getAndIncrement(index(nanos));
    }

    static int index(long nanos) {
        if (nanos < SUB_BUCKETS) {
            return nanos <= 0 ? 0 : (int) nanos;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(nanos);
        int sub = (int) (nanos >>> (exponent - SUB_BUCKET_BITS)) & (SUB_BUCKETS - 1);
        return (exponent - SUB_BUCKET_BITS + 1) * SUB_BUCKETS + sub;
    }

    /** The smallest value that falls in bucket {@code index}. */
    static long lowerBound(int index) {
        if (index < SUB_BUCKETS) {
            return index;
        }
        int exponent = index / SUB_BUCKETS + SUB_BUCKET_BITS - 1;
        long sub = index % SUB_BUCKETS;
        return (SUB_BUCKETS + sub) << (exponent - SUB_BUCKET_BITS);
    }

    /** The value reported for bucket {@code index}: its middle. */
    static long representative(int index) {
        if (index < SUB_BUCKETS) {
            return index;
        }
        long low = lowerBound(index);
        long width = index + 1 < BUCKETS ? lowerBound(index + 1) - low : Long.MAX_VALUE - low;
        return low + width / 2;
    }

    /**
     * Writes the counts recorded since the previous drain into {@code interval} and returns their sum.
     * Callers serialise drains.
     */
    long drainInto(long[] interval) {
        long total = 0;
        for (int i = 0; i < BUCKETS; i++) {
            long now = counts.get(i);
            long delta = now - drained[i];
            drained[i] = now;
            interval[i] = delta;
            total += delta;
        }
        return total;
    }

    /** The total recorded since creation. */
    long total() {
        long total = 0;
        for (int i = 0; i < BUCKETS; i++) {
            total += counts.get(i);
        }
        return total;
    }

    /**
     * The value at {@code percentile} (in (0, 100)) of an interval's counts: the representative of the
     * bucket holding the {@code ceil(percentile / 100 * total)}-th smallest value.
     */
    static long percentile(long[] interval, long total, double percentile) {
        long rank = Math.max(1, (long) Math.ceil(percentile / 100.0 * total));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += interval[i];
            if (seen >= rank) {
                return representative(i);
            }
        }
        return representative(BUCKETS - 1);
    }
}
