package dev.nines.core.ratelimit;

import java.util.Objects;

/**
 * Thrown when a {@link RateLimiter} cannot grant permits within its timeout.
 *
 * <p>The exception carries no stack trace: rejections are frequent under overload and the cause is
 * always the same.
 */
public final class RequestNotPermittedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String rateLimiterName;

    /**
     * Creates the exception for the named rate limiter.
     *
     * @param rateLimiterName the name of the rate limiter that rejected the call
     */
    public RequestNotPermittedException(String rateLimiterName) {
        super("RateLimiter '" + Objects.requireNonNull(rateLimiterName, "rateLimiterName")
                + "' does not permit further calls", null, false, false);
        this.rateLimiterName = rateLimiterName;
    }

    /**
     * Returns the name of the rate limiter that rejected the call.
     *
     * @return the rate limiter name
     */
    public String rateLimiterName() {
        return rateLimiterName;
    }
}
