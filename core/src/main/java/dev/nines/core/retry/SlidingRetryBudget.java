package dev.nines.core.retry;

import dev.nines.core.time.TimeSource;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * {@link RetryBudget} over rings of time buckets. Each bucket is one long: a 22-bit epoch stamp (the
 * bucket's index in time, modulo 2^22) and a 42-bit count, so a bucket is reset and counted in a
 * single CAS. Requests, the frequent writes, go to one of several striped rings (chosen by thread,
 * each ring on its own cache lines) so that threads rarely contend; retries go to one ring, so
 * that the check "retries + 1 within budget" and the count are one CAS and cannot overdraw.
 */
final class SlidingRetryBudget implements RetryBudget {

    static final int BUCKETS = 10;
    private static final int COUNT_BITS = 42;
    private static final long MAX_COUNT = (1L << COUNT_BITS) - 1;
    private static final long EPOCH_MASK = (1L << (64 - COUNT_BITS)) - 1;
    /** Longs per ring: 10 buckets padded to 128 bytes, two cache lines on common hardware. */
    private static final int STRIDE = 16;

    private final RetryBudgetConfig config;
    private final TimeSource timeSource;
    private final long origin;
    private final long bucketNanos;
    private final double ratio;
    private final double reserve;
    private final int stripeMask;
    /** Request rings, one per stripe, ring {@code s} at {@code s * STRIDE}. */
    private final AtomicLongArray requests;
    /** The retry ring, at {@code 0}. */
    private final AtomicLongArray retries = new AtomicLongArray(STRIDE);

    SlidingRetryBudget(RetryBudgetConfig config, TimeSource timeSource) {
        this.config = config;
        this.timeSource = timeSource;
        this.origin = timeSource.nanoTime();
        long windowNanos = config.window().toNanos();
        this.bucketNanos = windowNanos / BUCKETS;
        this.ratio = config.retryRatio();
        this.reserve = config.minRetriesPerSecond() * (windowNanos / 1e9);
        int stripes = Math.min(
                64, Integer.highestOneBit(Math.max(1, Runtime.getRuntime().availableProcessors()) * 2 - 1) * 2);
        this.stripeMask = stripes - 1;
        this.requests = new AtomicLongArray(stripes * STRIDE);
    }

    private long epoch() {
        return (timeSource.nanoTime() - origin) / bucketNanos;
    }

    private static long stamp(long epoch) {
        return (epoch & EPOCH_MASK) << COUNT_BITS;
    }

    private static boolean isFor(long bucket, long epoch) {
        return (bucket & ~MAX_COUNT) == stamp(epoch);
    }

    /**
     * Whether {@code bucket} may have been stamped by an epoch after {@code epoch}: the caller read the
     * clock, stalled for a whole window, and must not overwrite the newer count with its stale one.
     * Stamps wrap, so a bucket idle for half the stamp range also looks newer: callers confirm by
     * reading the clock again (their epoch is stale only if it moved).
     */
    private static boolean isAfter(long bucket, long epoch) {
        long diff = ((bucket >>> COUNT_BITS) - epoch) & EPOCH_MASK;
        return diff != 0 && diff < EPOCH_MASK / 2;
    }

    private static int slot(long epoch) {
        return (int) (epoch % BUCKETS);
    }

    private int stripe() {
        long id = Thread.currentThread().getId();
        id *= 0x9E3779B97F4A7C15L;
        return (int) (id >>> 32) & stripeMask;
    }

    @Override
    public void recordRequest() {
        long epoch = epoch();
        int stripe = stripe() * STRIDE;
        int index = stripe + slot(epoch);
        while (true) {
            long current = requests.get(index);
            long next;
            if (isFor(current, epoch)) {
                if ((current & MAX_COUNT) == MAX_COUNT) {
                    return;
                }
                next = current + 1;
            } else if (isAfter(current, epoch) && epoch() != epoch) {
                epoch = epoch(); // our clock reading is a window old: count in the current bucket
                index = stripe + slot(epoch);
                continue;
            } else {
                next = stamp(epoch) | 1L;
            }
            if (requests.compareAndSet(index, current, next)) {
                return;
            }
        }
    }

    @Override
    public boolean tryAcquireRetry() {
        long epoch = epoch();
        int slot = slot(epoch);
        long requestCount = requestsInWindow(epoch);
        long olderRetries = 0;
        for (int k = 1; k < BUCKETS && k <= epoch; k++) {
            long bucket = retries.get(slot(epoch - k));
            if (isFor(bucket, epoch - k)) {
                olderRetries += bucket & MAX_COUNT;
            }
        }
        double allowed = ratio * requestCount + reserve;
        while (true) {
            long current = retries.get(slot);
            if (!isFor(current, epoch) && isAfter(current, epoch) && epoch() != epoch) {
                return tryAcquireRetry(); // our clock reading is a window old: start again from now
            }
            boolean same = isFor(current, epoch);
            long currentCount = same ? current & MAX_COUNT : 0;
            if (olderRetries + currentCount + 1 > allowed) {
                // Refuse only on requests read after the retries: a request counted meanwhile (with
                // the retry it allows) must not make us refuse a retry the budget has room for.
                long requestsNow = requestsInWindow(epoch);
                if (requestsNow == requestCount) {
                    return false;
                }
                requestCount = requestsNow;
                allowed = ratio * requestCount + reserve;
                continue;
            }
            long next = same ? current + 1 : stamp(epoch) | 1L;
            if (retries.compareAndSet(slot, current, next)) {
                return true;
            }
        }
    }

    private long requestsInWindow(long epoch) {
        long total = 0;
        for (int base = 0; base < requests.length(); base += STRIDE) {
            for (int k = 0; k < BUCKETS && k <= epoch; k++) {
                long bucket = requests.get(base + slot(epoch - k));
                if (isFor(bucket, epoch - k)) {
                    total += bucket & MAX_COUNT;
                }
            }
        }
        return total;
    }

    private long retriesInWindow(long epoch) {
        long total = 0;
        for (int k = 0; k < BUCKETS && k <= epoch; k++) {
            long bucket = retries.get(slot(epoch - k));
            if (isFor(bucket, epoch - k)) {
                total += bucket & MAX_COUNT;
            }
        }
        return total;
    }

    @Override
    public double balance() {
        long epoch = epoch();
        return Math.max(0.0, ratio * requestsInWindow(epoch) + reserve - retriesInWindow(epoch));
    }

    @Override
    public long requestsInWindow() {
        return requestsInWindow(epoch());
    }

    @Override
    public long retriesInWindow() {
        return retriesInWindow(epoch());
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
