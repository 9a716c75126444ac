package dev.nines.core.hedge;

import dev.nines.core.event.EventListeners;
import dev.nines.core.internal.Arguments;
import dev.nines.core.policy.CallPolicy;
import dev.nines.core.policy.Reconfigurable;
import dev.nines.core.time.TimeSource;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Hedging: when a call has not ended acceptably after a delay, start another attempt in parallel,
 * up to {@code maxAttempts} in all; the first acceptable outcome wins and the attempts still
 * running are cancelled. The delay is fixed or the recent latency quantile (for example the p95,
 * so that only the slowest calls are hedged), see {@link HedgeConfig}. An unacceptable outcome
 * (by default any exception) does not end the call while attempts remain: the next attempt starts
 * at once.
 *
 * <p><b>Load.</b> Each hedge draws one retry from the configured
 * {@link dev.nines.core.retry.RetryBudget}, the same budget a retry can use, so hedges and retries
 * together stay within one bound and an outage cannot multiply the load. A {@link HedgeGate} can
 * keep hedging off entirely unless, for example, a latency SLO is burning its error budget
 * ({@code dev.nines.slo.SloHedgeGate}): while the gate is closed a call runs on the calling
 * thread with no extra attempt, no executor hop and no allocation.
 *
 * <p><b>Allocation.</b> With the gate closed a call allocates nothing. With hedging allowed, an
 * asynchronous call whose first attempt has already ended acceptably when the supplier returns it
 * gets that stage back and allocates nothing either. Any other call that starts no hedge allocates
 * (64-bit JVM with compressed references; {@code HedgeBenchmark} with {@code -prof gc}):
 * <ul>
 *   <li>its own state, 104 bytes: one object that is the returned (or awaited) future, the
 *       listener of an asynchronous first attempt and the task of the first hedge's timer;</li>
 *   <li>asynchronous: the JDK's callback node and dependent future of {@code whenComplete} on the
 *       first attempt, 56 bytes; synchronous: the {@code FutureTask} that runs the first attempt on
 *       your executor and can be interrupted, 48 bytes, plus whatever your executor allocates to
 *       run it;</li>
 *   <li>if the first attempt has not ended when the timer is armed: what your scheduler allocates
 *       for it; a {@code ScheduledThreadPoolExecutor} allocates about 100 bytes (its
 *       {@code ScheduledFutureTask} and a {@code RunnableAdapter}) and keeps a cancelled timer queued
 *       until its delay has passed unless {@code setRemoveOnCancelPolicy(true)} is set.</li>
 * </ul>
 * Each hedge started adds its own attempt's listener or task and, once, the array of the later
 * attempts' and timers' handles.
 *
 * <p><b>Threads.</b> Nothing runs on a thread of its own. Synchronous calls
 * ({@link #executeSupplier(Supplier)} and the rest of the family) run every attempt, the first
 * included, on the {@link Executor} given at creation, and the calling thread waits for the
 * winner; the delays are scheduled on the {@link ScheduledExecutorService} given at creation.
 * {@link #executeCompletionStage(ScheduledExecutorService, Supplier)} starts each attempt on the
 * thread that decides to start it (the caller for the first, the scheduler's thread for a delayed
 * hedge) and schedules the delays on the scheduler it is given.
 *
 * <p><b>Cancellation.</b> A losing attempt of a synchronous call is cancelled with
 * {@code Future.cancel(true)}: its thread is interrupted. A losing asynchronous attempt's stage is
 * cancelled through {@code toCompletableFuture().cancel(true)}, so a {@code CompletableFuture}
 * returned by the call sees {@code isCancelled()}. Every cancelled attempt publishes
 * {@link HedgeEvent.AttemptCancelled} and is counted. Losers are cancelled before the winner's
 * outcome is delivered: no attempt outlives the call. Cancelling the returned stage cancels every
 * attempt.
 *
 * <p>Thread-safe; one instance serves any number of concurrent calls.
 *
 * <pre>{@code
 * Hedge hedge = Hedge.of("quotes", HedgeConfig.ofLatencyQuantile(0.95, 2), TimeSource.system(),
 *         executor, scheduler);
 * Quote quote = hedge.executeSupplier(() -> client.quote(symbol));
 * CompletionStage<Quote> later = hedge.executeCompletionStage(scheduler, () -> client.quoteAsync(symbol));
 * }</pre>
 */
public interface Hedge extends CallPolicy<HedgeConfig, Hedge.Metrics, HedgeEvent>, Reconfigurable<HedgeConfig> {

    /**
     * Creates a hedge.
     *
     * @param name the name, for events and metrics
     * @param config the configuration
     * @param timeSource the clock for delays, latencies and event times
     * @param executor where synchronous calls run their attempts; it must be able to run
     *     {@code maxAttempts} tasks at once for the hedges of one call to run in parallel
     * @param scheduler where synchronous calls schedule their delays
     * @return a new hedge
     * @throws IllegalArgumentException if {@code name} is blank
     */
    static Hedge of(
            String name,
            HedgeConfig config,
            TimeSource timeSource,
            Executor executor,
            ScheduledExecutorService scheduler) {
        Arguments.notBlank("name", name);
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(timeSource, "timeSource");
        Objects.requireNonNull(executor, "executor");
        Objects.requireNonNull(scheduler, "scheduler");
        return new HedgeImpl(name, config, timeSource, executor, scheduler, null);
    }

    /**
     * Returns the configuration in force.
     *
     * @return the configuration, the latest one given to {@link #reconfigure}
     */
    @Override
    HedgeConfig config();

    /**
     * Replaces the configuration while the hedge runs; this handle and everything built from it
     * (decorators, pipelines) use it for every call that starts from now on. What is kept:
     *
     * <table>
     *   <caption>What a reconfiguration keeps</caption>
     *   <tr><th>Change</th><th>Effect</th></tr>
     *   <tr><td>{@code maxAttempts}, {@code delay}, the predicates, {@code gate},
     *       {@code retryBudget}</td>
     *       <td>apply to calls that start from now on; a call already running finishes under the
     *       configuration it started with (its attempts, delays, gate and budget)</td></tr>
     *   <tr><td>{@code latencyQuantile}, {@code minimumNumberOfCalls}, with the same
     *       {@code latencyWindow}</td>
     *       <td>the latencies measured so far are kept; the delay is computed anew from them at the
     *       next call</td></tr>
     *   <tr><td>another {@code latencyWindow}, or a switch from a fixed delay to a quantile</td>
     *       <td>an empty latency window starts (event with {@code latencyWindowReset}): its halves
     *       are measured in the old window's length, so they cannot be carried over; the initial
     *       {@code delay} applies until {@code minimumNumberOfCalls} attempts are measured</td></tr>
     *   <tr><td>a switch from a quantile to a fixed delay</td>
     *       <td>the latency window is dropped: a fixed delay measures nothing</td></tr>
     *   <tr><td>counters ({@link #metrics()})</td><td>kept: they count calls, not configurations</td></tr>
     * </table>
     *
     * <p>An attempt that ends after a change records its latency in the window then in force. The
     * retry budget belongs to whoever shares it: a new {@code retryBudget} is used from the next call
     * on and the old one is left as it is. Every {@link HedgeConfig} that builds is valid, so this
     * never refuses one. Publishes {@link HedgeEvent.ConfigurationChanged}.
     *
     * @param newConfig the new configuration
     * @return the configuration that was in force
     */
    @Override
    HedgeConfig reconfigure(HedgeConfig newConfig);

    /**
     * Returns the wait before a hedge as it stands now: the fixed delay, or the latency quantile of
     * the recent attempts (the initial delay until enough were measured).
     *
     * @return the current delay
     */
    Duration currentDelay();

    /**
     * Registers a listener for this hedge's events.
     *
     * @param listener the listener, called on the thread where the event happens
     * @return the registration; close it to unregister
     */
    @Override
    EventListeners.Registration onEvent(Consumer<? super HedgeEvent> listener);

    /**
     * Runs {@code supplier} hedged, on the executor, and waits for the winner.
     *
     * @param supplier the call; it may run several times in parallel
     * @param <T> the result type
     * @return the first acceptable result (or the last outcome if none was acceptable)
     * @throws RuntimeException the winning (or last) failure, unchanged
     * @throws CancellationException if the calling thread is interrupted while it waits (the
     *     attempts are cancelled and the interrupt flag is restored)
     */
    @Override
    <T> T executeSupplier(Supplier<T> supplier);

    /**
     * Runs {@code callable} hedged, on the executor, and waits for the winner.
     *
     * @param callable the call; it may run several times in parallel
     * @param <T> the result type
     * @return the first acceptable result (or the last outcome if none was acceptable)
     * @throws Exception the winning (or last) failure, unchanged; {@link InterruptedException} if
     *     the calling thread is interrupted while it waits (the attempts are cancelled)
     */
    @Override
    <T> T executeCallable(Callable<T> callable) throws Exception;

    /**
     * Runs {@code runnable} hedged, on the executor, and waits for the winner.
     *
     * @param runnable the call; it may run several times in parallel
     * @throws RuntimeException the winning (or last) failure, unchanged
     * @throws CancellationException if the calling thread is interrupted while it waits
     */
    @Override
    void executeRunnable(Runnable runnable);

    /**
     * Starts the first attempt now on the calling thread and each hedge on {@code scheduler} after
     * its delay. Never blocks. The returned stage completes with the first acceptable outcome.
     *
     * @param scheduler where the delays are scheduled and delayed hedges start
     * @param supplier starts one attempt; an exception it throws counts as a failed attempt
     * @param <T> the result type
     * @return a stage with the winning outcome
     */
    @Override
    <T> CompletionStage<T> executeCompletionStage(
            ScheduledExecutorService scheduler, Supplier<? extends CompletionStage<T>> supplier);

    /**
     * A snapshot of a hedge's counters since creation.
     *
     * @param numberOfCalls every call
     * @param numberOfGatedCalls the calls that passed straight through because the gate was closed
     * @param numberOfHedgedCalls the calls that started at least one hedge
     * @param numberOfHedges the hedges started (attempts after the first), over all calls
     * @param numberOfCallsWonByHedge the calls whose winning outcome came from a hedge
     * @param numberOfCancelledAttempts the attempts cancelled because another won or the call was
     *     cancelled
     * @param numberOfBudgetRefusals the hedges the retry budget refused
     * @param numberOfFailedHedgedCalls the hedged calls in which no attempt was acceptable
     * @param currentDelayNanos the delay before a hedge as it stands now, in nanoseconds
     */
    record Metrics(
            long numberOfCalls,
            long numberOfGatedCalls,
            long numberOfHedgedCalls,
            long numberOfHedges,
            long numberOfCallsWonByHedge,
            long numberOfCancelledAttempts,
            long numberOfBudgetRefusals,
            long numberOfFailedHedgedCalls,
            long currentDelayNanos) {}
}
