package dev.nines.slo;

import dev.nines.core.internal.Arguments;
import java.time.Duration;

/**
 * How the error budget is counted, after OpenSLO's budgeting methods.
 *
 * <ul>
 *   <li>{@link #occurrences()}: every event counts; budget = (1 - objective) x events.</li>
 *   <li>{@link #timeslices(Duration, double)}: time is cut into slices of a fixed length; a slice
 *       is good when its good ratio reaches the slice target; budget = (1 - objective) x slices
 *       with data. Slices without events, or inside a no-data interval, are skipped. Only
 *       completed slices are judged.</li>
 * </ul>
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * Budgeting perMinute = Budgeting.timeslices(Duration.ofMinutes(1), 0.95);
 * }</pre>
 */
public sealed interface Budgeting permits Budgeting.Occurrences, Budgeting.Timeslices {

    /**
     * Returns occurrence budgeting: budget = (1 - objective) x events.
     *
     * @return the budgeting method
     */
    static Budgeting occurrences() {
        return Occurrences.INSTANCE;
    }

    /**
     * Returns time-slice budgeting.
     *
     * @param sliceLength the slice length: a whole number of minutes, at most one day
     * @param sliceTarget the good ratio a slice needs to be good, in (0, 1]
     * @return the budgeting method
     * @throws IllegalArgumentException if either argument is out of range
     */
    static Budgeting timeslices(Duration sliceLength, double sliceTarget) {
        return new Timeslices(sliceLength, sliceTarget);
    }

    /** Every event counts against the budget. */
    final class Occurrences implements Budgeting {
        static final Occurrences INSTANCE = new Occurrences();

        private Occurrences() {}

        @Override
        public String toString() {
            return "Occurrences";
        }
    }

    /**
     * Fixed-length time slices, each good or bad.
     *
     * @param sliceLength the slice length: a whole number of minutes, at most one day
     * @param sliceTarget the good ratio a slice needs to be good, in (0, 1]
     */
    record Timeslices(Duration sliceLength, double sliceTarget) implements Budgeting {
        /**
         * Validates the slice length and target.
         *
         * @param sliceLength the slice length: a whole number of minutes, at most one day
         * @param sliceTarget the good ratio a slice needs to be good, in (0, 1]
         */
        public Timeslices {
            Arguments.positive("sliceLength", sliceLength);
            if (sliceLength.compareTo(Duration.ofDays(1)) > 0
                    || sliceLength.getNano() != 0
                    || sliceLength.getSeconds() % 60 != 0) {
                throw new IllegalArgumentException(
                        "sliceLength must be a whole number of minutes up to PT24H, was " + sliceLength);
            }
            Arguments.inOpenClosed("sliceTarget", sliceTarget, 0, 1);
        }
    }
}
