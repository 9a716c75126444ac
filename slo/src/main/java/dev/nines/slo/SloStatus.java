package dev.nines.slo;

import java.time.Instant;

/**
 * Everything a tracker knows about its SLO's current window, taken at one instant.
 *
 * <p>Events inside exclusions are reported by kind and not counted against the budget; an event
 * covered by several exclusions of different kinds is reported under each but excluded once.
 *
 * @param windowStart the first instant of the current window
 * @param asOf the evaluation instant
 * @param counted the events that count towards the SLI and the budget
 * @param maintenance the events inside maintenance windows
 * @param forceMajeure the events inside force-majeure intervals
 * @param noData the events inside no-data intervals
 * @param dataCoverage the fraction of the window's elapsed time with monitoring data, in [0, 1]:
 *     time in no-data intervals, and before the tracker started, is not covered
 * @param compliance the SLI over the window: the good ratio of counted events (occurrences) or
 *     of slices with data (time slices); 1 when there is nothing to judge
 * @param errorBudget the error budget
 */
public record SloStatus(
        Instant windowStart,
        Instant asOf,
        SliCounts counted,
        SliCounts maintenance,
        SliCounts forceMajeure,
        SliCounts noData,
        double dataCoverage,
        double compliance,
        ErrorBudget errorBudget) {}
