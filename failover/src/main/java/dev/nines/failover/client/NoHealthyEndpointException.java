package dev.nines.failover.client;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Thrown when no endpoint of a router can take a call, at once (fail fast) from
 * {@link EndpointRouter#route()}, or from {@link EndpointRouter#execute(WorkKind, EndpointCall)} when
 * the call's failover attempts are used up or no other endpoint is left.
 *
 * <p>{@link #isPermanent()} tells the two outcomes apart:
 * <ul>
 *   <li><b>Temporarily unavailable</b> ({@code false}): at least one endpoint is up but cannot take
 *       the call now (its breaker is open or out of half-open permits, it is still waiting for
 *       failback, or the call used up its failover attempts while untried endpoints remained).
 *       Retry after {@link #retryAfter()}.
 *   <li><b>Permanently unavailable</b> ({@code true}): every endpoint is excluded, each either marked
 *       down or already failed during this call. Retrying the same call cannot succeed until an
 *       endpoint's health changes.
 * </ul>
 *
 * <p>{@link #retryAfter()} is the router's bounded retry rhythm: it doubles with each consecutive
 * failure up to a maximum and resets after a successful route. When an attempt failed before, the
 * last failure is the {@linkplain #getCause() cause} and earlier ones are suppressed. Created without a
 * stack trace (it is an expected outcome).
 */
public final class NoHealthyEndpointException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Duration retryAfter;
    private final boolean permanent;
    private final int attempts;

    /**
     * Creates a temporary-unavailability exception with no attempt made.
     *
     * @param router the router name
     * @param retryAfter when the caller should try again
     */
    public NoHealthyEndpointException(String router, Duration retryAfter) {
        this(router, retryAfter, false, 0, null);
    }

    /**
     * Creates the exception.
     *
     * @param router the router name
     * @param retryAfter when the caller should try again
     * @param permanent whether every endpoint is excluded
     * @param attempts how many calls to endpoints were made before giving up, zero or more
     * @param cause the last attempt's failure, or {@code null} if no attempt was made
     */
    public NoHealthyEndpointException(
            String router, Duration retryAfter, boolean permanent, int attempts, @Nullable Throwable cause) {
        super(message(router, retryAfter, permanent, attempts), cause, true, false);
        this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
        this.permanent = permanent;
        this.attempts = attempts;
    }

    private static String message(String router, Duration retryAfter, boolean permanent, int attempts) {
        String tried = attempts == 0 ? "" : " after " + attempts + (attempts == 1 ? " attempt" : " attempts");
        return permanent
                ? "every endpoint of " + router + " is excluded (marked down or failed during this call)" + tried
                : "no endpoint of " + router + " can take the call now" + tried + "; retry after " + retryAfter;
    }

    /**
     * Returns when the caller should try again.
     *
     * @return the suggested wait
     */
    public Duration retryAfter() {
        return retryAfter;
    }

    /**
     * Returns whether every endpoint is excluded (permanently unavailable for this call) rather than
     * busy or not yet failed back (temporarily unavailable).
     *
     * @return {@code true} if retrying the call cannot help until an endpoint's health changes
     */
    public boolean isPermanent() {
        return permanent;
    }

    /**
     * Returns how many calls to endpoints were made before giving up.
     *
     * @return the attempts, zero when the router failed fast
     */
    public int attempts() {
        return attempts;
    }
}
