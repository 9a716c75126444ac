package dev.nines.capacity.scaling;

/**
 * Forecast demand at one instant: the expected value and an upper bound (for example the upper
 * end of a prediction interval), in the caller's demand unit (requests per second, messages per
 * second, ...). Immutable.
 *
 * @param expected the expected demand, finite and not negative
 * @param upper the upper bound, at least {@code expected}
 */
public record ForecastPoint(double expected, double upper) {

    /**
     * Validates the point.
     *
     * @throws IllegalArgumentException if a value is negative, not finite, or {@code upper < expected}
     */
    public ForecastPoint {
        if (!(expected >= 0.0) || Double.isInfinite(expected)) {
            throw new IllegalArgumentException("expected must be finite and at least 0.0, was " + expected);
        }
        if (!(upper >= expected) || Double.isInfinite(upper)) {
            throw new IllegalArgumentException("upper must be finite and at least expected (" + expected + "), was " + upper);
        }
    }
}
