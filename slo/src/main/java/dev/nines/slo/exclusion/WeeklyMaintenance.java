package dev.nines.slo.exclusion;

import dev.nines.core.internal.Arguments;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A maintenance window that recurs every week at a local time in a zone, e.g. Sundays 02:00 for
 * two hours in Europe/Berlin. Each occurrence starts at the local date-time resolved by
 * {@link java.time.ZonedDateTime} (a start inside a DST gap moves forward by the gap) and lasts
 * {@code length} of elapsed time.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * WeeklyMaintenance sundays = WeeklyMaintenance.of(DayOfWeek.SUNDAY, LocalTime.of(2, 0),
 *         Duration.ofHours(2), ZoneId.of("Europe/Berlin"), "weekly patching");
 * }</pre>
 *
 * @param day the day of the week the window starts
 * @param startTime the local start time
 * @param length the window length, positive and at most 7 days
 * @param zone the zone of {@code startTime}
 * @param reason why
 * @param alertAboveErrorRatio the error ratio in (0, 1] above which alerts fire inside the window
 */
public record WeeklyMaintenance(
        DayOfWeek day, LocalTime startTime, Duration length, ZoneId zone, String reason, double alertAboveErrorRatio)
        implements ExclusionSchedule {

    /**
     * Validates the schedule.
     *
     * @param day the day of the week the window starts
     * @param startTime the local start time
     * @param length the window length, positive and at most 7 days
     * @param zone the zone of {@code startTime}
     * @param reason why
     * @param alertAboveErrorRatio the error ratio in (0, 1] above which alerts fire inside the window
     */
    public WeeklyMaintenance {
        Objects.requireNonNull(day, "day");
        Objects.requireNonNull(startTime, "startTime");
        Arguments.positive("length", length);
        if (length.compareTo(Duration.ofDays(7)) > 0) {
            throw new IllegalArgumentException("length must be at most PT168H, was " + length);
        }
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(reason, "reason");
        Arguments.inOpenClosed("alertAboveErrorRatio", alertAboveErrorRatio, 0, 1);
    }

    /**
     * Returns a weekly maintenance window that never lets alerts through.
     *
     * @param day the day of the week the window starts
     * @param startTime the local start time
     * @param length the window length, positive and at most 7 days
     * @param zone the zone of {@code startTime}
     * @param reason why
     * @return the schedule
     */
    public static WeeklyMaintenance of(
            DayOfWeek day, LocalTime startTime, Duration length, ZoneId zone, String reason) {
        return new WeeklyMaintenance(day, startTime, length, zone, reason, 1.0);
    }

    /**
     * Returns a copy that lets alerts fire inside the window above {@code ratio}.
     *
     * @param ratio an error ratio in (0, 1]; {@code 1.0} never alerts
     * @return the copy
     */
    public WeeklyMaintenance withAlertAboveErrorRatio(double ratio) {
        return new WeeklyMaintenance(day, startTime, length, zone, reason, ratio);
    }

    @Override
    public List<Exclusion> occurrences(Instant from, Instant to) {
        List<Exclusion> result = new ArrayList<>();
        if (!to.isAfter(from)) {
            return result;
        }
        // An occurrence overlapping [from, to) starts before 'to' and at most 7 days before 'from'.
        LocalDate date =
                from.minus(length).atZone(zone).toLocalDate().minusDays(1).with(TemporalAdjusters.previousOrSame(day));
        while (true) {
            Instant start = date.atTime(startTime).atZone(zone).toInstant();
            if (!start.isBefore(to)) {
                return result;
            }
            Instant end = start.plus(length);
            if (end.isAfter(from)) {
                result.add(new Exclusion(ExclusionKind.MAINTENANCE, start, end, reason, alertAboveErrorRatio));
            }
            date = date.plusWeeks(1);
        }
    }
}
