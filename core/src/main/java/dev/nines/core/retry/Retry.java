package dev.nines.core.retry;

import dev.nines.core.event.EventListeners;
import dev.nines.core.internal.Arguments;
import dev.nines.core.policy.CallPolicy;
import dev.nines.core.policy.Reconfigurable;
import dev.nines.core.time.TimeSource;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A retry policy: calls a function again, up to {@code maxAttempts} times in all, when it throws a
 * retryable exception or returns a rejected result, waiting between attempts as the
 * {@link Backoff} says, and (optionally) only while a {@link RetryBudget} allows it.
 *
 * <p>Synchronous calls wait through the {@link Sleeper} given at creation (by default the thread
 * parks on the {@link TimeSource}); {@link #executeCompletionStage(ScheduledExecutorService,
 * Supplier) asynchronous calls} schedule their retries on the caller's
 * {@link ScheduledExecutorService} and never block. When attempts or budget run out, the last
 * exception is rethrown unchanged (the last rejected result is returned, or
 * {@link MaxRetriesExceededException} thrown if {@code failAfterMaxAttempts}). An interrupt during
 * the wait stops retrying: the interrupt flag is restored and the last failure rethrown, with the
 * {@link InterruptedException} suppressed.
 *
 * <p>Thread-safe; one instance serves any number of concurrent calls. A call that succeeds at the
 * first attempt allocates nothing (one budget CAS if a budget is set, one counter increment).
 *
 * <pre>{@code
 * Retry retry = Retry.of("inventory", RetryConfig.ofDefaults(), TimeSource.system());
 * Stock stock = retry.executeSupplier(() -> inventory.stock(sku));
 *
 * Supplier<CompletionStage<Stock>> async =
 *         retry.decorateCompletionStage(scheduler, () -> inventory.stockAsync(sku));
 * }</pre>
 */
public interface Retry extends CallPolicy<RetryConfig, Retry.Metrics, RetryEvent>, Reconfigurable<RetryConfig> {

    /**
     * Creates a retry whose synchronous calls wait by parking on {@code timeSource}.
     *
     * @param name the name, for events and metrics
     * @param config the configuration
     * @param timeSource the clock for waits and the retry budget
     * @return a new retry
     * @throws IllegalArgumentException if {@code name} is blank
     */
    static Retry of(String name, RetryConfig config, TimeSource timeSource) {
        Objects.requireNonNull(timeSource, "timeSource");
        return of(name, config, timeSource, Sleeper.parking(timeSource));
    }

    /**
     * Creates a retry whose synchronous calls wait through {@code sleeper}.
     *
     * @param name the name, for events and metrics
     * @param config the configuration
     * @param timeSource the clock for the retry budget
     * @param sleeper how synchronous calls wait between attempts
     * @return a new retry
     * @throws IllegalArgumentException if {@code name} is blank
     */
    static Retry of(String name, RetryConfig config, TimeSource timeSource, Sleeper sleeper) {
        Arguments.notBlank("name", name);
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(timeSource, "timeSource");
        Objects.requireNonNull(sleeper, "sleeper");
        return new RetryImpl(name, config, timeSource, sleeper, null);
    }

    /**
     * Returns the name.
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
    RetryConfig config();

    /**
     * Replaces the configuration while the retry runs; this handle and everything built from it
     * use it for every call that starts from now on. What is kept:
     *
     * <table>
     *   <caption>What a reconfiguration keeps</caption>
     *   <tr><th>Change</th><th>Effect</th></tr>
     *   <tr><td>attempts, waits, delay function, predicates, {@code maxRetryAfter}</td>
     *       <td>apply to calls that start from now on; a call already running (waiting between
     *       attempts, or scheduled) finishes under the configuration it started with</td></tr>
     *   <tr><td>{@code retryBudget}: the same {@link RetryBudgetConfig} object (as
     *       {@code toBuilder()} keeps it)</td>
     *       <td>the budget and its window of requests and retries are kept</td></tr>
     *   <tr><td>{@code retryBudget}: another object, or added</td>
     *       <td>a new, empty budget (event with {@code budgetReset}); a budget removed is gone</td></tr>
     *   <tr><td>counters ({@link #metrics()})</td><td>kept: they count calls, not configurations</td></tr>
     * </table>
     *
     * <p>Every {@link RetryConfig} that builds is valid, so this never refuses one. Publishes
     * {@link RetryEvent.ConfigurationChanged}.
     *
     * @param newConfig the new configuration
     * @return the configuration that was in force
     */
    @Override
    RetryConfig reconfigure(RetryConfig newConfig);

    /**
     * Returns this retry's budget, if its configuration has one.
     *
     * @return the budget, or empty
     */
    Optional<RetryBudget> budget();

    /**
     * Returns the call counters.
     *
     * @return a live view of the counters
     */
    @Override
    Metrics metrics();

    /**
     * Returns the clock that the retry budget reads.
     *
     * @return the time source given at creation
     */
    @Override
    TimeSource timeSource();

    /**
     * Registers a listener for this retry's events.
     *
     * @param listener the listener, called on the thread that makes the call
     * @return the registration; close it to unregister
     */
    @Override
    EventListeners.Registration onEvent(Consumer<? super RetryEvent> listener);

    /**
     * Calls {@code supplier}, retrying as configured.
     *
     * @param supplier the call
     * @param <T> the result type
     * @return the first accepted result (or the last rejected one, see the class comment)
     * @throws RuntimeException the last failure when retries are over
     */
    @Override
    <T> T executeSupplier(Supplier<T> supplier);

    /**
     * Calls {@code callable}, retrying as configured.
     *
     * @param callable the call
     * @param <T> the result type
     * @return the first accepted result (or the last rejected one, see the class comment)
     * @throws Exception the last failure when retries are over
     */
    @Override
    <T> T executeCallable(Callable<T> callable) throws Exception;

    /**
     * Runs {@code runnable}, retrying as configured.
     *
     * @param runnable the call
     * @throws RuntimeException the last failure when retries are over
     */
    @Override
    void executeRunnable(Runnable runnable);

    /**
     * Starts the asynchronous call now on the calling thread and schedules each retry on
     * {@code scheduler} after the backoff. Never blocks. The returned stage completes with the first
     * accepted result or the last failure ({@link java.util.concurrent.CompletionException}s are
     * unwrapped before the predicates see them). If {@code scheduler} rejects a retry, the stage
     * fails with the last failure (the rejection suppressed).
     *
     * @param scheduler where retries run after their wait
     * @param supplier starts one attempt; an exception it throws counts as a failed attempt
     * @param <T> the result type
     * @return a stage with the outcome of the whole retried call
     */
    @Override
    <T> CompletionStage<T> executeCompletionStage(
            ScheduledExecutorService scheduler, Supplier<? extends CompletionStage<T>> supplier);

    /**
     * Returns {@code function} decorated with this retry (each call allocates one small adapter).
     *
     * @param function the call
     * @param <T> the argument type
     * @param <R> the result type
     * @return the decorated function
     */
    default <T, R> Function<T, R> decorateFunction(Function<T, R> function) {
        Objects.requireNonNull(function, "function");
        return argument -> executeSupplier(() -> function.apply(argument));
    }

    /**
     * A snapshot of a retry's call counters, counted since creation. The first four are
     * resilience4j's, with its meaning, so dashboards and alerts carry over; the last two say
     * plainly whether a failed call made retries.
     *
     * @param numberOfSuccessfulCallsWithoutRetryAttempt the calls that succeeded at the first attempt
     * @param numberOfSuccessfulCallsWithRetryAttempt the calls that succeeded after at least one retry
     * @param numberOfFailedCallsWithoutRetryAttempt as resilience4j: the calls that failed with an
     *     exception that is not retried, at whatever attempt
     * @param numberOfFailedCallsWithRetryAttempt as resilience4j: the calls that failed for good on a
     *     retryable exception or result (attempts or retry budget ran out), {@code maxAttempts} 1
     *     included
     * @param numberOfRetryAttempts the retries made (attempts after the first), over all calls
     * @param numberOfBudgetExhaustedCalls the calls whose retrying was stopped by the retry budget
     * @param numberOfFailedCallsAtFirstAttempt the failed calls that made no retry, whatever the reason
     * @param numberOfFailedCallsAfterRetries the failed calls that made at least one retry, whatever
     *     ended them
     */
    record Metrics(
            long numberOfSuccessfulCallsWithoutRetryAttempt,
            long numberOfSuccessfulCallsWithRetryAttempt,
            long numberOfFailedCallsWithoutRetryAttempt,
            long numberOfFailedCallsWithRetryAttempt,
            long numberOfRetryAttempts,
            long numberOfBudgetExhaustedCalls,
            long numberOfFailedCallsAtFirstAttempt,
            long numberOfFailedCallsAfterRetries) {}
}
