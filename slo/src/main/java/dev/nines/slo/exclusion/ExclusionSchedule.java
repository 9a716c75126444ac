package dev.nines.slo.exclusion;

import java.time.Instant;
import java.util.List;

/**
 * A source of excluded intervals: one {@link Exclusion}, or a {@link WeeklyMaintenance} that
 * repeats every week.
 *
 * <p>Implementations are immutable and thread-safe.
 */
public sealed interface ExclusionSchedule permits Exclusion, WeeklyMaintenance {

    /**
     * Returns the occurrences that overlap {@code [from, to)}, in start order, unclipped.
     *
     * @param from the start of the range, inclusive
     * @param to the end of the range, exclusive
     * @return the overlapping occurrences; empty if none or if {@code to} is not after {@code from}
     */
    List<Exclusion> occurrences(Instant from, Instant to);
}
