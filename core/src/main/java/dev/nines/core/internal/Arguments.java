package dev.nines.core.internal;

import java.time.Duration;
import java.util.Objects;

/**
 * Argument checks shared by every Nines module, producing the house error message: the field,
 * the rule and the value, e.g. {@code "failureRateThreshold must be in (0, 100], was 120.0"}.
 *
 * <p>Not part of the public API: it may change without notice. Each method returns its argument so
 * that builders can check and assign in one statement.
 */
public final class Arguments {

    private Arguments() {}

    /**
     * Checks that {@code value} is at least {@code min}.
     *
     * @param field the field name for the message
     * @param value the value
     * @param min the smallest allowed value
     * @return {@code value}
     * @throws IllegalArgumentException if {@code value < min}
     */
    public static int atLeast(String field, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(field + " must be at least " + min + ", was " + value);
        }
        return value;
    }

    /**
     * Checks that {@code value} is at least {@code min}.
     *
     * @param field the field name for the message
     * @param value the value
     * @param min the smallest allowed value
     * @return {@code value}
     * @throws IllegalArgumentException if {@code value < min}
     */
    public static long atLeast(String field, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(field + " must be at least " + min + ", was " + value);
        }
        return value;
    }

    /**
     * Checks that {@code value} is finite and at least {@code min}.
     *
     * @param field the field name for the message
     * @param value the value
     * @param min the smallest allowed value
     * @return {@code value}
     * @throws IllegalArgumentException if {@code value} is NaN, infinite or below {@code min}
     */
    public static double atLeast(String field, double value, double min) {
        if (!Double.isFinite(value) || value < min) {
            throw new IllegalArgumentException(field + " must be a finite number at least " + min + ", was " + value);
        }
        return value;
    }

    /**
     * Checks that {@code value} is finite and strictly positive.
     *
     * @param field the field name for the message
     * @param value the value
     * @return {@code value}
     * @throws IllegalArgumentException if {@code value} is NaN, infinite, zero or negative
     */
    public static double positive(String field, double value) {
        if (!Double.isFinite(value) || value <= 0) {
            throw new IllegalArgumentException(field + " must be a finite number > 0, was " + value);
        }
        return value;
    }

    /**
     * Checks that {@code value} lies in the half-open interval {@code (lowExclusive, highInclusive]}.
     *
     * @param field the field name for the message
     * @param value the value
     * @param lowExclusive the bound that {@code value} must exceed
     * @param highInclusive the bound that {@code value} must not exceed
     * @return {@code value}
     * @throws IllegalArgumentException if {@code value} is NaN or outside the interval
     */
    public static double inOpenClosed(String field, double value, double lowExclusive, double highInclusive) {
        if (!(value > lowExclusive && value <= highInclusive)) {
            throw new IllegalArgumentException(
                    field + " must be in (" + fmt(lowExclusive) + ", " + fmt(highInclusive) + "], was " + value);
        }
        return value;
    }

    /**
     * Checks that {@code value} lies in the open interval {@code (lowExclusive, highExclusive)}.
     *
     * @param field the field name for the message
     * @param value the value
     * @param lowExclusive the bound that {@code value} must exceed
     * @param highExclusive the bound that {@code value} must stay below
     * @return {@code value}
     * @throws IllegalArgumentException if {@code value} is NaN or outside the interval
     */
    public static double inOpen(String field, double value, double lowExclusive, double highExclusive) {
        if (!(value > lowExclusive && value < highExclusive)) {
            throw new IllegalArgumentException(
                    field + " must be in (" + fmt(lowExclusive) + ", " + fmt(highExclusive) + "), was " + value);
        }
        return value;
    }

    /**
     * Checks that {@code value} lies in the closed interval {@code [low, high]}.
     *
     * @param field the field name for the message
     * @param value the value
     * @param low the smallest allowed value
     * @param high the largest allowed value
     * @return {@code value}
     * @throws IllegalArgumentException if {@code value} is NaN or outside the interval
     */
    public static double inClosed(String field, double value, double low, double high) {
        if (!(value >= low && value <= high)) {
            throw new IllegalArgumentException(
                    field + " must be in [" + fmt(low) + ", " + fmt(high) + "], was " + value);
        }
        return value;
    }

    /**
     * Checks that {@code duration} is non-null, not negative and fits in a {@code long} of
     * nanoseconds (see {@link #fitsInNanos}), as every duration a policy stores does.
     *
     * @param field the field name for the message
     * @param duration the duration
     * @return {@code duration}
     * @throws IllegalArgumentException if {@code duration} is negative or longer than {@link #MAX_NANOS}
     */
    public static Duration notNegative(String field, Duration duration) {
        Objects.requireNonNull(duration, field);
        if (duration.isNegative()) {
            throw new IllegalArgumentException(field + " must not be negative, was " + duration);
        }
        return fitsInNanos(field, duration);
    }

    /**
     * Checks that {@code duration} is non-null, strictly positive and fits in a {@code long} of
     * nanoseconds (see {@link #fitsInNanos}), as every duration a policy stores does.
     *
     * @param field the field name for the message
     * @param duration the duration
     * @return {@code duration}
     * @throws IllegalArgumentException if {@code duration} is zero, negative or longer than {@link #MAX_NANOS}
     */
    public static Duration positive(String field, Duration duration) {
        Objects.requireNonNull(duration, field);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(field + " must be positive, was " + duration);
        }
        return fitsInNanos(field, duration);
    }

    /** The longest duration that fits in a {@code long} of nanoseconds (about 292 years). */
    public static final Duration MAX_NANOS = Duration.ofNanos(Long.MAX_VALUE);

    /**
     * Checks that {@code duration} fits in a {@code long} of nanoseconds, as hot paths store it.
     *
     * @param field the field name for the message
     * @param duration the duration, not null
     * @return {@code duration}
     * @throws IllegalArgumentException if {@code duration} is longer than {@link #MAX_NANOS}
     */
    public static Duration fitsInNanos(String field, Duration duration) {
        Objects.requireNonNull(duration, field);
        if (duration.compareTo(MAX_NANOS) > 0) {
            throw new IllegalArgumentException(field + " must be at most " + MAX_NANOS + ", was " + duration);
        }
        return duration;
    }

    /**
     * Checks that {@code value} is non-null and not blank.
     *
     * @param field the field name for the message
     * @param value the string
     * @return {@code value}
     * @throws IllegalArgumentException if {@code value} is empty or only whitespace
     */
    public static String notBlank(String field, String value) {
        Objects.requireNonNull(value, field);
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank, was \"" + value + "\"");
        }
        return value;
    }

    private static String fmt(double bound) {
        return bound == Math.rint(bound) && Math.abs(bound) < 1e15
                ? Long.toString((long) bound)
                : Double.toString(bound);
    }
}
