package dev.nines.core.health;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The status of a health check or of a group of checks: one of the five standard statuses, or a
 * custom status code of the application's (as Spring Boot's {@code Status} allows).
 *
 * <p>{@link #UP} and {@link #DEGRADED} are <em>healthy</em> (the instance can serve, perhaps with
 * reduced quality); {@link #OUT_OF_SERVICE} and {@link #DOWN} are not; {@link #UNKNOWN} means no
 * verdict (not yet checked). A custom status says whether it is healthy when it is created with
 * {@link #custom(String, boolean)}. How statuses combine in a group is set by the registry's severity
 * order (default {@code DOWN > OUT_OF_SERVICE > DEGRADED > UP > UNKNOWN}); a custom status takes the
 * place in that order, and the HTTP code, given to
 * {@link HealthRegistry.Builder#customStatus(HealthStatus, int)}. A custom status that a check reports
 * but that its registry does not know is not dropped: see {@link HealthRegistry}.
 *
 * <p>Immutable; equal when code and healthiness are equal. The standard statuses are singletons, so
 * {@code status == HealthStatus.UP} works.
 *
 * <pre>{@code
 * HealthStatus maintenance = HealthStatus.custom("MAINTENANCE", false);
 * HealthRegistry health = HealthRegistry.builder(time, scheduler, executor)
 *         .customStatus(maintenance, 503)
 *         .severityOrder(List.of(HealthStatus.DOWN, maintenance, HealthStatus.OUT_OF_SERVICE,
 *                 HealthStatus.DEGRADED, HealthStatus.UP, HealthStatus.UNKNOWN))
 *         .build();
 * }</pre>
 */
public final class HealthStatus {

    private static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9_]{0,62}");

    /** Working normally. */
    public static final HealthStatus UP = new HealthStatus("UP", true, 0);
    /** Working, with reduced capacity or quality; still serving. */
    public static final HealthStatus DEGRADED = new HealthStatus("DEGRADED", true, 1);
    /** Deliberately or temporarily not serving (e.g. an open circuit breaker, draining). */
    public static final HealthStatus OUT_OF_SERVICE = new HealthStatus("OUT_OF_SERVICE", false, 2);
    /** Failed: the check threw, timed out or reported a failure. */
    public static final HealthStatus DOWN = new HealthStatus("DOWN", false, 3);
    /** No verdict yet: the check has not run, or its thresholds have not been reached. */
    public static final HealthStatus UNKNOWN = new HealthStatus("UNKNOWN", false, 4);

    private static final List<HealthStatus> STANDARD = List.of(UP, DEGRADED, OUT_OF_SERVICE, DOWN, UNKNOWN);

    private final String code;
    private final boolean healthy;
    private final int standardIndex;

    private HealthStatus(String code, boolean healthy, int standardIndex) {
        this.code = code;
        this.healthy = healthy;
        this.standardIndex = standardIndex;
    }

    /**
     * Returns the five standard statuses, in the order {@code UP, DEGRADED, OUT_OF_SERVICE, DOWN,
     * UNKNOWN}.
     *
     * @return the standard statuses
     */
    public static List<HealthStatus> standard() {
        return STANDARD;
    }

    /**
     * Returns a custom status.
     *
     * @param code upper-case letters, digits and underscores, starting with a letter, at most 63
     *     characters; not the code of a standard status
     * @param healthy whether the status counts as a success for hysteresis and startup gating, as
     *     {@code UP} and {@code DEGRADED} do
     * @return the status
     * @throws IllegalArgumentException if the code is malformed or names a standard status
     */
    public static HealthStatus custom(String code, boolean healthy) {
        Objects.requireNonNull(code, "code");
        if (!CODE.matcher(code).matches()) {
            throw new IllegalArgumentException(
                    "code must be upper-case letters, digits and underscores starting with a letter, at most 63, was '"
                            + code + "'");
        }
        for (HealthStatus status : STANDARD) {
            if (status.code.equals(code)) {
                throw new IllegalArgumentException("code must not name a standard status, was " + code);
            }
        }
        return new HealthStatus(code, healthy, -1);
    }

    /**
     * Returns the standard status with this code.
     *
     * @param code {@code UP}, {@code DEGRADED}, {@code OUT_OF_SERVICE}, {@code DOWN} or {@code UNKNOWN}
     * @return the standard status
     * @throws IllegalArgumentException if the code names no standard status
     */
    public static HealthStatus valueOf(String code) {
        Objects.requireNonNull(code, "code");
        for (HealthStatus status : STANDARD) {
            if (status.code.equals(code)) {
                return status;
            }
        }
        throw new IllegalArgumentException("code must name a standard status " + STANDARD + ", was " + code);
    }

    /**
     * Returns the status code, e.g. {@code "UP"}.
     *
     * @return the code
     */
    public String code() {
        return code;
    }

    /**
     * Returns the status code, as {@link #code()} (the name it had when the statuses were an enum).
     *
     * @return the code
     */
    public String name() {
        return code;
    }

    /**
     * Returns whether this status counts as a success for hysteresis and startup gating.
     *
     * @return {@code true} for {@link #UP}, {@link #DEGRADED} and healthy custom statuses
     */
    public boolean isHealthy() {
        return healthy;
    }

    /**
     * Returns whether this is one of the five standard statuses.
     *
     * @return {@code true} for a standard status
     */
    public boolean isStandard() {
        return standardIndex >= 0;
    }

    /** Index among the standard statuses, or -1 for a custom one. */
    int standardIndex() {
        return standardIndex;
    }

    @Override
    public boolean equals(Object o) {
        return o == this
                || (o instanceof HealthStatus healthStatus
                        && healthStatus.code.equals(code)
                        && healthStatus.healthy == healthy);
    }

    @Override
    public int hashCode() {
        return code.hashCode() * 31 + (healthy ? 1 : 0);
    }

    /**
     * Returns the code.
     *
     * @return the code
     */
    @Override
    public String toString() {
        return code;
    }
}
