package dev.nines.core.adaptivelimit;

import java.time.Instant;

/**
 * An event published by an {@link AdaptiveLimiter}: the limit moved, a call was queued, or a call was
 * rejected.
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
     * A call was rejected: the limit (or its priority's share) was reached, the queue was full, or
     * the wait ran out.
     *
     * @param limiterName the limiter name
     * @param limit the limit at the time
     * @param priority the call's priority, 0 being the highest
     * @param reason why the call was rejected
     * @param creationTime when the call was rejected
     */
    record CallRejected(
            String limiterName,
            int limit,
            int priority,
            AdaptiveLimiterFullException.Reason reason,
            Instant creationTime)
            implements AdaptiveLimiterEvent {}

    /**
     * A call found the limit reached and waits in the queue.
     *
     * @param limiterName the limiter name
     * @param priority the call's priority, 0 being the highest
     * @param waitingCalls the calls waiting, this one included
     * @param creationTime when the call started to wait
     */
    record CallQueued(String limiterName, int priority, int waitingCalls, Instant creationTime)
            implements AdaptiveLimiterEvent {}

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
