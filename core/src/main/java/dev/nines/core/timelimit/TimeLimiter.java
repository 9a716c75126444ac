package dev.nines.core.timelimit;

import dev.nines.core.event.EventListeners;
import dev.nines.core.internal.Arguments;
import dev.nines.core.time.TimeSource;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A time limiter: fails a call that does not complete within {@code timeoutDuration} with a
 * {@link TimeoutException} and, if {@code cancelRunningFuture}, cancels it.
 *
 * <p>For {@link CompletionStage}s the timeout is a task scheduled on the caller's
 * {@link ScheduledExecutorService} (Nines starts no thread of its own); it is cancelled as soon as
 * the call completes. For {@link Future}s the calling thread waits with
 * {@code Future.get(timeout)}. The injected {@link TimeSource} measures durations for events.
 *
 * <p>Thread-safe; one instance serves any number of concurrent calls.
 *
 * <pre>{@code
 * TimeLimiter limiter = TimeLimiter.of("quotes", TimeLimiterConfig.ofDefaults(), TimeSource.system());
 * CompletionStage<Quote> quote = limiter.executeCompletionStage(scheduler, () -> client.quoteAsync(symbol));
 * }</pre>
 */
public interface TimeLimiter {

    /**
     * Creates a time limiter.
     *
     * @param name the name, for events and metrics
     * @param config the configuration
     * @param timeSource the clock that measures call durations
     * @return a new time limiter
     * @throws IllegalArgumentException if {@code name} is blank
     */
    static TimeLimiter of(String name, TimeLimiterConfig config, TimeSource timeSource) {
        Arguments.notBlank("name", name);
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(timeSource, "timeSource");
        return new TimeLimiterImpl(name, config, timeSource, null);
    }

    /**
     * Returns the name.
     *
     * @return the name
     */
    String name();

    /**
     * Returns the configuration.
     *
     * @return the configuration
     */
    TimeLimiterConfig config();

    /**
     * Returns the call counters.
     *
     * @return a live view of the counters
     */
    Metrics metrics();

    /**
     * Registers a listener for this time limiter's events.
     *
     * @param listener the listener; timeout events arrive on the scheduler's thread
     * @return the registration; close it to unregister
     */
    EventListeners.Registration onEvent(Consumer<? super TimeLimiterEvent> listener);

    /**
     * Starts the call and returns a stage that completes with its outcome, or with a
     * {@link TimeoutException} if {@code timeoutDuration} passes first (then, if
     * {@code cancelRunningFuture}, the call's stage is cancelled through
     * {@code toCompletableFuture().cancel(true)} where the stage supports it).
     *
     * @param scheduler where the timeout is scheduled
     * @param supplier starts the call; if it throws, the returned stage fails with that exception
     * @param <T> the result type
     * @return the time-limited stage
     */
    <T> CompletionStage<T> executeCompletionStage(ScheduledExecutorService scheduler,
            Supplier<? extends CompletionStage<T>> supplier);

    /**
     * Gets a future from {@code futureSupplier} and waits for it at most {@code timeoutDuration} on
     * the calling thread.
     *
     * @param futureSupplier starts the call
     * @param <T> the result type
     * @return the call's result
     * @throws TimeoutException if the timeout passed (the future is cancelled if configured)
     * @throws Exception the call's failure, unwrapped from {@link java.util.concurrent.ExecutionException}
     */
    <T> T executeFutureSupplier(Supplier<? extends Future<T>> futureSupplier) throws Exception;

    /**
     * Returns an asynchronous call decorated with this time limiter.
     *
     * @param scheduler where the timeout is scheduled
     * @param supplier starts the call
     * @param <T> the result type
     * @return the decorated supplier
     */
    default <T> Supplier<CompletionStage<T>> decorateCompletionStage(ScheduledExecutorService scheduler,
            Supplier<? extends CompletionStage<T>> supplier) {
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(supplier, "supplier");
        return () -> executeCompletionStage(scheduler, supplier);
    }

    /**
     * Returns a future-returning call decorated with this time limiter, as a blocking
     * {@link Callable}.
     *
     * @param futureSupplier starts the call
     * @param <T> the result type
     * @return the decorated callable
     */
    default <T> Callable<T> decorateFutureSupplier(Supplier<? extends Future<T>> futureSupplier) {
        Objects.requireNonNull(futureSupplier, "futureSupplier");
        return () -> executeFutureSupplier(futureSupplier);
    }

    /** Call counters of a {@link TimeLimiter}, counted since creation. */
    interface Metrics {

        /**
         * Returns the calls that completed in time with a result.
         *
         * @return the count
         */
        long numberOfSuccessfulCalls();

        /**
         * Returns the calls that failed in time.
         *
         * @return the count
         */
        long numberOfFailedCalls();

        /**
         * Returns the calls that timed out.
         *
         * @return the count
         */
        long numberOfTimedOutCalls();
    }
}
