package dev.nines.core.adaptivelimit;

import dev.nines.core.policy.CallRejectedException;
import java.util.Objects;

/**
 * Thrown when an {@link AdaptiveLimiter} rejects a call because its limit is reached.
 *
 * <p>The exception carries no stack trace: rejections are frequent under overload and the cause is
 * always the same.
 */
public final class AdaptiveLimiterFullException extends CallRejectedException {

    private static final long serialVersionUID = 1L;

    private final String limiterName;

    /**
     * Creates the exception for the named limiter.
     *
     * @param limiterName the name of the limiter that rejected the call
     * @param limit the limit at the time
     */
    public AdaptiveLimiterFullException(String limiterName, int limit) {
        super(
                Objects.requireNonNull(limiterName, "limiterName"),
                "AdaptiveLimiter '" + limiterName + "' reached its limit of " + limit + " concurrent calls",
                false);
        this.limiterName = limiterName;
    }

    /**
     * Returns the name of the limiter that rejected the call.
     *
     * @return the limiter name
     */
    public String limiterName() {
        return limiterName;
    }
}
