package dev.nines.core.bulkhead;

import dev.nines.core.event.EventListeners;
import dev.nines.core.policy.AttemptGuard;
import dev.nines.core.policy.CallPolicy;
import dev.nines.core.policy.Reconfigurable;
import dev.nines.core.time.TimeSource;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A semaphore bulkhead: at most {@link BulkheadConfig#maxConcurrentCalls()} calls hold a permit at
 * once; a further call waits up to {@link BulkheadConfig#maxWaitDuration()} for a permit, or is
 * rejected at once when that wait is zero.
 *
 * <p>Thread-safe. Taking and returning a permit when no call waits is one CAS, without locks or
 * allocation. When the wait is positive, calls that find no permit wait in a FIFO queue guarded by
 * a {@code java.util.concurrent} lock (never {@code synchronized}, so virtual threads do not pin):
 * a released permit goes to the longest-waiting call, and a call arriving while others wait queues
 * behind them instead of overtaking them on the fast path. The wait is measured on the bulkhead's
 * {@link TimeSource}: with a {@code ManualTimeSource} a waiter times out only once the test
 * advances that clock. A thread interrupted while waiting is rejected and keeps its interrupt
 * status (unless a permit was handed to it first: then it proceeds, still interrupted).
 *
 * <pre>{@code
 * Bulkhead bulkhead = Bulkhead.of("inventory", BulkheadConfig.builder().maxConcurrentCalls(10).build(),
 *         TimeSource.system());
 * Stock stock = bulkhead.executeSupplier(() -> inventory.stock(sku)); // BulkheadFullException when full
 * }</pre>
 */
public interface Bulkhead
        extends CallPolicy<BulkheadConfig, Bulkhead.Metrics, BulkheadEvent>,
                AttemptGuard,
                Reconfigurable<BulkheadConfig> {

    /**
     * Creates a bulkhead.
     *
     * @param name the name, used in events, metrics and exceptions
     * @param config the configuration
     * @param timeSource the clock that measures waits
     * @return a new bulkhead with every permit free
     * @throws IllegalArgumentException if {@code name} is blank
     */
    static Bulkhead of(String name, BulkheadConfig config, TimeSource timeSource) {
        return new SemaphoreBulkhead(name, config, timeSource);
    }

    /**
     * Creates a bulkhead with the default configuration and the system clock.
     *
     * @param name the name, used in events, metrics and exceptions
     * @return a new bulkhead allowing 25 concurrent calls, without waiting
     * @throws IllegalArgumentException if {@code name} is blank
     */
    static Bulkhead ofDefaults(String name) {
        return of(name, BulkheadConfig.ofDefaults(), TimeSource.system());
    }

    /**
     * Returns the name of this bulkhead.
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
    BulkheadConfig config();

    /**
     * Replaces the configuration while the bulkhead runs. What is kept:
     *
     * <table>
     *   <caption>What a reconfiguration keeps</caption>
     *   <tr><th>Change</th><th>Effect</th></tr>
     *   <tr><td>{@code maxConcurrentCalls} raised</td>
     *       <td>calls in flight keep their permits; the new permits go to waiting calls first, in
     *       order, then to new calls</td></tr>
     *   <tr><td>{@code maxConcurrentCalls} lowered</td>
     *       <td>calls in flight keep their permits and finish; new calls are refused (or wait) until
     *       fewer than the new limit are in flight ({@link #availablePermits()} reads 0 meanwhile)</td></tr>
     *   <tr><td>{@code maxWaitDuration}</td>
     *       <td>applies to calls that ask from now on; a call already waiting keeps its deadline</td></tr>
     *   <tr><td>counters</td><td>kept</td></tr>
     * </table>
     *
     * <p>No permit is lost or created: after the calls in flight finish, exactly the new limit is
     * free. Every {@link BulkheadConfig} that builds is valid, so this never refuses one. Publishes
     * {@link BulkheadEvent.ConfigurationChanged}.
     *
     * @param newConfig the new configuration
     * @return the configuration that was in force
     */
    @Override
    BulkheadConfig reconfigure(BulkheadConfig newConfig);

    /**
     * Tries to take a permit, waiting up to the configured maximum wait if none is free.
     * Publishes {@link BulkheadEvent.CallPermitted} or {@link BulkheadEvent.CallRejected}.
     *
     * @return {@code true} if a permit was taken (return it with {@link #onComplete()} or
     *     {@link #releasePermission()}), {@code false} if the call is rejected
     */
    boolean tryAcquirePermission();

    /**
     * Takes a permit like {@link #tryAcquirePermission()}, but throws when rejected.
     *
     * @throws BulkheadFullException if no permit was free within the configured wait
     */
    @Override
    void acquirePermission();

    /**
     * Returns a permit without recording a finished call, for a permit taken by a call that was then
     * not made. Publishes no event.
     *
     * @throws IllegalStateException if every permit is already free (more releases than acquires)
     */
    void releasePermission();

    /**
     * Returns the permit of a call that finished (successfully or not) and publishes
     * {@link BulkheadEvent.CallFinished}.
     *
     * @throws IllegalStateException if every permit is already free (more releases than acquires)
     */
    void onComplete();

    /**
     * Returns the clock that measures waits for a permit and stamps events.
     *
     * @return the time source given at creation
     */
    @Override
    TimeSource timeSource();

    /**
     * Returns a snapshot of this bulkhead's permits and rejections.
     *
     * @return a new snapshot
     */
    @Override
    Metrics metrics();

    /**
     * Returns {@code false}: a bulkhead counts calls in flight and never uses their durations.
     *
     * @return {@code false}
     */
    @Override
    default boolean needsDuration() {
        return false;
    }

    /**
     * Returns the permit of a permitted attempt that returned, as {@link #onComplete()} does.
     *
     * @param durationNanos not used
     * @param result not used
     */
    @Override
    default void onAttemptResult(long durationNanos, Object result) {
        onComplete();
    }

    /**
     * Returns the permit of a permitted attempt that failed, as {@link #onComplete()} does.
     *
     * @param durationNanos not used
     * @param error not used
     */
    @Override
    default void onAttemptError(long durationNanos, Throwable error) {
        onComplete();
    }

    /**
     * Returns the number of permits free right now.
     *
     * @return free permits, between 0 and {@link #maxConcurrentCalls()}
     */
    int availablePermits();

    /**
     * Returns the maximum number of concurrent calls.
     *
     * @return the configured maximum
     */
    int maxConcurrentCalls();

    /**
     * Returns the number of calls waiting for a permit right now.
     *
     * @return the waiting calls, 0 when the wait is zero
     */
    int waitingCalls();

    /**
     * Returns how many calls this bulkhead rejected since it was created.
     *
     * @return the number of rejections
     */
    long rejectedCalls();

    /**
     * Runs {@code supplier} inside the bulkhead: takes a permit, calls it, and returns the permit
     * whatever the outcome.
     *
     * @param supplier the call
     * @param <T> the result type
     * @return the supplier's result
     * @throws BulkheadFullException if no permit was free within the configured wait
     */
    @Override
    <T> T executeSupplier(Supplier<T> supplier);

    /**
     * Runs {@code callable} inside the bulkhead, as {@link #executeSupplier(Supplier)} does.
     *
     * @param callable the call
     * @param <T> the result type
     * @return the callable's result
     * @throws BulkheadFullException if no permit was free within the configured wait
     * @throws Exception whatever {@code callable} throws
     */
    @Override
    <T> T executeCallable(Callable<T> callable) throws Exception;

    /**
     * Runs {@code runnable} inside the bulkhead, as {@link #executeSupplier(Supplier)} does.
     *
     * @param runnable the call
     * @throws BulkheadFullException if no permit was free within the configured wait
     */
    @Override
    void executeRunnable(Runnable runnable);

    /**
     * Starts an asynchronous call inside the bulkhead: the permit is held until the call's stage
     * completes. The call's own stage is returned (with a callback that returns the permit), so
     * cancelling it, as a time limiter outside does on timeout, cancels the call itself, whose end
     * then returns the permit: the bulkhead counts what really runs. A rejected call returns a stage
     * failed with {@link BulkheadFullException} without calling {@code supplier}; a supplier that
     * throws returns its permit and a failed stage. Taking the permit may wait (on the calling
     * thread) up to the configured maximum wait.
     *
     * @param supplier starts the call
     * @param <T> the result type
     * @return a stage completing as the call's stage does
     */
    <T> CompletionStage<T> executeCompletionStage(Supplier<? extends CompletionStage<T>> supplier);

    /**
     * Starts an asynchronous call inside the bulkhead, as {@link #executeCompletionStage(Supplier)}
     * does; the bulkhead schedules nothing, so {@code scheduler} is only checked for {@code null}.
     *
     * @param scheduler not used by the bulkhead
     * @param supplier starts the call
     * @param <T> the result type
     * @return a stage completing as the call's stage does
     */
    @Override
    default <T> CompletionStage<T> executeCompletionStage(
            ScheduledExecutorService scheduler, Supplier<? extends CompletionStage<T>> supplier) {
        Objects.requireNonNull(scheduler, "scheduler");
        return executeCompletionStage(supplier);
    }

    /**
     * Registers a listener for this bulkhead's events, called on the thread that caused the event.
     *
     * @param listener the listener
     * @return a handle that unregisters the listener when closed
     */
    @Override
    EventListeners.Registration onEvent(Consumer<? super BulkheadEvent> listener);

    /**
     * A snapshot of a bulkhead's permits and rejections.
     *
     * @param maxConcurrentCalls the configured maximum of concurrent calls
     * @param availablePermits the permits free when the snapshot was taken
     * @param waitingCalls the calls waiting for a permit when the snapshot was taken
     * @param rejectedCalls the calls rejected since the bulkhead was created
     */
    record Metrics(int maxConcurrentCalls, int availablePermits, int waitingCalls, long rejectedCalls) {}
}
