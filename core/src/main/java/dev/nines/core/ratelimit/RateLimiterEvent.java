package dev.nines.core.ratelimit;

import java.time.Instant;

/**
 * An event published by a {@link RateLimiter}: permits were granted or refused, or its
 * configuration changed.
 *
 * <p>Events are built only when someone listens (see {@link RateLimiter#onEvent}).
 */
public sealed interface RateLimiterEvent {

    /**
     * Returns the name of the rate limiter that published the event.
     *
     * @return the rate limiter name
     */
    String rateLimiterName();

    /**
     * Returns how many permits the call asked for.
     *
     * @return the number of permits
     */
    int permits();

    /**
     * Returns when the event happened, read from the rate limiter's {@code TimeSource}.
     *
     * @return the wall-clock time of the event
     */
    Instant creationTime();

    /**
     * Permits were granted (possibly after a wait that the caller still has to serve).
     *
     * @param rateLimiterName the rate limiter name
     * @param permits the permits granted
     * @param creationTime when they were granted
     */
    record PermitsGranted(String rateLimiterName, int permits, Instant creationTime) implements RateLimiterEvent {}

    /**
     * Permits were refused: the bucket could not supply them within the timeout.
     *
     * @param rateLimiterName the rate limiter name
     * @param permits the permits asked for
     * @param creationTime when they were refused
     */
    record PermitsRefused(String rateLimiterName, int permits, Instant creationTime) implements RateLimiterEvent {}

    /**
     * The rate limiter's configuration was replaced ({@link RateLimiter#reconfigure}).
     *
     * @param rateLimiterName the rate limiter's name
     * @param creationTime when it happened
     * @param oldConfig the configuration before
     * @param newConfig the configuration now in force
     */
    record ConfigurationChanged(
            String rateLimiterName, Instant creationTime, RateLimiterConfig oldConfig, RateLimiterConfig newConfig)
            implements RateLimiterEvent {

        /**
         * Returns 0: a configuration change asks for no permits.
         *
         * @return 0
         */
        @Override
        public int permits() {
            return 0;
        }
    }
}
