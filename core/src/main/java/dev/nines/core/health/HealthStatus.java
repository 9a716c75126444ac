package dev.nines.core.health;

/**
 * The status of a health check or of a group of checks.
 *
 * <p>{@link #UP} and {@link #DEGRADED} are <em>healthy</em> (the instance can serve, perhaps with
 * reduced quality); {@link #OUT_OF_SERVICE} and {@link #DOWN} are not; {@link #UNKNOWN} means no
 * verdict (not yet checked). How statuses combine in a group is set by the registry's severity
 * order (default {@code DOWN > OUT_OF_SERVICE > DEGRADED > UP > UNKNOWN}).
 */
public enum HealthStatus {
    /** Working normally. */
    UP,
    /** Working, with reduced capacity or quality; still serving. */
    DEGRADED,
    /** Deliberately or temporarily not serving (e.g. an open circuit breaker, draining). */
    OUT_OF_SERVICE,
    /** Failed: the check threw, timed out or reported a failure. */
    DOWN,
    /** No verdict yet: the check has not run, or its thresholds have not been reached. */
    UNKNOWN;

    /**
     * Returns whether this status counts as a success for hysteresis and startup gating.
     *
     * @return {@code true} for {@link #UP} and {@link #DEGRADED}
     */
    public boolean isHealthy() {
        return this == UP || this == DEGRADED;
    }
}
