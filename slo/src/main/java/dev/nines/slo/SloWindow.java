package dev.nines.slo;

import dev.nines.core.internal.Arguments;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.Objects;

/**
 * The compliance period of an SLO: a rolling window (the last 30 days, say) or a calendar window
 * (the current month or ISO week in a time zone) that starts afresh at local midnight.
 *
 * <p>Calendar windows are DST-correct: they start at the first instant of the local day in their
 * zone (so a month may last 30 days minus one hour) and months have 28 to 31 days.
 *
 * <p>Immutable and thread-safe. Bad input (a null, a non-positive or over-long duration) raises
 * {@link NullPointerException} or {@link IllegalArgumentException} naming the field.
 *
 * <pre>{@code
 * SloWindow last30Days = SloWindow.rolling(Duration.ofDays(30));
 * SloWindow month = SloWindow.calendarMonth(ZoneId.of("Europe/Paris"));
 * Instant start = month.start(Instant.now());   // local midnight of the 1st
 * }</pre>
 */
public sealed interface SloWindow permits SloWindow.Rolling, SloWindow.CalendarMonth, SloWindow.CalendarWeek {

    /** The shortest rolling window: one minute. */
    Duration MIN_ROLLING = Duration.ofMinutes(1);
    /** The longest rolling window: 366 days (memory grows by 16 bytes per minute of window). */
    Duration MAX_ROLLING = Duration.ofDays(366);

    /**
     * Returns a rolling window of the given length that always ends now.
     *
     * @param length the window length, from 1 minute to 366 days
     * @return the window
     * @throws IllegalArgumentException if {@code length} is outside that range
     */
    static SloWindow rolling(Duration length) {
        return new Rolling(length);
    }

    /**
     * Returns the calendar month in {@code zone}, from local midnight of the 1st to local midnight
     * of the 1st of the next month.
     *
     * @param zone the time zone whose calendar defines the month
     * @return the window
     */
    static SloWindow calendarMonth(ZoneId zone) {
        return new CalendarMonth(zone);
    }

    /**
     * Returns the ISO calendar week in {@code zone}, from local midnight on Monday to the next
     * Monday's local midnight.
     *
     * @param zone the time zone whose calendar defines the week
     * @return the window
     */
    static SloWindow calendarWeek(ZoneId zone) {
        return new CalendarWeek(zone);
    }

    /**
     * Returns the first instant of the window that contains {@code now}.
     *
     * @param now the evaluation instant
     * @return the window start: {@code now - length} when rolling, local midnight when calendar
     */
    Instant start(Instant now);

    /**
     * Returns the end of the window that contains {@code now}: {@code now} itself when rolling,
     * the start of the next period (exclusive) when calendar.
     *
     * @param now the evaluation instant
     * @return the window end
     */
    Instant end(Instant now);

    /**
     * Returns the full length of the period that contains {@code now}: the rolling length, or the
     * calendar period's length (e.g. 31 days, or 31 days minus one hour in a DST month). Burn
     * rates and alert factors are relative to this length.
     *
     * @param now the evaluation instant
     * @return the period length
     */
    default Duration period(Instant now) {
        return Duration.between(start(now), end(now));
    }

    /**
     * Returns an upper bound on {@link #period(Instant)} over all instants, used to size storage.
     *
     * @return the longest possible period
     */
    Duration maxLength();

    /**
     * A window of fixed length ending now.
     *
     * @param length the window length, from 1 minute to 366 days
     */
    record Rolling(Duration length) implements SloWindow {
        /**
         * Validates the length.
         *
         * @param length the window length, from 1 minute to 366 days
         */
        public Rolling {
            Arguments.positive("window", length);
            if (length.compareTo(MIN_ROLLING) < 0 || length.compareTo(MAX_ROLLING) > 0) {
                throw new IllegalArgumentException(
                        "window must be in [" + MIN_ROLLING + ", " + MAX_ROLLING + "], was " + length);
            }
        }

        @Override
        public Instant start(Instant now) {
            return now.minus(length);
        }

        @Override
        public Instant end(Instant now) {
            return Objects.requireNonNull(now, "now");
        }

        @Override
        public Duration period(Instant now) {
            return length;
        }

        @Override
        public Duration maxLength() {
            return length;
        }
    }

    /**
     * The calendar month in a zone, aligned to local midnight of the 1st.
     *
     * @param zone the zone whose calendar defines the month
     */
    record CalendarMonth(ZoneId zone) implements SloWindow {
        /**
         * Validates the zone.
         *
         * @param zone the zone whose calendar defines the month
         */
        public CalendarMonth {
            Objects.requireNonNull(zone, "zone");
        }

        @Override
        public Instant start(Instant now) {
            return firstDay(now).atStartOfDay(zone).toInstant();
        }

        @Override
        public Instant end(Instant now) {
            return firstDay(now).plusMonths(1).atStartOfDay(zone).toInstant();
        }

        private LocalDate firstDay(Instant now) {
            return now.atZone(zone).toLocalDate().withDayOfMonth(1);
        }

        @Override
        public Duration maxLength() {
            return Duration.ofDays(31).plusHours(1);
        }
    }

    /**
     * The ISO week (Monday to Sunday) in a zone, aligned to local midnight on Monday.
     *
     * @param zone the zone whose calendar defines the week
     */
    record CalendarWeek(ZoneId zone) implements SloWindow {
        /**
         * Validates the zone.
         *
         * @param zone the zone whose calendar defines the week
         */
        public CalendarWeek {
            Objects.requireNonNull(zone, "zone");
        }

        @Override
        public Instant start(Instant now) {
            return monday(now).atStartOfDay(zone).toInstant();
        }

        @Override
        public Instant end(Instant now) {
            return monday(now).plusWeeks(1).atStartOfDay(zone).toInstant();
        }

        private LocalDate monday(Instant now) {
            return now.atZone(zone).toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        }

        @Override
        public Duration maxLength() {
            return Duration.ofDays(7).plusHours(1);
        }
    }
}
