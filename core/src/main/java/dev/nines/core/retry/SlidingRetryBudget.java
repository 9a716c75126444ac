package dev.nines.core.retry;

import dev.nines.core.time.TimeSource;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * {@link RetryBudget} over a ring of buckets. Each bucket is one long: a 22-bit epoch stamp (the
 * bucket's index in time, modulo 2^22), a 21-bit request count and a 21-bit retry count, so a
 * bucket is reset and counted in a single CAS.
 */
final class SlidingRetryBudget implements RetryBudget {

    static final int BUCKETS = 10;
    private static final int COUNT_BITS = 21;
    static final long MAX_COUNT = (1L << COUNT_BITS) - 1;
    private static final int EPOCH_SHIFT = 2 * COUNT_BITS;
    private static final long EPOCH_MASK = (1L << (64 - EPOCH_SHIFT)) - 1;
    private static final long ONE_REQUEST = 1L << COUNT_BITS;

    private final RetryBudgetConfig config;
    private final TimeSource timeSource;
    private final long origin;
    private final long bucketNanos;
    private final double ratio;
    private final double reserve;
    private final AtomicLongArray buckets = new AtomicLongArray(BUCKETS);

    SlidingRetryBudget(RetryBudgetConfig config, TimeSource timeSource) {
        this.config = config;
        this.timeSource = timeSource;
        this.origin = timeSource.nanoTime();
        long windowNanos = config.window().toNanos();
        this.bucketNanos = windowNanos / BUCKETS;
        this.ratio = config.retryRatio();
        this.reserve = config.minRetriesPerSecond() * (windowNanos / 1e9);
    }

    private long epoch() {
        return (timeSource.nanoTime() - origin) / bucketNanos;
    }

    private static long stamp(long epoch) {
        return epoch & EPOCH_MASK;
    }

    private static long requests(long bucket) {
        return (bucket >>> COUNT_BITS) & MAX_COUNT;
    }

    private static long retries(long bucket) {
        return bucket & MAX_COUNT;
    }

    private static boolean isFor(long bucket, long epoch) {
        return (bucket >>> EPOCH_SHIFT) == stamp(epoch);
    }

    @Override
    public void recordRequest() {
        long epoch = epoch();
        int slot = (int) (epoch % BUCKETS);
        while (true) {
            long current = buckets.get(slot);
            long next;
            if (isFor(current, epoch)) {
                if (requests(current) == MAX_COUNT) {
                    return;
                }
                next = current + ONE_REQUEST;
            } else {
                next = (stamp(epoch) << EPOCH_SHIFT) | ONE_REQUEST;
            }
            if (buckets.compareAndSet(slot, current, next)) {
                return;
            }
        }
    }

    @Override
    public boolean tryAcquireRetry() {
        long epoch = epoch();
        int slot = (int) (epoch % BUCKETS);
        // Retries taken concurrently land in the current bucket, so the CAS below re-checks them;
        // older buckets only ever get requests (which raise the balance) or are left alone.
        long olderRequests = 0;
        long olderRetries = 0;
        for (int k = 1; k < BUCKETS && k <= epoch; k++) {
            long bucket = buckets.get((int) ((epoch - k) % BUCKETS));
            if (isFor(bucket, epoch - k)) {
                olderRequests += requests(bucket);
                olderRetries += retries(bucket);
            }
        }
        while (true) {
            long current = buckets.get(slot);
            boolean same = isFor(current, epoch);
            long requests = olderRequests + (same ? requests(current) : 0);
            long retries = olderRetries + (same ? retries(current) : 0);
            if (retries + 1 > ratio * requests + reserve) {
                return false;
            }
            long next;
            if (same) {
                if (retries(current) == MAX_COUNT) {
                    return false;
                }
                next = current + 1;
            } else {
                next = (stamp(epoch) << EPOCH_SHIFT) | 1L;
            }
            if (buckets.compareAndSet(slot, current, next)) {
                return true;
            }
        }
    }

    @Override
    public double balance() {
        long requests = 0;
        long retries = 0;
        long epoch = epoch();
        for (int k = 0; k < BUCKETS && k <= epoch; k++) {
            long bucket = buckets.get((int) ((epoch - k) % BUCKETS));
            if (isFor(bucket, epoch - k)) {
                requests += requests(bucket);
                retries += retries(bucket);
            }
        }
        return Math.max(0.0, ratio * requests + reserve - retries);
    }

    @Override
    public long requestsInWindow() {
        return sum(true);
    }

    @Override
    public long retriesInWindow() {
        return sum(false);
    }

    private long sum(boolean requests) {
        long epoch = epoch();
        long total = 0;
        for (int k = 0; k < BUCKETS && k <= epoch; k++) {
            long bucket = buckets.get((int) ((epoch - k) % BUCKETS));
            if (isFor(bucket, epoch - k)) {
                total += requests ? requests(bucket) : retries(bucket);
            }
        }
        return total;
    }

    @Override
    public RetryBudgetConfig config() {
        return config;
    }

    @Override
    public String toString() {
        return "RetryBudget[" + config + ", balance=" + balance() + "]";
    }
}
