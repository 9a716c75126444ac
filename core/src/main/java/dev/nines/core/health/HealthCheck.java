package dev.nines.core.health;

/**
 * A health check: a function that inspects one capability and returns a {@link HealthResult}.
 *
 * <p>A check may throw: the registry turns any exception into {@link HealthStatus#DOWN} with the
 * exception recorded (detail {@code reason=exception}); nothing escapes to the caller. A check that
 * hangs is abandoned after its timeout and reported {@code DOWN} with reason {@code timeout}.
 * Implementations are called from the registry's executor, possibly concurrently with themselves
 * only if the user registers the same instance twice; they should be quick and side-effect free.
 *
 * <pre>{@code
 * HealthCheck db = () -> dataSource.isValid(1) ? HealthResult.up() : HealthResult.down("ping failed");
 * }</pre>
 */
@FunctionalInterface
public interface HealthCheck {

    /**
     * Runs the check.
     *
     * @return the result; its duration and time of check are filled in by the registry
     * @throws Exception any failure, reported as {@link HealthStatus#DOWN}
     */
    HealthResult check() throws Exception;
}
