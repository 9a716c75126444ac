package dev.nines.slo;

import java.time.Duration;
import java.time.Instant;

/**
 * Where a {@link SloTracker}'s buckets lie in time: their lengths, how many of each a tracker
 * keeps, and the index arithmetic that trackers and {@link SloSnapshot} share. Buckets are aligned
 * to the epoch, so every instance of a service agrees on them. A bucket index {@code k} is the
 * 10-second bucket {@code [k x 10 s, (k + 1) x 10 s)}; a minute {@code m} spans the buckets
 * {@code [6m, 6m + 6)}.
 */
final class BucketGeometry {

    /** Length of a fine bucket. */
    static final long FINE_MILLIS = 10_000L;
    /** Fine buckets per minute. */
    static final int FINE_PER_COARSE = 6;
    /** Length of a minute bucket. */
    static final long COARSE_MILLIS = FINE_MILLIS * FINE_PER_COARSE;
    /** Fine buckets kept: the last 6 hours. */
    static final int FINE_SLOTS = 6 * 60 * 6;
    /** The shortest retention of any tracker. */
    static final Duration MIN_RETENTION = Duration.ofDays(3);

    private BucketGeometry() {
    }

    /** The fine bucket holding {@code epochMillis}. */
    static long index(long epochMillis) {
        return Math.floorDiv(epochMillis, FINE_MILLIS);
    }

    /** Minute buckets a tracker keeps for {@code window}: its retention plus two of slack. */
    static int coarseSlots(SloWindow window) {
        Duration retention = window.maxLength();
        if (retention.compareTo(MIN_RETENTION) < 0) {
            retention = MIN_RETENTION;
        }
        return (int) ((retention.toMillis() + COARSE_MILLIS - 1) / COARSE_MILLIS) + 2;
    }

    /** Epoch milliseconds, saturated so that open-ended exclusions (e.g. to Instant.MAX) work. */
    static long millis(Instant instant) {
        if (instant.getEpochSecond() >= Long.MAX_VALUE / 2000) {
            return Long.MAX_VALUE / 2;
        }
        if (instant.getEpochSecond() <= Long.MIN_VALUE / 2000) {
            return Long.MIN_VALUE / 2;
        }
        return instant.toEpochMilli();
    }

    /** {@code k} rounded down to a minute boundary. */
    static long floor6(long k) {
        return Math.floorDiv(k, FINE_PER_COARSE) * FINE_PER_COARSE;
    }

    /** {@code k} rounded up to a minute boundary. */
    static long ceil6(long k) {
        return -floor6(-k);
    }
}
