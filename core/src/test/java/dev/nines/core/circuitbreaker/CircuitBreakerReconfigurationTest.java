package dev.nines.core.circuitbreaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nines.core.circuitbreaker.CircuitBreaker.State;
import dev.nines.core.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import dev.nines.core.pipeline.Pipeline;
import dev.nines.core.pipeline.Resilience;
import dev.nines.core.time.ManualScheduler;
import dev.nines.core.time.ManualTimeSource;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Test;

/** Live reconfiguration of a circuit breaker: what is kept, what is reset, who sees it. */
class CircuitBreakerReconfigurationTest {

    private static final long FAST = Duration.ofMillis(5).toNanos();

    private final ManualTimeSource time = ManualTimeSource.at(Instant.parse("2026-01-01T00:00:00Z"));
    private final List<CircuitBreakerEvent> events = new ArrayList<>();

    private static CircuitBreakerConfig.Builder config() {
        return CircuitBreakerConfig.builder()
                .slidingWindow(10, 4, SlidingWindowType.COUNT_BASED)
                .failureRateThreshold(50)
                .permittedNumberOfCallsInHalfOpenState(3)
                .waitDurationInOpenState(Duration.ofSeconds(10));
    }

    private CircuitBreaker breaker(CircuitBreakerConfig config) {
        CircuitBreaker breaker = CircuitBreaker.of("backend", config, time);
        breaker.onEvent(events::add);
        return breaker;
    }

    private static void record(CircuitBreaker breaker, int successes, int failures) {
        for (int i = 0; i < successes; i++) {
            breaker.onSuccess(FAST);
        }
        for (int i = 0; i < failures; i++) {
            breaker.onError(FAST, new IOException());
        }
    }

    @Test
    void aThresholdChangeKeepsTheWindowAndJudgesItAtOnce() {
        CircuitBreaker breaker = breaker(config().build());
        record(breaker, 7, 3); // 30 % of 10: below 50 %
        assertThat(breaker.state()).isEqualTo(State.CLOSED);

        CircuitBreakerConfig stricter =
                breaker.config().toBuilder().failureRateThreshold(25).build();
        CircuitBreakerConfig previous = breaker.reconfigure(stricter);

        assertThat(previous.failureRateThreshold()).isEqualTo(50f);
        assertThat(breaker.config()).isSameAs(stricter);
        assertThat(breaker.metrics().numberOfBufferedCalls())
                .as("the window survives")
                .isEqualTo(10);
        assertThat(breaker.metrics().numberOfFailedCalls()).isEqualTo(3);
        assertThat(breaker.state()).as("30 % >= 25 %: opens now").isEqualTo(State.OPEN);
        assertThat(events)
                .filteredOn(e -> !(e instanceof CircuitBreakerEvent.Success || e instanceof CircuitBreakerEvent.Error))
                .extracting(e -> e.getClass().getSimpleName())
                .containsExactly("ThresholdsExceeded", "StateTransition", "ConfigurationChanged");
        assertThat(events)
                .last()
                .isEqualTo(
                        new CircuitBreakerEvent.ConfigurationChanged("backend", time.now(), previous, stricter, false));
        assertThat(breaker.configurationChanges()).isOne();
    }

    @Test
    void aLooserThresholdKeepsTheBreakerClosedWithTheSameCounts() {
        CircuitBreaker breaker = breaker(config().minimumNumberOfCalls(10).build());
        record(breaker, 5, 4);

        breaker.reconfigure(
                breaker.config().toBuilder().failureRateThreshold(90).build());
        record(breaker, 0, 1); // 5 of 10 failed: 50 % would have opened under the old threshold

        assertThat(breaker.state()).isEqualTo(State.CLOSED);
        assertThat(breaker.metrics().failureRate()).isEqualTo(50f);
    }

    @Test
    void aLowerMinimumNumberOfCallsAppliesToTheCallsAlreadyRecorded() {
        CircuitBreaker breaker = breaker(config().minimumNumberOfCalls(10).build());
        record(breaker, 2, 3); // 60 %, but only 5 of 10 minimum calls
        assertThat(breaker.metrics().failureRate()).isEqualTo(-1f);

        breaker.reconfigure(breaker.config().toBuilder().minimumNumberOfCalls(5).build());

        assertThat(breaker.state()).isEqualTo(State.OPEN);
    }

    @Test
    void aWindowSizeChangeStartsAnEmptyWindowAndSaysSo() {
        CircuitBreaker breaker = breaker(config().build());
        record(breaker, 3, 1);

        CircuitBreakerConfig larger = breaker.config().toBuilder()
                .slidingWindow(20, 4, SlidingWindowType.COUNT_BASED)
                .build();
        breaker.reconfigure(larger);

        assertThat(breaker.metrics().numberOfBufferedCalls()).isZero();
        assertThat(events)
                .last()
                .isInstanceOfSatisfying(
                        CircuitBreakerEvent.ConfigurationChanged.class,
                        e -> assertThat(e.windowReset()).isTrue());
        record(breaker, 20, 0);
        assertThat(breaker.metrics().numberOfBufferedCalls()).as("the new size").isEqualTo(20);
    }

    @Test
    void aWindowTypeChangeStartsAnEmptyTimeWindow() {
        CircuitBreaker breaker = breaker(config().build());
        record(breaker, 3, 1);

        breaker.reconfigure(breaker.config().toBuilder()
                .slidingWindow(5, 4, SlidingWindowType.TIME_BASED)
                .build());
        record(breaker, 2, 0);
        time.advance(Duration.ofSeconds(5));

        assertThat(breaker.metrics().numberOfBufferedCalls())
                .as("a 5 s window forgot them")
                .isZero();
    }

    @Test
    void anOpenBreakerStaysOpenAndTheNewWaitAppliesFromTheNextOpening() {
        CircuitBreaker breaker = breaker(config().build());
        record(breaker, 0, 4);
        assertThat(breaker.state()).isEqualTo(State.OPEN);

        breaker.reconfigure(breaker.config().toBuilder()
                .waitDurationInOpenState(Duration.ofSeconds(60))
                .slidingWindow(20, 4, SlidingWindowType.COUNT_BASED)
                .build());
        assertThat(breaker.state()).isEqualTo(State.OPEN);

        time.advance(Duration.ofSeconds(11)); // the old 10 s wait is over
        assertThat(breaker.tryAcquirePermission()).isTrue();
        assertThat(breaker.state()).isEqualTo(State.HALF_OPEN);
        breaker.onError(FAST, new IOException());
        breaker.tryAcquirePermission();
        breaker.onError(FAST, new IOException());
        breaker.tryAcquirePermission();
        breaker.onError(FAST, new IOException());
        assertThat(breaker.state()).isEqualTo(State.OPEN);

        time.advance(Duration.ofSeconds(11));
        assertThat(breaker.tryAcquirePermission()).as("now the 60 s wait").isFalse();
        time.advance(Duration.ofSeconds(50));
        assertThat(breaker.tryAcquirePermission()).isTrue();
        breaker.onSuccess(FAST);
        for (int i = 0; i < 9; i++) {
            breaker.tryAcquirePermission();
            breaker.onSuccess(FAST);
        }
        assertThat(breaker.state()).isEqualTo(State.CLOSED);
        record(breaker, 20, 0);
        assertThat(breaker.metrics().numberOfBufferedCalls())
                .as("the closed window has the new size")
                .isEqualTo(20);
    }

    @Test
    void handlesAndPipelinesBuiltBeforeTheChangeSeeIt() throws Exception {
        CircuitBreaker breaker = breaker(config().build());
        Supplier<String> decorated = breaker.decorateSupplier(() -> "ok");
        Pipeline<String> pipeline =
                Resilience.<String>pipeline().circuitBreaker(breaker).build();

        // From now on "bad" results count as failures.
        breaker.reconfigure(breaker.config().toBuilder()
                .recordResult("bad"::equals)
                .minimumNumberOfCalls(2)
                .build());
        pipeline.executeSupplier(() -> "bad");
        pipeline.executeSupplier(() -> "bad");

        assertThat(breaker.state()).isEqualTo(State.OPEN);
        assertThatThrownBy(decorated::get).isInstanceOf(CallNotPermittedException.class);
        assertThatThrownBy(() -> pipeline.executeSupplier(() -> "ok")).isInstanceOf(CallNotPermittedException.class);
    }

    @Test
    void aBadConfigurationIsRefusedNamingTheFieldAndTheOldOneStays() {
        CircuitBreaker breaker = breaker(config().build());
        CircuitBreakerConfig before = breaker.config();
        record(breaker, 3, 1);

        assertThatThrownBy(() -> breaker.reconfigure(before.toBuilder()
                        .automaticTransitionFromOpenToHalfOpenEnabled(true)
                        .build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("automaticTransitionFromOpenToHalfOpenEnabled needs a ScheduledExecutorService")
                .hasMessageContaining("was none");

        assertThat(breaker.config()).isSameAs(before);
        assertThat(breaker.metrics().numberOfBufferedCalls()).isEqualTo(4);
        assertThat(breaker.configurationChanges()).isZero();
        assertThat(events).noneMatch(e -> e instanceof CircuitBreakerEvent.ConfigurationChanged);
    }

    @Test
    void theSameConfigurationIsANoOp() {
        CircuitBreaker breaker = breaker(config().build());

        assertThat(breaker.reconfigure(breaker.config())).isSameAs(breaker.config());

        assertThat(breaker.configurationChanges()).isZero();
        assertThat(events).isEmpty();
    }

    @Test
    void automaticTransitionTurnedOnLaterSchedulesTheNextOpening() {
        ManualScheduler scheduler = ManualScheduler.of(time);
        CircuitBreaker breaker = CircuitBreaker.of("backend", config().build(), time, scheduler);

        breaker.reconfigure(breaker.config().toBuilder()
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .build());
        record(breaker, 0, 4);
        assertThat(breaker.state()).isEqualTo(State.OPEN);
        time.advance(Duration.ofSeconds(10));
        scheduler.runDue();

        assertThat(breaker.state()).isEqualTo(State.HALF_OPEN);
    }

    @Test
    void theRegistryReconfiguresByNameAndItsListenersHearIt() {
        ManualScheduler scheduler = ManualScheduler.of(time);
        CircuitBreakerRegistry registry = CircuitBreakerRegistry.of(config().build(), time, scheduler);
        List<CircuitBreakerEvent> heard = new ArrayList<>();
        registry.onEvent(heard::add);
        CircuitBreaker held = registry.circuitBreaker("payments");
        record(held, 7, 3);

        CircuitBreakerConfig stricter =
                held.config().toBuilder().failureRateThreshold(30).build();
        CircuitBreaker returned = registry.reconfigure("payments", stricter);

        assertThat(returned).isSameAs(held);
        assertThat(held.config()).isSameAs(stricter);
        assertThat(held.state()).isEqualTo(State.OPEN);
        assertThat(heard)
                .anyMatch(e -> e instanceof CircuitBreakerEvent.ConfigurationChanged c
                        && c.breakerName().equals("payments")
                        && c.newConfig() == stricter);

        registry.addConfiguration("lenient", config().failureRateThreshold(90).build());
        registry.reconfigureWithConfigName("payments", "lenient");
        assertThat(held.config().failureRateThreshold()).isEqualTo(90f);
        assertThatThrownBy(() -> registry.reconfigureWithConfigName("payments", "missing"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"missing\"");

        CircuitBreaker created = registry.reconfigure("search", stricter);
        assertThat(created.config()).isSameAs(stricter);
        assertThat(created.configurationChanges())
                .as("created with it, not changed")
                .isZero();
    }

    @Test
    void aBadConfigurationThroughTheRegistryLeavesTheInstanceAsItWas() {
        CircuitBreakerRegistry registry = CircuitBreakerRegistry.of(config().build(), time);
        CircuitBreaker held = registry.circuitBreaker("payments");
        CircuitBreakerConfig before = held.config();

        assertThatThrownBy(() -> registry.reconfigure(
                        "payments",
                        before.toBuilder()
                                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                                .build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("automaticTransitionFromOpenToHalfOpenEnabled");
        assertThat(held.config()).isSameAs(before);
    }

    /**
     * Threads record outcomes while another reconfigures thresholds over and over: the window must
     * hold exactly every outcome recorded (it is large enough to evict none, and the thresholds
     * never open it).
     */
    @Property(tries = 15)
    void aReconfigurationNeverLosesARecordedOutcome(
            @ForAll @IntRange(min = 2, max = 3) int writers,
            @ForAll @IntRange(min = 200, max = 2_000) int perWriter,
            @ForAll boolean timeBased)
            throws InterruptedException {
        int size = timeBased ? 60 : writers * perWriter;
        CircuitBreakerConfig a = CircuitBreakerConfig.builder()
                .slidingWindow(size, size, timeBased ? SlidingWindowType.TIME_BASED : SlidingWindowType.COUNT_BASED)
                .failureRateThreshold(100)
                .slowCallRateThreshold(100)
                .build();
        CircuitBreakerConfig b = a.toBuilder()
                .failureRateThreshold(99)
                .slowCallDurationThreshold(Duration.ofSeconds(5))
                .build();
        ManualTimeSource clock = ManualTimeSource.at(Instant.parse("2026-01-01T00:00:00.100Z"));
        CircuitBreaker breaker = CircuitBreaker.of("stress", a, clock);
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch reconfiguring = new CountDownLatch(1);
        AtomicBoolean done = new AtomicBoolean();
        AtomicLong failures = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int seed = w;
            threads.add(new Thread(() -> {
                await(start);
                await(reconfiguring);
                for (int i = 0; i < perWriter; i++) {
                    if ((i + seed) % 4 == 0) {
                        breaker.onError(FAST, new IOException());
                        failures.incrementAndGet();
                    } else {
                        breaker.onSuccess(FAST);
                    }
                }
            }));
        }
        Thread reconfigurer = new Thread(() -> {
            await(start);
            boolean flip = false;
            do {
                breaker.reconfigure(flip ? a : b);
                flip = !flip;
                reconfiguring.countDown(); // the writers start once changes are under way
            } while (!done.get());
        });
        threads.forEach(Thread::start);
        reconfigurer.start();
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        done.set(true);
        reconfigurer.join();

        CircuitBreaker.Metrics metrics = breaker.metrics();
        assertThat(breaker.state()).isEqualTo(State.CLOSED);
        assertThat(metrics.numberOfBufferedCalls()).isEqualTo((long) writers * perWriter);
        assertThat(metrics.numberOfFailedCalls()).isEqualTo(failures.get());
        assertThat(breaker.configurationChanges()).isPositive();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void lincheckFindsNoInterleavingWhereAReconfigurationLosesAnOutcome() {
        WindowLincheckTest.options().check(RecordingWhileReconfiguring.class);
    }

    /**
     * Two threads record outcomes and swap between two configurations that keep the window (the
     * rate thresholds, the minimum number of calls, the slow-call threshold differ): every
     * outcome recorded is in the window, and the number of calls is a counter that only grows.
     */
    @Param(name = "failed", gen = IntGen.class, conf = "0:1")
    public static class RecordingWhileReconfiguring {
        private static final CircuitBreakerConfig A = CircuitBreakerConfig.builder()
                .slidingWindow(30, 30, SlidingWindowType.COUNT_BASED)
                .failureRateThreshold(100)
                .build();
        private static final CircuitBreakerConfig B = A.toBuilder()
                .failureRateThreshold(60)
                .minimumNumberOfCalls(25)
                .slowCallDurationThreshold(Duration.ofSeconds(9))
                .build();

        private final CircuitBreaker breaker =
                CircuitBreaker.of("lincheck", A, ManualTimeSource.at(Instant.parse("2026-01-01T00:00:00Z")));
        private final AtomicLong recorded = new AtomicLong();
        private final AtomicLong recordedFailures = new AtomicLong();

        /** Records one outcome. */
        @Operation
        public void record(@Param(name = "failed") int failed) {
            if (failed == 1) {
                breaker.onError(FAST, new IllegalStateException());
                recordedFailures.incrementAndGet();
            } else {
                breaker.onSuccess(FAST);
            }
            recorded.incrementAndGet();
        }

        /** Swaps the configuration. */
        @Operation
        public void reconfigure(@Param(name = "failed") int which) {
            breaker.reconfigure(which == 1 ? A : B);
        }

        /** The calls in the window. */
        @Operation
        public long calls() {
            return breaker.metrics().numberOfBufferedCalls();
        }

        /** Every outcome is in the window. */
        @Validate
        public void holdsEveryOutcome() {
            CircuitBreaker.Metrics m = breaker.metrics();
            WindowLincheckTest.check(
                    m.numberOfBufferedCalls() == recorded.get(),
                    "window holds " + m.numberOfBufferedCalls() + " calls, recorded " + recorded.get());
            WindowLincheckTest.check(
                    m.numberOfFailedCalls() == recordedFailures.get(),
                    "window holds " + m.numberOfFailedCalls() + " failures, recorded " + recordedFailures.get());
        }
    }

    @Test
    void aTransitionThatAReconfigurationCausesIsDeliveredAfterItsLockAndBeforeTheChangeEvent() throws Exception {
        CircuitBreaker breaker = breaker(config().build());
        record(breaker, 3, 2); // 40 % failures: under 50 %
        CircuitBreakerConfig stricter = config().failureRateThreshold(30).build();
        CircuitBreakerConfig other = config().failureRateThreshold(35).build();
        java.util.concurrent.ExecutorService thread = java.util.concurrent.Executors.newSingleThreadExecutor();
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        try {
            breaker.onEvent(event -> {
                if (event instanceof CircuitBreakerEvent.StateTransition t && t.to() == State.OPEN) {
                    try {
                        // Under the reconfiguration lock this would deadlock.
                        thread.submit(() -> breaker.reconfigure(other)).get(60, java.util.concurrent.TimeUnit.SECONDS);
                    } catch (Exception e) {
                        failures.add(e);
                    }
                }
            });
            breaker.reconfigure(stricter);
        } finally {
            thread.shutdownNow();
        }
        assertThat(failures).isEmpty();
        assertThat(breaker.state()).isEqualTo(State.OPEN);
        assertThat(breaker.config()).isSameAs(other);
        List<String> order = events.stream()
                .filter(e -> e instanceof CircuitBreakerEvent.StateTransition
                        || e instanceof CircuitBreakerEvent.ConfigurationChanged)
                .map(e -> e.getClass().getSimpleName())
                .toList();
        assertThat(order).containsExactly("StateTransition", "ConfigurationChanged", "ConfigurationChanged");
    }
}
