package dev.nines.slo.alert;

import java.time.Duration;
import java.time.Instant;

/**
 * What {@link NoDataWatch} reports: a tracker's input went silent while traffic was expected, or
 * came back. Exhaustive with {@code switch} over the permitted records.
 */
public sealed interface NoDataEvent permits NoDataEvent.NoDataStarted, NoDataEvent.NoDataEnded {

    /**
     * Returns the SLO the event is about.
     *
     * @return the SLO name
     */
    String sloName();

    /**
     * Returns when the watch noticed.
     *
     * @return the check instant
     */
    Instant at();

    /**
     * The tracker recorded nothing since {@code since} although the forecast expected
     * {@code expectedEvents}: the interval {@code [since, at)} is marked no-data on the tracker.
     *
     * @param sloName the SLO
     * @param since the first instant known to be silent (the check that last saw events)
     * @param expectedEvents the events the forecast expected in {@code [since, at)}
     * @param at when the watch noticed
     */
    record NoDataStarted(String sloName, Instant since, double expectedEvents, Instant at) implements NoDataEvent {}

    /**
     * Events arrive again: the gap {@code [since, until)} is marked no-data on the tracker.
     *
     * @param sloName the SLO
     * @param since the first instant of the gap
     * @param until the last check that saw no events: the end of the gap known to be silent
     * @param at when the watch saw events again
     */
    record NoDataEnded(String sloName, Instant since, Instant until, Instant at) implements NoDataEvent {

        /**
         * Returns the length of the gap marked no-data.
         *
         * @return {@code until - since}
         */
        public Duration duration() {
            return Duration.between(since, until);
        }
    }
}
