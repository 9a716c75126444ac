package dev.nines.slo;

import static dev.nines.slo.BucketGeometry.FINE_PER_COARSE;
import static dev.nines.slo.BucketGeometry.FINE_SLOTS;
import static dev.nines.slo.BucketGeometry.ceil6;
import static dev.nines.slo.BucketGeometry.floor6;

import dev.nines.slo.exclusion.Exclusion;
import java.util.List;

/**
 * The cumulative good and bad totals of a {@link SloTracker} at every bucket boundary of its
 * retention, so that the events of any range of buckets are the difference of two totals, O(1).
 * {@code cum(k)} is the number of events recorded before bucket {@code k}.
 *
 * <p>Not thread-safe: the tracker calls every method with its lock held, except
 * {@link #lastIndex()}, which the recording path reads without it.
 */
final class BucketRing {

    private final int coarseSlots;
    private final long[] fineGood;
    private final long[] fineBad;
    private final long[] coarseGood;
    private final long[] coarseBad;
    private volatile long lastIndex;
    private long origin;
    private long fineFloor;
    private long baseGood;
    private long baseBad;

    BucketRing(SloWindow window) {
        this.coarseSlots = BucketGeometry.coarseSlots(window);
        this.fineGood = new long[FINE_SLOTS];
        this.fineBad = new long[FINE_SLOTS];
        this.coarseGood = new long[coarseSlots];
        this.coarseBad = new long[coarseSlots];
    }

    /** Starts an empty ring whose first bucket is {@code index}. */
    void start(long index) {
        origin = index;
        fineFloor = floor6(index);
        lastIndex = index;
    }

    /** The newest bucket, still open: events recorded now land in it. */
    long lastIndex() {
        return lastIndex;
    }

    /** Bytes held by the rings (for the memory figure). */
    long footprintBytes() {
        return 16L * FINE_SLOTS + 16L * coarseSlots;
    }

    /**
     * Closes every bucket before {@code index}, storing the running totals.
     *
     * @return whether the ring moved
     */
    boolean advanceTo(long index, long totalGood, long totalBad) {
        long last = lastIndex;
        if (index <= last) {
            return false;
        }
        for (long k = Math.max(last + 1, index - FINE_SLOTS + 1); k <= index; k++) {
            int slot = Math.floorMod(k, FINE_SLOTS);
            fineGood[slot] = totalGood;
            fineBad[slot] = totalBad;
        }
        long firstMinute = Math.max(Math.floorDiv(last, FINE_PER_COARSE) + 1,
                Math.floorDiv(index, FINE_PER_COARSE) - coarseSlots + 1);
        for (long m = firstMinute; m <= Math.floorDiv(index, FINE_PER_COARSE); m++) {
            int slot = Math.floorMod(m, coarseSlots);
            coarseGood[slot] = totalGood;
            coarseBad[slot] = totalBad;
        }
        lastIndex = index;
        return true;
    }

    /** Where cum(k) lives: -1 base, -2 current totals, fine slot s as s, coarse slot s as FINE_SLOTS + s. */
    private int locate(long k) {
        long last = lastIndex;
        if (k <= origin) {
            return -1;
        }
        if (k > last) {
            return -2;
        }
        if (k >= fineFloor && last - k < FINE_SLOTS) {
            return Math.floorMod(k, FINE_SLOTS);
        }
        long m = Math.max(Math.floorDiv(k, FINE_PER_COARSE), Math.floorDiv(last, FINE_PER_COARSE) - coarseSlots + 1);
        if (m * FINE_PER_COARSE <= origin) {
            return -1;
        }
        return FINE_SLOTS + Math.floorMod(m, coarseSlots);
    }

    /** Good events recorded before bucket {@code k}, as of the last closed bucket. */
    long cumGood(long k, long totalGood) {
        int at = locate(k);
        return at == -1 ? baseGood : at == -2 ? totalGood : at < FINE_SLOTS ? fineGood[at] : coarseGood[at - FINE_SLOTS];
    }

    /** Bad events recorded before bucket {@code k}, as of the last closed bucket. */
    long cumBad(long k, long totalBad) {
        int at = locate(k);
        return at == -1 ? baseBad : at == -2 ? totalBad : at < FINE_SLOTS ? fineBad[at] : coarseBad[at - FINE_SLOTS];
    }

    /** Events in buckets [from, to), given the current totals. */
    SliCounts range(long from, long to, long totalGood, long totalBad) {
        if (to <= from) {
            return SliCounts.EMPTY;
        }
        long g = cumGood(to, totalGood) - cumGood(from, totalGood);
        long b = cumBad(to, totalBad) - cumBad(from, totalBad);
        return new SliCounts(Math.max(0, g), Math.max(0, b));
    }

    /** A snapshot of the ring, given the current totals. */
    SloSnapshot snapshot(String sloName, long trackingStartMillis, long totalGood, long totalBad,
                         List<Exclusion> exclusions) {
        long last = lastIndex;
        long fineStart = Math.max(ceil6(last - FINE_SLOTS + 1), fineFloor);
        long coarseStart = Math.max(Math.floorDiv(origin, FINE_PER_COARSE),
                Math.floorDiv(last, FINE_PER_COARSE) - coarseSlots + 1);
        long fineEndMinute = fineStart / FINE_PER_COARSE;
        int coarseCount = (int) Math.max(0, fineEndMinute - coarseStart);
        long[] cg = new long[coarseCount];
        long[] cb = new long[coarseCount];
        for (int i = 0; i < coarseCount; i++) {
            long k = (coarseStart + i) * FINE_PER_COARSE;
            cg[i] = cumGood(k + FINE_PER_COARSE, totalGood) - cumGood(k, totalGood);
            cb[i] = cumBad(k + FINE_PER_COARSE, totalBad) - cumBad(k, totalBad);
        }
        int fineCount = (int) (last - fineStart + 1);
        long[] fg = new long[fineCount];
        long[] fb = new long[fineCount];
        for (int i = 0; i < fineCount; i++) {
            long k = fineStart + i;
            fg[i] = cumGood(k + 1, totalGood) - cumGood(k, totalGood);
            fb[i] = cumBad(k + 1, totalBad) - cumBad(k, totalBad);
        }
        long base0 = coarseCount > 0 ? coarseStart * FINE_PER_COARSE : fineStart;
        return new SloSnapshot(sloName, last, trackingStartMillis, cumGood(base0, totalGood), cumBad(base0, totalBad),
                coarseStart, cg, cb, fineStart, fg, fb, exclusions);
    }

    /**
     * Loads a snapshot into this fresh ring.
     *
     * @return the good and bad totals of the snapshot, to seed the tracker's counters
     */
    long[] load(SloSnapshot s) {
        long last = s.lastIndex();
        long oldestMinute = Math.floorDiv(last, FINE_PER_COARSE) - coarseSlots + 1;
        long coarseStart = s.coarseStart();
        long fineStart = s.fineStart();
        long runningGood = s.baseGood();
        long runningBad = s.baseBad();
        long[] cg = s.coarseGood();
        long[] cb = s.coarseBad();
        long[] fg = s.fineGood();
        long[] fb = s.fineBad();
        long effectiveStart = Math.max(coarseStart, Math.min(oldestMinute, fineStart / FINE_PER_COARSE));
        for (int i = 0; i < cg.length; i++) {
            long m = coarseStart + i;
            if (m >= effectiveStart) {
                int slot = Math.floorMod(m, coarseSlots);
                coarseGood[slot] = runningGood;
                coarseBad[slot] = runningBad;
            }
            runningGood += cg[i];
            runningBad += cb[i];
            if (m < effectiveStart) {
                baseGood = runningGood;
                baseBad = runningBad;
            }
        }
        if (cg.length == 0 || effectiveStart <= coarseStart) {
            baseGood = s.baseGood();
            baseBad = s.baseBad();
        }
        for (int i = 0; i < fg.length; i++) {
            long k = fineStart + i;
            int slot = Math.floorMod(k, FINE_SLOTS);
            fineGood[slot] = runningGood;
            fineBad[slot] = runningBad;
            if (Math.floorMod(k, FINE_PER_COARSE) == 0) {
                int c = Math.floorMod(k / FINE_PER_COARSE, coarseSlots);
                coarseGood[c] = runningGood;
                coarseBad[c] = runningBad;
            }
            runningGood += fg[i];
            runningBad += fb[i];
        }
        origin = cg.length > 0 ? effectiveStart * FINE_PER_COARSE : fineStart;
        fineFloor = fineStart;
        lastIndex = last;
        return new long[] {runningGood, runningBad};
    }
}
