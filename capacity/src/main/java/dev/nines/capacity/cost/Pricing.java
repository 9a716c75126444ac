package dev.nines.capacity.cost;

/**
 * Prices of one instance for one hour: on demand, and committed (reserved, savings plan), which is
 * paid for every hour of the horizon whether used or not. Any currency, the same for both.
 * Immutable.
 *
 * @param onDemandPerInstanceHour the on-demand price, positive and finite
 * @param committedPerInstanceHour the effective hourly price of a commitment (upfront amortized),
 *     positive, finite
 */
public record Pricing(double onDemandPerInstanceHour, double committedPerInstanceHour) {

    /**
     * Validates the prices.
     *
     * @throws IllegalArgumentException if a price is not positive or not finite
     */
    public Pricing {
        check("onDemandPerInstanceHour", onDemandPerInstanceHour);
        check("committedPerInstanceHour", committedPerInstanceHour);
    }

    private static void check(String field, double value) {
        if (!(value > 0.0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(field + " must be positive and finite, was " + value);
        }
    }

    /**
     * Returns the utilization above which a commitment is cheaper than on demand:
     * {@code committed / onDemand} (a commitment used more than this fraction of hours pays off).
     *
     * @return the break-even utilization ratio (above 1 when commitments never pay off)
     */
    public double breakEvenUtilizationRatio() {
        return committedPerInstanceHour / onDemandPerInstanceHour;
    }
}
