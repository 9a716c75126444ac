package dev.nines.capacity.model;

import dev.nines.core.internal.Arguments;

/**
 * Little's law, {@code L = lambda x W}: the mean number of requests in a stable system equals the
 * arrival rate times the mean time each spends in it.
 *
 * <p>Rates are per second, times in seconds. Stateless; every method throws
 * {@link IllegalArgumentException} for negative, NaN or infinite input (and zero divisors).
 *
 * <pre>{@code
 * double inFlight = LittlesLaw.concurrency(2_000, 0.050);   // 2,000 rps at 50 ms: 100 in flight
 * }</pre>
 */
public final class LittlesLaw {

    private LittlesLaw() {}

    /**
     * Returns the mean number in the system, {@code L = lambda x W}.
     *
     * @param arrivalRatePerSecond the throughput, at least 0
     * @param timeInSystemSeconds the mean time in the system, at least 0
     * @return the mean concurrency
     */
    public static double concurrency(double arrivalRatePerSecond, double timeInSystemSeconds) {
        return finite("arrivalRatePerSecond", arrivalRatePerSecond)
                * finite("timeInSystemSeconds", timeInSystemSeconds);
    }

    /**
     * Returns the throughput a concurrency sustains, {@code lambda = L / W}.
     *
     * @param concurrency the mean number in the system, at least 0
     * @param timeInSystemSeconds the mean time in the system, positive
     * @return the arrival rate per second
     */
    public static double arrivalRate(double concurrency, double timeInSystemSeconds) {
        return finite("concurrency", concurrency) / positive("timeInSystemSeconds", timeInSystemSeconds);
    }

    /**
     * Returns the mean time in the system, {@code W = L / lambda}.
     *
     * @param concurrency the mean number in the system, at least 0
     * @param arrivalRatePerSecond the throughput, positive
     * @return the mean time in seconds
     */
    public static double timeInSystem(double concurrency, double arrivalRatePerSecond) {
        return finite("concurrency", concurrency) / positive("arrivalRatePerSecond", arrivalRatePerSecond);
    }

    static double finite(String field, double value) {
        if (!(value >= 0.0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(field + " must be finite and at least 0.0, was " + value);
        }
        return value;
    }

    static double positive(String field, double value) {
        if (Double.isInfinite(value)) {
            throw new IllegalArgumentException(field + " must be finite, was " + value);
        }
        return Arguments.positive(field, value);
    }
}
