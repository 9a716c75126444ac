package dev.nines.capacity.forecast;

import java.time.Instant;
import java.util.Objects;

/**
 * One timestamped measurement, the raw input of {@link TimeSeries#fromObservations}.
 *
 * @param time when the value was measured (the start of its step)
 * @param value the measured value; must be finite
 */
public record Observation(Instant time, double value) {

    /**
     * Checks the observation.
     *
     * @param time when the value was measured (the start of its step)
     * @param value the measured value; must be finite
     * @throws NullPointerException if {@code time} is null
     * @throws IllegalArgumentException if {@code value} is NaN or infinite
     */
    public Observation {
        Objects.requireNonNull(time, "time");
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("value must be finite, was " + value + " at " + time);
        }
    }
}
