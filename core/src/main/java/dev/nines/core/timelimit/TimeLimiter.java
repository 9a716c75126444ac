package dev.nines.core.timelimit;

import dev.nines.core.event.EventListeners;
import dev.nines.core.internal.Arguments;
import dev.nines.core.policy.CallPolicy;
import dev.nines.core.policy.Reconfigurable;
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
public interface TimeLimiter
        extends CallPolicy<TimeLimiterConfig, TimeLimiter.Metrics, TimeLimiterEvent>,
                Reconfigurable<TimeLimiterConfig> {

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
    @Override
    String name();

    /**
     * Returns the configuration in force.
     *
     * @return the configuration, the latest one given to {@link #reconfigure}
     */
    @Override
    TimeLimiterConfig config();

    /**
     * Replaces the configuration while the time limiter runs: the timeout and
     * {@code cancelRunningFuture} apply to calls that start from now on; a call already running
     * keeps the timeout it started with (its timer is already scheduled). Counters are kept. Every
     * {@link TimeLimiterConfig} that builds is valid, so this never refuses one. Publishes
     * {@link TimeLimiterEvent.ConfigurationChanged}.
     *
     * @param newConfig the new configuration
     * @return the configuration that was in force
     */
    @Override
    TimeLimiterConfig reconfigure(TimeLimiterConfig newConfig);

    /**
     * Returns a snapshot of the call counters.
     *
     * @return a new snapshot
     */
    @Override
    Metrics metrics();

    /**
     * Returns the clock that measures call durations.
     *
     * @return the time source given at creation
     */
    @Override
    TimeSource timeSource();

    /**
     * Runs {@code supplier} on the calling thread. A thread cannot be stopped from outside, so the
     * call runs to its end; if it took longer than {@code timeoutDuration}, its result is discarded
     * and a {@link TimeoutException} is thrown, wrapped in a
     * {@link java.util.concurrent.CompletionException} (a Supplier cannot throw it). Use
     * {@link #executeCompletionStage(ScheduledExecutorService, Supplier)} to stop waiting at the
     * timeout.
     *
     * @param supplier the call
     * @param <T> the result type
     * @return the call's result, if it ended in time
     * @throws java.util.concurrent.CompletionException with a {@link TimeoutException} cause if
     *     the call ended late
     */
    @Override
    <T> T executeSupplier(Supplier<T> supplier);

    /**
     * Runs {@code callable} on the calling thread, as {@link #executeSupplier(Supplier)} does, and
     * throws the {@link TimeoutException} itself if the call ended late.
     *
     * @param callable the call
     * @param <T> the result type
     * @return the call's result, if it ended in time
     * @throws TimeoutException if the call ended after {@code timeoutDuration}
     * @throws Exception the call's own failure
     */
    @Override
    <T> T executeCallable(Callable<T> callable) throws Exception;

    /**
     * Runs {@code runnable} on the calling thread, as {@link #executeSupplier(Supplier)} does.
     *
     * @param runnable the call
     * @throws java.util.concurrent.CompletionException with a {@link TimeoutException} cause if
     *     the call ended late
     */
    @Override
    void executeRunnable(Runnable runnable);

    /**
     * Registers a listener for this time limiter's events.
     *
     * @param listener the listener; timeout events arrive on the scheduler's thread
     * @return the registration; close it to unregister
     */
    @Override
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
    @Override
    <T> CompletionStage<T> executeCompletionStage(
            ScheduledExecutorService scheduler, Supplier<? extends CompletionStage<T>> supplier);

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

    /**
     * A snapshot of a time limiter's call counters, counted since creation.
     *
     * @param numberOfSuccessfulCalls the calls that completed in time with a result
     * @param numberOfFailedCalls the calls that failed in time
     * @param numberOfTimedOutCalls the calls that timed out
     */
    record Metrics(long numberOfSuccessfulCalls, long numberOfFailedCalls, long numberOfTimedOutCalls) {}
}
