package dev.nines.core.adaptivelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nines.core.adaptivelimit.AdaptiveLimiterFullException.Reason;
import dev.nines.core.testing.BlockedCall;
import dev.nines.core.time.ManualScheduler;
import dev.nines.core.time.ManualTimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** Live reconfiguration of an adaptive limiter: the limit is kept within the new bounds. */
class AdaptiveLimiterReconfigurationTest {

    private final ManualTimeSource time = ManualTimeSource.at(Instant.parse("2026-01-01T00:00:00Z"));

    private static AdaptiveLimiterConfig bounds(int min, int initial, int max) {
        return AdaptiveLimiterConfig.builder()
                .minLimit(min)
                .initialLimit(initial)
                .maxLimit(max)
                .build();
    }

    @Test
    void theLimitIsKeptWhenInsideTheNewBounds() {
        AdaptiveLimiter limiter = AdaptiveLimiter.of("db", bounds(1, 20, 200), time);

        limiter.reconfigure(bounds(5, 50, 100));

        assertThat(limiter.limit()).as("initialLimit is for new limiters").isEqualTo(20);
        assertThat(limiter.config().maxLimit()).isEqualTo(100);
    }

    @Test
    void theLimitMovesIntoNewBoundsAndSaysSo() {
        AdaptiveLimiter limiter = AdaptiveLimiter.of("db", bounds(1, 20, 200), time);
        List<AdaptiveLimiterEvent> events = new ArrayList<>();
        limiter.onEvent(events::add);

        limiter.reconfigure(bounds(1, 5, 10));

        assertThat(limiter.limit()).isEqualTo(10);
        assertThat(events).hasSize(2);
        assertThat(events.get(0)).isInstanceOf(AdaptiveLimiterEvent.ConfigurationChanged.class);
        assertThat(events.get(1)).isInstanceOfSatisfying(AdaptiveLimiterEvent.LimitChanged.class, e -> {
            assertThat(e.oldLimit()).isEqualTo(20);
            assertThat(e.newLimit()).isEqualTo(10);
        });
    }

    @Test
    void callsInFlightReportTheirEndAfterTheChange() {
        AdaptiveLimiter limiter = AdaptiveLimiter.of("db", bounds(1, 2, 2), time);
        AdaptiveLimiter.Permit first = limiter.tryAcquirePermission();
        AdaptiveLimiter.Permit second = limiter.tryAcquirePermission();

        limiter.reconfigure(bounds(1, 1, 1));

        assertThat(limiter.inflight()).isEqualTo(2);
        assertThat(limiter.tryAcquirePermission().isAcquired()).isFalse();
        first.onIgnore();
        second.onIgnore();
        assertThat(limiter.inflight()).isZero();
        assertThat(limiter.tryAcquirePermission().isAcquired()).isTrue();
        assertThat(limiter.configurationChanges()).isOne();
    }

    /** A limiter fixed at {@code limit}, with a queue of 8 and three priorities of equal share. */
    private AdaptiveLimiter queued(int limit, Duration wait) {
        return AdaptiveLimiter.of(
                "catalog",
                AdaptiveLimiterConfig.builder()
                        .minLimit(limit)
                        .initialLimit(limit)
                        .maxLimit(limit)
                        .algorithm(LimitAlgorithm.aimd())
                        .priorityShares(1.0, 1.0, 1.0)
                        .maxQueueSize(8)
                        .maxWaitDuration(wait)
                        .build(),
                time);
    }

    private static AdaptiveLimiterConfig fixedAt(AdaptiveLimiter limiter, int limit) {
        return limiter.config().toBuilder()
                .minLimit(limit)
                .initialLimit(limit)
                .maxLimit(limit)
                .build();
    }

    /** Calls {@code acquirePermission(priority)} on a thread of its own and returns once it is queued. */
    private static BlockedCall<AdaptiveLimiter.Permit> waiter(AdaptiveLimiter limiter, int priority, String name) {
        int before = limiter.waitingCalls();
        return BlockedCall.start(
                name, () -> limiter.acquirePermission(priority), () -> limiter.waitingCalls() == before + 1);
    }

    @Test
    void aHigherLimitAdmitsWaitingThreadsAtOnceHighestPriorityFirstAndNoMoreThanItAdds() throws Exception {
        AdaptiveLimiter limiter = queued(1, Duration.ofHours(1));
        AdaptiveLimiter.Permit running = limiter.acquirePermission(0);
        BlockedCall<AdaptiveLimiter.Permit> c1 = waiter(limiter, 2, "c1");
        BlockedCall<AdaptiveLimiter.Permit> b1 = waiter(limiter, 1, "b1");
        BlockedCall<AdaptiveLimiter.Permit> a1 = waiter(limiter, 0, "a1");
        BlockedCall<AdaptiveLimiter.Permit> b2 = waiter(limiter, 1, "b2");

        limiter.reconfigure(fixedAt(limiter, 3)); // no call ends, the clock stands still

        AdaptiveLimiter.Permit first = a1.result();
        AdaptiveLimiter.Permit second = b1.result();
        assertThat(limiter.inflight()).isEqualTo(3);
        assertThat(limiter.waitingCalls())
                .as("two slots added, two waiters admitted")
                .isEqualTo(2);
        assertThat(b2.isDone()).isFalse();
        assertThat(c1.isDone()).isFalse();

        running.onIgnore();
        AdaptiveLimiter.Permit third = b2.result();
        assertThat(c1.isDone()).isFalse();
        first.onIgnore();
        AdaptiveLimiter.Permit fourth = c1.result();
        second.onIgnore();
        third.onIgnore();
        fourth.onIgnore();
        assertThat(limiter.inflight()).isZero();
        assertThat(limiter.waitingCalls()).isZero();
        assertThat(limiter.rejectedCalls()).isZero();
    }

    @Test
    void aHigherLimitStartsQueuedAsyncCallsAtOnceHighestPriorityFirstAndNoMoreThanItAdds() {
        ManualScheduler scheduler = ManualScheduler.of(time);
        AdaptiveLimiter limiter = queued(1, Duration.ofHours(1));
        List<String> started = new ArrayList<>();
        List<CompletableFuture<String>> running = new ArrayList<>();
        List<CompletionStage<String>> calls = new ArrayList<>();
        String[] labels = {"running", "c1", "b1", "a1", "b2"};
        int[] priorities = {0, 2, 1, 0, 1};
        for (int i = 0; i < labels.length; i++) {
            String label = labels[i];
            calls.add(limiter.executeCompletionStage(priorities[i], scheduler, () -> {
                started.add(label);
                CompletableFuture<String> call = new CompletableFuture<>();
                running.add(call);
                return call;
            }));
        }
        assertThat(limiter.waitingCalls()).isEqualTo(4);

        limiter.reconfigure(fixedAt(limiter, 3));
        scheduler.runDue(); // the clock stands still: no wait runs out

        assertThat(started).containsExactly("running", "a1", "b1");
        assertThat(limiter.inflight()).isEqualTo(3);
        assertThat(limiter.waitingCalls()).isEqualTo(2);
        running.get(0).complete("done");
        scheduler.runDue();
        assertThat(started).containsExactly("running", "a1", "b1", "b2");
        assertThat(calls.get(0).toCompletableFuture().join()).isEqualTo("done");
        assertThat(calls.get(1).toCompletableFuture()).isNotDone();
        assertThat(limiter.rejectedCalls()).isZero();
    }

    @Test
    void aLowerLimitAdmitsNoWaiterUntilTheCallsInFlightFallBelowItAndTheWaitKeepsItsDeadline() {
        ManualScheduler scheduler = ManualScheduler.of(time);
        AdaptiveLimiter limiter = queued(2, Duration.ofSeconds(1));
        List<CompletableFuture<String>> running = new ArrayList<>();
        List<String> started = new ArrayList<>();
        List<CompletionStage<String>> calls = new ArrayList<>();
        for (String label : List.of("one", "two", "waiter", "late")) {
            calls.add(limiter.executeCompletionStage(0, scheduler, () -> {
                started.add(label);
                CompletableFuture<String> call = new CompletableFuture<>();
                running.add(call);
                return call;
            }));
        }
        scheduler.advance(Duration.ofMillis(500));

        limiter.reconfigure(fixedAt(limiter, 1));
        running.get(0).complete("done");
        scheduler.runDue();

        assertThat(started).as("one call in flight is the new limit").containsExactly("one", "two");
        assertThat(limiter.waitingCalls()).isEqualTo(2);
        scheduler.advance(Duration.ofMillis(499));
        assertThat(calls.get(2).toCompletableFuture()).isNotDone();
        scheduler.advance(Duration.ofMillis(1));
        assertThat(reasonOf(calls.get(2))).isEqualTo(Reason.WAIT_TIMED_OUT);
        assertThat(reasonOf(calls.get(3))).isEqualTo(Reason.WAIT_TIMED_OUT);
        running.get(1).complete("done");
        assertThat(limiter.inflight()).isZero();
        assertThat(started).containsExactly("one", "two");
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
}
