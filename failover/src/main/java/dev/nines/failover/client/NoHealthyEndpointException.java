package dev.nines.failover.client;

import java.time.Duration;

/**
 * Thrown at once (fail fast) when no endpoint of a router can take a call. {@link #retryAfter()} is
 * the router's bounded retry rhythm: it doubles with each consecutive failure up to a maximum and
 * resets after a successful route. Created without a stack trace (it is an expected outcome).
 */
public final class NoHealthyEndpointException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Duration retryAfter;

    /**
     * Creates the exception.
     *
     * @param router the router name
     * @param retryAfter when the caller should try again
     */
    public NoHealthyEndpointException(String router, Duration retryAfter) {
        super("no healthy endpoint in " + router + "; retry after " + retryAfter, null, false, false);
        this.retryAfter = retryAfter;
    }

    /**
     * Returns when the caller should try again.
     *
     * @return the suggested wait
     */
    public Duration retryAfter() {
        return retryAfter;
    }
}
