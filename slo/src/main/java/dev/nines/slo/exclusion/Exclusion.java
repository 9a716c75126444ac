package dev.nines.slo.exclusion;

import dev.nines.core.internal.Arguments;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One interval {@code [start, end)} excluded from an SLO's error budget, with its kind and reason.
 *
 * <p>{@code alertAboveErrorRatio} matters for {@link ExclusionKind#MAINTENANCE} only: inside the
 * window burn-rate alerts are suppressed unless the error ratio of the alert's short window exceeds
 * it, so that maintenance never masks an unintended outage. The default, {@code 1.0}, never alerts.
 *
 * <p>Immutable and thread-safe. Bad input raises {@link NullPointerException} or
 * {@link IllegalArgumentException} naming the field.
 *
 * <pre>{@code
 * Exclusion upgrade = Exclusion.maintenance(start, start.plus(Duration.ofHours(1)), "db upgrade")
 *         .withAlertAboveErrorRatio(0.5);
 * tracker.exclude(Exclusion.forceMajeure(outageStart, outageEnd, "region-wide power loss"));
 * }</pre>
 *
 * @param kind why the interval is excluded
 * @param start the first excluded instant
 * @param end the first instant after the interval, after {@code start}
 * @param reason a human-readable reason, may be empty
 * @param alertAboveErrorRatio the error ratio in (0, 1] above which alerts fire inside maintenance
 */
public record Exclusion(ExclusionKind kind, Instant start, Instant end, String reason, double alertAboveErrorRatio)
        implements ExclusionSchedule {

    /**
     * Validates the interval.
     *
     * @param kind why the interval is excluded
     * @param start the first excluded instant
     * @param end the first instant after the interval, after {@code start}
     * @param reason a human-readable reason, may be empty
     * @param alertAboveErrorRatio the error ratio in (0, 1] above which alerts fire inside maintenance
     */
    public Exclusion {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(reason, "reason");
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("end must be after start " + start + ", was " + end);
        }
        Arguments.inOpenClosed("alertAboveErrorRatio", alertAboveErrorRatio, 0, 1);
    }

    /**
     * Returns a planned maintenance window: events excluded, alerts suppressed inside.
     *
     * @param start the first instant of the window
     * @param end the first instant after the window
     * @param reason why
     * @return the exclusion
     */
    public static Exclusion maintenance(Instant start, Instant end, String reason) {
        return new Exclusion(ExclusionKind.MAINTENANCE, start, end, reason, 1.0);
    }

    /**
     * Returns a force-majeure interval, usually declared after the fact: events excluded.
     *
     * @param start the first instant of the interval
     * @param end the first instant after the interval
     * @param reason why
     * @return the exclusion
     */
    public static Exclusion forceMajeure(Instant start, Instant end, String reason) {
        return new Exclusion(ExclusionKind.FORCE_MAJEURE, start, end, reason, 1.0);
    }

    /**
     * Returns a monitoring gap: events inside count neither as good nor as bad.
     *
     * @param start the first instant without monitoring
     * @param end the first instant with monitoring again
     * @param reason why
     * @return the exclusion
     */
    public static Exclusion noData(Instant start, Instant end, String reason) {
        return new Exclusion(ExclusionKind.NO_DATA, start, end, reason, 1.0);
    }

    /**
     * Returns a copy that lets alerts fire inside the window once the short-window error ratio
     * exceeds {@code ratio}.
     *
     * @param ratio an error ratio in (0, 1]; {@code 1.0} never alerts
     * @return the copy
     */
    public Exclusion withAlertAboveErrorRatio(double ratio) {
        return new Exclusion(kind, start, end, reason, ratio);
    }

    /**
     * Returns whether {@code instant} lies in {@code [start, end)}.
     *
     * @param instant the instant
     * @return whether the interval contains it
     */
    public boolean contains(Instant instant) {
        return !instant.isBefore(start) && instant.isBefore(end);
    }

    @Override
    public List<Exclusion> occurrences(Instant from, Instant to) {
        return start.isBefore(to) && end.isAfter(from) ? List.of(this) : List.of();
    }
}
