package dev.nines.core.circuitbreaker;

import java.time.Instant;
import java.util.Objects;

/**
 * Something that happened to a circuit breaker, delivered to listeners registered with
 * {@link CircuitBreaker#onEvent} or {@link CircuitBreakerRegistry#onEvent}.
 *
 * <p>A closed family: switch over it exhaustively. Events are built only when at least one
 * listener is registered. Per-call events are not published in {@code DISABLED} and
 * {@code FORCED_OPEN}; state transitions and resets always are.
 *
 * <pre>{@code
 * breaker.onEvent(event -> {
 *     if (event instanceof CircuitBreakerEvent.StateTransition t) {
 *         log.warn("{} went from {} to {}", t.breakerName(), t.from(), t.to());
 *     }
 * });
 * }</pre>
 */
public sealed interface CircuitBreakerEvent {

    /**
     * Returns the name of the breaker that published the event.
     *
     * @return the breaker's name
     */
    String breakerName();

    /**
     * Returns when the event happened, by the breaker's time source.
     *
     * @return the wall-clock time of the event
     */
    Instant time();

    /**
     * The breaker changed state.
     *
     * @param breakerName the breaker's name
     * @param time when it happened
     * @param from the state before
     * @param to the state after
     */
    record StateTransition(String breakerName, Instant time, CircuitBreaker.State from, CircuitBreaker.State to)
            implements CircuitBreakerEvent {
        /**
         * Checks the components.
         *
         * @param breakerName the breaker's name
         * @param time when it happened
         * @param from the state before
         * @param to the state after
         */
        public StateTransition {
            Objects.requireNonNull(breakerName, "breakerName");
            Objects.requireNonNull(time, "time");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
        }
    }

    /**
     * A call was recorded as a success.
     *
     * @param breakerName the breaker's name
     * @param time when it was recorded
     * @param durationNanos how long the call took, in nanoseconds
     */
    record Success(String breakerName, Instant time, long durationNanos) implements CircuitBreakerEvent {}

    /**
     * A call was recorded as a failure.
     *
     * @param breakerName the breaker's name
     * @param time when it was recorded
     * @param durationNanos how long the call took, in nanoseconds
     * @param error the exception (for a result recorded as a failure, a
     *     {@link ResultRecordedAsFailureException})
     */
    @SuppressWarnings("JavaLangClash") // public event name, always referenced as CircuitBreakerEvent.Error
    record Error(String breakerName, Instant time, long durationNanos, Throwable error)
            implements CircuitBreakerEvent {}

    /**
     * A call failed with an ignored exception: nothing was recorded and the permission was released.
     *
     * @param breakerName the breaker's name
     * @param time when it happened
     * @param durationNanos how long the call took, in nanoseconds
     * @param error the ignored exception
     */
    record IgnoredError(String breakerName, Instant time, long durationNanos, Throwable error)
            implements CircuitBreakerEvent {}

    /**
     * A call was rejected.
     *
     * @param breakerName the breaker's name
     * @param time when it was rejected
     * @param state the state that rejected it
     */
    record CallNotPermitted(String breakerName, Instant time, CircuitBreaker.State state)
            implements CircuitBreakerEvent {}

    /**
     * The failure rate or slow-call rate reached its threshold (in {@code METRICS_ONLY} this is
     * published once and the breaker stays as it is).
     *
     * @param breakerName the breaker's name
     * @param time when it happened
     * @param failureRate the failure rate, percent
     * @param slowCallRate the slow-call rate, percent
     */
    record ThresholdsExceeded(String breakerName, Instant time, float failureRate, float slowCallRate)
            implements CircuitBreakerEvent {}

    /**
     * The breaker was reset to {@code CLOSED} with an empty window.
     *
     * @param breakerName the breaker's name
     * @param time when it happened
     */
    record Reset(String breakerName, Instant time) implements CircuitBreakerEvent {}

    /**
     * The breaker's configuration was replaced ({@link CircuitBreaker#reconfigure}).
     *
     * @param breakerName the breaker's name
     * @param time when it happened
     * @param oldConfig the configuration before
     * @param newConfig the configuration now in force
     * @param windowReset whether the sliding window was replaced by an empty one (its type or size
     *     changed while {@code CLOSED} or {@code METRICS_ONLY}); otherwise the window kept its outcomes
     */
    record ConfigurationChanged(
            String breakerName,
            Instant time,
            CircuitBreakerConfig oldConfig,
            CircuitBreakerConfig newConfig,
            boolean windowReset)
            implements CircuitBreakerEvent {}
}
