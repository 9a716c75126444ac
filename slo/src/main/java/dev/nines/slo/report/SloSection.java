package dev.nines.slo.report;

import dev.nines.core.internal.Arguments;
import dev.nines.slo.ErrorBudget;
import dev.nines.slo.SliCounts;
import dev.nines.slo.SloStatus;
import dev.nines.slo.SloTracker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The SLO part of a report: the state of one SLO's current window and its budget burn-down.
 *
 * @param name the SLO name
 * @param objective the SLO objective in (0, 1)
 * @param windowStart the first instant of the window
 * @param windowEnd the end of the window (the evaluation instant for rolling windows)
 * @param asOf the evaluation instant
 * @param compliance the SLI over the window, in [0, 1]
 * @param errorBudget the error budget
 * @param burnDown the remaining budget over the window, in time order
 */
public record SloSection(
        String name,
        double objective,
        Instant windowStart,
        Instant windowEnd,
        Instant asOf,
        double compliance,
        ErrorBudget errorBudget,
        List<BudgetPoint> burnDown) {

    /** The number of burn-down points {@link #of(SloTracker)} samples. */
    public static final int DEFAULT_POINTS = 48;

    /**
     * Validates and copies.
     *
     * @param name the SLO name
     * @param objective the objective
     * @param windowStart the window start
     * @param windowEnd the window end, not before {@code windowStart}
     * @param asOf the evaluation instant
     * @param compliance the SLI over the window
     * @param errorBudget the error budget
     * @param burnDown the burn-down points
     */
    public SloSection {
        Arguments.notBlank("name", name);
        Arguments.inOpen("objective", objective, 0, 1);
        Objects.requireNonNull(windowStart, "windowStart");
        Objects.requireNonNull(windowEnd, "windowEnd");
        Objects.requireNonNull(asOf, "asOf");
        Objects.requireNonNull(errorBudget, "errorBudget");
        if (windowEnd.isBefore(windowStart)) {
            throw new IllegalArgumentException(
                    "windowEnd must not be before windowStart " + windowStart + ", was " + windowEnd);
        }
        Arguments.inClosed("compliance", compliance, 0, 1);
        burnDown = List.copyOf(burnDown);
    }

    /**
     * Reads a tracker's current window, sampling {@link #DEFAULT_POINTS} burn-down points.
     *
     * @param tracker the tracker
     * @return the section
     */
    public static SloSection of(SloTracker tracker) {
        return of(tracker, DEFAULT_POINTS);
    }

    /**
     * Reads a tracker's current window. The burn-down at an instant {@code t} is the budget left
     * given the counted events from the window start to {@code t}:
     * {@code 1 - bad / ((1 - objective) x total)} (1 without events), event-based also for
     * time-slice SLOs, with the tracker's 10-second (older than 6 hours: 1-minute) resolution.
     *
     * @param tracker the tracker
     * @param points the number of points, at least 2
     * @return the section
     */
    public static SloSection of(SloTracker tracker, int points) {
        Objects.requireNonNull(tracker, "tracker");
        Arguments.atLeast("points", points, 2);
        SloStatus status = tracker.status();
        Instant start = status.windowStart();
        Instant asOf = status.asOf();
        double objective = tracker.slo().objective();
        List<BudgetPoint> burnDown = new ArrayList<>();
        long span = Duration.between(start, asOf).toMillis();
        if (span > 0) {
            SliCounts all = tracker.counts(Duration.ofMillis(span));
            for (int i = 0; i < points; i++) {
                long offset = Math.round((double) span * i / (points - 1));
                Instant t = start.plusMillis(offset);
                long sinceT = span - offset;
                SliCounts after = sinceT > 0 ? tracker.counts(Duration.ofMillis(sinceT)) : SliCounts.EMPTY;
                long good = Math.max(0, all.good() - after.good());
                long bad = Math.max(0, all.bad() - after.bad());
                double allowed = (1 - objective) * (good + bad);
                burnDown.add(new BudgetPoint(t, allowed > 0 ? 1 - bad / allowed : 1.0));
            }
        }
        Instant end = tracker.slo().window().end(asOf);
        return new SloSection(
                tracker.slo().name(),
                objective,
                start,
                end.isBefore(start) ? start : end,
                asOf,
                status.compliance(),
                status.errorBudget(),
                burnDown);
    }
}
