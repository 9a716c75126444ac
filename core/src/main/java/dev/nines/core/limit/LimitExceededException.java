package dev.nines.core.limit;

import java.util.Objects;

/**
 * Thrown when an {@link AdaptiveLimiter} rejects a call because its limit is reached.
 *
 * <p>The exception carries no stack trace: rejections are frequent under overload and the cause is
 * always the same.
 */
public final class LimitExceededException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String limiterName;

    /**
     * Creates the exception for the named limiter.
     *
     * @param limiterName the name of the limiter that rejected the call
     * @param limit the limit at the time
     */
    public LimitExceededException(String limiterName, int limit) {
        super("AdaptiveLimiter '" + Objects.requireNonNull(limiterName, "limiterName")
                + "' reached its limit of " + limit + " concurrent calls", null, false, false);
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
