package dev.nines.capacity.forecast;

import java.util.Objects;

/**
 * How an event changes traffic: multiply it (1.5 = +50%) or add to it (+2000 requests per step).
 *
 * @param type additive or multiplicative
 * @param value the factor (multiplicative, &gt; 0) or the amount per step (additive, finite)
 */
public record Uplift(Type type, double value) {

    /** The kind of effect. */
    public enum Type {
        /** Adds {@code value} to the forecast and its bounds. */
        ADDITIVE,
        /** Multiplies the forecast and its bounds by {@code value}. */
        MULTIPLICATIVE
    }

    /**
     * Checks the uplift.
     *
     * @param type additive or multiplicative
     * @param value the factor (multiplicative, &gt; 0) or the amount per step (additive, finite)
     * @throws IllegalArgumentException if a multiplicative factor is not &gt; 0 or a value is not finite
     */
    public Uplift {
        Objects.requireNonNull(type, "type");
        if (!Double.isFinite(value) || (type == Type.MULTIPLICATIVE && value <= 0)) {
            throw new IllegalArgumentException("value must be "
                    + (type == Type.MULTIPLICATIVE ? "a finite factor > 0" : "finite") + ", was " + value);
        }
    }

    /**
     * Returns a multiplicative uplift.
     *
     * @param factor the factor, &gt; 0 (1.3 = +30%)
     * @return the uplift
     */
    public static Uplift multiplicative(double factor) {
        return new Uplift(Type.MULTIPLICATIVE, factor);
    }

    /**
     * Returns an additive uplift.
     *
     * @param amount the amount added per step, finite (may be negative)
     * @return the uplift
     */
    public static Uplift additive(double amount) {
        return new Uplift(Type.ADDITIVE, amount);
    }

    /**
     * Applies the uplift to a value.
     *
     * @param v the value
     * @return {@code v * value} or {@code v + value}
     */
    public double applyTo(double v) {
        return type == Type.MULTIPLICATIVE ? v * value : v + value;
    }
}
