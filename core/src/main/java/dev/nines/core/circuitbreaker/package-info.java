/**
 * A circuit breaker with resilience4j's semantics on a lock-free hot path:
 * {@link dev.nines.core.circuitbreaker.CircuitBreaker},
 * {@link dev.nines.core.circuitbreaker.CircuitBreakerConfig},
 * {@link dev.nines.core.circuitbreaker.CircuitBreakerRegistry} and
 * {@link dev.nines.core.circuitbreaker.CircuitBreakerEvent}.
 *
 * <p>Migrating from resilience4j: the states, the transitions (manual ones included), the
 * configuration names and defaults, and the decision after every call are the same; getters drop
 * the {@code get} prefix, durations are reported in nanoseconds, and the clock is a
 * {@link dev.nines.core.time.TimeSource}: waits are measured on its monotonic clock, time-based
 * windows on its wall clock in whole epoch seconds (as resilience4j). The breaker starts no thread: timed transitions need a
 * {@link java.util.concurrent.ScheduledExecutorService} passed in.
 */
@NullMarked
package dev.nines.core.circuitbreaker;

import org.jspecify.annotations.NullMarked;
