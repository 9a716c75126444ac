package dev.nines.capacity.forecast;

/** The standard normal distribution: the quantile used for prediction intervals. */
final class Normal {

    private static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

    private Normal() {}

    /**
     * Returns erf(z) for z &ge; 0 from the series {@code 2/sqrt(pi) e^{-z^2} sum z^{2n+1} 2^n / (2n+1)!!},
     * whose terms are all positive (no cancellation), accurate to a few ulps for z up to about 6.
     */
    static double erf(double z) {
        if (z < 0) {
            return -erf(-z);
        }
        if (z > 6) {
            return 1;
        }
        double z2 = z * z;
        double term = z;
        double sum = z;
        for (int n = 1; n < 1000; n++) {
            term *= 2 * z2 / (2 * n + 1);
            sum += term;
            if (term < 1e-17 * sum) {
                break;
            }
        }
        return TWO_OVER_SQRT_PI * Math.exp(-z2) * sum;
    }

    /** Returns the standard normal distribution function at {@code x}. */
    static double cdf(double x) {
        return 0.5 + 0.5 * erf(x / Math.sqrt(2));
    }

    /**
     * Returns the quantile {@code z} with {@code cdf(z) = p} by bisection (to double precision).
     * Only used once per forecast, so simplicity beats speed.
     */
    static double quantile(double p) {
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException("p must be in (0, 1), was " + p);
        }
        if (p < 0.5) {
            return -quantile(1 - p);
        }
        double lo = 0;
        double hi = 9;
        for (int i = 0; i < 200 && hi - lo > 1e-15; i++) {
            double mid = 0.5 * (lo + hi);
            if (cdf(mid) < p) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return 0.5 * (lo + hi);
    }

    /** Returns the multiplier of the standard deviation for a two-sided interval covering {@code level}. */
    static double intervalMultiplier(double level) {
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("level must be in (0, 1), was " + level);
        }
        return quantile((1 + level) / 2);
    }
}
