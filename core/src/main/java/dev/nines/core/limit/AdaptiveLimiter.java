package dev.nines.core.limit;

import dev.nines.core.event.EventListeners;
import dev.nines.core.time.TimeSource;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * An adaptive concurrency limiter: admits a call while fewer than {@link #limit()} calls are in
 * flight, and moves the limit with each finished call's latency or drop, by the configured
 * {@link LimitAlgorithm} (AIMD or gradient, after Netflix's concurrency-limits), always within
 * {@code [minLimit, maxLimit]}.
 *
 * <p>{@link #tryAcquire()} returns a {@link Permit}; the caller reports how the call ended with
 * exactly one of {@link Permit#onSuccess(long)}, {@link Permit#onDropped()} or
 * {@link Permit#onIgnore()}. The permit is a handle shared by all calls of this limiter (no
 * allocation per call); it does not identify one call, so reporting twice for one call releases
 * another call's slot.
 *
 * <p>Thread-safe. Admission is one CAS on the in-flight count and never blocks. The algorithm's
 * state is updated by one thread at a time, without waiting: a latency sample that arrives while
 * another thread is updating is skipped (the limit is a statistical estimate), while a drop is
 * kept and applied by the next update; the in-flight count is always exact.
 *
 * <pre>{@code
 * AdaptiveLimiter limiter = AdaptiveLimiter.of("catalog", AdaptiveLimiterConfig.ofDefaults(), TimeSource.system());
 * AdaptiveLimiter.Permit permit = limiter.tryAcquire();
 * if (!permit.isAcquired()) {
 *     return shed();
 * }
 * long start = time.nanoTime();
 * try {
 *     Product product = catalog.product(id);
 *     permit.onSuccess(time.nanoTime() - start);
 *     return product;
 * } catch (TimeoutException e) {
 *     permit.onDropped();
 *     throw e;
 * } catch (RuntimeException e) {
 *     permit.onIgnore();
 *     throw e;
 * }
 * }</pre>
 */
public interface AdaptiveLimiter {

    /**
     * Creates a limiter at its initial limit with nothing in flight.
     *
     * @param name the name, used in events, metrics and exceptions
     * @param config the configuration
     * @param timeSource the clock for event times and for latencies measured by
     *     {@link #executeSupplier(Supplier)}
     * @return a new limiter
     * @throws IllegalArgumentException if {@code name} is blank
     */
    static AdaptiveLimiter of(String name, AdaptiveLimiterConfig config, TimeSource timeSource) {
        return new DefaultAdaptiveLimiter(name, config, timeSource, null);
    }

    /**
     * Returns the name of this limiter.
     *
     * @return the name
     */
    String name();

    /**
     * Returns the configuration of this limiter.
     *
     * @return the configuration
     */
    AdaptiveLimiterConfig config();

    /**
     * Admits a call if fewer than {@link #limit()} calls are in flight; never blocks.
     *
     * @return a permit: if {@link Permit#isAcquired()} is {@code true}, report the call's end on it;
     *     otherwise the call was rejected and the permit's methods do nothing
     */
    Permit tryAcquire();

    /**
     * Returns the current limit.
     *
     * @return the limit, within {@code [minLimit, maxLimit]}
     */
    int limit();

    /**
     * Returns the number of admitted calls that have not reported their end.
     *
     * @return the calls in flight
     */
    int inflight();

    /**
     * Returns how many calls this limiter rejected since it was created.
     *
     * @return the number of rejections
     */
    long rejectedCalls();

    /**
     * Runs {@code supplier} if admitted, measuring its latency on the limiter's clock: a result
     * reports {@link Permit#onSuccess(long)}, an exception reports {@link Permit#onIgnore()}
     * (failures say little about capacity) and is rethrown.
     *
     * @param supplier the call
     * @param <T> the result type
     * @return the supplier's result
     * @throws LimitExceededException if the call is rejected
     */
    <T> T executeSupplier(Supplier<T> supplier);

    /**
     * Registers a listener for this limiter's events, called on the thread that caused them.
     *
     * @param listener the listener
     * @return a handle that unregisters the listener when closed
     */
    EventListeners.Registration onEvent(Consumer<? super AdaptiveLimiterEvent> listener);

    /**
     * The outcome of {@link #tryAcquire()}, on which an admitted call reports how it ended.
     */
    interface Permit {

        /**
         * Returns whether the call was admitted.
         *
         * @return {@code true} if admitted; {@code false} if rejected (the other methods then do nothing)
         */
        boolean isAcquired();

        /**
         * Reports that the call succeeded after {@code latencyNanos}: releases its slot and feeds
         * the latency to the algorithm.
         *
         * @param latencyNanos the call's latency in nanoseconds, not negative
         * @throws IllegalArgumentException if {@code latencyNanos} is negative
         * @throws IllegalStateException if no call is in flight
         */
        void onSuccess(long latencyNanos);

        /**
         * Reports that the call was dropped (timed out, or refused by an overloaded dependency):
         * releases its slot and tells the algorithm to back off.
         *
         * @throws IllegalStateException if no call is in flight
         */
        void onDropped();

        /**
         * Reports that the call ended in a way that says nothing about capacity (for example a
         * validation error): releases its slot without a sample.
         *
         * @throws IllegalStateException if no call is in flight
         */
        void onIgnore();
    }
}
