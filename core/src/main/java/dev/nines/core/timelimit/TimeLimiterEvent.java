package dev.nines.core.timelimit;

import java.time.Duration;

/**
 * An event of a {@link TimeLimiter}, delivered to listeners registered with
 * {@link TimeLimiter#onEvent(java.util.function.Consumer)} or {@link TimeLimiterRegistry#onEvent}.
 */
public sealed interface TimeLimiterEvent {

    /**
     * Returns the name of the time limiter that published the event.
     *
     * @return the name
     */
    String timeLimiterName();

    /**
     * The call completed in time with a result.
     *
     * @param timeLimiterName the time limiter's name
     * @param elapsed the call's duration
     */
    record Succeeded(String timeLimiterName, Duration elapsed) implements TimeLimiterEvent {}

    /**
     * The call failed in time.
     *
     * @param timeLimiterName the time limiter's name
     * @param elapsed the call's duration
     * @param failure the failure
     */
    record Failed(String timeLimiterName, Duration elapsed, Throwable failure) implements TimeLimiterEvent {}

    /**
     * The call did not complete within the timeout.
     *
     * @param timeLimiterName the time limiter's name
     * @param timeoutDuration the timeout that expired
     * @param cancelled whether the call was cancelled
     */
    record TimedOut(String timeLimiterName, Duration timeoutDuration, boolean cancelled) implements TimeLimiterEvent {}

    /**
     * The time limiter's configuration was replaced ({@link TimeLimiter#reconfigure}).
     *
     * @param timeLimiterName the time limiter's name
     * @param oldConfig the configuration before
     * @param newConfig the configuration now in force
     */
    record ConfigurationChanged(String timeLimiterName, TimeLimiterConfig oldConfig, TimeLimiterConfig newConfig)
            implements TimeLimiterEvent {}
}
