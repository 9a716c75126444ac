package dev.nines.failover.rollback;

import java.util.Arrays;

/**
 * Request and error counts over a sliding window of ten buckets; not thread-safe (guarded by the
 * monitor's lock). Times are nanoseconds since the monitor was armed.
 */
final class SlidingCounts {

    private static final int BUCKETS = 10;

    private final long bucketNanos;
    private final long[] index = new long[BUCKETS];
    private final long[] requests = new long[BUCKETS];
    private final long[] errors = new long[BUCKETS];

    SlidingCounts(long windowNanos) {
        this.bucketNanos = Math.max(1, windowNanos / BUCKETS);
        Arrays.fill(index, -1);
    }

    void add(long nanos, long requestCount, long errorCount) {
        long i = nanos / bucketNanos;
        int slot = (int) (i % BUCKETS);
        if (index[slot] != i) {
            index[slot] = i;
            requests[slot] = 0;
            errors[slot] = 0;
        }
        requests[slot] += requestCount;
        errors[slot] += errorCount;
    }

    long requests(long nanos) {
        return sum(requests, nanos);
    }

    long errors(long nanos) {
        return sum(errors, nanos);
    }

    private long sum(long[] values, long nanos) {
        long current = nanos / bucketNanos;
        long total = 0;
        for (int slot = 0; slot < BUCKETS; slot++) {
            if (index[slot] > current - BUCKETS && index[slot] <= current) {
                total += values[slot];
            }
        }
        return total;
    }
}
