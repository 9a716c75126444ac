package dev.nines.core.adaptivelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nines.core.adaptivelimit.AdaptiveLimiterFullException.Reason;
import dev.nines.core.time.ManualScheduler;
import dev.nines.core.time.ManualTimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The bounded wait queue of {@link AdaptiveLimiter} ({@link AdaptiveLimiterConfig#maxQueueSize()}). */
class AdaptiveLimiterQueueTest {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private final ManualTimeSource time = ManualTimeSource.at(START);
    private final ManualScheduler scheduler = ManualScheduler.of(time);
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stopPool() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }

    /** A limiter fixed at {@code limit} (AIMD between limit and limit) with a queue. */
    private AdaptiveLimiter limiter(int limit, int queue, Duration wait, double... shares) {
        AdaptiveLimiterConfig.Builder builder = AdaptiveLimiterConfig.builder()
                .minLimit(limit)
                .initialLimit(limit)
                .maxLimit(limit)
                .algorithm(LimitAlgorithm.aimd())
                .maxQueueSize(queue)
                .maxWaitDuration(wait);
        if (shares.length > 0) {
            builder.priorityShares(shares);
        }
        return AdaptiveLimiter.of("catalog", builder.build(), time);
    }

    /** Starts an asynchronous call that records its start and completes when the test says. */
    private static CompletionStage<String> call(
            AdaptiveLimiter limiter,
            int priority,
            ManualScheduler scheduler,
            List<String> started,
            String label,
            List<CompletableFuture<String>> running) {
        return limiter.executeCompletionStage(priority, scheduler, () -> {
            started.add(label);
            CompletableFuture<String> future = new CompletableFuture<>();
            running.add(future);
            return future;
        });
    }

    private static Reason reasonOf(CompletionStage<?> stage) {
        CompletableFuture<?> future = stage.toCompletableFuture();
        assertThat(future).isCompletedExceptionally();
        try {
            future.join();
        } catch (CompletionException e) {
            assertThat(e.getCause()).isInstanceOf(AdaptiveLimiterFullException.class);
            return ((AdaptiveLimiterFullException) e.getCause()).reason();
        }
        throw new AssertionError("not failed: " + future);
    }

    @Test
    void aQueuedAsyncCallStartsOnTheSchedulerOnceASlotFrees() {
        AdaptiveLimiter limiter = limiter(1, 2, Duration.ofSeconds(1));
        List<String> started = new ArrayList<>();
        List<CompletableFuture<String>> running = new ArrayList<>();
        CompletionStage<String> first = call(limiter, 0, scheduler, started, "first", running);
        CompletionStage<String> second = call(limiter, 0, scheduler, started, "second", running);

        assertThat(started).containsExactly("first");
        assertThat(limiter.waitingCalls()).isEqualTo(1);
        assertThat(limiter.metrics()).isEqualTo(new AdaptiveLimiter.Metrics(1, 1, 0, 1));

        running.get(0).complete("one");
        assertThat(first.toCompletableFuture().join()).isEqualTo("one");
        assertThat(limiter.waitingCalls()).isZero();
        assertThat(limiter.inflight()).isEqualTo(1);
        assertThat(started).containsExactly("first");
        scheduler.runDue();
        assertThat(started).containsExactly("first", "second");

        running.get(1).complete("two");
        assertThat(second.toCompletableFuture().join()).isEqualTo("two");
        assertThat(limiter.inflight()).isZero();
        assertThat(limiter.rejectedCalls()).isZero();
    }

    @Test
    void aQueuedAsyncCallIsRejectedWhenItsWaitRunsOutOnTheInjectedClock() {
        AdaptiveLimiter limiter = limiter(1, 2, Duration.ofSeconds(1));
        List<AdaptiveLimiterEvent> events = new ArrayList<>();
        limiter.onEvent(events::add);
        List<String> started = new ArrayList<>();
        List<CompletableFuture<String>> running = new ArrayList<>();
        call(limiter, 0, scheduler, started, "first", running);
        CompletionStage<String> second = call(limiter, 0, scheduler, started, "second", running);

        scheduler.advance(Duration.ofMillis(999));
        assertThat(second.toCompletableFuture()).isNotDone();
        scheduler.advance(Duration.ofMillis(1));

        assertThat(reasonOf(second)).isEqualTo(Reason.WAIT_TIMED_OUT);
        assertThat(limiter.waitingCalls()).isZero();
        assertThat(limiter.rejectedCalls()).isEqualTo(1);
        running.get(0).complete("one");
        scheduler.runAll(10);
        assertThat(started).containsExactly("first");
        assertThat(limiter.inflight()).isZero();
        assertThat(events)
                .containsExactly(
                        new AdaptiveLimiterEvent.CallQueued("catalog", 0, 1, START),
                        new AdaptiveLimiterEvent.CallRejected(
                                "catalog", 1, 0, Reason.WAIT_TIMED_OUT, START.plusSeconds(1)));
    }

    @Test
    void aFullQueueRejectsAtOnce() {
        AdaptiveLimiter limiter = limiter(1, 1, Duration.ofSeconds(1));
        List<String> started = new ArrayList<>();
        List<CompletableFuture<String>> running = new ArrayList<>();
        call(limiter, 0, scheduler, started, "first", running);
        call(limiter, 0, scheduler, started, "second", running);
        CompletionStage<String> third = call(limiter, 0, scheduler, started, "third", running);

        assertThat(reasonOf(third)).isEqualTo(Reason.QUEUE_FULL);
        assertThatThrownBy(() -> limiter.executeSupplier(() -> "sync"))
                .isInstanceOfSatisfying(
                        AdaptiveLimiterFullException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.QUEUE_FULL))
                .hasMessage("AdaptiveLimiter 'catalog' reached its limit of 1 concurrent calls and its queue is full");
        assertThat(limiter.rejectedCalls()).isEqualTo(2);
        assertThat(limiter.waitingCalls()).isEqualTo(1);
    }

    @Test
    void aHigherPriorityDisplacesTheNewestLowerPriorityWaiterFromAFullQueue() {
        AdaptiveLimiter limiter = limiter(1, 2, Duration.ofSeconds(1), 1.0, 1.0);
        List<String> started = new ArrayList<>();
        List<CompletableFuture<String>> running = new ArrayList<>();
        call(limiter, 0, scheduler, started, "running", running);
        CompletionStage<String> oldLow = call(limiter, 1, scheduler, started, "old low", running);
        CompletionStage<String> newLow = call(limiter, 1, scheduler, started, "new low", running);
        CompletionStage<String> high = call(limiter, 0, scheduler, started, "high", running);

        assertThat(reasonOf(newLow)).isEqualTo(Reason.QUEUE_FULL);
        assertThat(oldLow.toCompletableFuture()).isNotDone();
        assertThat(limiter.waitingCalls()).isEqualTo(2);
        // The next high call displaces the older low one too; then the queue holds only high calls,
        // and a full queue of equal or higher priorities rejects the newcomer instead.
        CompletionStage<String> anotherHigh = call(limiter, 0, scheduler, started, "another high", running);
        assertThat(reasonOf(oldLow)).isEqualTo(Reason.QUEUE_FULL);
        assertThat(reasonOf(call(limiter, 0, scheduler, started, "third high", running)))
                .isEqualTo(Reason.QUEUE_FULL);
        assertThat(limiter.rejectedCalls()).isEqualTo(3);

        running.get(0).complete("done");
        scheduler.runDue();
        assertThat(started).containsExactly("running", "high");
        running.get(1).complete("high done");
        assertThat(high.toCompletableFuture().join()).isEqualTo("high done");
        scheduler.runDue();
        assertThat(started).containsExactly("running", "high", "another high");
        running.get(2).complete("another done");
        assertThat(anotherHigh.toCompletableFuture().join()).isEqualTo("another done");
        assertThat(limiter.inflight()).isZero();
    }

    @Test
    void waitersAreAdmittedHighestPriorityFirstAndInArrivalOrderWithinAPriority() {
        AdaptiveLimiter limiter = limiter(1, 8, Duration.ofSeconds(1), 1.0, 1.0, 1.0);
        List<String> started = new ArrayList<>();
        List<CompletableFuture<String>> running = new ArrayList<>();
        call(limiter, 0, scheduler, started, "running", running);
        call(limiter, 2, scheduler, started, "c1", running);
        call(limiter, 1, scheduler, started, "b1", running);
        call(limiter, 2, scheduler, started, "c2", running);
        call(limiter, 0, scheduler, started, "a1", running);
        call(limiter, 1, scheduler, started, "b2", running);
        for (int i = 0; i < 5; i++) {
            running.get(i).complete("done");
            scheduler.runDue();
        }
        assertThat(started).containsExactly("running", "a1", "b1", "b2", "c1", "c2");
    }

    @Test
    void aNewCallDoesNotOvertakeWaitersOfItsPriorityOrHigher() {
        AdaptiveLimiter limiter = limiter(1, 2, Duration.ofSeconds(1));
        List<String> started = new ArrayList<>();
        List<CompletableFuture<String>> running = new ArrayList<>();
        call(limiter, 0, scheduler, started, "first", running);
        call(limiter, 0, scheduler, started, "second", running);
        running.get(0).complete("done");
        // The slot went to the waiter (its start is due on the scheduler): no slot for a newcomer.
        assertThat(limiter.tryAcquirePermission().isAcquired()).isFalse();
        scheduler.runDue();
        assertThat(started).containsExactly("first", "second");
    }

    @Test
    void cancellingAQueuedStageLeavesTheQueue() {
        AdaptiveLimiter limiter = limiter(1, 2, Duration.ofSeconds(1));
        List<String> started = new ArrayList<>();
        List<CompletableFuture<String>> running = new ArrayList<>();
        call(limiter, 0, scheduler, started, "first", running);
        CompletionStage<String> second = call(limiter, 0, scheduler, started, "second", running);

        assertThat(second.toCompletableFuture().cancel(true)).isTrue();

        assertThat(limiter.waitingCalls()).isZero();
        running.get(0).complete("done");
        scheduler.runAll(10);
        assertThat(started).containsExactly("first");
        assertThat(limiter.inflight()).isZero();
    }

    @Test
    void aThreadWaitsForASlotAndTakesItWhenACallEnds() throws Exception {
        AdaptiveLimiter limiter = limiter(1, 1, Duration.ofHours(1));
        AdaptiveLimiter.Permit first = limiter.acquirePermission(0);
        Future<String> waiter = pool.submit(() -> limiter.executeSupplier(() -> "waited"));
        awaitWaiting(limiter, 1);

        first.onSuccess(1_000);

        assertThat(waiter.get(30, TimeUnit.SECONDS)).isEqualTo("waited");
        assertThat(limiter.inflight()).isZero();
        assertThat(limiter.waitingCalls()).isZero();
    }

    @Test
    void aWaitingThreadTimesOutOnTheInjectedClockNotTheWallClock() throws Exception {
        AtomicLong reads = new AtomicLong();
        dev.nines.core.time.TimeSource counting = new dev.nines.core.time.TimeSource() {
            @Override
            public long nanoTime() {
                reads.incrementAndGet();
                return time.nanoTime();
            }

            @Override
            public Instant now() {
                return time.now();
            }
        };
        // A real wait slice of 1 ms: the waiter wakes up many times while the injected clock stands still.
        AdaptiveLimiter limiter = AdaptiveLimiter.of(
                "catalog",
                AdaptiveLimiterConfig.builder()
                        .minLimit(1)
                        .initialLimit(1)
                        .maxLimit(1)
                        .maxQueueSize(1)
                        .maxWaitDuration(Duration.ofMillis(1))
                        .build(),
                counting);
        AdaptiveLimiter.Permit first = limiter.acquirePermission(0);
        Future<Reason> victim = pool.submit(() -> {
            try {
                limiter.acquirePermission(0);
                return null;
            } catch (AdaptiveLimiterFullException e) {
                return e.reason();
            }
        });
        awaitWaiting(limiter, 1);
        long before = reads.get();
        while (reads.get() < before + 5) {
            Thread.onSpinWait();
        }
        assertThat(victim).isNotDone();

        time.advance(Duration.ofMillis(1));

        assertThat(victim.get(30, TimeUnit.SECONDS)).isEqualTo(Reason.WAIT_TIMED_OUT);
        assertThat(limiter.waitingCalls()).isZero();
        assertThat(limiter.rejectedCalls()).isEqualTo(1);
        first.onIgnore();
        assertThat(limiter.inflight()).isZero();
    }

    @Test
    void anInterruptedWaiterIsRejectedAndKeepsItsInterruptStatus() throws Exception {
        AdaptiveLimiter limiter = limiter(1, 1, Duration.ofHours(1));
        limiter.acquirePermission(0);
        CountDownLatch interrupted = new CountDownLatch(1);
        Future<Object[]> waiter = pool.submit(() -> {
            try {
                limiter.acquirePermission(0);
                return new Object[] {null, Thread.currentThread().isInterrupted()};
            } catch (AdaptiveLimiterFullException e) {
                return new Object[] {e.reason(), Thread.currentThread().isInterrupted()};
            } finally {
                interrupted.countDown();
            }
        });
        awaitWaiting(limiter, 1);
        waiter.cancel(true);
        assertThat(interrupted.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(limiter.waitingCalls()).isZero();
        assertThat(limiter.inflight()).isEqualTo(1);
    }

    @Test
    void withoutAQueueACallIsRejectedAtOnce() {
        AdaptiveLimiter limiter = AdaptiveLimiter.of(
                "catalog",
                AdaptiveLimiterConfig.builder()
                        .minLimit(1)
                        .initialLimit(1)
                        .maxLimit(1)
                        .build(),
                time);
        limiter.acquirePermission(0);
        assertThatThrownBy(() -> limiter.acquirePermission(0))
                .isInstanceOfSatisfying(
                        AdaptiveLimiterFullException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.LIMIT_REACHED));
        assertThat(reasonOf(limiter.executeCompletionStage(scheduler, () -> CompletableFuture.completedFuture("x"))))
                .isEqualTo(Reason.LIMIT_REACHED);
        assertThat(scheduler.pending()).isZero();
    }

    @Test
    void concurrentWaitingCallersNeverExceedTheLimitAndEveryCallIsCounted() throws Exception {
        int limit = 3;
        int threads = 8;
        int callsPerThread = 2_000;
        AdaptiveLimiter limiter = limiter(limit, 4, Duration.ofHours(1));
        AtomicInteger concurrent = new AtomicInteger();
        AtomicInteger highest = new AtomicInteger();
        AtomicInteger completed = new AtomicInteger();
        AtomicInteger rejections = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            futures.add(pool.submit(() -> {
                go.await();
                for (int i = 0; i < callsPerThread; i++) {
                    try {
                        limiter.executeSupplier(() -> {
                            int now = concurrent.incrementAndGet();
                            highest.accumulateAndGet(now, Math::max);
                            concurrent.decrementAndGet();
                            return null;
                        });
                        completed.incrementAndGet();
                    } catch (AdaptiveLimiterFullException e) {
                        rejections.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> future : futures) {
            future.get(120, TimeUnit.SECONDS);
        }
        assertThat(highest.get()).isLessThanOrEqualTo(limit);
        assertThat(completed.get() + rejections.get()).isEqualTo(threads * callsPerThread);
        assertThat(limiter.rejectedCalls()).isEqualTo(rejections.get());
        assertThat(limiter.inflight()).isZero();
        assertThat(limiter.waitingCalls()).isZero();
    }

    @Test
    void aReconfigurationMayMoveTheLimitButNotTheQueueOrThePriorities() {
        AdaptiveLimiter limiter = limiter(2, 3, Duration.ofSeconds(1), 1.0, 0.5);
        AdaptiveLimiterConfig config = limiter.config();

        limiter.reconfigure(config.toBuilder().maxLimit(4).build());
        assertThat(limiter.config().maxLimit()).isEqualTo(4);

        assertThatThrownBy(() -> limiter.reconfigure(
                        limiter.config().toBuilder().priorityShares(1.0).build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("priorityShares cannot change while the limiter runs (it is [1.0, 0.5]), was [1.0]");
        assertThatThrownBy(() -> limiter.reconfigure(
                        limiter.config().toBuilder().maxQueueSize(5).build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxQueueSize and maxWaitDuration cannot change while the limiter runs (they are 3 and "
                        + "PT1S), was 5 and PT1S");
        assertThat(limiter.config().maxQueueSize()).isEqualTo(3);
        assertThat(limiter.config().priorityShares()).containsExactly(1.0, 0.5);
    }

    private static void awaitWaiting(AdaptiveLimiter limiter, int count) {
        while (limiter.waitingCalls() < count) {
            Thread.onSpinWait();
        }
    }

    @Test
    void aCallQueuedListenerMayWaitForAnotherThreadThatReleasesASlotWithoutDeadlock() throws Exception {
        AdaptiveLimiter limiter = limiter(1, 1, Duration.ofMinutes(1));
        AdaptiveLimiter.Permit held = limiter.acquirePermission(0);
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<AdaptiveLimiterEvent> queued = new java.util.concurrent.CopyOnWriteArrayList<>();
        limiter.onEvent(event -> {
            if (event instanceof AdaptiveLimiterEvent.CallQueued) {
                queued.add(event);
                try {
                    // Under the limiter's lock this would deadlock: the release needs the lock.
                    pool.submit(() -> held.onSuccess(0)).get(60, TimeUnit.SECONDS);
                } catch (Exception e) {
                    failures.add(e);
                }
            }
        });
        AdaptiveLimiter.Permit waited = limiter.acquirePermission(0);
        assertThat(failures).isEmpty();
        assertThat(waited.isAcquired()).isTrue();
        assertThat(queued).hasSize(1);
        assertThat(limiter.inflight()).isEqualTo(1);
        assertThat(limiter.waitingCalls()).isZero();
    }

    @Test
    void aCallQueuedListenerOfAnAsynchronousCallMayWaitForAnotherThreadThatCallsTheLimiter() throws Exception {
        AdaptiveLimiter limiter = limiter(1, 1, Duration.ofMinutes(1));
        AdaptiveLimiter.Permit held = limiter.acquirePermission(0);
        List<Object> answers = new java.util.concurrent.CopyOnWriteArrayList<>();
        limiter.onEvent(event -> {
            if (event instanceof AdaptiveLimiterEvent.CallQueued) {
                try {
                    answers.add(pool.submit(() -> limiter.tryAcquirePermission().isAcquired())
                            .get(60, TimeUnit.SECONDS));
                } catch (Exception e) {
                    answers.add(e);
                }
            }
        });
        CompletionStage<String> stage =
                limiter.executeCompletionStage(0, scheduler, () -> CompletableFuture.completedFuture("ran"));
        assertThat(answers).containsExactly(false); // the queued call is ahead of it
        held.onSuccess(0);
        scheduler.runDue();
        assertThat(stage.toCompletableFuture().join()).isEqualTo("ran");
    }
}
