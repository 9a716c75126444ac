package dev.nines.failover;

import dev.nines.core.internal.Arguments;
import java.time.Duration;
import java.util.Objects;

/**
 * The replication lag of a standby, in bytes or in time, or {@link Unit#UNKNOWN} when it could not be
 * read. An unknown lag fails the RPO gate (fails closed); it is never taken as zero.
 *
 * @param unit what {@code amount} counts
 * @param amount the lag in bytes or nanoseconds; 0 when unknown
 */
public record Lag(Unit unit, long amount) implements Comparable<Lag> {

    /** What a lag is measured in. */
    public enum Unit {
        /** Bytes of change not yet applied (e.g. WAL position difference). */
        BYTES,
        /** Time behind the primary, in nanoseconds. */
        NANOS,
        /** The lag could not be read. */
        UNKNOWN
    }

    private static final Lag UNKNOWN_LAG = new Lag(Unit.UNKNOWN, 0);

    /**
     * Checks the fields.
     *
     * @throws IllegalArgumentException if {@code amount} is negative, or not 0 for an unknown lag
     */
    public Lag {
        Objects.requireNonNull(unit, "unit");
        Arguments.atLeast("amount", amount, 0L);
        if (unit == Unit.UNKNOWN && amount != 0) {
            throw new IllegalArgumentException("amount must be 0 for an unknown lag, was " + amount);
        }
    }

    /**
     * Returns a lag in bytes.
     *
     * @param bytes the lag, at least 0
     * @return the lag
     */
    public static Lag bytes(long bytes) {
        return new Lag(Unit.BYTES, bytes);
    }

    /**
     * Returns a lag in time.
     *
     * @param behind how far behind the primary, not negative
     * @return the lag
     */
    public static Lag time(Duration behind) {
        return new Lag(Unit.NANOS, Arguments.notNegative("behind", behind).toNanos());
    }

    /**
     * Returns the unknown lag: the value to report when the lag could not be read.
     *
     * @return the unknown lag
     */
    public static Lag unknown() {
        return UNKNOWN_LAG;
    }

    /**
     * Returns whether the lag was read.
     *
     * @return {@code false} for {@link Unit#UNKNOWN}
     */
    public boolean isKnown() {
        return unit != Unit.UNKNOWN;
    }

    /**
     * Orders known lags before unknown ones, bytes before time, then by amount.
     *
     * @param other the other lag
     * @return a negative, zero or positive number
     */
    @Override
    public int compareTo(Lag other) {
        int byUnit = unit.compareTo(other.unit);
        return byUnit != 0 ? byUnit : Long.compare(amount, other.amount);
    }

    @Override
    public String toString() {
        return switch (unit) {
            case BYTES -> amount + " bytes";
            case NANOS -> Duration.ofNanos(amount).toString();
            case UNKNOWN -> "UNKNOWN";
        };
    }
}
