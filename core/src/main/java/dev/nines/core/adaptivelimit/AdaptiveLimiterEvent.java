package dev.nines.core.adaptivelimit;

import java.time.Instant;

/**
 * An event published by an {@link AdaptiveLimiter}: the limit moved, or a call was rejected.
 *
 * <p>Events are built only when someone listens (see {@link AdaptiveLimiter#onEvent}).
 */
public sealed interface AdaptiveLimiterEvent {

    /**
     * Returns the name of the limiter that published the event.
     *
     * @return the limiter name
     */
    String limiterName();

    /**
     * Returns when the event happened, read from the limiter's {@code TimeSource}.
     *
     * @return the wall-clock time of the event
     */
    Instant creationTime();

    /**
     * The limit moved after a sample.
     *
     * @param limiterName the limiter name
     * @param oldLimit the limit before the sample
     * @param newLimit the limit after the sample
     * @param creationTime when the limit moved
     */
    record LimitChanged(String limiterName, int oldLimit, int newLimit, Instant creationTime)
            implements AdaptiveLimiterEvent {}

    /**
     * A call was rejected because the limit was reached.
     *
     * @param limiterName the limiter name
     * @param limit the limit at the time
     * @param creationTime when the call was rejected
     */
    record CallRejected(String limiterName, int limit, Instant creationTime) implements AdaptiveLimiterEvent {}

    /**
     * The limiter's configuration was replaced ({@link AdaptiveLimiter#reconfigure}).
     *
     * @param limiterName the limiter's name
     * @param oldConfig the configuration before
     * @param newConfig the configuration now in force
     * @param creationTime when it happened
     */
    record ConfigurationChanged(
            String limiterName, AdaptiveLimiterConfig oldConfig, AdaptiveLimiterConfig newConfig, Instant creationTime)
            implements AdaptiveLimiterEvent {}
}
