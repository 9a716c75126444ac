package dev.nines.core.hedge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nines.core.circuitbreaker.CircuitBreaker;
import dev.nines.core.circuitbreaker.CircuitBreakerConfig;
import dev.nines.core.pipeline.Pipeline;
import dev.nines.core.pipeline.Resilience;
import dev.nines.core.retry.Retry;
import dev.nines.core.retry.RetryBudget;
import dev.nines.core.retry.RetryBudgetConfig;
import dev.nines.core.retry.RetryConfig;
import dev.nines.core.retry.RetryEvent;
import dev.nines.core.time.ManualScheduler;
import dev.nines.core.time.ManualTimeSource;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HedgeTest {

    private final ManualTimeSource time = ManualTimeSource.at(Instant.parse("2026-01-01T00:00:00Z"));
    private final ManualScheduler scheduler = ManualScheduler.of(time);
    private final List<HedgeEvent> events = new ArrayList<>();
    private final List<ExecutorService> pools = new ArrayList<>();

    @AfterEach
    void stopPools() {
        pools.forEach(ExecutorService::shutdownNow);
    }

    private Hedge hedge(HedgeConfig config) {
        Hedge hedge = Hedge.of("quotes", config, time, Runnable::run, scheduler);
        hedge.onEvent(events::add);
        return hedge;
    }

    /** Hands out a new pending future per attempt and keeps them, in the order they started. */
    private static final class Attempts implements Supplier<CompletionStage<String>> {
        final List<CompletableFuture<String>> started = new ArrayList<>();

        @Override
        public synchronized CompletionStage<String> get() {
            CompletableFuture<String> attempt = new CompletableFuture<>();
            started.add(attempt);
            return attempt;
        }

        CompletableFuture<String> get(int index) {
            return started.get(index);
        }
    }

    @Test
    void aCallThatEndsWithinTheDelayStartsNoHedge() {
        Hedge hedge = hedge(HedgeConfig.ofFixedDelay(Duration.ofMillis(100), 3));
        Attempts attempts = new Attempts();
        CompletableFuture<String> result =
                hedge.executeCompletionStage(scheduler, attempts).toCompletableFuture();

        scheduler.advance(Duration.ofMillis(99));
        attempts.get(0).complete("fast");
        scheduler.advance(Duration.ofSeconds(10));

        assertThat(result).isCompletedWithValue("fast");
        assertThat(attempts.started).hasSize(1);
        assertThat(scheduler.pending())
                .as("the timer of the hedge is cancelled")
                .isZero();
        assertThat(hedge.metrics().numberOfHedges()).isZero();
        assertThat(events).isEmpty();
    }

    @Test
    void aHedgeStartsAfterTheDelayAndTheFirstAcceptableResultWinsWhileTheLoserIsCancelled() {
        Hedge hedge = hedge(HedgeConfig.ofFixedDelay(Duration.ofMillis(100), 2));
        Attempts attempts = new Attempts();
        CompletableFuture<String> result =
                hedge.executeCompletionStage(scheduler, attempts).toCompletableFuture();

        scheduler.advance(Duration.ofMillis(100));
        assertThat(attempts.started).hasSize(2);
        scheduler.advance(Duration.ofMillis(20));
        attempts.get(1).complete("hedge");

        assertThat(result).isCompletedWithValue("hedge");
        assertThat(attempts.get(0))
                .as("the user's future sees the cancellation")
                .isCancelled();
        assertThat(events)
                .containsExactly(
                        new HedgeEvent.HedgeStarted("quotes", 2, Duration.ofMillis(100)),
                        new HedgeEvent.AttemptCancelled("quotes", 1),
                        new HedgeEvent.Won("quotes", 2, 2));
        Hedge.Metrics metrics = hedge.metrics();
        assertThat(metrics.numberOfCalls()).isEqualTo(1);
        assertThat(metrics.numberOfHedgedCalls()).isEqualTo(1);
        assertThat(metrics.numberOfHedges()).isEqualTo(1);
        assertThat(metrics.numberOfCallsWonByHedge()).isEqualTo(1);
        assertThat(metrics.numberOfCancelledAttempts()).isEqualTo(1);
        assertThat(metrics.currentDelayNanos()).isEqualTo(Duration.ofMillis(100).toNanos());
    }

    @Test
    void eachHedgeWaitsTheDelayAfterThePreviousOneAndNoMoreThanMaxAttemptsStart() {
        Hedge hedge = hedge(HedgeConfig.ofFixedDelay(Duration.ofMillis(50), 3));
        Attempts attempts = new Attempts();
        CompletableFuture<String> result =
                hedge.executeCompletionStage(scheduler, attempts).toCompletableFuture();

        scheduler.advance(Duration.ofMillis(49));
        assertThat(attempts.started).hasSize(1);
        scheduler.advance(Duration.ofMillis(1));
        assertThat(attempts.started).hasSize(2);
        scheduler.advance(Duration.ofMillis(50));
        assertThat(attempts.started).hasSize(3);
        scheduler.advance(Duration.ofHours(1));
        assertThat(attempts.started).hasSize(3);
        assertThat(scheduler.pending()).isZero();

        attempts.get(0).complete("first");
        assertThat(result).isCompletedWithValue("first");
        assertThat(attempts.get(1)).isCancelled();
        assertThat(attempts.get(2)).isCancelled();
        assertThat(hedge.metrics().numberOfCallsWonByHedge()).isZero();
        assertThat(hedge.metrics().numberOfCancelledAttempts()).isEqualTo(2);
    }

    @Test
    void anUnacceptableFailureStartsTheNextAttemptAtOnceWithoutWaitingForTheDelay() {
        Hedge hedge = hedge(HedgeConfig.ofFixedDelay(Duration.ofSeconds(1), 2));
        Attempts attempts = new Attempts();
        CompletableFuture<String> result =
                hedge.executeCompletionStage(scheduler, attempts).toCompletableFuture();

        scheduler.advance(Duration.ofMillis(10));
        attempts.get(0).completeExceptionally(new IOException("reset"));
        assertThat(attempts.started).hasSize(2);
        attempts.get(1).complete("second");

        assertThat(result).isCompletedWithValue("second");
        assertThat(events).contains(new HedgeEvent.HedgeStarted("quotes", 2, Duration.ofMillis(10)));
    }

    @Test
    void whenEveryAttemptIsUnacceptableTheCallEndsWithTheLastFailure() {
        Hedge hedge = hedge(HedgeConfig.ofFixedDelay(Duration.ofMillis(10), 2));
        Attempts attempts = new Attempts();
        CompletableFuture<String> result =
                hedge.executeCompletionStage(scheduler, attempts).toCompletableFuture();
        scheduler.advance(Duration.ofMillis(10));
        IOException first = new IOException("first");
        IOException last = new IOException("last");
        attempts.get(0).completeExceptionally(first);
        assertThat(result).isNotDone();
        attempts.get(1).completeExceptionally(last);

        assertThatThrownBy(result::join).hasCause(last);
        assertThat(events).last().isEqualTo(new HedgeEvent.Failed("quotes", 2, java.util.Optional.of(last)));
        assertThat(hedge.metrics().numberOfFailedHedgedCalls()).isEqualTo(1);
    }

    @Test
    void aFailureTheHedgePredicateRefusesEndsTheCallAtOnce() {
        Hedge hedge = hedge(HedgeConfig.builder()
                .delay(Duration.ofMillis(10))
                .hedgeOnException(failure -> !(failure instanceof IllegalArgumentException))
                .build());
        Attempts attempts = new Attempts();
        CompletableFuture<String> result =
                hedge.executeCompletionStage(scheduler, attempts).toCompletableFuture();
        scheduler.advance(Duration.ofMillis(10));
        IllegalArgumentException bad = new IllegalArgumentException("bad request");
        attempts.get(0).completeExceptionally(bad);

        assertThatThrownBy(result::join).hasCause(bad);
        assertThat(attempts.get(1)).isCancelled();
    }

    @Test
    void anUnacceptableResultWaitsForABetterOneAndIsReturnedIfNoneComes() {
        Hedge hedge = hedge(HedgeConfig.builder()
                .delay(Duration.ofMillis(10))
                .maxAttempts(3)
                .hedgeOnResult("stale"::equals)
                .build());
        Attempts attempts = new Attempts();
        CompletableFuture<String> better =
                hedge.executeCompletionStage(scheduler, attempts).toCompletableFuture();
        attempts.get(0).complete("stale");
        assertThat(better).isNotDone();
        attempts.get(1).complete("fresh");
        assertThat(better).isCompletedWithValue("fresh");

        Attempts allStale = new Attempts();
        CompletableFuture<String> stale =
                hedge.executeCompletionStage(scheduler, allStale).toCompletableFuture();
        allStale.get(0).complete("stale");
        allStale.get(1).complete("stale");
        allStale.get(2).complete("stale");
        assertThat(stale).isCompletedWithValue("stale");
    }

    @Test
    void cancellingTheReturnedStageCancelsEveryAttemptAndTheTimers() {
        Hedge hedge = hedge(HedgeConfig.ofFixedDelay(Duration.ofMillis(10), 3));
        Attempts attempts = new Attempts();
        CompletableFuture<String> result =
                hedge.executeCompletionStage(scheduler, attempts).toCompletableFuture();
        scheduler.advance(Duration.ofMillis(10));

        result.cancel(true);

        assertThat(attempts.get(0)).isCancelled();
        assertThat(attempts.get(1)).isCancelled();
        scheduler.advance(Duration.ofHours(1));
        assertThat(attempts.started).hasSize(2);
        assertThat(hedge.metrics().numberOfCancelledAttempts()).isEqualTo(2);
    }

    @Test
    void completingTheReturnedStageWithACancellationCancelsEveryAttemptToo() {
        Hedge hedge = hedge(HedgeConfig.ofFixedDelay(Duration.ofMillis(10), 3));
        Attempts attempts = new Attempts();
        CompletableFuture<String> result =
                hedge.executeCompletionStage(scheduler, attempts).toCompletableFuture();
        scheduler.advance(Duration.ofMillis(10));

        result.completeExceptionally(new CancellationException("the caller gave up"));

        assertThat(attempts.get(0)).isCancelled();
        assertThat(attempts.get(1)).isCancelled();
        scheduler.advance(Duration.ofHours(1));
        assertThat(attempts.started).hasSize(2);
    }

    @Test
    void aFirstAttemptAlreadyEndedAcceptablyIsReturnedAsItIsWithNoTimer() {
        Hedge hedge = hedge(HedgeConfig.builder()
                .delay(Duration.ofMillis(10))
                .delayAtLatencyQuantile(0.5)
                .minimumNumberOfCalls(1)
                .build());
        CompletableFuture<String> done = CompletableFuture.completedFuture("cached");

        assertThat(hedge.executeCompletionStage(scheduler, () -> done)).isSameAs(done);

        assertThat(scheduler.pending()).isZero();
        assertThat(hedge.metrics().numberOfCalls()).isOne();
        time.advance(Duration.ofSeconds(1)); // past the cache of the computed delay
        assertThat(hedge.currentDelay())
                .as("its latency (zero on the manual clock) was recorded")
                .isZero();
        assertThat(events).isEmpty();
    }

    @Test
    void aFirstAttemptAlreadyEndedUnacceptablyIsHedgedAtOnce() {
        Hedge hedge = hedge(HedgeConfig.builder()
                .delay(Duration.ofSeconds(1))
                .hedgeOnResult("stale"::equals)
                .build());
        List<String> answers = new ArrayList<>(List.of("stale", "fresh"));

        CompletionStage<String> result =
                hedge.executeCompletionStage(scheduler, () -> CompletableFuture.completedFuture(answers.remove(0)));
        CompletionStage<String> failedFirst = hedge.executeCompletionStage(scheduler, new Supplier<>() {
            int calls;

            @Override
            public CompletionStage<String> get() {
                return ++calls == 1
                        ? CompletableFuture.failedFuture(new IOException("down"))
                        : CompletableFuture.completedFuture("up");
            }
        });

        assertThat(result.toCompletableFuture()).isCompletedWithValue("fresh");
        assertThat(failedFirst.toCompletableFuture()).isCompletedWithValue("up");
        assertThat(hedge.metrics().numberOfCallsWonByHedge()).isEqualTo(2);
    }

    /**
     * The policy's own allocation where hedging is allowed and no hedge starts: none when the first
     * attempt has ended by the time the supplier returns it, the fixed-delay and the quantile-delay
     * hedge alike. Measured as the JMH {@code -prof gc} figure is, after warm-up (the JIT removes
     * nothing here that it would not remove in production: the stage escapes to the caller).
     */
    @Test
    void anAsynchronousCallWhoseFirstAttemptHasEndedAllocatesNothing() {
        Hedge fixed =
                Hedge.of("fixed", HedgeConfig.ofFixedDelay(Duration.ofSeconds(1), 2), time, Runnable::run, scheduler);
        Hedge quantile = Hedge.of("quantile", HedgeConfig.ofLatencyQuantile(0.95, 2), time, Runnable::run, scheduler);
        CompletableFuture<String> done = CompletableFuture.completedFuture("fast");
        Supplier<CompletionStage<String>> call = () -> done;
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        CompletionStage<String> last = done;
        for (int i = 0; i < 100_000; i++) {
            last = fixed.executeCompletionStage(scheduler, call);
            last = quantile.executeCompletionStage(scheduler, call);
        }

        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 100_000; i++) {
            last = fixed.executeCompletionStage(scheduler, call);
            last = quantile.executeCompletionStage(scheduler, call);
        }
        long bytesPerCall = (threads.getCurrentThreadAllocatedBytes() - before) / 200_000;

        assertThat(bytesPerCall).isZero();
        assertThat(last).isSameAs(done);
        assertThat(scheduler.pending()).isZero();
        assertThat(fixed.metrics().numberOfCalls()).isEqualTo(200_000);
    }

    /**
     * The policy's own allocation when the first attempt answers after the call returned, before
     * the delay: the timer is armed and cancelled, no hedge starts. On a scheduler that allocates
     * nothing, with the attempts' futures made beforehand, what is left is the call's own state (one
     * object: the returned future, the first attempt's listener and the timer's task), and the JDK's
     * callback node (32 bytes) and dependent future (24) of {@code whenComplete} on the first
     * attempt: 160 bytes in all with compressed references (the 64-bit JVM's default below 32 GB of
     * heap). {@code BENCHMARKS.md} (the hedge section) lists them.
     */
    @Test
    void anArmedTimerCostsOnlyTheCallsStateAndOneCallbackOnTheFirstAttempt() {
        AllocationFreeScheduler timers = new AllocationFreeScheduler();
        Hedge hedge =
                Hedge.of("quotes", HedgeConfig.ofFixedDelay(Duration.ofSeconds(1), 2), time, Runnable::run, timers);
        int calls = 100_000;
        List<CompletableFuture<String>> firsts = new ArrayList<>(2 * calls);
        for (int i = 0; i < 2 * calls; i++) {
            firsts.add(new CompletableFuture<>());
        }
        int[] next = {0};
        Supplier<CompletionStage<String>> call = () -> firsts.get(next[0]);
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        CompletionStage<String> last = null;
        for (int i = 0; i < calls; i++, next[0]++) {
            last = hedge.executeCompletionStage(timers, call);
            firsts.get(next[0]).complete("first");
        }

        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < calls; i++, next[0]++) {
            last = hedge.executeCompletionStage(timers, call);
            firsts.get(next[0]).complete("first");
        }
        long bytesPerCall = (threads.getCurrentThreadAllocatedBytes() - before) / calls;

        assertThat(bytesPerCall).isBetween(1L, 160L);
        assertThat(last.toCompletableFuture()).isCompletedWithValue("first");
        assertThat(timers.armed).isEqualTo(2 * calls);
        assertThat(timers.cancelled).isEqualTo(2 * calls);
        assertThat(hedge.metrics().numberOfHedges()).isZero();
    }

    /** A scheduler that never runs what it is given and allocates nothing: one reusable timer. */
    private static final class AllocationFreeScheduler extends java.util.concurrent.AbstractExecutorService
            implements java.util.concurrent.ScheduledExecutorService {
        int armed;
        int cancelled;

        private final java.util.concurrent.ScheduledFuture<Object> timer =
                new java.util.concurrent.ScheduledFuture<>() {
                    @Override
                    public long getDelay(TimeUnit unit) {
                        return 0;
                    }

                    @Override
                    public int compareTo(java.util.concurrent.Delayed other) {
                        return 0;
                    }

                    @Override
                    public boolean cancel(boolean mayInterruptIfRunning) {
                        cancelled++;
                        return true;
                    }

                    @Override
                    public boolean isCancelled() {
                        return false;
                    }

                    @Override
                    public boolean isDone() {
                        return false;
                    }

                    @Override
                    public Object get() {
                        throw new UnsupportedOperationException();
                    }

                    @Override
                    public Object get(long timeout, TimeUnit unit) {
                        throw new UnsupportedOperationException();
                    }
                };

        @Override
        public java.util.concurrent.ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            armed++;
            return timer;
        }

        @Override
        public <V> java.util.concurrent.ScheduledFuture<V> schedule(
                java.util.concurrent.Callable<V> callable, long delay, TimeUnit unit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public java.util.concurrent.ScheduledFuture<?> scheduleAtFixedRate(
                Runnable command, long initialDelay, long period, TimeUnit unit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public java.util.concurrent.ScheduledFuture<?> scheduleWithFixedDelay(
                Runnable command, long initialDelay, long delay, TimeUnit unit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void execute(Runnable command) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void shutdown() {}

        @Override
        public List<Runnable> shutdownNow() {
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return false;
        }

        @Override
        public boolean isTerminated() {
            return false;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return true;
        }
    }

    @Test
    void hedgesDrawOnTheRetryBudgetAndAreNotStartedWhenItIsSpent() {
        RetryBudget budget = RetryBudget.of(
                RetryBudgetConfig.builder()
                        .retryRatio(0)
                        .minRetriesPerSecond(1)
                        .window(Duration.ofSeconds(1))
                        .build(),
                time);
        Hedge hedge = hedge(HedgeConfig.builder()
                .delay(Duration.ofMillis(10))
                .retryBudget(budget, true)
                .build());

        Attempts first = new Attempts();
        hedge.executeCompletionStage(scheduler, first);
        scheduler.advance(Duration.ofMillis(10));
        assertThat(first.started).hasSize(2);
        assertThat(budget.retriesInWindow()).isEqualTo(1);

        Attempts second = new Attempts();
        CompletableFuture<String> result =
                hedge.executeCompletionStage(scheduler, second).toCompletableFuture();
        scheduler.advance(Duration.ofMillis(10));
        assertThat(second.started).as("the budget is spent").hasSize(1);
        assertThat(events).contains(new HedgeEvent.BudgetExhausted("quotes", 2));
        assertThat(hedge.metrics().numberOfBudgetRefusals()).isEqualTo(1);
        assertThat(budget.requestsInWindow()).isEqualTo(2);
        second.get(0).complete("slow but alone");
        assertThat(result).isCompletedWithValue("slow but alone");
    }

    @Test
    void retriesAndHedgesShareOneBudgetSoAnOutageCannotMultiplyTheLoad() {
        RetryConfig retryConfig = RetryConfig.builder()
                .maxAttempts(3)
                .waitDuration(Duration.ZERO)
                .retryBudget(RetryBudgetConfig.builder()
                        .retryRatio(0.1)
                        .minRetriesPerSecond(0)
                        .window(Duration.ofSeconds(10))
                        .build())
                .build();
        Retry retry = Retry.of("quotes", retryConfig, time);
        RetryBudget shared = retry.budget().orElseThrow();
        Hedge hedge = hedge(HedgeConfig.builder()
                .maxAttempts(3)
                .delay(Duration.ofMillis(10))
                .retryBudget(shared, false)
                .build());
        List<RetryEvent> retryEvents = new ArrayList<>();
        retry.onEvent(retryEvents::add);
        Pipeline<String> pipeline =
                Resilience.<String>pipeline().retry(retry).hedge(hedge).build();
        AtomicInteger attempts = new AtomicInteger();
        Supplier<String> outage = pipeline.decorateSupplier(() -> {
            attempts.incrementAndGet();
            throw new IllegalStateException("down");
        });

        for (int i = 0; i < 100; i++) {
            assertThatThrownBy(outage::get).isInstanceOf(IllegalStateException.class);
        }

        // Without a budget: 100 calls x 3 retry attempts x 3 hedged attempts = 900.
        assertThat(shared.requestsInWindow())
                .as("each call is one request, counted once")
                .isEqualTo(100);
        assertThat(shared.retriesInWindow()).isLessThanOrEqualTo(10);
        assertThat(attempts.get()).isLessThanOrEqualTo(110).isGreaterThan(100);
        assertThat(hedge.metrics().numberOfHedges() + retry.metrics().numberOfRetryAttempts())
                .isEqualTo(shared.retriesInWindow());
        assertThat(hedge.metrics().numberOfBudgetRefusals()).isPositive();
        assertThat(retryEvents).anyMatch(RetryEvent.BudgetExhausted.class::isInstance);
    }

    @Test
    void whileTheGateIsClosedCallsRunOnTheCallingThreadWithoutExecutorOrScheduler() throws Exception {
        AtomicBoolean burning = new AtomicBoolean();
        AtomicInteger executed = new AtomicInteger();
        Hedge hedge = Hedge.of(
                "quotes",
                HedgeConfig.builder().delay(Duration.ZERO).gate(burning::get).build(),
                time,
                task -> {
                    executed.incrementAndGet();
                    task.run();
                },
                scheduler);
        Thread caller = Thread.currentThread();
        AtomicInteger calls = new AtomicInteger();

        for (int i = 0; i < 50; i++) {
            assertThat(hedge.executeSupplier(() -> {
                        calls.incrementAndGet();
                        return Thread.currentThread();
                    }))
                    .isSameAs(caller);
            assertThat(hedge.executeCallable(() -> "called")).isEqualTo("called");
        }
        Attempts attempts = new Attempts();
        CompletionStage<String> stage = hedge.executeCompletionStage(scheduler, attempts);
        assertThat(scheduler.pending()).isZero();
        attempts.get(0).complete("direct");
        assertThat(stage.toCompletableFuture()).isCompletedWithValue("direct");
        assertThat(executed).hasValue(0);
        assertThat(calls).as("no extra load in steady state").hasValue(50);
        assertThat(hedge.metrics().numberOfGatedCalls()).isEqualTo(101);
        assertThat(hedge.metrics().numberOfHedges()).isZero();

        burning.set(true);
        Attempts hedged = new Attempts();
        hedge.executeCompletionStage(scheduler, hedged);
        scheduler.runDue();
        assertThat(hedged.started).as("hedging resumes once the gate opens").hasSize(2);
    }

    @Test
    void aGateThatClosesBeforeTheDelayStopsTheHedge() {
        AtomicBoolean open = new AtomicBoolean(true);
        Hedge hedge = hedge(HedgeConfig.builder()
                .delay(Duration.ofMillis(10))
                .gate(open::get)
                .build());
        Attempts attempts = new Attempts();
        CompletableFuture<String> result =
                hedge.executeCompletionStage(scheduler, attempts).toCompletableFuture();
        open.set(false);
        scheduler.advance(Duration.ofMillis(10));
        assertThat(attempts.started).hasSize(1);
        attempts.get(0).complete("alone");
        assertThat(result).isCompletedWithValue("alone");
    }

    @Test
    void theQuantileDelayFollowsRecentLatenciesAfterTheMinimumNumberOfCalls() {
        Hedge hedge = hedge(HedgeConfig.builder()
                .delayAtLatencyQuantile(0.95)
                .delay(Duration.ofMillis(500))
                .minimumNumberOfCalls(100)
                .latencyWindow(Duration.ofSeconds(10))
                .gate(HedgeGate.closed())
                .build());
        for (int millis = 1; millis <= 99; millis++) {
            long latency = millis;
            hedge.executeSupplier(() -> time.advance(Duration.ofMillis(latency)));
        }
        assertThat(hedge.currentDelay()).as("too few calls: the initial delay").isEqualTo(Duration.ofMillis(500));

        hedge.executeSupplier(() -> time.advance(Duration.ofMillis(100)));
        time.advance(Duration.ofSeconds(1)); // past the cache of the computed delay
        Duration p95 = hedge.currentDelay();
        assertThat(p95.toNanos())
                .isBetween(
                        Duration.ofMillis(95).toNanos(), Duration.ofMillis(95).toNanos() * 17 / 16);

        time.advance(Duration.ofSeconds(20));
        assertThat(hedge.currentDelay()).as("the window slid past them").isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void aSynchronousLoserIsInterruptedOnTheExecutorWhenAHedgeWins() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        pools.add(pool);
        ExecutorService caller = Executors.newSingleThreadExecutor();
        pools.add(caller);
        Hedge hedge = Hedge.of("quotes", HedgeConfig.ofFixedDelay(Duration.ofMillis(100), 2), time, pool, scheduler);
        hedge.onEvent(events::add);
        CountDownLatch firstStarted = new CountDownLatch(1);
        CountDownLatch firstInterrupted = new CountDownLatch(1);
        AtomicInteger attempt = new AtomicInteger();

        java.util.concurrent.Future<String> result = caller.submit(() -> hedge.executeSupplier(() -> {
            if (attempt.incrementAndGet() == 1) {
                firstStarted.countDown();
                try {
                    new CountDownLatch(1).await();
                } catch (InterruptedException e) {
                    firstInterrupted.countDown();
                    Thread.currentThread().interrupt();
                }
                return "slow";
            }
            return "hedge";
        }));
        assertThat(firstStarted.await(30, TimeUnit.SECONDS)).isTrue();
        // The caller schedules the hedge's timer just after handing the first attempt to the pool.
        for (long spins = 0; scheduler.pending() == 0; spins++) {
            assertThat(spins).as("the hedge's timer is scheduled").isLessThan(1_000_000_000L);
            Thread.yield();
        }
        scheduler.advance(Duration.ofMillis(100));

        assertThat(result.get(30, TimeUnit.SECONDS)).isEqualTo("hedge");
        assertThat(firstInterrupted.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(events).contains(new HedgeEvent.AttemptCancelled("quotes", 1));
    }

    @Test
    void anInterruptedCallerCancelsItsAttemptsAndKeepsTheInterrupt() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(1);
        pools.add(pool);
        Hedge hedge = Hedge.of("quotes", HedgeConfig.ofFixedDelay(Duration.ofMillis(100), 2), time, pool, scheduler);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        AtomicBoolean callerKeptInterrupt = new AtomicBoolean();
        AtomicBoolean cancelledThrown = new AtomicBoolean();
        Thread callerThread = new Thread(() -> {
            try {
                hedge.executeSupplier(() -> {
                    started.countDown();
                    try {
                        new CountDownLatch(1).await();
                    } catch (InterruptedException e) {
                        interrupted.countDown();
                    }
                    return "never";
                });
            } catch (CancellationException e) {
                cancelledThrown.set(true);
                callerKeptInterrupt.set(Thread.currentThread().isInterrupted());
            }
        });
        callerThread.start();
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
        callerThread.interrupt();
        callerThread.join(30_000);

        assertThat(cancelledThrown).isTrue();
        assertThat(callerKeptInterrupt).isTrue();
        assertThat(interrupted.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(hedge.metrics().numberOfCancelledAttempts()).isEqualTo(1);
    }

    @Test
    void aCallableFailurePassesUnchangedAndARejectingExecutorCountsAsAFailedAttempt() {
        Hedge rejecting = Hedge.of(
                "quotes",
                HedgeConfig.ofFixedDelay(Duration.ofMillis(10), 2),
                time,
                task -> {
                    throw new java.util.concurrent.RejectedExecutionException("full");
                },
                scheduler);
        assertThatThrownBy(() -> rejecting.executeCallable(() -> "x"))
                .isInstanceOf(java.util.concurrent.RejectedExecutionException.class)
                .hasMessage("full");
        assertThat(rejecting.metrics().numberOfHedges()).isEqualTo(1);
    }

    @Test
    void inAPipelineTheBreakerSeesOneCallWithTheWinnersOutcomeAndTheLosersAreNotItsFailures() {
        CircuitBreaker breaker = CircuitBreaker.of("quotes", CircuitBreakerConfig.ofDefaults(), time);
        Hedge hedge = hedge(HedgeConfig.ofFixedDelay(Duration.ofMillis(10), 3));
        Pipeline<String> pipeline = Resilience.<String>pipeline()
                .hedge(hedge)
                .circuitBreaker(breaker)
                .build();
        assertThat(pipeline.stages()).containsExactly(Pipeline.Stage.CIRCUIT_BREAKER, Pipeline.Stage.HEDGE);

        Attempts attempts = new Attempts();
        CompletableFuture<String> result =
                pipeline.executeCompletionStage(scheduler, attempts).toCompletableFuture();
        scheduler.advance(Duration.ofMillis(20));
        attempts.get(2).complete("third");

        assertThat(result).isCompletedWithValue("third");
        assertThat(attempts.get(0)).isCancelled();
        assertThat(attempts.get(1)).isCancelled();
        assertThat(breaker.metrics().numberOfBufferedCalls()).isEqualTo(1);
        assertThat(breaker.metrics().numberOfFailedCalls()).isZero();
    }

    @Test
    void countersLoseNoUpdatesUnderContention() throws Exception {
        int threads = 4;
        int callsPerThread = 5_000;
        Hedge hedge = Hedge.of(
                "quotes", HedgeConfig.builder().gate(HedgeGate.closed()).build(), time, Runnable::run, scheduler);
        Hedge hedging = Hedge.of("hedging", HedgeConfig.ofFixedDelay(Duration.ZERO, 2), time, Runnable::run, scheduler);
        CyclicBarrier start = new CyclicBarrier(threads);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                try {
                    start.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                for (int i = 0; i < callsPerThread; i++) {
                    hedge.executeSupplier(() -> "x");
                    AtomicInteger attempt = new AtomicInteger();
                    hedging.executeSupplier(() -> {
                        if (attempt.incrementAndGet() == 1) {
                            throw new IllegalStateException("first");
                        }
                        return "second";
                    });
                }
            });
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        long total = (long) threads * callsPerThread;
        assertThat(hedge.metrics().numberOfCalls()).isEqualTo(total);
        assertThat(hedge.metrics().numberOfGatedCalls()).isEqualTo(total);
        assertThat(hedging.metrics().numberOfCalls()).isEqualTo(total);
        assertThat(hedging.metrics().numberOfHedges()).isEqualTo(total);
        assertThat(hedging.metrics().numberOfCallsWonByHedge()).isEqualTo(total);
    }
}
