package dev.nines.core.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nines.core.testing.BlockedCall;
import dev.nines.core.testing.WhileReconfiguring;
import dev.nines.core.time.ManualScheduler;
import dev.nines.core.time.ManualTimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Live reconfiguration of a rate limiter: the bucket's permits carry over, none granted twice. */
class RateLimiterReconfigurationTest {

    private final ManualTimeSource time = ManualTimeSource.at(Instant.parse("2026-01-01T00:00:00Z"));

    private static RateLimiterConfig perSecond(int limit) {
        return RateLimiterConfig.builder()
                .limitForPeriod(limit)
                .limitRefreshPeriod(Duration.ofSeconds(1))
                .timeoutDuration(Duration.ZERO)
                .build();
    }

    @Test
    void thePermitsHeldCarryOverAndTheNewRateRefillsFromTheChange() {
        RateLimiter limiter = RateLimiter.of("api", perSecond(10), time);
        for (int i = 0; i < 7; i++) {
            assertThat(limiter.tryAcquirePermission()).isTrue();
        }
        List<RateLimiterEvent> events = new ArrayList<>();
        limiter.onEvent(events::add);

        limiter.reconfigure(perSecond(100));

        assertThat(limiter.availablePermits()).as("3 left, not a fresh 100").isEqualTo(3);
        time.advance(Duration.ofSeconds(1));
        assertThat(limiter.availablePermits()).isEqualTo(100);
        assertThat(events.get(0)).isInstanceOf(RateLimiterEvent.ConfigurationChanged.class);
        assertThat(limiter.config().limitForPeriod()).isEqualTo(100);
    }

    @Test
    void aSmallerBurstCapsThePermitsHeld() {
        RateLimiter limiter = RateLimiter.of("api", perSecond(10), time);

        limiter.reconfigure(perSecond(4));

        assertThat(limiter.availablePermits()).isEqualTo(4);
    }

    @Test
    void bookedPermitsStayBookedAcrossTheChange() {
        RateLimiter limiter = RateLimiter.of(
                "api",
                perSecond(2).toBuilder().timeoutDuration(Duration.ofSeconds(10)).build(),
                time);
        assertThat(limiter.reservePermission(2)).isZero();
        assertThat(limiter.reservePermission(2)).as("booked on the next period").isPositive();
        assertThat(limiter.availablePermits()).isEqualTo(-2);

        limiter.reconfigure(perSecond(5));

        assertThat(limiter.availablePermits()).as("the debt carries over").isEqualTo(-2);
        time.advance(Duration.ofSeconds(1));
        assertThat(limiter.availablePermits()).isEqualTo(3);
    }

    /**
     * Threads take permits while the configuration changes: the permits granted never exceed what
     * the buckets held, since the clock never moves and each change keeps (caps) the holdings.
     */
    @Property(tries = 15)
    void noPermitIsGrantedTwiceAcrossReconfigurations(
            @ForAll @IntRange(min = 2, max = 3) int callers, @ForAll @IntRange(min = 50, max = 2_000) int initial)
            throws InterruptedException {
        RateLimiter limiter = RateLimiter.of("stress", perSecond(initial), ManualTimeSource.at(Instant.EPOCH));
        AtomicLong granted = new AtomicLong();
        boolean[] flip = {false};
        WhileReconfiguring.run(
                callers,
                initial,
                () -> {
                    if (limiter.tryAcquirePermission()) {
                        granted.incrementAndGet();
                    }
                },
                () -> {
                    // Burst at least the initial one: no change takes permits away.
                    limiter.reconfigure(perSecond(flip[0] ? initial : initial * 2));
                    flip[0] = !flip[0];
                });

        assertThat(granted.get() + limiter.availablePermits())
                .as("granted and held add up to the one bucket there ever was")
                .isEqualTo(initial);
    }

    @Test
    void theRegistryReconfiguresTheLimiterItHandedOut() {
        RateLimiterRegistry registry = RateLimiterRegistry.of(perSecond(10), time);
        RateLimiter held = registry.rateLimiter("api");

        registry.reconfigure("api", perSecond(20));

        assertThat(held.config().limitForPeriod()).isEqualTo(20);
        assertThat(held.configurationChanges()).isOne();
    }

    private static RateLimiterConfig every(int limit, Duration period, Duration timeout) {
        return RateLimiterConfig.builder()
                .limitForPeriod(limit)
                .limitRefreshPeriod(period)
                .timeoutDuration(timeout)
                .build();
    }

    /** Calls {@code acquirePermission(1)} on a thread of its own and returns once it is parked. */
    private static BlockedCall<Boolean> waiter(RateLimiter limiter, String name) {
        int before = limiter.waitingThreads();
        return BlockedCall.start(
                name, () -> limiter.acquirePermission(1), () -> limiter.waitingThreads() == before + 1);
    }

    @Test
    void aHigherRateLetsParkedThreadsGoWhenItSuppliesThemNotAtTheTimeTheyWereGiven() throws Exception {
        // Booked at 10, 20 and 30 s by the old rate; the new one supplies 2 a millisecond.
        RateLimiter limiter = RateLimiter.of("api", every(1, Duration.ofSeconds(10), Duration.ofMinutes(1)), time);
        assertThat(limiter.tryAcquirePermission()).isTrue();
        BlockedCall<Boolean> first = waiter(limiter, "first");
        BlockedCall<Boolean> second = waiter(limiter, "second");
        BlockedCall<Boolean> third = waiter(limiter, "third");

        limiter.reconfigure(every(2, Duration.ofMillis(1), Duration.ofMinutes(1)));
        time.advance(Duration.ofMillis(1));

        assertThat(first.result()).isTrue();
        assertThat(second.result()).isTrue();
        assertThat(third.isDone())
                .as("2 permits a millisecond: the third waits for the next")
                .isFalse();
        assertThat(limiter.waitingThreads()).isOne();
        time.advance(Duration.ofMillis(1));
        assertThat(third.result()).isTrue();
        assertThat(limiter.waitingThreads()).isZero();
        assertThat(limiter.availablePermits())
                .as("the third's second permit is left")
                .isOne();
    }

    @Test
    void aHigherRateStartsScheduledCallsWhenItSuppliesThem() {
        ManualScheduler scheduler = ManualScheduler.of(time);
        RateLimiter limiter = RateLimiter.of("api", every(1, Duration.ofHours(1), Duration.ofHours(10)), time);
        assertThat(limiter.tryAcquirePermission()).isTrue();
        List<String> started = new ArrayList<>();
        List<CompletionStage<String>> calls = new ArrayList<>();
        for (String label : List.of("a", "b", "c")) {
            calls.add(limiter.executeCompletionStage(scheduler, () -> {
                started.add(label);
                return CompletableFuture.completedFuture(label);
            }));
        }
        assertThat(scheduler.pendingDelays())
                .containsExactly(Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(3));

        limiter.reconfigure(every(2, Duration.ofMinutes(1), Duration.ofHours(10)));
        scheduler.advance(Duration.ofMinutes(1));

        assertThat(started).containsExactly("a", "b");
        scheduler.advance(Duration.ofMinutes(1));
        assertThat(started).containsExactly("a", "b", "c");
        assertThat(calls.get(2).toCompletableFuture().join()).isEqualTo("c");
        assertThat(scheduler.pending()).as("the old schedules are cancelled").isZero();
        assertThat(limiter.availablePermits()).isOne();
    }

    @Test
    void aLowerRateLeavesAWaiterTheTimeItWasGivenAndItsPermitIsADebtOfTheNewRate() {
        ManualScheduler scheduler = ManualScheduler.of(time);
        RateLimiter limiter = RateLimiter.of("api", every(1, Duration.ofMinutes(1), Duration.ofHours(1)), time);
        assertThat(limiter.tryAcquirePermission()).isTrue();
        List<String> started = new ArrayList<>();
        limiter.executeCompletionStage(scheduler, () -> {
            started.add("booked");
            return CompletableFuture.completedFuture("booked");
        });

        limiter.reconfigure(every(1, Duration.ofHours(1), Duration.ofHours(1)));
        scheduler.advance(Duration.ofMinutes(1));

        assertThat(started).containsExactly("booked");
        assertThat(limiter.tryAcquirePermission()).isFalse();
        scheduler.advance(Duration.ofHours(1));
        assertThat(limiter.tryAcquirePermission())
                .as("the first new period paid the debt")
                .isFalse();
        scheduler.advance(Duration.ofHours(1));
        assertThat(limiter.tryAcquirePermission()).isTrue();
    }
}
