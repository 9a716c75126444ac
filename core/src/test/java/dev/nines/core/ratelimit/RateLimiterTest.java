package dev.nines.core.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nines.core.time.ManualTimeSource;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private final ManualTimeSource time = ManualTimeSource.at(START, Long.MAX_VALUE - 1_000_000_000L);
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stopPool() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }

    private RateLimiter limiter(int limit, Duration period, int burst, Duration timeout) {
        return RateLimiter.of(
                "search",
                RateLimiterConfig.builder()
                        .limitForPeriod(limit)
                        .limitRefreshPeriod(period)
                        .burstCapacity(burst)
                        .timeoutDuration(timeout)
                        .build(),
                time);
    }

    private RateLimiter limiter(int limit, int burst) {
        return limiter(limit, Duration.ofSeconds(1), burst, Duration.ZERO);
    }

    @Test
    void startsWithAFullBucketAndRefusesOnceItIsEmpty() {
        RateLimiter limiter = limiter(2, 3);
        assertThat(limiter.availablePermits()).isEqualTo(3);
        assertThat(limiter.tryAcquirePermission()).isTrue();
        assertThat(limiter.tryAcquirePermission(2)).isTrue();
        assertThat(limiter.tryAcquirePermission()).isFalse();
        assertThat(limiter.availablePermits()).isZero();
        assertThat(limiter.name()).isEqualTo("search");
        assertThat(limiter.config().burstCapacity()).isEqualTo(3);
        assertThat(limiter).hasToString("RateLimiter[search, available=0/3]");
    }

    @Test
    void refillsLimitForPeriodAtEachPeriodStartAndNotBefore() {
        RateLimiter limiter = limiter(2, 2);
        assertThat(limiter.tryAcquirePermission(2)).isTrue();
        time.advance(Duration.ofSeconds(1).minusNanos(1));
        assertThat(limiter.tryAcquirePermission()).isFalse();
        time.advanceNanos(1);
        assertThat(limiter.availablePermits()).isEqualTo(2);
        assertThat(limiter.tryAcquirePermission(2)).isTrue();
        assertThat(limiter.tryAcquirePermission()).isFalse();
    }

    @Test
    void unusedPermitsAccumulateUpToTheBurstCapacityOnly() {
        RateLimiter limiter = limiter(2, 5);
        assertThat(limiter.tryAcquirePermission(5)).isTrue();
        time.advance(Duration.ofSeconds(2));
        assertThat(limiter.availablePermits()).isEqualTo(4);
        time.advance(Duration.ofSeconds(10));
        assertThat(limiter.availablePermits()).isEqualTo(5);
        assertThat(limiter.tryAcquirePermission(5)).isTrue();
        assertThat(limiter.tryAcquirePermission()).isFalse();
    }

    @Test
    void aHugeClockJumpFillsTheBucketExactlyAndPeriodsStayAligned() {
        RateLimiter limiter = limiter(3, Duration.ofMillis(10), 7, Duration.ZERO);
        assertThat(limiter.tryAcquirePermission(7)).isTrue();
        time.advance(Duration.ofDays(365 * 200L).plusMillis(5));
        assertThat(limiter.availablePermits()).isEqualTo(7);
        assertThat(limiter.tryAcquirePermission(7)).isTrue();
        time.advance(Duration.ofMillis(4));
        assertThat(limiter.tryAcquirePermission()).isFalse();
        time.advance(Duration.ofMillis(1));
        assertThat(limiter.availablePermits()).isEqualTo(3);
    }

    @Test
    void refusesAManyPermitRequestWholeWithoutTakingPart() {
        RateLimiter limiter = limiter(4, 4);
        assertThat(limiter.tryAcquirePermission(3)).isTrue();
        assertThat(limiter.tryAcquirePermission(2)).isFalse();
        assertThat(limiter.availablePermits()).isEqualTo(1);
    }

    @Test
    void rejectsPermitCountsOutsideOneToBurstCapacity() {
        RateLimiter limiter = limiter(2, 3);
        assertThatThrownBy(() -> limiter.tryAcquirePermission(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("permits must be in [1, 3] (burstCapacity), was 0");
        assertThatThrownBy(() -> limiter.tryAcquirePermission(4))
                .hasMessage("permits must be in [1, 3] (burstCapacity), was 4");
        assertThatThrownBy(() -> limiter.reservePermission(-1))
                .hasMessage("permits must be in [1, 3] (burstCapacity), was -1");
        assertThatThrownBy(() -> limiter.acquirePermission(4))
                .hasMessage("permits must be in [1, 3] (burstCapacity), was 4");
        assertThat(limiter.availablePermits()).isEqualTo(3);
    }

    @Test
    void rejectsBadConstructorArguments() {
        RateLimiterConfig config = RateLimiterConfig.ofDefaults();
        assertThatThrownBy(() -> RateLimiter.of("", config, time)).hasMessage("name must not be blank, was \"\"");
        assertThatThrownBy(() -> RateLimiter.of("r", null, time)).hasMessage("config");
        assertThatThrownBy(() -> RateLimiter.of("r", config, null)).hasMessage("timeSource");
        assertThat(RateLimiter.ofDefaults("d").config()).isEqualTo(config);
    }

    @Test
    void reservationReturnsZeroWhenPermitsAreThereAndTheWaitToTheirPeriodOtherwise() {
        RateLimiter limiter = limiter(2, Duration.ofSeconds(1), 2, Duration.ofSeconds(2));
        time.advance(Duration.ofMillis(250));
        assertThat(limiter.reservePermission(2)).isZero();
        assertThat(limiter.reservePermission(1))
                .isEqualTo(Duration.ofMillis(750).toNanos());
        assertThat(limiter.reservePermission(2))
                .isEqualTo(Duration.ofMillis(1750).toNanos());
        assertThat(limiter.availablePermits()).isEqualTo(-3);
        // The next permits would come at 3 s from creation: 2.75 s away, beyond the 2 s timeout.
        assertThat(limiter.reservePermission(2)).isEqualTo(-1);
        assertThat(limiter.availablePermits()).isEqualTo(-3);
        time.advance(Duration.ofMillis(1750));
        assertThat(limiter.availablePermits()).isEqualTo(1);
        assertThat(limiter.tryAcquirePermission()).isTrue();
    }

    @Test
    void reservationWithoutTimeoutNeverBooksTheFuture() {
        RateLimiter limiter = limiter(1, 1);
        assertThat(limiter.reservePermission(1)).isZero();
        assertThat(limiter.reservePermission(1)).isEqualTo(-1);
        assertThat(limiter.availablePermits()).isZero();
    }

    @Test
    void acquirePermissionParksUntilTheInjectedClockReachesTheBookedPeriod() throws Exception {
        RateLimiter limiter = limiter(1, Duration.ofMillis(1), 1, Duration.ofMillis(5));
        assertThat(limiter.acquirePermission(1)).isTrue();
        Future<Boolean> waiter = pool.submit(() -> limiter.acquirePermission(1));
        while (limiter.waitingThreads() == 0) {
            Thread.onSpinWait();
        }
        assertThat(waiter.isDone()).isFalse();
        time.advance(Duration.ofMillis(1));
        assertThat(waiter.get(30, TimeUnit.SECONDS)).isTrue();
        assertThat(limiter.waitingThreads()).isZero();
        assertThat(limiter.availablePermits()).isZero();
    }

    @Test
    void interruptedAcquireReturnsFalseAndKeepsTheInterruptStatus() throws Exception {
        RateLimiter limiter = limiter(1, Duration.ofMillis(1), 1, Duration.ofMillis(5));
        assertThat(limiter.tryAcquirePermission()).isTrue();
        Future<boolean[]> waiter = pool.submit(() -> {
            Thread.currentThread().interrupt();
            boolean acquired = limiter.acquirePermission(1);
            return new boolean[] {acquired, Thread.currentThread().isInterrupted()};
        });
        assertThat(waiter.get(30, TimeUnit.SECONDS)).containsExactly(false, true);
        assertThat(limiter.waitingThreads()).isZero();
    }

    @Test
    void executeMethodsRunTheCallOrThrowRequestNotPermitted() throws Exception {
        RateLimiter limiter = limiter(3, 3);
        assertThat(limiter.executeSupplier(() -> "a")).isEqualTo("a");
        assertThat(limiter.executeCallable(() -> "b")).isEqualTo("b");
        AtomicInteger runs = new AtomicInteger();
        limiter.executeRunnable(runs::incrementAndGet);
        assertThat(runs).hasValue(1);
        assertThatThrownBy(() -> limiter.executeSupplier(() -> "c"))
                .isInstanceOf(RequestNotPermittedException.class)
                .hasMessage("RateLimiter 'search' does not permit further calls");
        assertThatThrownBy(() -> limiter.executeCallable(() -> "d")).isInstanceOf(RequestNotPermittedException.class);
        assertThatThrownBy(() -> limiter.executeRunnable(runs::incrementAndGet))
                .isInstanceOf(RequestNotPermittedException.class);
        assertThat(runs).hasValue(1);
        assertThatThrownBy(() -> limiter.executeSupplier(null)).hasMessage("supplier");
        assertThatThrownBy(() -> limiter.executeCallable(null)).hasMessage("callable");
        assertThatThrownBy(() -> limiter.executeRunnable(null)).hasMessage("runnable");
        time.advance(Duration.ofSeconds(1));
        assertThatThrownBy(() -> limiter.executeCallable(() -> {
                    throw new IOException("x");
                }))
                .isInstanceOf(IOException.class);
    }

    @Test
    void executeWaitsForTheNextPeriodWhenATimeoutIsConfigured() throws Exception {
        RateLimiter limiter = limiter(1, Duration.ofMillis(1), 1, Duration.ofMillis(1));
        limiter.executeRunnable(() -> {});
        Future<String> waiter = pool.submit(() -> limiter.executeSupplier(() -> "late"));
        while (limiter.waitingThreads() == 0) {
            Thread.onSpinWait();
        }
        time.advance(Duration.ofMillis(1));
        assertThat(waiter.get(30, TimeUnit.SECONDS)).isEqualTo("late");
    }

    @Test
    void publishesGrantedAndRefusedEventsOnlyToRegisteredListeners() {
        RateLimiter limiter = limiter(1, 1);
        List<RateLimiterEvent> events = new ArrayList<>();
        var registration = limiter.onEvent(events::add);
        limiter.tryAcquirePermission();
        limiter.tryAcquirePermission();
        limiter.reservePermission(1);
        registration.close();
        limiter.tryAcquirePermission();
        assertThat(events)
                .containsExactly(
                        new RateLimiterEvent.PermitsGranted("search", 1, START),
                        new RateLimiterEvent.PermitsRefused("search", 1, START),
                        new RateLimiterEvent.PermitsRefused("search", 1, START));
    }

    @Test
    void handsOutExactlyBurstPlusLimitPerPeriodOverAMillionPeriodsWithoutDrift() {
        // A period that divides nothing evenly, and clock steps that never line up with it.
        long period = 1_000_003L;
        RateLimiter limiter = limiter(7, Duration.ofNanos(period), 7, Duration.ZERO);
        Random random = new Random(42);
        long granted = 0;
        long elapsed = 0;
        while (elapsed < 1_000_000L * period) {
            long available = limiter.availablePermits();
            if (available > 0) {
                assertThat(limiter.tryAcquirePermission((int) available)).isTrue();
                granted += available;
            }
            assertThat(limiter.tryAcquirePermission()).isFalse();
            long step = 1 + random.nextInt((int) period);
            time.advanceNanos(step);
            elapsed += step;
        }
        granted += limiter.availablePermits();
        assertThat(granted).isEqualTo(7 + 7 * (elapsed / period));
    }

    @Test
    void concurrentCallersNeverGetMorePermitsThanTheBucketHeld() throws Exception {
        RateLimiter limiter = limiter(5, Duration.ofSeconds(1), 1_000, Duration.ZERO);
        int threads = 8;
        AtomicInteger granted = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int permits = 1 + t % 3;
            futures.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < 2_000; i++) {
                    if (limiter.tryAcquirePermission(permits)) {
                        granted.addAndGet(permits);
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> future : futures) {
            future.get(60, TimeUnit.SECONDS);
        }
        assertThat(granted.get() + limiter.availablePermits()).isEqualTo(1_000);
        assertThat(limiter.availablePermits()).isZero();
    }

    @Test
    void concurrentCallersAndARefillingClockAccountForEveryPermit() throws Exception {
        // Emptied first, with a burst above everything it can receive, the bucket never loses a
        // permit to the cap, so the totals must balance exactly: granted + left = 3 x periods.
        int periods = 2_000;
        int burst = 3 * periods + 50;
        RateLimiter limiter = limiter(3, Duration.ofMillis(1), burst, Duration.ZERO);
        assertThat(limiter.tryAcquirePermission(burst)).isTrue();
        int threads = 6;
        AtomicInteger granted = new AtomicInteger();
        AtomicBoolean clockDone = new AtomicBoolean();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            futures.add(pool.submit(() -> {
                start.await();
                int permits = 1;
                while (!clockDone.get()) {
                    if (limiter.tryAcquirePermission(permits)) {
                        granted.addAndGet(permits);
                    }
                    permits = 3 - permits;
                }
                return null;
            }));
        }
        Future<?> clock = pool.submit(() -> {
            start.await();
            for (int i = 0; i < periods; i++) {
                time.advance(Duration.ofMillis(1));
                while (limiter.availablePermits() > 0) {
                    Thread.onSpinWait();
                }
            }
            clockDone.set(true);
            return null;
        });
        start.countDown();
        clock.get(60, TimeUnit.SECONDS);
        for (Future<?> future : futures) {
            future.get(60, TimeUnit.SECONDS);
        }
        assertThat(granted.get()).isPositive();
        assertThat(granted.get() + limiter.availablePermits()).isEqualTo(3L * periods);
    }

    @Property(tries = 1000)
    void matchesAReferenceBucketAcrossAnySequenceOfStepsAndRequests(
            @ForAll @IntRange(min = 1, max = 5) int limit,
            @ForAll @IntRange(min = 0, max = 6) int extraBurst,
            @ForAll @IntRange(min = 5, max = 1_000) int periodNanos,
            @ForAll @IntRange(min = 0, max = 3) int timeoutPeriods,
            @ForAll("steps") List<long[]> steps) {
        int burst = limit + extraBurst;
        RateLimiter limiter = limiter(
                limit, Duration.ofNanos(periodNanos), burst, Duration.ofNanos((long) timeoutPeriods * periodNanos));
        long holdings = burst;
        long elapsed = 0;
        for (long[] step : steps) {
            long before = elapsed / periodNanos;
            elapsed += step[0];
            time.advanceNanos(step[0]);
            holdings = Math.min(burst, holdings + limit * (elapsed / periodNanos - before));
            int permits = (int) Math.min(burst, step[1]);
            if (step[2] == 0) {
                boolean expected = holdings >= permits;
                assertThat(limiter.tryAcquirePermission(permits)).isEqualTo(expected);
                if (expected) {
                    holdings -= permits;
                }
            } else {
                long after = holdings - permits;
                long wait;
                if (after >= 0) {
                    wait = 0;
                } else {
                    long period = elapsed / periodNanos + (-after + limit - 1) / limit;
                    wait = period * periodNanos - elapsed;
                }
                boolean expected = wait <= (long) timeoutPeriods * periodNanos;
                assertThat(limiter.reservePermission(permits)).isEqualTo(expected ? wait : -1);
                if (expected) {
                    holdings = after;
                }
            }
            assertThat(limiter.availablePermits()).isEqualTo(holdings).isLessThanOrEqualTo(burst);
        }
    }

    @Provide
    Arbitrary<List<long[]>> steps() {
        Arbitrary<Long> advance = Arbitraries.oneOf(
                Arbitraries.longs().between(0, 3_000), Arbitraries.longs().between(0, 1L << 50));
        return Combinators.combine(
                        advance,
                        Arbitraries.longs().between(1, 11),
                        Arbitraries.longs().between(0, 1))
                .as((a, p, kind) -> new long[] {a, p, kind})
                .list()
                .ofMaxSize(30);
    }
}
