package dev.nines.slo;

import java.time.Duration;
import java.time.Instant;

/**
 * Where a {@link SloTracker}'s buckets lie in time: their lengths, how many of each a tracker
 * keeps, and the index arithmetic that trackers and {@link SloSnapshot} share. Buckets are aligned
 * to the epoch, so every instance of a service agrees on them. A bucket index {@code k} is the
 * 10-second bucket {@code [k x 10 s, (k + 1) x 10 s)}; boundary {@code k} is its start.
 *
 * <p>A tracker keeps the cumulative totals at boundaries in tiers, finest first:
 * <ol>
 *   <li>every 10 s for the last 6 hours ({@link #FINE_SLOTS} boundaries);</li>
 *   <li>every minute for the last 3 days ({@link #MINUTE_SLOTS});</li>
 *   <li>every 5 minutes for the whole retention (the SLO's longest window, at least 3 days).</li>
 * </ol>
 * A time-slice SLO whose slice length is not a multiple of 5 minutes keeps minutes for the whole
 * retention instead of the third tier, so that every slice stays exact. Beside the tiers, one
 * checkpoint per hour holds the totals as {@code long}s; the tiers hold offsets from the hour's
 * checkpoint as unsigned {@code int}s, which halves their size.
 */
final class BucketGeometry {

    /** Length of a fine bucket. */
    static final long FINE_MILLIS = 10_000L;
    /** Fine buckets per minute. */
    static final int FINE_PER_COARSE = 6;
    /** Length of a minute bucket. */
    static final long COARSE_MILLIS = FINE_MILLIS * FINE_PER_COARSE;
    /** Fine buckets per 5 minutes. */
    static final int FINE_PER_TAIL = 30;
    /** Fine buckets per hour: the checkpoint interval. */
    static final int FINE_PER_HOUR = 360;
    /** Fine boundaries kept: the last 6 hours. */
    static final int FINE_SLOTS = 6 * 60 * 6;
    /** Minute boundaries kept when a 5-minute tier follows: the last 3 days, plus two of slack. */
    static final int MINUTE_SLOTS = 3 * 24 * 60 + 2;
    /** The shortest retention of any tracker. */
    static final Duration MIN_RETENTION = Duration.ofDays(3);

    private BucketGeometry() {}

    /** The fine bucket holding {@code epochMillis}. */
    static long index(long epochMillis) {
        return Math.floorDiv(epochMillis, FINE_MILLIS);
    }

    /** The retention of a tracker for {@code slo}, in fine buckets. */
    static long retentionBuckets(Slo slo) {
        Duration retention = slo.window().maxLength();
        if (retention.compareTo(MIN_RETENTION) < 0) {
            retention = MIN_RETENTION;
        }
        return (retention.toMillis() + FINE_MILLIS - 1) / FINE_MILLIS;
    }

    /** Whether a tracker for {@code slo} keeps a 5-minute tier (otherwise minutes for the whole retention). */
    static boolean hasTail(Slo slo) {
        if (slo.budgeting() instanceof Budgeting.Timeslices) {
            long minutes =
                    ((Budgeting.Timeslices) slo.budgeting()).sliceLength().toMinutes();
            return minutes % 5 == 0;
        }
        return true;
    }

    /** The granularity, in fine buckets, of each tier, finest first. */
    static long[] granularities(Slo slo) {
        return hasTail(slo) ? new long[] {1, FINE_PER_COARSE, FINE_PER_TAIL} : new long[] {1, FINE_PER_COARSE};
    }

    /** The number of boundaries each tier keeps, finest first. */
    static int[] slots(Slo slo) {
        long retention = retentionBuckets(slo);
        if (hasTail(slo)) {
            return new int[] {FINE_SLOTS, MINUTE_SLOTS, (int) ceilDiv(retention, FINE_PER_TAIL) + 2};
        }
        return new int[] {FINE_SLOTS, (int) ceilDiv(retention, FINE_PER_COARSE) + 2};
    }

    /** The number of hourly checkpoints a tracker for {@code slo} keeps. */
    static int hourSlots(Slo slo) {
        return (int) ceilDiv(retentionBuckets(slo), FINE_PER_HOUR) + 3;
    }

    static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
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
