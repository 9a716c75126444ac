package dev.nines.core.adaptivelimit;

import dev.nines.core.event.EventListeners;
import dev.nines.core.policy.AttemptGuard;
import dev.nines.core.policy.CallPolicy;
import dev.nines.core.policy.Reconfigurable;
import dev.nines.core.time.TimeSource;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * An adaptive concurrency limiter: admits a call while fewer than {@link #limit()} calls are in
 * flight, and moves the limit with each finished call's latency or drop, by the configured
 * {@link LimitAlgorithm} (AIMD or gradient, after Netflix's concurrency-limits), always within
 * {@code [minLimit, maxLimit]}.
 *
 * <p>{@link #tryAcquirePermission()} returns a {@link Permit}; the caller reports how the call ended with
 * exactly one of {@link Permit#onSuccess(long)}, {@link Permit#onDropped()} or
 * {@link Permit#onIgnore()}. The permit is a handle shared by all calls of this limiter (no
 * allocation per call); it does not identify one call, so reporting twice for one call releases
 * another call's slot.
 *
 * <p><b>Priorities.</b> With {@link AdaptiveLimiterConfig#priorityShares()}, callers pass a priority
 * (0 is the highest): a call of priority {@code p} is admitted only while fewer than
 * {@code max(1, floor(limit * share[p]))} calls are in flight, so the lowest priorities are shed
 * first as the limit falls, and never admitted while a higher priority would be shed.
 *
 * <p><b>Waiting.</b> With {@link AdaptiveLimiterConfig#maxQueueSize()}, a call that finds the limit
 * reached waits (up to {@link AdaptiveLimiterConfig#maxWaitDuration()}) in a bounded queue instead
 * of failing at once, in {@link #acquirePermission(int)}, the {@code execute*} methods and, without
 * a thread, {@link #executeCompletionStage(int, ScheduledExecutorService, Supplier)}. Freed slots go
 * to waiting calls highest priority first; a full queue rejects, or displaces a lower-priority
 * waiter. {@link #tryAcquirePermission(int)} never waits.
 *
 * <p>Thread-safe. Without waiters, admission is one CAS on the in-flight count and never blocks
 * or allocates; while calls wait, admission takes a lock so as not to overtake them. The algorithm's
 * state is updated by one thread at a time, without waiting: a latency sample that arrives while
 * another thread is updating is skipped (the limit is a statistical estimate), while a drop is
 * kept and applied by the next update; the in-flight count is always exact.
 *
 * <pre>{@code
 * AdaptiveLimiter limiter = AdaptiveLimiter.of("catalog", AdaptiveLimiterConfig.ofDefaults(), TimeSource.system());
 * AdaptiveLimiter.Permit permit = limiter.tryAcquirePermission();
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
public interface AdaptiveLimiter
        extends CallPolicy<AdaptiveLimiterConfig, AdaptiveLimiter.Metrics, AdaptiveLimiterEvent>,
                AttemptGuard,
                Reconfigurable<AdaptiveLimiterConfig> {

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
    @Override
    String name();

    /**
     * Returns the configuration in force.
     *
     * @return the configuration, the latest one given to {@link #reconfigure}
     */
    @Override
    AdaptiveLimiterConfig config();

    /**
     * Replaces the configuration while the limiter runs. What is kept:
     *
     * <table>
     *   <caption>What a reconfiguration keeps</caption>
     *   <tr><th>Change</th><th>Effect</th></tr>
     *   <tr><td>{@code minLimit}, {@code maxLimit}</td>
     *       <td>the current limit is kept, moved into the new bounds if outside them
     *       ({@code initialLimit} is for a new limiter, not used here)</td></tr>
     *   <tr><td>the algorithm or its parameters</td>
     *       <td>the algorithm's learned state (latency baselines, smoothing) starts over from the
     *       kept limit</td></tr>
     *   <tr><td>calls in flight, counters</td><td>kept: each admitted call reports its end
     *       once, to the new algorithm</td></tr>
     *   <tr><td>queued calls</td><td>kept, with their deadlines; a higher limit admits them before
     *       this method returns (an asynchronous call is then handed to its scheduler), highest
     *       priority first and as many as it allows; a lower one admits none until the calls in
     *       flight fall below it</td></tr>
     * </table>
     *
     * <p>The queue and the priorities ({@code maxQueueSize}, {@code maxWaitDuration},
     * {@code priorityShares}) are fixed when the limiter is created: a configuration that changes
     * them is refused with {@link IllegalArgumentException}; any other that builds is accepted.
     * Publishes {@link AdaptiveLimiterEvent.ConfigurationChanged}, then
     * {@link AdaptiveLimiterEvent.LimitChanged} if the limit moved into the new bounds.
     *
     * @param newConfig the new configuration
     * @return the configuration that was in force
     * @throws IllegalArgumentException if {@code newConfig} changes the queue or the priorities
     */
    @Override
    AdaptiveLimiterConfig reconfigure(AdaptiveLimiterConfig newConfig);

    /**
     * Admits a call of priority 0 if fewer than {@link #limit()} calls are in flight; never blocks.
     *
     * @return a permit: if {@link Permit#isAcquired()} is {@code true}, report the call's end on it;
     *     otherwise the call was rejected and the permit's methods do nothing
     */
    Permit tryAcquirePermission();

    /**
     * Admits a call of {@code priority} if fewer than its share of the limit are in flight (see
     * {@link AdaptiveLimiterConfig#priorityShares()}) and no call of this priority or higher waits
     * in the queue; never blocks.
     *
     * @param priority 0 (the highest) to {@code priorityShares().size() - 1}
     * @return a permit, acquired or not, as {@link #tryAcquirePermission()} returns
     * @throws IllegalArgumentException if {@code priority} is out of range
     */
    Permit tryAcquirePermission(int priority);

    /**
     * Admits a call of {@code priority}, waiting in the queue (if one is configured) up to
     * {@link AdaptiveLimiterConfig#maxWaitDuration()} on the limiter's time source. The waiting
     * thread parks on a lock condition (never inside {@code synchronized}); slots freed by
     * finished calls, or by a higher limit, go to waiting calls highest priority first.
     *
     * @param priority 0 (the highest) to {@code priorityShares().size() - 1}
     * @return the acquired permit, on which the call reports its end
     * @throws AdaptiveLimiterFullException if rejected; {@link AdaptiveLimiterFullException#reason()} says why
     * @throws IllegalArgumentException if {@code priority} is out of range
     */
    Permit acquirePermission(int priority);

    /**
     * Admits a call of priority 0, waiting in the queue if one is configured, or throws: the form the
     * {@code execute*} methods use; report its end with
     * {@link #onAttemptResult(long, Object)} or {@link #onAttemptError(long, Throwable)}.
     *
     * @throws AdaptiveLimiterFullException if the limit is reached
     */
    @Override
    void acquirePermission();

    /**
     * Reports that an admitted call returned after {@code durationNanos}, as
     * {@link Permit#onSuccess(long)} does.
     *
     * @param durationNanos the call's latency in nanoseconds
     * @param result not used
     */
    @Override
    void onAttemptResult(long durationNanos, Object result);

    /**
     * Reports that an admitted call failed: a drop for a timeout or cancellation, else nothing
     * about capacity (see {@link #executeSupplier(Supplier)}).
     *
     * @param durationNanos not used
     * @param error the failure
     */
    @Override
    void onAttemptError(long durationNanos, Throwable error);

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
     * Returns how many calls wait in the queue for a slot.
     *
     * @return the waiting calls, 0 without a queue
     */
    int waitingCalls();

    /**
     * Returns how many calls this limiter rejected since it was created.
     *
     * @return the number of rejections
     */
    long rejectedCalls();

    /**
     * Returns a snapshot of the limit, the calls in flight and the rejections.
     *
     * @return a new snapshot
     */
    @Override
    Metrics metrics();

    /**
     * Returns the clock that measures call latencies and stamps events.
     *
     * @return the time source given at creation
     */
    @Override
    TimeSource timeSource();

    /**
     * Runs {@code supplier} if admitted, measuring its latency on the limiter's clock: a result
     * reports {@link Permit#onSuccess(long)}; a {@code TimeoutException} or
     * {@code CancellationException} (also as the cause of a {@code CompletionException} or
     * {@code ExecutionException}) reports {@link Permit#onDropped()}, so the limit backs off; any
     * other failure reports {@link Permit#onIgnore()} (it says little about capacity). The
     * failure is rethrown.
     *
     * @param supplier the call
     * @param <T> the result type
     * @return the supplier's result
     * @throws AdaptiveLimiterFullException if the call is rejected
     */
    @Override
    <T> T executeSupplier(Supplier<T> supplier);

    /**
     * Runs {@code supplier} as a call of {@code priority}, as {@link #executeSupplier(Supplier)} does
     * for priority 0.
     *
     * @param priority 0 (the highest) to {@code priorityShares().size() - 1}
     * @param supplier the call
     * @param <T> the result type
     * @return the supplier's result
     * @throws AdaptiveLimiterFullException if the call is rejected
     * @throws IllegalArgumentException if {@code priority} is out of range
     */
    <T> T executeSupplier(int priority, Supplier<T> supplier);

    /**
     * Runs {@code callable} if admitted, reporting as {@link #executeSupplier(Supplier)} does.
     *
     * @param callable the call
     * @param <T> the result type
     * @return the callable's result
     * @throws AdaptiveLimiterFullException if the call is rejected
     * @throws Exception what the callable throws
     */
    @Override
    <T> T executeCallable(Callable<T> callable) throws Exception;

    /**
     * Runs {@code runnable} if admitted, reporting as {@link #executeSupplier(Supplier)} does.
     *
     * @param runnable the call
     * @throws AdaptiveLimiterFullException if the call is rejected
     */
    @Override
    void executeRunnable(Runnable runnable);

    /**
     * Starts an asynchronous call if admitted and reports its end as
     * {@link #executeSupplier(Supplier)} does, when its stage completes. The call's own stage is
     * returned (with a callback), so cancelling it, as a time limiter outside does on timeout,
     * cancels the call itself and reports a drop. A rejection gives a stage failed with
     * {@link AdaptiveLimiterFullException}. With a queue, a call that finds the limit reached waits
     * without a thread: the limiter schedules its timeout on {@code scheduler} and starts the call
     * there ({@code execute}) once a slot is free; it then returns a stage of its own that follows
     * the call's, and cancelling that stage leaves the queue or cancels the call. Without a queue the
     * scheduler is not used.
     *
     * @param scheduler runs the wait's timeout and the start of a queued call
     * @param supplier starts the call
     * @param <T> the result type
     * @return the call's stage, or a failed stage
     */
    @Override
    <T> CompletionStage<T> executeCompletionStage(
            ScheduledExecutorService scheduler, Supplier<? extends CompletionStage<T>> supplier);

    /**
     * Starts an asynchronous call of {@code priority}, as
     * {@link #executeCompletionStage(ScheduledExecutorService, Supplier)} does for priority 0.
     *
     * @param priority 0 (the highest) to {@code priorityShares().size() - 1}
     * @param scheduler runs the wait's timeout and the start of a queued call
     * @param supplier starts the call
     * @param <T> the result type
     * @return the call's stage, a stage that follows it once a queued call starts, or a failed stage
     * @throws IllegalArgumentException if {@code priority} is out of range
     */
    <T> CompletionStage<T> executeCompletionStage(
            int priority, ScheduledExecutorService scheduler, Supplier<? extends CompletionStage<T>> supplier);

    /**
     * Registers a listener for this limiter's events, called on the thread that caused them.
     *
     * @param listener the listener
     * @return a handle that unregisters the listener when closed
     */
    @Override
    EventListeners.Registration onEvent(Consumer<? super AdaptiveLimiterEvent> listener);

    /**
     * A snapshot of an adaptive limiter.
     *
     * @param limit the limit when the snapshot was taken, within {@code [minLimit, maxLimit]}
     * @param inflight the admitted calls that had not reported their end
     * @param rejectedCalls the calls rejected since the limiter was created
     * @param waitingCalls the calls waiting in the queue
     */
    record Metrics(int limit, int inflight, long rejectedCalls, int waitingCalls) {}

    /**
     * The outcome of {@link #tryAcquirePermission()}, on which an admitted call reports how it ended.
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
