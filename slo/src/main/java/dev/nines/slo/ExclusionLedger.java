package dev.nines.slo;

import static dev.nines.slo.BucketGeometry.FINE_MILLIS;
import static dev.nines.slo.BucketGeometry.millis;

import dev.nines.slo.exclusion.Exclusion;
import dev.nines.slo.exclusion.ExclusionKind;
import dev.nines.slo.exclusion.ExclusionSchedule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * The exclusions of one {@link SloTracker}: the SLO's planned schedules and the intervals added at
 * run time, and their translation into bucket ranges. Thread-safe: added exclusions live in an
 * immutable list swapped atomically.
 */
final class ExclusionLedger {

    private final List<ExclusionSchedule> planned;
    private final AtomicReference<List<Exclusion>> added = new AtomicReference<>(List.of());

    ExclusionLedger(List<ExclusionSchedule> planned) {
        this.planned = planned;
    }

    /** Adds an exclusion at run time. */
    void add(Exclusion exclusion) {
        added.updateAndGet(current -> {
            List<Exclusion> next = new ArrayList<>(current);
            next.add(exclusion);
            return List.copyOf(next);
        });
    }

    /** Replaces the added exclusions (when restoring). */
    void restore(List<Exclusion> exclusions) {
        added.set(List.copyOf(exclusions));
    }

    /** The exclusions added at run time, in the order added. */
    List<Exclusion> added() {
        return current();
    }

    @SuppressWarnings("NullAway") // never null: starts as List.of() and is only ever set to a copied list
    private List<Exclusion> current() {
        return added.get();
    }

    /** Every occurrence, planned or added, that overlaps {@code [from, to)}. */
    List<Exclusion> occurrences(Instant from, Instant to) {
        List<Exclusion> result = new ArrayList<>();
        for (ExclusionSchedule schedule : planned) {
            result.addAll(schedule.occurrences(from, to));
        }
        for (Exclusion e : current()) {
            result.addAll(e.occurrences(from, to));
        }
        return result;
    }

    /** The maintenance window containing {@code now} with the lowest alert ratio, or null. */
    @Nullable
    Exclusion activeMaintenance(Instant now) {
        Exclusion found = null;

        for (Exclusion e : occurrences(now, now.plusMillis(1))) {
            if (e.kind() == ExclusionKind.MAINTENANCE
                    && e.contains(now)
                    && (found == null || e.alertAboveErrorRatio() < found.alertAboveErrorRatio())) {
                found = e;
            }
        }
        return found;
    }

    /** The fine buckets {@code [from, to)} that cover {@code e}, rounded outwards. */
    static long[] buckets(Exclusion e) {
        long from = Math.floorDiv(millis(e.start()), FINE_MILLIS);
        long to = Math.floorDiv(millis(e.end()) + FINE_MILLIS - 1, FINE_MILLIS);
        return new long[] {from, to};
    }

    /** Union of intervals, clipped to [from, to), sorted and disjoint. */
    static List<long[]> unionOf(List<long[]> intervals, long from, long to) {
        List<long[]> clipped = new ArrayList<>();
        for (long[] interval : intervals) {
            long a = Math.max(interval[0], from);
            long b = Math.min(interval[1], to);
            if (a < b) {
                clipped.add(new long[] {a, b});
            }
        }
        clipped.sort((x, y) -> Long.compare(x[0], y[0]));
        List<long[]> merged = new ArrayList<>();
        for (long[] interval : clipped) {
            long[] tail = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (tail != null && interval[0] <= tail[1]) {
                tail[1] = Math.max(tail[1], interval[1]);
            } else {
                merged.add(interval.clone());
            }
        }
        return merged;
    }
}
