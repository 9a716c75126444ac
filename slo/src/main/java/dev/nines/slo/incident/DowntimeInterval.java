package dev.nines.slo.incident;

import dev.nines.core.internal.Arguments;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One stretch {@code [start, end)} of downtime in which the fraction {@code impactRatio} of
 * requests failed. Produced by {@link Downtime#intervals}: disjoint, sorted, clipped to a period.
 *
 * @param start the first instant
 * @param end the first instant after, after {@code start}
 * @param impactRatio the fraction of requests failing, in (0, 1]
 */
public record DowntimeInterval(Instant start, Instant end, double impactRatio) {

    /**
     * Validates the interval.
     *
     * @param start the first instant
     * @param end the first instant after, after {@code start}
     * @param impactRatio the fraction of requests failing, in (0, 1]
     */
    public DowntimeInterval {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("end must be after start " + start + ", was " + end);
        }
        Arguments.inOpenClosed("impactRatio", impactRatio, 0, 1);
    }

    /**
     * Returns {@code end - start}.
     *
     * @return the length
     */
    public Duration duration() {
        return Duration.between(start, end);
    }

    /**
     * Returns the length weighted by the impact, in nanoseconds (not rounded).
     *
     * @return {@code duration x impactRatio} in nanoseconds
     */
    public double weightedNanos() {
        return duration().toNanos() * impactRatio;
    }
}
