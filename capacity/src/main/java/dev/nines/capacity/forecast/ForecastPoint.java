package dev.nines.capacity.forecast;

import java.time.Instant;
import java.util.Objects;

/**
 * One forecast step: the point forecast and its prediction interval.
 *
 * @param time the instant the forecast is for
 * @param mean the point forecast
 * @param lower the lower bound of the prediction interval
 * @param upper the upper bound of the prediction interval
 */
public record ForecastPoint(Instant time, double mean, double lower, double upper) {

    /**
     * Checks the point.
     *
     * @param time the instant the forecast is for
     * @param mean the point forecast
     * @param lower the lower bound of the prediction interval
     * @param upper the upper bound of the prediction interval
     * @throws IllegalArgumentException if a number is not finite or {@code lower <= mean <= upper} fails
     */
    public ForecastPoint {
        Objects.requireNonNull(time, "time");
        if (!Double.isFinite(mean) || !Double.isFinite(lower) || !Double.isFinite(upper)) {
            throw new IllegalArgumentException(
                    "forecast at " + time + " must be finite, was " + lower + " <= " + mean + " <= " + upper);
        }
        if (!(lower <= mean && mean <= upper)) {
            throw new IllegalArgumentException("forecast at " + time + " must satisfy lower <= mean <= upper, was "
                    + lower + ", " + mean + ", " + upper);
        }
    }

    /**
     * Tells whether {@code value} lies inside the interval (bounds included).
     *
     * @param value the value
     * @return true if {@code lower <= value <= upper}
     */
    public boolean contains(double value) {
        return lower <= value && value <= upper;
    }
}
