package dev.nines.benchmarks;

import dev.nines.core.hedge.Hedge;
import dev.nines.core.hedge.HedgeConfig;
import dev.nines.core.hedge.HedgeGate;
import dev.nines.core.time.TimeSource;
import dev.nines.slo.Sli;
import dev.nines.slo.Slo;
import dev.nines.slo.SloHedgeGate;
import dev.nines.slo.SloTracker;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The cost of the hedging decision when no hedge is started.
 *
 * <p>No peer in the project's dependency set has hedging: resilience4j's {@code resilience4j-hedge}
 * is not published on Maven Central at 2.4.0 (the version this project uses), and Failsafe 3.3.2
 * has no hedge policy. So each Nines case is set beside a floor in the same run, the least any
 * implementation of that case must do: {@code clocks} (the call between two clock readings, which
 * timing a call for the latency quantile needs), {@code counter} (the call and one
 * {@code LongAdder} increment) and {@code minimal} (a result future and one callback on the first
 * attempt). The ratio to the floor is what Nines spends beyond it.
 *
 * <ul>
 *   <li>{@code gateClosed}: steady state behind a closed {@link HedgeGate} with the latency-quantile
 *       delay, so every call is still timed and recorded for the quantile; 0 B/op expected.</li>
 *   <li>{@code sloGateClosed}: the same behind an {@link SloHedgeGate} over a latency SLO that is not
 *       burning (the burn rate is read once a second).</li>
 *   <li>{@code gateClosedFixedDelay}: steady state behind a closed gate with a fixed delay: no
 *       latency to record, so no clock is read.</li>
 *   <li>{@code gateOpenFirstAttemptWins}: hedging allowed, an asynchronous call whose first attempt
 *       is already complete when the supplier returns it, so no hedge and no timer are started.</li>
 *   <li>{@code gateOpenPrimaryAnswersBeforeDelay}: hedging allowed, an asynchronous first attempt
 *       still pending when the call returns and answering right after, well before the 1 s delay: the
 *       hedge's timer is armed on the scheduler and cancelled, no hedge starts. Its floor arms and
 *       cancels the same timer around a result future and one callback.</li>
 *   <li>{@code gateOpenSyncFirstAttemptWins}: hedging allowed, a synchronous call on a direct
 *       executor ({@code Runnable::run}): the first attempt runs as a task and wins before any timer
 *       is armed. Its floor is one {@code FutureTask} run on the executor.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class HedgeBenchmark {

    private static final Integer RESULT = 42;
    private static final CompletableFuture<Integer> DONE = CompletableFuture.completedFuture(RESULT);

    // Fields, like a caller's suppliers: every call passes the same non-capturing instance.
    @SuppressWarnings("UnnecessaryLambda")
    private final Supplier<Integer> call = () -> RESULT;

    @SuppressWarnings("UnnecessaryLambda")
    private final Supplier<CompletionStage<Integer>> asyncCall = () -> DONE;

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    /** The scheduler of the armed-timer cases: a cancelled timer leaves its queue at once. */
    private final ScheduledThreadPoolExecutor timers = timers();

    /** The pending first attempt of {@link #nines_gateOpenPrimaryAnswersBeforeDelay()}. */
    private CompletableFuture<Integer> pending = new CompletableFuture<>();

    @SuppressWarnings("UnnecessaryLambda")
    private final Supplier<CompletionStage<Integer>> pendingCall = () -> pending;

    @SuppressWarnings("UnnecessaryLambda")
    private final Callable<Integer> callable = () -> RESULT;

    @SuppressWarnings("UnnecessaryLambda")
    private final Runnable nothing = () -> {};

    private final TimeSource time = TimeSource.system();

    private final Hedge gated = Hedge.of(
            "bench",
            HedgeConfig.builder()
                    .delayAtLatencyQuantile(0.95)
                    .gate(HedgeGate.closed())
                    .build(),
            time,
            Runnable::run,
            scheduler);

    private final SloTracker latencySlo = SloTracker.create(
            Slo.builder("bench-latency")
                    .objective(0.99)
                    .sli(Sli.latency(Duration.ofMillis(200)))
                    .build(),
            time);
    private final Hedge sloGated = Hedge.of(
            "bench",
            HedgeConfig.builder()
                    .delayAtLatencyQuantile(0.95)
                    .gate(SloHedgeGate.of(latencySlo, Duration.ofMinutes(5), 1.0, Duration.ofSeconds(1), time))
                    .build(),
            time,
            Runnable::run,
            scheduler);

    private final Hedge gatedFixed =
            Hedge.of("bench", HedgeConfig.builder().gate(HedgeGate.closed()).build(), time, Runnable::run, scheduler);
    private final LongAdder counted = new LongAdder();

    private final Hedge open =
            Hedge.of("bench", HedgeConfig.ofFixedDelay(Duration.ofSeconds(1), 2), time, Runnable::run, scheduler);

    private static ScheduledThreadPoolExecutor timers() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1);
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

    /** Stops the schedulers (they never run a task: no hedge is started). */
    @TearDown
    public void stop() {
        scheduler.shutdownNow();
        timers.shutdownNow();
    }

    /** Nines: steady state, gate closed, latency recorded for the quantile. */
    @Benchmark
    public Integer nines_gateClosed() {
        return gated.executeSupplier(call);
    }

    /**
     * Floor of {@link #nines_gateClosed()}: the call between two clock readings, which recording a
     * latency needs at least.
     *
     * @param sink takes the duration
     * @return the call's result
     */
    @Benchmark
    public Integer clocks_gateClosed(Blackhole sink) {
        return clocks(sink);
    }

    /** Nines: steady state, gate closed, on two threads (contended latency recording). */
    @Benchmark
    @Threads(2)
    public Integer nines_gateClosed2() {
        return gated.executeSupplier(call);
    }

    /**
     * Floor of {@link #nines_gateClosed2()} on two threads.
     *
     * @param sink takes the duration
     * @return the call's result
     */
    @Benchmark
    @Threads(2)
    public Integer clocks_gateClosed2(Blackhole sink) {
        return clocks(sink);
    }

    /** Nines: steady state behind an SLO gate whose budget is not burning. */
    @Benchmark
    public Integer nines_sloGateClosed() {
        return sloGated.executeSupplier(call);
    }

    /**
     * Floor of {@link #nines_sloGateClosed()}.
     *
     * @param sink takes the duration
     * @return the call's result
     */
    @Benchmark
    public Integer clocks_sloGateClosed(Blackhole sink) {
        return clocks(sink);
    }

    /** Nines: steady state, gate closed, fixed delay: nothing to time, only the call counted. */
    @Benchmark
    public Integer nines_gateClosedFixedDelay() {
        return gatedFixed.executeSupplier(call);
    }

    /**
     * Floor of {@link #nines_gateClosedFixedDelay()}: the call and one {@code LongAdder} increment,
     * the least a policy that counts its calls does.
     *
     * @return the call's result
     */
    @Benchmark
    public Integer counter_gateClosedFixedDelay() {
        counted.increment();
        return call.get();
    }

    /** Nines: hedging allowed; the first attempt is already done, so no hedge starts. */
    @Benchmark
    public CompletionStage<Integer> nines_gateOpenFirstAttemptWins() {
        return open.executeCompletionStage(scheduler, asyncCall);
    }

    /**
     * Floor of {@link #nines_gateOpenFirstAttemptWins()}: the least any asynchronous hedge must do
     * before it knows whether to hedge, a result future of its own and one callback on the first
     * attempt.
     *
     * @return the result stage
     */
    @Benchmark
    public CompletionStage<Integer> minimal_gateOpenFirstAttemptWins() {
        CompletableFuture<Integer> result = new CompletableFuture<>();
        CompletionStage<Integer> first = asyncCall.get();
        CompletionStage<Integer> unused = first.whenComplete((value, failure) -> result.complete(value));
        return result;
    }

    /** Nines: hedging allowed; the first attempt answers after the call returns, before the delay. */
    @Benchmark
    public CompletionStage<Integer> nines_gateOpenPrimaryAnswersBeforeDelay() {
        CompletableFuture<Integer> primary = new CompletableFuture<>();
        pending = primary;
        CompletionStage<Integer> result = open.executeCompletionStage(timers, pendingCall);
        primary.complete(RESULT);
        return result;
    }

    /**
     * Floor of {@link #nines_gateOpenPrimaryAnswersBeforeDelay()}: the same pending first attempt, a
     * result future, one callback on the attempt, and the hedge's timer armed and cancelled.
     *
     * @return the result stage
     */
    @Benchmark
    public CompletionStage<Integer> minimal_gateOpenPrimaryAnswersBeforeDelay() {
        CompletableFuture<Integer> primary = new CompletableFuture<>();
        CompletableFuture<Integer> result = new CompletableFuture<>();
        ScheduledFuture<?> timer = timers.schedule(nothing, 1, TimeUnit.SECONDS);
        CompletionStage<Integer> unused = primary.whenComplete((value, failure) -> {
            timer.cancel(false);
            result.complete(value);
        });
        primary.complete(RESULT);
        return result;
    }

    /** Nines: hedging allowed, a synchronous call whose first attempt wins on a direct executor. */
    @Benchmark
    public Integer nines_gateOpenSyncFirstAttemptWins() {
        return open.executeSupplier(call);
    }

    /**
     * Floor of {@link #nines_gateOpenSyncFirstAttemptWins()}: the first attempt as one task run on
     * the executor, and its result read.
     *
     * @return the call's result
     * @throws Exception not thrown: the call does not fail
     */
    @Benchmark
    public Integer minimal_gateOpenSyncFirstAttemptWins() throws Exception {
        FutureTask<Integer> task = new FutureTask<>(callable);
        task.run();
        return task.get();
    }

    private Integer clocks(Blackhole sink) {
        long start = time.nanoTime();
        Integer result = call.get();
        sink.consume(time.nanoTime() - start);
        return result;
    }
}
