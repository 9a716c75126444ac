package dev.nines.core.policy;

import dev.nines.core.event.EventListeners;
import dev.nines.core.time.TimeSource;
import java.util.function.Consumer;

/**
 * What every resilience policy of Nines answers, in the same words: circuit breaker, retry,
 * bulkhead, rate limiter, time limiter, adaptive limiter, hedge, chaos (fault injection) and
 * fallback all implement it. Framework
 * code can name, configure, observe and measure any policy without knowing which one it is.
 *
 * <pre>{@code
 * for (Policy<?, ?, ?> policy : List.of(breaker, retry, bulkhead)) {
 *     log.info("{} {} {}", policy.name(), policy.config(), policy.metrics());
 * }
 * }</pre>
 *
 * <p>Implementations are thread-safe.
 *
 * @param <C> the configuration type
 * @param <M> the metrics snapshot type, an immutable record
 * @param <E> the event type
 */
public interface Policy<C, M extends Record, E> {

    /**
     * Returns the name of this policy, used in events, metrics and exceptions.
     *
     * @return the name, never blank
     */
    String name();

    /**
     * Returns the immutable configuration in force: the one this policy was created with, or the
     * latest one given to {@link Reconfigurable#reconfigure} (every policy of Nines is
     * {@link Reconfigurable}).
     *
     * @return the configuration
     */
    C config();

    /**
     * Returns a snapshot of this policy's counters: an immutable record that does not change after
     * it is returned (take another snapshot to see newer counts). Allocates one record: read it
     * for scrapes and tests, not per call.
     *
     * @return a new snapshot
     */
    M metrics();

    /**
     * Registers a listener for this policy's events, called on the thread that caused them. A
     * listener that throws is logged and does not break the call.
     *
     * @param listener the listener
     * @return a handle that unregisters the listener when closed
     */
    EventListeners.Registration onEvent(Consumer<? super E> listener);

    /**
     * Returns the clock this policy reads for durations, waits and event times.
     *
     * @return the time source given when the policy was created
     */
    TimeSource timeSource();
}
