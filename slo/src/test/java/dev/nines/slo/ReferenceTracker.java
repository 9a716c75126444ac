package dev.nines.slo;

import dev.nines.slo.exclusion.Exclusion;
import dev.nines.slo.exclusion.ExclusionKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A reference model of {@link SloTracker} for differential tests: it keeps every recorded event
 * with its time and applies the rounding the tracker's javadoc documents, written out from the
 * documentation rather than shared with the tracker: boundaries kept every 10 s for the last 6
 * hours, every minute for the last 3 days and every 5 minutes for the retention; window starts
 * round down, exclusion bounds outwards.
 */
final class ReferenceTracker {

    private static final long TEN_SECONDS = 10_000L;
    private final long originBucket;
    private final long retentionBuckets;
    private final List<long[]> events = new ArrayList<>();
    private final List<Exclusion> exclusions = new ArrayList<>();

    ReferenceTracker(long createdAtMillis, Duration retention) {
        this.originBucket = Math.floorDiv(createdAtMillis, TEN_SECONDS);
        this.retentionBuckets =
                Math.max(retention.toMillis(), Duration.ofDays(3).toMillis()) / TEN_SECONDS;
    }

    void record(long atMillis, long good, long bad) {
        events.add(new long[] {Math.floorDiv(atMillis, TEN_SECONDS), good, bad});
    }

    void exclude(Exclusion exclusion) {
        exclusions.add(exclusion);
    }

    /** The counted events of the window starting at {@code startMillis}, and the excluded ones of {@code kind} (or all kinds). */
    SliCounts counts(long startMillis, long nowMillis, ExclusionKind kind, boolean excluded) {
        long now = Math.floorDiv(nowMillis, TEN_SECONDS);
        long from = round(Math.floorDiv(startMillis, TEN_SECONDS), false, now);
        long good = 0;
        long bad = 0;
        for (long[] e : events) {
            if (e[0] < from) {
                continue;
            }
            boolean inside = false;
            for (Exclusion x : exclusions) {
                if (kind != null && x.kind() != kind) {
                    continue;
                }
                long a = round(Math.floorDiv(BucketGeometry.millis(x.start()), TEN_SECONDS), false, now);
                long b = round(Math.floorDiv(BucketGeometry.millis(x.end()) + TEN_SECONDS - 1, TEN_SECONDS), true, now);
                if (a <= e[0] && e[0] < b) {
                    inside = true;
                }
            }
            if (inside == excluded) {
                good += e[1];
                bad += e[2];
            }
        }
        return new SliCounts(good, bad);
    }

    /** The documented rounding of boundary {@code k} when the current bucket is {@code now}. */
    long round(long k, boolean up, long now) {
        if (k > now || k <= originBucket) {
            return k;
        }
        // Oldest boundary of each tier: 2,160 ten-second boundaries (from the tracker's first minute),
        // 4,322 minutes, retention / 5 min + 2 five-minute boundaries; each starts on the next tier's grid.
        long fineLow = Math.max(ceil(now - 2_159, 6), Math.floorDiv(originBucket, 6) * 6);
        long minuteLow = ceil((Math.floorDiv(now, 6) - 4_321) * 6, 30);
        long tailLow = (Math.floorDiv(now, 30) - (ceil(retentionBuckets, 30) / 30 + 2) + 1) * 30;
        if (k >= fineLow) {
            return k;
        }
        if (k >= minuteLow) {
            return up ? Math.min(ceil(k, 6), fineLow) : Math.floorDiv(k, 6) * 6;
        }
        if (k >= tailLow) {
            return up ? Math.min(ceil(k, 30), minuteLow) : Math.floorDiv(k, 30) * 30;
        }
        return tailLow;
    }

    private static long ceil(long k, long grid) {
        return -Math.floorDiv(-k, grid) * grid;
    }
}
