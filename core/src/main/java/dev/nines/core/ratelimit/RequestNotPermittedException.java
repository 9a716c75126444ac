package dev.nines.core.ratelimit;

import dev.nines.core.policy.CallRejectedException;
import java.util.Objects;

/**
 * Thrown when a {@link RateLimiter} cannot grant permits within its timeout.
 *
 * <p>The exception carries no stack trace: rejections are frequent under overload and the cause is
 * always the same.
 */
public final class RequestNotPermittedException extends CallRejectedException {

    private static final long serialVersionUID = 1L;

    private final String rateLimiterName;

    /**
     * Creates the exception for the named rate limiter.
     *
     * @param rateLimiterName the name of the rate limiter that rejected the call
     */
    public RequestNotPermittedException(String rateLimiterName) {
        super(
                Objects.requireNonNull(rateLimiterName, "rateLimiterName"),
                "RateLimiter '" + rateLimiterName + "' does not permit further calls",
                false);
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
