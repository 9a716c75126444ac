package dev.nines.core.bulkhead;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nines.core.testing.BlockedCall;
import dev.nines.core.testing.WhileReconfiguring;
import dev.nines.core.time.ManualTimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Live reconfiguration of a bulkhead: calls in flight keep their permits, none is lost or made. */
class BulkheadReconfigurationTest {

    private final ManualTimeSource time = ManualTimeSource.at(Instant.parse("2026-01-01T00:00:00Z"));

    private static BulkheadConfig limit(int max) {
        return BulkheadConfig.builder()
                .maxConcurrentCalls(max)
                .maxWaitDuration(Duration.ZERO)
                .build();
    }

    @Test
    void aLowerLimitLetsCallsInFlightFinishAndRefusesNewOnesUntilBelowIt() {
        Bulkhead bulkhead = Bulkhead.of("db", limit(4), time);
        for (int i = 0; i < 4; i++) {
            assertThat(bulkhead.tryAcquirePermission()).isTrue();
        }
        List<BulkheadEvent> events = new ArrayList<>();
        bulkhead.onEvent(events::add);

        bulkhead.reconfigure(limit(2));

        assertThat(bulkhead.maxConcurrentCalls()).isEqualTo(2);
        assertThat(bulkhead.availablePermits()).isZero();
        bulkhead.onComplete();
        bulkhead.onComplete();
        assertThat(bulkhead.tryAcquirePermission()).as("still 2 in flight").isFalse();
        bulkhead.onComplete();
        assertThat(bulkhead.tryAcquirePermission()).isTrue();
        assertThat(bulkhead.tryAcquirePermission()).isFalse();
        assertThat(events.get(0)).isInstanceOf(BulkheadEvent.ConfigurationChanged.class);
        assertThat(bulkhead.configurationChanges()).isOne();
    }

    @Test
    void aHigherLimitGivesNewPermitsAtOnceAndKeepsTheCallsInFlight() {
        Bulkhead bulkhead = Bulkhead.of("db", limit(1), time);
        assertThat(bulkhead.tryAcquirePermission()).isTrue();

        bulkhead.reconfigure(limit(3));

        assertThat(bulkhead.availablePermits()).isEqualTo(2);
        assertThat(bulkhead.tryAcquirePermission()).isTrue();
        assertThat(bulkhead.tryAcquirePermission()).isTrue();
        assertThat(bulkhead.tryAcquirePermission()).isFalse();
        bulkhead.onComplete();
        bulkhead.onComplete();
        bulkhead.onComplete();
        assertThat(bulkhead.availablePermits()).isEqualTo(3);
    }

    @Test
    void aHigherLimitWakesAWaitingCall() throws InterruptedException {
        Bulkhead bulkhead = Bulkhead.of(
                "db",
                BulkheadConfig.builder()
                        .maxConcurrentCalls(1)
                        .maxWaitDuration(Duration.ofDays(1))
                        .build(),
                time);
        assertThat(bulkhead.tryAcquirePermission()).isTrue();
        AtomicBoolean granted = new AtomicBoolean();
        Thread waiter = new Thread(() -> granted.set(bulkhead.tryAcquirePermission()));
        waiter.start();
        while (bulkhead.waitingCalls() == 0) {
            Thread.onSpinWait();
        }

        bulkhead.reconfigure(bulkhead.config().toBuilder().maxConcurrentCalls(2).build());
        waiter.join();

        assertThat(granted).isTrue();
        assertThat(bulkhead.availablePermits()).isZero();
    }

    /** Callers take and return permits while the limit moves: afterwards exactly the last limit is free. */
    @Property(tries = 15)
    void noPermitIsLostOrMadeByAReconfiguration(
            @ForAll @IntRange(min = 2, max = 3) int callers, @ForAll @IntRange(min = 500, max = 3_000) int perCaller)
            throws InterruptedException {
        Bulkhead bulkhead = Bulkhead.of("stress", limit(2), ManualTimeSource.at(Instant.EPOCH));
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger overLimit = new AtomicInteger();
        int[] next = {1};
        WhileReconfiguring.run(
                callers,
                perCaller,
                () -> {
                    if (bulkhead.tryAcquirePermission()) {
                        if (inFlight.incrementAndGet() > 5) {
                            overLimit.incrementAndGet(); // never more than the largest limit used
                        }
                        inFlight.decrementAndGet();
                        bulkhead.onComplete();
                    }
                },
                () -> {
                    bulkhead.reconfigure(limit(next[0]));
                    next[0] = next[0] % 5 + 1;
                });
        bulkhead.reconfigure(limit(3));

        assertThat(overLimit).hasValue(0);
        assertThat(bulkhead.maxConcurrentCalls()).isEqualTo(3);
        assertThat(bulkhead.availablePermits()).isEqualTo(3);
        assertThat(bulkhead.tryAcquirePermission()).isTrue();
        assertThat(bulkhead.tryAcquirePermission()).isTrue();
        assertThat(bulkhead.tryAcquirePermission()).isTrue();
        assertThat(bulkhead.tryAcquirePermission()).isFalse();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void theRegistryReconfiguresTheBulkheadItHandedOut() {
        BulkheadRegistry registry = BulkheadRegistry.of(limit(1), time);
        Bulkhead held = registry.bulkhead("db");

        registry.reconfigure("db", limit(5));

        assertThat(held.maxConcurrentCalls()).isEqualTo(5);
        assertThat(held.metrics().maxConcurrentCalls()).isEqualTo(5);
    }

    private static BulkheadConfig waiting(int max, Duration wait) {
        return BulkheadConfig.builder()
                .maxConcurrentCalls(max)
                .maxWaitDuration(wait)
                .build();
    }

    /** Starts {@code call} on a thread of its own and returns once the bulkhead counts one more waiter. */
    private static <T> BlockedCall<T> waiter(Bulkhead bulkhead, String name, java.util.concurrent.Callable<T> call) {
        int before = bulkhead.waitingCalls();
        return BlockedCall.start(name, call, () -> bulkhead.waitingCalls() == before + 1);
    }

    @Test
    void aHigherLimitAdmitsExactlyAsManyWaitersAsItAddsInArrivalOrder() throws Exception {
        Bulkhead bulkhead = Bulkhead.of("db", waiting(1, Duration.ofHours(1)), time);
        assertThat(bulkhead.tryAcquirePermission()).isTrue();
        CompletableFuture<String> asyncCall = new CompletableFuture<>();
        BlockedCall<Boolean> first = waiter(bulkhead, "first", bulkhead::tryAcquirePermission);
        // A CompletionStage call waits for its permit on the caller's thread, like a synchronous one.
        BlockedCall<CompletionStage<String>> second =
                waiter(bulkhead, "second", () -> bulkhead.executeCompletionStage(() -> asyncCall));
        BlockedCall<Boolean> third = waiter(bulkhead, "third", bulkhead::tryAcquirePermission);

        bulkhead.reconfigure(waiting(3, Duration.ofHours(1))); // no call ends, the clock stands still

        assertThat(first.result()).isTrue();
        CompletionStage<String> started = second.result();
        assertThat(bulkhead.availablePermits()).isZero();
        assertThat(bulkhead.waitingCalls())
                .as("two permits added, two waiters admitted")
                .isOne();
        assertThat(third.isDone()).isFalse();

        bulkhead.onComplete();
        assertThat(third.result()).isTrue();
        asyncCall.complete("done");
        assertThat(started.toCompletableFuture().join()).isEqualTo("done");
        bulkhead.onComplete();
        bulkhead.onComplete();
        assertThat(bulkhead.availablePermits()).isEqualTo(3);
        assertThat(bulkhead.rejectedCalls()).isZero();
    }

    @Test
    void aLowerLimitAdmitsNoWaiterUntilTheCallsInFlightFallBelowItAndAWaiterKeepsItsOwnDeadline() throws Exception {
        Bulkhead bulkhead = Bulkhead.of("db", waiting(3, Duration.ofSeconds(1)), time);
        for (int i = 0; i < 3; i++) {
            assertThat(bulkhead.tryAcquirePermission()).isTrue();
        }
        BlockedCall<Boolean> waiter = waiter(bulkhead, "waiter", bulkhead::tryAcquirePermission);

        bulkhead.reconfigure(waiting(1, Duration.ofMillis(10)));
        bulkhead.onComplete();
        bulkhead.onComplete();

        assertThat(bulkhead.waitingCalls())
                .as("one call in flight is the new limit")
                .isOne();
        assertThat(bulkhead.availablePermits()).isZero();
        time.advance(Duration.ofMillis(500)); // past the new wait, within the one it was given
        bulkhead.onComplete();
        assertThat(waiter.result()).isTrue();
        assertThat(bulkhead.rejectedCalls()).isZero();
        bulkhead.onComplete();
        assertThat(bulkhead.availablePermits()).isOne();
    }
}
