package dev.nines.capacity.forecast;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * When a forecast first reaches a capacity threshold: {@code earliest} when the interval's upper bound
 * does, {@code expected} when the point forecast does, {@code latest} when even the lower bound does.
 * Each is empty if it does not happen within the forecast horizon.
 *
 * @param threshold the threshold
 * @param earliest the first instant the upper bound is &gt;= the threshold
 * @param expected the first instant the point forecast is &gt;= the threshold
 * @param latest the first instant the lower bound is &gt;= the threshold
 */
public record ThresholdCrossing(
        double threshold, Optional<Instant> earliest, Optional<Instant> expected, Optional<Instant> latest) {

    /**
     * Checks the crossing.
     *
     * @param threshold the threshold
     * @param earliest the first instant the upper bound is &gt;= the threshold
     * @param expected the first instant the point forecast is &gt;= the threshold
     * @param latest the first instant the lower bound is &gt;= the threshold
     * @throws NullPointerException if a reference is null
     */
    public ThresholdCrossing {
        Objects.requireNonNull(earliest, "earliest");
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(latest, "latest");
    }
}
