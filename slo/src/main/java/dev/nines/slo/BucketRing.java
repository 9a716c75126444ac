package dev.nines.slo;

import static dev.nines.slo.BucketGeometry.FINE_PER_COARSE;
import static dev.nines.slo.BucketGeometry.FINE_PER_HOUR;
import static dev.nines.slo.BucketGeometry.floor6;

import dev.nines.slo.exclusion.Exclusion;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The cumulative good and bad totals of a {@link SloTracker} at the bucket boundaries that
 * {@link BucketGeometry} keeps, so that the events between two kept boundaries are the difference
 * of two totals, O(1). {@code cum(k)} is the number of events recorded before boundary {@code k}.
 *
 * <p>Boundary {@code k} is <em>kept</em> when it is at or before the origin (every event before the
 * origin is in the base), after the newest closed bucket (the running totals), or on a tier's grid
 * and within that tier's reach. {@link #round(long, boolean)} moves any boundary to a kept one;
 * exclusion bounds round outwards, window starts down.
 *
 * <p>Not thread-safe: the tracker calls every method with its lock held, except
 * {@link #lastIndex()}, which the recording path reads without it.
 */
final class BucketRing {

    private final long[] granularity;
    private final int[] slots;
    private final Column[] tiers;
    private final long[] floors;
    private final int hourSlots;
    // Cumulative totals at hour boundaries: good at 2i, bad at 2i + 1.
    private final long[] hours;
    private volatile long lastIndex;
    private long origin;
    private long baseGood;
    private long baseBad;

    BucketRing(Slo slo) {
        this.granularity = BucketGeometry.granularities(slo);
        this.slots = BucketGeometry.slots(slo);
        this.tiers = new Column[slots.length];
        for (int i = 0; i < slots.length; i++) {
            tiers[i] = new Column(slots[i]);
        }
        this.floors = new long[slots.length];
        java.util.Arrays.fill(floors, Long.MIN_VALUE);
        this.hourSlots = BucketGeometry.hourSlots(slo);
        this.hours = new long[2 * hourSlots];
    }

    /** Starts an empty ring whose first bucket is {@code index}. */
    void start(long index) {
        origin = index;
        floors[0] = floor6(index);
        lastIndex = index;
        setHour(Math.floorDiv(index, FINE_PER_HOUR), 0, 0);
    }

    /** The newest bucket, still open: events recorded now land in it. */
    long lastIndex() {
        return lastIndex;
    }

    /** Bytes held by the arrays (for the memory figure; JOL measures the whole object graph). */
    long footprintBytes() {
        long bytes = 16L + 8L * hours.length;
        for (Column tier : tiers) {
            bytes += tier.footprintBytes();
        }
        return bytes;
    }

    // ------------------------------------------------------------------------------------ writing

    private void setHour(long hour, long good, long bad) {
        int slot = 2 * Math.floorMod(hour, hourSlots);
        hours[slot] = good;
        hours[slot + 1] = bad;
    }

    private long hourGood(long k) {
        return hours[2 * Math.floorMod(Math.floorDiv(k, FINE_PER_HOUR), hourSlots)];
    }

    private long hourBad(long k) {
        return hours[2 * Math.floorMod(Math.floorDiv(k, FINE_PER_HOUR), hourSlots) + 1];
    }

    /**
     * Closes every bucket before {@code index}, storing the running totals at every boundary in
     * {@code (lastIndex, index]}.
     *
     * @return whether the ring moved
     */
    boolean advanceTo(long index, long totalGood, long totalBad) {
        long last = lastIndex;
        if (index <= last) {
            return false;
        }
        long lastHour = Math.floorDiv(index, FINE_PER_HOUR);
        for (long h = Math.max(Math.floorDiv(last, FINE_PER_HOUR) + 1, lastHour - hourSlots + 1); h <= lastHour; h++) {
            setHour(h, totalGood, totalBad);
        }
        for (int i = 0; i < tiers.length; i++) {
            long g = granularity[i];
            long newest = Math.floorDiv(index, g);
            for (long j = Math.max(Math.floorDiv(last, g) + 1, newest - slots[i] + 1); j <= newest; j++) {
                long k = j * g;
                tiers[i].set(Math.floorMod(j, slots[i]), totalGood - hourGood(k), totalBad - hourBad(k));
            }
        }
        lastIndex = index;
        return true;
    }

    // ------------------------------------------------------------------------------------ reading

    /**
     * The oldest boundary tier {@code i} keeps, given the newest bucket {@code last}, aligned to the
     * next coarser tier's grid so that rounding at the seam never skips a kept boundary.
     */
    private long lowest(int i, long last) {
        long g = granularity[i];
        long low = (Math.floorDiv(last, g) - slots[i] + 1) * g;
        if (i + 1 < granularity.length) {
            long coarser = granularity[i + 1];
            low = -Math.floorDiv(-low, coarser) * coarser;
        }
        return Math.max(low, floors[i]);
    }

    /**
     * Rounds boundary {@code k} to a kept boundary: down to the previous one, or up to the next.
     * A boundary older than everything kept rounds up to the oldest kept one either way.
     */
    long round(long k, boolean up) {
        long last = lastIndex;
        if (k > last || k <= origin) {
            return k;
        }
        long finer = Long.MAX_VALUE;
        for (int i = 0; i < tiers.length; i++) {
            long low = lowest(i, last);
            if (k >= low) {
                long g = granularity[i];
                return up ? Math.min(-Math.floorDiv(-k, g) * g, finer) : Math.floorDiv(k, g) * g;
            }
            finer = low;
        }
        return finer;
    }

    /** Where cum(k) of kept boundary {@code k} lives: -1 the base, -2 the totals, else the tier. */
    private int tierOf(long k) {
        long last = lastIndex;
        if (k <= origin) {
            return -1;
        }
        if (k > last) {
            return -2;
        }
        for (int i = 0; i < tiers.length; i++) {
            if (k >= lowest(i, last) && Math.floorMod(k, granularity[i]) == 0) {
                return i;
            }
        }
        throw new IllegalStateException("boundary " + k + " is not kept; round it first");
    }

    private int slot(int tier, long k) {
        return Math.floorMod(Math.floorDiv(k, granularity[tier]), slots[tier]);
    }

    /** Good events recorded before kept boundary {@code k}. */
    long cumGood(long k, long totalGood) {
        int tier = tierOf(k);
        return tier == -1 ? baseGood : tier == -2 ? totalGood : hourGood(k) + tiers[tier].good(slot(tier, k));
    }

    /** Bad events recorded before kept boundary {@code k}. */
    long cumBad(long k, long totalBad) {
        int tier = tierOf(k);
        return tier == -1 ? baseBad : tier == -2 ? totalBad : hourBad(k) + tiers[tier].bad(slot(tier, k));
    }

    /**
     * Events between boundaries {@code from} and {@code to}, each first rounded down to a kept
     * boundary, given the current totals.
     */
    SliCounts range(long from, long to, long totalGood, long totalBad) {
        long a = round(from, false);
        long b = round(to, false);
        if (b <= a) {
            return SliCounts.EMPTY;
        }
        long g = cumGood(b, totalGood) - cumGood(a, totalGood);
        long d = cumBad(b, totalBad) - cumBad(a, totalBad);
        return new SliCounts(Math.max(0, g), Math.max(0, d));
    }

    // ---------------------------------------------------------------------------------- snapshots

    /**
     * A snapshot of the ring, given the current totals: 10-second counts from the oldest kept fine
     * boundary, and before that one count per interval between kept boundaries, filed under the
     * minute the interval starts in (so a 5-minute count sits in the first of its five minutes).
     */
    SloSnapshot snapshot(
            String sloName, long trackingStartMillis, long totalGood, long totalBad, List<Exclusion> exclusions) {
        long last = lastIndex;
        long fineStart = lowest(0, last);
        long first = Math.max(floor6(origin), lowest(tiers.length - 1, last));
        int coarseCount = (int) Math.max(0, (fineStart - first) / FINE_PER_COARSE);
        long coarseStart = coarseCount > 0 ? Math.floorDiv(first, FINE_PER_COARSE) : fineStart / FINE_PER_COARSE;
        long[] cg = new long[coarseCount];
        long[] cb = new long[coarseCount];
        for (long b = first; b < fineStart; ) {
            long next = Math.min(round(Math.max(b, origin) + 1, true), fineStart);
            int at = (int) (Math.floorDiv(b, FINE_PER_COARSE) - coarseStart);
            cg[at] = cumGood(next, totalGood) - cumGood(b, totalGood);
            cb[at] = cumBad(next, totalBad) - cumBad(b, totalBad);
            b = next;
        }
        int fineCount = (int) (last - fineStart + 1);
        long[] fg = new long[fineCount];
        long[] fb = new long[fineCount];
        for (int i = 0; i < fineCount; i++) {
            long k = fineStart + i;
            fg[i] = cumGood(k + 1, totalGood) - cumGood(k, totalGood);
            fb[i] = cumBad(k + 1, totalBad) - cumBad(k, totalBad);
        }
        long base = coarseCount > 0 ? first : fineStart;
        return new SloSnapshot(
                sloName,
                last,
                trackingStartMillis,
                cumGood(base, totalGood),
                cumBad(base, totalBad),
                coarseStart,
                cg,
                cb,
                fineStart,
                fg,
                fb,
                exclusions);
    }

    /**
     * Loads a snapshot into this fresh ring. Minute counts in the 5-minute tier's reach add up into
     * their 5 minutes; counts older than the retention fold into the base.
     *
     * @return the good and bad totals of the snapshot, to seed the tracker's counters
     */
    long[] load(SloSnapshot s) {
        long last = s.lastIndex();
        lastIndex = last;
        long coarseStart = s.coarseStart();
        long fineStart = s.fineStart();
        long[] cg = s.coarseGood();
        long[] cb = s.coarseBad();
        long[] fg = s.fineGood();
        long[] fb = s.fineBad();
        long oldest = Math.max(coarseStart * FINE_PER_COARSE, lowest(tiers.length - 1, last));
        long runningGood = s.baseGood();
        long runningBad = s.baseBad();
        int i = 0;
        // Fold what lies before the oldest kept boundary into the base.
        for (; i < cg.length && (coarseStart + i) * FINE_PER_COARSE < Math.min(oldest, fineStart); i++) {
            runningGood += cg[i];
            runningBad += cb[i];
        }
        origin = cg.length > 0 ? Math.min((coarseStart + i) * FINE_PER_COARSE, fineStart) : fineStart;
        baseGood = runningGood;
        baseBad = runningBad;
        floors[0] = fineStart;
        setHour(Math.floorDiv(origin, FINE_PER_HOUR), runningGood, runningBad);
        for (; i < cg.length; i++) {
            store((coarseStart + i) * FINE_PER_COARSE, runningGood, runningBad, last);
            runningGood += cg[i];
            runningBad += cb[i];
        }
        for (int f = 0; f < fg.length; f++) {
            store(fineStart + f, runningGood, runningBad, last);
            runningGood += fg[f];
            runningBad += fb[f];
        }
        return new long[] {runningGood, runningBad};
    }

    /** Stores the totals at boundary {@code k} (after the origin) in every tier that keeps it. */
    private void store(long k, long good, long bad, long last) {
        if (k <= origin) {
            return;
        }
        if (Math.floorMod(k, FINE_PER_HOUR) == 0) {
            setHour(Math.floorDiv(k, FINE_PER_HOUR), good, bad);
        }
        for (int i = 0; i < tiers.length; i++) {
            long g = granularity[i];
            if (Math.floorMod(k, g) == 0 && k >= lowest(i, last)) {
                tiers[i].set(Math.floorMod(Math.floorDiv(k, g), slots[i]), good - hourGood(k), bad - hourBad(k));
            }
        }
    }

    /**
     * Good and bad offsets from the hour's checkpoint, as unsigned ints; an offset of 2^32 - 1 or
     * more (over four billion events in an hour) widens the column to longs, once.
     */
    static final class Column {
        private static final int WIDE = -1;
        private final int[] narrow;
        private long @Nullable [] wide;

        Column(int slots) {
            narrow = new int[2 * slots];
        }

        long good(int slot) {
            return get(2 * slot);
        }

        long bad(int slot) {
            return get(2 * slot + 1);
        }

        void set(int slot, long good, long bad) {
            put(2 * slot, good);
            put(2 * slot + 1, bad);
        }

        private long get(int i) {
            int v = narrow[i];
            if (v != WIDE) {
                return v & 0xFFFF_FFFFL;
            }
            // A WIDE marker is written only after wide has been allocated and filled (put below).
            return Objects.requireNonNull(wide, "wide")[i];
        }

        private void put(int i, long value) {
            if (value >= 0 && value < 0xFFFF_FFFFL) {
                narrow[i] = (int) value;
            } else {
                long[] w = wide;
                if (w == null) {
                    w = new long[narrow.length];
                    wide = w;
                }
                w[i] = value;
                narrow[i] = WIDE;
            }
        }

        long footprintBytes() {
            long[] w = wide;
            return 16L + 4L * narrow.length + (w == null ? 0 : 16L + 8L * w.length);
        }
    }
}
