package dev.nines.core.circuitbreaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nines.core.circuitbreaker.CircuitBreaker.State;
import dev.nines.core.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import dev.nines.core.time.ManualScheduler;
import dev.nines.core.time.ManualTimeSource;
import io.github.resilience4j.core.IntervalFunction;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

    private static final long FAST = Duration.ofMillis(5).toNanos();
    private static final long SLOW = Duration.ofSeconds(2).toNanos();

    private final ManualTimeSource time = ManualTimeSource.at(Instant.parse("2026-01-01T00:00:00Z"), -7_000_000_000L);
    private final List<CircuitBreakerEvent> events = new ArrayList<>();

    private CircuitBreakerConfig.Builder small() {
        return CircuitBreakerConfig.builder()
                .slidingWindow(10, 4, SlidingWindowType.COUNT_BASED)
                .slowCallDurationThreshold(Duration.ofSeconds(1))
                .permittedNumberOfCallsInHalfOpenState(2)
                .waitDurationInOpenState(Duration.ofSeconds(10));
    }

    private CircuitBreaker breaker(CircuitBreakerConfig config) {
        CircuitBreaker breaker = CircuitBreaker.of("backend", config, time);
        breaker.onEvent(events::add);
        return breaker;
    }

    private CircuitBreaker openBreaker(CircuitBreakerConfig config) {
        CircuitBreaker breaker = breaker(config);
        for (int i = 0; i < 4; i++) {
            breaker.onError(FAST, new IOException());
        }
        assertThat(breaker.state()).isEqualTo(State.OPEN);
        return breaker;
    }

    private List<State> transitions() {
        return events.stream()
                .filter(e -> e instanceof CircuitBreakerEvent.StateTransition)
                .map(e -> ((CircuitBreakerEvent.StateTransition) e).to())
                .toList();
    }

    // ------------------------------------------------------------------ CLOSED

    @Test
    void startsClosedAndPermitsEveryCall() {
        CircuitBreaker breaker = breaker(small().build());
        assertThat(breaker.state()).isEqualTo(State.CLOSED);
        for (int i = 0; i < 1_000; i++) {
            assertThat(breaker.tryAcquirePermission()).isTrue();
        }
        assertThat(breaker.name()).isEqualTo("backend");
        assertThat(breaker.timeSource()).isSameAs(time);
        assertThat(breaker.toString()).contains("backend", "CLOSED");
    }

    @Test
    void staysClosedBelowTheMinimumNumberOfCallsHoweverManyFail() {
        CircuitBreaker breaker = breaker(small().build());
        for (int i = 0; i < 3; i++) {
            breaker.onError(FAST, new IOException());
        }
        assertThat(breaker.state()).isEqualTo(State.CLOSED);
        assertThat(breaker.metrics().failureRate()).isEqualTo(-1f);
        assertThat(breaker.metrics().numberOfFailedCalls()).isEqualTo(3);
    }

    @Test
    void opensWhenTheFailureRateReachesTheThresholdOnceMinimumCallsAreRecorded() {
        CircuitBreaker breaker = breaker(small().build());
        breaker.onSuccess(FAST);
        breaker.onSuccess(FAST);
        breaker.onError(FAST, new IOException());
        assertThat(breaker.state()).isEqualTo(State.CLOSED);

        breaker.onError(FAST, new IOException()); // 2 of 4 = 50 %

        assertThat(breaker.state()).isEqualTo(State.OPEN);
        assertThat(breaker.metrics().failureRate()).isEqualTo(50f);
        assertThat(transitions()).containsExactly(State.OPEN);
        assertThat(events)
                .anySatisfy(e -> assertThat(e)
                        .isInstanceOfSatisfying(
                                CircuitBreakerEvent.ThresholdsExceeded.class,
                                t -> assertThat(t.failureRate()).isEqualTo(50f)));
    }

    @Test
    void opensWhenTheSlowCallRateReachesTheThreshold() {
        CircuitBreaker breaker = breaker(small().slowCallRateThreshold(50).build());
        breaker.onSuccess(FAST);
        breaker.onSuccess(SLOW);
        breaker.onSuccess(FAST);
        assertThat(breaker.state()).isEqualTo(State.CLOSED);

        breaker.onSuccess(SLOW);

        assertThat(breaker.state()).isEqualTo(State.OPEN);
        CircuitBreaker.Metrics m = breaker.metrics();
        assertThat(m.slowCallRate()).isEqualTo(50f);
        assertThat(m.numberOfSlowCalls()).isEqualTo(2);
        assertThat(m.numberOfSlowSuccessfulCalls()).isEqualTo(2);
        assertThat(m.numberOfSuccessfulCalls()).isEqualTo(4);
    }

    @Test
    void countsACallAsSlowOnlyWhenItTakesStrictlyLongerThanTheThreshold() {
        CircuitBreaker breaker = breaker(small().build());
        breaker.onSuccess(Duration.ofSeconds(1).toNanos());
        breaker.onError(Duration.ofSeconds(1).toNanos() + 1, new IOException());
        assertThat(breaker.metrics().numberOfSlowCalls()).isEqualTo(1);
        assertThat(breaker.metrics().numberOfSlowFailedCalls()).isEqualTo(1);
    }

    @Test
    void aCountBasedWindowKeepsOnlyTheLastCalls() {
        CircuitBreaker breaker = breaker(small().slidingWindow(3, 3, SlidingWindowType.COUNT_BASED)
                .failureRateThreshold(100)
                .build());
        breaker.onError(FAST, new IOException());
        breaker.onError(FAST, new IOException());
        breaker.onSuccess(FAST);
        breaker.onSuccess(FAST);
        breaker.onSuccess(SLOW);
        CircuitBreaker.Metrics m = breaker.metrics();
        assertThat(m.numberOfBufferedCalls()).isEqualTo(3);
        assertThat(m.numberOfFailedCalls()).isZero();
        assertThat(m.numberOfSlowCalls()).isEqualTo(1);
        assertThat(m.failureRate()).isZero();
    }

    @Test
    void aTimeBasedWindowForgetsCallsOlderThanItsSeconds() {
        CircuitBreaker breaker = breaker(
                small().slidingWindow(3, 4, SlidingWindowType.TIME_BASED).build());
        breaker.onError(FAST, new IOException());
        breaker.onError(FAST, new IOException());
        time.advance(Duration.ofSeconds(1));
        breaker.onSuccess(FAST);
        time.advance(Duration.ofSeconds(2)); // the first second has left the 3-second window
        assertThat(breaker.metrics().numberOfBufferedCalls()).isEqualTo(1);

        breaker.onError(FAST, new IOException());
        breaker.onSuccess(FAST);
        breaker.onSuccess(FAST);
        assertThat(breaker.state()).isEqualTo(State.CLOSED); // 1 failure of 4

        time.advance(Duration.ofSeconds(10));
        assertThat(breaker.metrics().numberOfBufferedCalls()).isZero();
        for (int i = 0; i < 4; i++) {
            breaker.onError(FAST, new IOException());
        }
        assertThat(breaker.state()).isEqualTo(State.OPEN);
    }

    @Test
    void aTimeBasedWindowUsesWholeEpochSecondsAsResilience4jDoes() {
        time.advanceTo(Instant.parse("2026-01-01T00:00:00.900Z"));
        CircuitBreaker breaker = breaker(small().slidingWindow(1, 1, SlidingWindowType.TIME_BASED)
                .failureRateThreshold(100)
                .build());
        breaker.onSuccess(FAST);
        time.advance(Duration.ofMillis(100)); // a new epoch second: the window of one second is empty
        assertThat(breaker.metrics().numberOfBufferedCalls()).isZero();
    }

    @Test
    void aTimeBasedWindowDoesNotApplyTheMinimumCallsCapOfCountBasedWindows() {
        CircuitBreakerConfig config =
                small().slidingWindow(2, 50, SlidingWindowType.TIME_BASED).build();
        assertThat(config.minimumNumberOfCalls()).isEqualTo(50);
        assertThat(small().slidingWindow(2, 50, SlidingWindowType.COUNT_BASED)
                        .build()
                        .minimumNumberOfCalls())
                .isEqualTo(2);
    }

    @Test
    void keepsTheConfiguredMinimumAndCapsItAtEachWindowAsResilience4jDoes() {
        // Window 4, minimum 13, 5 permitted in HALF_OPEN: CLOSED decides after 4 calls, HALF_OPEN after 5.
        CircuitBreakerConfig config = small().slidingWindowType(SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(4)
                .minimumNumberOfCalls(13)
                .permittedNumberOfCallsInHalfOpenState(5)
                .failureRateThreshold(50)
                .build();
        assertThat(config.minimumNumberOfCalls()).isEqualTo(13);
        assertThat(config.toBuilder().build().minimumNumberOfCalls()).isEqualTo(13);
        CircuitBreaker breaker = breaker(config);
        for (int i = 0; i < 3; i++) {
            breaker.onError(FAST, new RuntimeException("boom"));
        }
        assertThat(breaker.state()).isEqualTo(State.CLOSED);
        breaker.onError(FAST, new RuntimeException("boom"));
        assertThat(breaker.state()).isEqualTo(State.OPEN);

        breaker.transitionToHalfOpenState();
        for (int i = 0; i < 4; i++) {
            assertThat(breaker.tryAcquirePermission()).isTrue();
            breaker.onSuccess(FAST);
        }
        assertThat(breaker.state())
                .as("4 of 5 permitted calls are below the half-open minimum")
                .isEqualTo(State.HALF_OPEN);
        assertThat(breaker.tryAcquirePermission()).isTrue();
        breaker.onSuccess(FAST);
        assertThat(breaker.state()).isEqualTo(State.CLOSED);
    }

    // ------------------------------------------------------------------ OPEN

    @Test
    void rejectsCallsWhileOpenAndCountsThem() {
        CircuitBreaker breaker = openBreaker(small().build());

        assertThat(breaker.tryAcquirePermission()).isFalse();
        assertThatThrownBy(breaker::acquirePermission)
                .isInstanceOfSatisfying(CallNotPermittedException.class, e -> {
                    assertThat(e.breakerName()).isEqualTo("backend");
                    assertThat(e.state()).isEqualTo(State.OPEN);
                })
                .hasMessage("CircuitBreaker 'backend' is OPEN and does not permit further calls");
        assertThat(breaker.metrics().numberOfNotPermittedCalls()).isEqualTo(2);
        assertThat(events)
                .filteredOn(e -> e instanceof CircuitBreakerEvent.CallNotPermitted)
                .hasSize(2);
    }

    @Test
    void movesToHalfOpenOnlyOnceTheWaitHasStrictlyPassed() {
        CircuitBreaker breaker = openBreaker(small().build());
        time.advance(Duration.ofSeconds(10));
        assertThat(breaker.tryAcquirePermission()).isFalse();
        assertThat(breaker.state()).isEqualTo(State.OPEN);

        time.advanceNanos(1);

        assertThat(breaker.tryAcquirePermission()).isTrue();
        assertThat(breaker.state()).isEqualTo(State.HALF_OPEN);
        assertThat(transitions()).containsExactly(State.OPEN, State.HALF_OPEN);
    }

    @Test
    void recordsButDoesNotDecideOnCallsThatFinishWhileOpen() {
        CircuitBreaker breaker = openBreaker(small().build());
        breaker.onSuccess(FAST);
        assertThat(breaker.state()).isEqualTo(State.OPEN);
        assertThat(breaker.metrics().numberOfBufferedCalls()).isEqualTo(5);
    }

    @Test
    void growsTheOpenWaitWithAnIntervalFunction() {
        CircuitBreaker breaker =
                openBreaker(small().waitIntervalFunctionInOpenState(IntervalFunction.ofExponentialBackoff(1_000, 2))
                        .build());
        assertThat(breaker.config().waitDurationInOpenState()).isEqualTo(Duration.ofSeconds(1));
        time.advance(Duration.ofMillis(1_001));
        assertThat(breaker.tryAcquirePermission()).isTrue();
        breaker.onError(FAST, new IOException());
        breaker.tryAcquirePermission();
        breaker.onError(FAST, new IOException());
        assertThat(breaker.state()).isEqualTo(State.OPEN); // second opening: waits 2 s

        time.advance(Duration.ofMillis(1_500));
        assertThat(breaker.tryAcquirePermission()).isFalse();
        time.advance(Duration.ofMillis(501));
        assertThat(breaker.tryAcquirePermission()).isTrue();
    }

    @Test
    void movesToHalfOpenByItselfOnTheGivenScheduler() {
        ManualScheduler scheduler = ManualScheduler.of(time);
        CircuitBreaker breaker = CircuitBreaker.of(
                "auto",
                small().automaticTransitionFromOpenToHalfOpenEnabled(true).build(),
                time,
                scheduler);
        breaker.transitionToOpenState();
        assertThat(scheduler.pending()).isEqualTo(1);

        time.advance(Duration.ofSeconds(9));
        assertThat(scheduler.runDue()).isZero();
        time.advance(Duration.ofSeconds(1));
        assertThat(scheduler.runDue()).isEqualTo(1);

        assertThat(breaker.state()).isEqualTo(State.HALF_OPEN);
    }

    @Test
    void cancelsTheAutomaticTransitionWhenTheBreakerLeavesOpenFirst() {
        ManualScheduler scheduler = ManualScheduler.of(time);
        CircuitBreaker breaker = CircuitBreaker.of(
                "auto",
                small().automaticTransitionFromOpenToHalfOpenEnabled(true).build(),
                time,
                scheduler);
        breaker.transitionToOpenState();
        breaker.transitionToClosedState();
        time.advance(Duration.ofSeconds(11));
        scheduler.runDue();
        assertThat(breaker.state()).isEqualTo(State.CLOSED);
        assertThat(scheduler.pending()).isZero();
    }

    @Test
    void refusesAutomaticTransitionWithoutAScheduler() {
        CircuitBreakerConfig config =
                small().automaticTransitionFromOpenToHalfOpenEnabled(true).build();
        assertThatThrownBy(() -> CircuitBreaker.of("auto", config, time))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(
                        "automaticTransitionFromOpenToHalfOpenEnabled needs a ScheduledExecutorService");
    }

    // ------------------------------------------------------------------ HALF_OPEN

    private CircuitBreaker halfOpenBreaker(CircuitBreakerConfig config) {
        CircuitBreaker breaker = openBreaker(config);
        time.advance(Duration.ofSeconds(11));
        return breaker;
    }

    @Test
    void permitsOnlyTheConfiguredTrialCallsInHalfOpen() {
        CircuitBreaker breaker = halfOpenBreaker(small().build());
        assertThat(breaker.tryAcquirePermission()).isTrue();
        assertThat(breaker.tryAcquirePermission()).isTrue();
        assertThat(breaker.tryAcquirePermission()).isFalse();
        assertThat(breaker.state()).isEqualTo(State.HALF_OPEN);

        breaker.releasePermission();

        assertThat(breaker.tryAcquirePermission()).isTrue();
        assertThat(breaker.metrics().numberOfNotPermittedCalls()).isEqualTo(1);
    }

    @Test
    void closesWhenTheTrialCallsAreBelowTheThresholds() {
        CircuitBreaker breaker = halfOpenBreaker(small().build());
        breaker.tryAcquirePermission();
        breaker.onSuccess(FAST);
        assertThat(breaker.state()).isEqualTo(State.HALF_OPEN);
        breaker.tryAcquirePermission();
        breaker.onError(FAST, new IOException()); // 1 of 2 = 50 %: at the threshold

        assertThat(breaker.state()).isEqualTo(State.OPEN);

        time.advance(Duration.ofSeconds(11));
        breaker.tryAcquirePermission();
        breaker.onSuccess(FAST);
        breaker.tryAcquirePermission();
        breaker.onSuccess(FAST);

        assertThat(breaker.state()).isEqualTo(State.CLOSED);
        assertThat(breaker.metrics().numberOfBufferedCalls()).isZero();
        assertThat(transitions())
                .containsExactly(State.OPEN, State.HALF_OPEN, State.OPEN, State.HALF_OPEN, State.CLOSED);
    }

    @Test
    void leavesHalfOpenAfterTheMaximumWaitWithoutAScheduler() {
        CircuitBreaker breaker = halfOpenBreaker(
                small().maxWaitDurationInHalfOpenState(Duration.ofSeconds(5)).build());
        assertThat(breaker.tryAcquirePermission()).isTrue();
        assertThat(breaker.tryAcquirePermission()).isTrue();
        time.advance(Duration.ofSeconds(5));

        assertThat(breaker.tryAcquirePermission()).isFalse();
        assertThat(breaker.state()).isEqualTo(State.OPEN);
    }

    @Test
    void closesAfterTheMaximumWaitWhenConfiguredSo() {
        CircuitBreaker breaker = halfOpenBreaker(small().maxWaitDurationInHalfOpenState(Duration.ofSeconds(5))
                .transitionToStateAfterWaitDuration(State.CLOSED)
                .build());
        assertThat(breaker.tryAcquirePermission()).isTrue();
        time.advance(Duration.ofSeconds(5));
        assertThat(breaker.tryAcquirePermission()).isTrue();
        assertThat(breaker.state()).isEqualTo(State.CLOSED);
    }

    @Test
    void leavesHalfOpenAfterTheMaximumWaitOnTheGivenScheduler() {
        ManualScheduler scheduler = ManualScheduler.of(time);
        CircuitBreaker breaker = CircuitBreaker.of(
                "timed",
                small().maxWaitDurationInHalfOpenState(Duration.ofSeconds(5)).build(),
                time,
                scheduler);
        breaker.transitionToOpenState();
        breaker.transitionToHalfOpenState();
        time.advance(Duration.ofSeconds(5));
        scheduler.runDue();
        assertThat(breaker.state()).isEqualTo(State.OPEN);
    }

    @Test
    void grantsExactlyThePermittedTrialCallsToRacingThreads() throws InterruptedException {
        CircuitBreaker breaker = halfOpenBreaker(
                small().permittedNumberOfCallsInHalfOpenState(10).build());
        breaker.tryAcquirePermission();
        breaker.releasePermission(); // now HALF_OPEN with 10 permits
        AtomicInteger granted = new AtomicInteger();
        race(4, () -> {
            for (int i = 0; i < 1_000; i++) {
                if (breaker.tryAcquirePermission()) {
                    granted.incrementAndGet();
                }
            }
        });
        assertThat(granted).hasValue(10);
        assertThat(breaker.metrics().numberOfNotPermittedCalls()).isEqualTo(4_000 - 10);
    }

    @Test
    void opensOnceAndReportsOneTransitionWhenRacingThreadsCrossTheThreshold() throws InterruptedException {
        CircuitBreaker breaker = CircuitBreaker.of(
                "racy",
                small().slidingWindow(1_000, 100, SlidingWindowType.COUNT_BASED).build(),
                time);
        List<CircuitBreakerEvent> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        breaker.onEvent(e -> {
            if (e instanceof CircuitBreakerEvent.StateTransition) {
                seen.add(e);
            }
        });
        race(4, () -> {
            for (int i = 0; i < 200; i++) {
                breaker.onError(FAST, new IOException());
            }
        });
        assertThat(breaker.state()).isEqualTo(State.OPEN);
        assertThat(seen).hasSize(1);
        assertThat(breaker.metrics().numberOfBufferedCalls()).isEqualTo(800); // calls finishing while open count too
    }

    private static void race(int threads, Runnable work) throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                work.run();
            });
            worker.start();
            workers.add(worker);
        }
        start.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
    }

    // ------------------------------------------------------------------ manual states

    @Test
    void disabledPermitsEverythingAndRecordsNothing() {
        CircuitBreaker breaker = breaker(small().build());
        breaker.transitionToDisabledState();
        for (int i = 0; i < 20; i++) {
            assertThat(breaker.tryAcquirePermission()).isTrue();
            breaker.onError(FAST, new IOException());
        }
        assertThat(breaker.state()).isEqualTo(State.DISABLED);
        assertThat(breaker.metrics().numberOfBufferedCalls()).isZero();
        assertThat(events).noneMatch(e -> e instanceof CircuitBreakerEvent.Error);
    }

    @Test
    void forcedOpenRejectsEverythingUntilAManualTransition() {
        CircuitBreaker breaker = breaker(small().build());
        breaker.transitionToForcedOpenState();
        time.advance(Duration.ofDays(1));
        assertThat(breaker.tryAcquirePermission()).isFalse();
        assertThatThrownBy(breaker::acquirePermission).isInstanceOf(CallNotPermittedException.class);
        assertThat(breaker.metrics().numberOfNotPermittedCalls()).isEqualTo(2);
        assertThat(events).noneMatch(e -> e instanceof CircuitBreakerEvent.CallNotPermitted);

        breaker.transitionToClosedState();
        assertThat(breaker.tryAcquirePermission()).isTrue();
    }

    @Test
    void metricsOnlyRecordsButNeverOpensAndReportsTheThresholdOnce() {
        CircuitBreaker breaker = breaker(small().build());
        breaker.transitionToMetricsOnlyState();
        for (int i = 0; i < 8; i++) {
            assertThat(breaker.tryAcquirePermission()).isTrue();
            breaker.onError(FAST, new IOException());
        }
        assertThat(breaker.state()).isEqualTo(State.METRICS_ONLY);
        assertThat(breaker.metrics().failureRate()).isEqualTo(100f);
        assertThat(events)
                .filteredOn(e -> e instanceof CircuitBreakerEvent.ThresholdsExceeded)
                .hasSize(1);
    }

    @Test
    void opensForAGivenWaitOnRequest() {
        CircuitBreaker breaker = breaker(small().build());
        breaker.transitionToOpenStateFor(Duration.ofSeconds(1));
        time.advance(Duration.ofMillis(1_001));
        assertThat(breaker.tryAcquirePermission()).isTrue();
        assertThat(breaker.state()).isEqualTo(State.HALF_OPEN);
        assertThatThrownBy(() -> breaker.transitionToOpenStateFor(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("wait must be positive, was PT0S");
    }

    @Test
    void allowsEveryManualTransitionResilience4jAllows() {
        for (State from : State.values()) {
            for (State to : State.values()) {
                CircuitBreaker breaker = CircuitBreaker.of("m", small().build(), time);
                moveTo(breaker, from);
                boolean forbidden = (from == State.CLOSED && to == State.HALF_OPEN)
                        || (from == State.METRICS_ONLY && (to == State.OPEN || to == State.HALF_OPEN));
                if (forbidden) {
                    assertThatThrownBy(() -> transition(breaker, to))
                            .isInstanceOf(IllegalStateException.class)
                            .hasMessage("CircuitBreaker 'm' cannot transition from " + from + " to " + to);
                    assertThat(breaker.state()).isEqualTo(from);
                } else {
                    transition(breaker, to);
                    assertThat(breaker.state()).as("%s to %s", from, to).isEqualTo(to);
                }
            }
        }
    }

    private static void moveTo(CircuitBreaker breaker, State state) {
        if (state == State.HALF_OPEN) {
            breaker.transitionToOpenState(); // resilience4j forbids CLOSED to HALF_OPEN
        }
        transition(breaker, state);
    }

    private static void transition(CircuitBreaker breaker, State state) {
        switch (state) {
            case CLOSED -> breaker.transitionToClosedState();
            case OPEN -> breaker.transitionToOpenState();
            case HALF_OPEN -> breaker.transitionToHalfOpenState();
            case DISABLED -> breaker.transitionToDisabledState();
            case FORCED_OPEN -> breaker.transitionToForcedOpenState();
            case METRICS_ONLY -> breaker.transitionToMetricsOnlyState();
            default -> throw new AssertionError(state);
        }
    }

    @Test
    void resetClosesWithAnEmptyWindowAndReportsIt() {
        CircuitBreaker breaker = openBreaker(small().build());
        events.clear();
        breaker.reset();
        assertThat(breaker.state()).isEqualTo(State.CLOSED);
        assertThat(breaker.metrics().numberOfBufferedCalls()).isZero();
        assertThat(events).hasSize(2);
        assertThat(events.get(0))
                .isEqualTo(new CircuitBreakerEvent.StateTransition("backend", time.now(), State.OPEN, State.CLOSED));
        assertThat(events.get(1)).isEqualTo(new CircuitBreakerEvent.Reset("backend", time.now()));

        events.clear();
        breaker.reset();
        assertThat(events).containsExactly(new CircuitBreakerEvent.Reset("backend", time.now()));
    }

    // ------------------------------------------------------------------ exceptions and results

    @Test
    void ignoredExceptionsReleaseThePermissionAndAreNotRecorded() {
        CircuitBreaker breaker = halfOpenBreaker(
                small().ignoreExceptions(IllegalArgumentException.class).build());
        assertThat(breaker.tryAcquirePermission()).isTrue();
        assertThat(breaker.tryAcquirePermission()).isTrue();
        breaker.onError(FAST, new NumberFormatException()); // a subclass of an ignored exception
        assertThat(breaker.tryAcquirePermission()).isTrue();
        assertThat(breaker.metrics().numberOfBufferedCalls()).isZero();
        assertThat(events).anyMatch(e -> e instanceof CircuitBreakerEvent.IgnoredError);
    }

    @Test
    void exceptionsOutsideTheRecordRulesCountAsSuccesses() {
        CircuitBreaker breaker = breaker(small().recordExceptions(IOException.class)
                .recordException(e -> e.getMessage() != null && e.getMessage().contains("timeout"))
                .build());
        breaker.onError(FAST, new IllegalStateException("bug"));
        breaker.onError(FAST, new IOException());
        breaker.onError(FAST, new IllegalStateException("timeout"));
        CircuitBreaker.Metrics m = breaker.metrics();
        assertThat(m.numberOfBufferedCalls()).isEqualTo(3);
        assertThat(m.numberOfFailedCalls()).isEqualTo(2);
    }

    @Test
    void unwrapsCompletionAndExecutionExceptions() {
        CircuitBreaker breaker =
                breaker(small().ignoreExceptions(IllegalArgumentException.class).build());
        breaker.onError(FAST, new CompletionException(new IllegalArgumentException()));
        breaker.onError(FAST, new ExecutionException(new IllegalArgumentException()));
        assertThat(breaker.metrics().numberOfBufferedCalls()).isZero();
        assertThat(events)
                .filteredOn(e -> e instanceof CircuitBreakerEvent.IgnoredError)
                .allSatisfy(e -> assertThat(((CircuitBreakerEvent.IgnoredError) e).error())
                        .isInstanceOf(IllegalArgumentException.class));
    }

    @Test
    void recordsResultsThatThePredicateCallsFailures() {
        CircuitBreaker breaker =
                breaker(small().recordResult(r -> r.equals("error")).build());
        breaker.onResult(FAST, "error");
        breaker.onResult(FAST, "fine");
        breaker.onResult(FAST, null);
        assertThat(breaker.metrics().numberOfFailedCalls()).isEqualTo(1);
        assertThat(breaker.metrics().numberOfBufferedCalls()).isEqualTo(3);
        assertThat(events)
                .filteredOn(e -> e instanceof CircuitBreakerEvent.Error)
                .singleElement()
                .satisfies(e -> assertThat(((CircuitBreakerEvent.Error) e).error())
                        .isInstanceOfSatisfying(
                                ResultRecordedAsFailureException.class,
                                x -> assertThat(x.result()).isEqualTo("error")));
    }

    // ------------------------------------------------------------------ decorators

    @Test
    void executeSupplierRecordsTheOutcomeWithTheMeasuredDuration() {
        CircuitBreaker breaker = breaker(small().build());
        assertThat(breaker.executeSupplier(() -> {
                    time.advance(Duration.ofSeconds(3));
                    return "ok";
                }))
                .isEqualTo("ok");
        assertThatThrownBy(() -> breaker.executeSupplier(() -> {
                    throw new IllegalStateException("down");
                }))
                .hasMessage("down");
        CircuitBreaker.Metrics m = breaker.metrics();
        assertThat(m.numberOfSlowSuccessfulCalls()).isEqualTo(1);
        assertThat(m.numberOfFailedCalls()).isEqualTo(1);
        assertThat(events)
                .filteredOn(e -> e instanceof CircuitBreakerEvent.Success)
                .singleElement()
                .satisfies(e -> assertThat(((CircuitBreakerEvent.Success) e).durationNanos())
                        .isEqualTo(Duration.ofSeconds(3).toNanos()));
    }

    @Test
    void decoratorsThrowCallNotPermittedWhenOpenWithoutCallingThrough() {
        CircuitBreaker breaker = openBreaker(small().build());
        Supplier<String> supplier = () -> {
            throw new AssertionError("must not be called");
        };
        assertThatThrownBy(() -> breaker.executeSupplier(supplier)).isInstanceOf(CallNotPermittedException.class);
        assertThatThrownBy(() -> breaker.executeCallable(() -> "x")).isInstanceOf(CallNotPermittedException.class);
        assertThatThrownBy(() -> breaker.executeRunnable(() -> {})).isInstanceOf(CallNotPermittedException.class);
        assertThatThrownBy(() -> breaker.decorateSupplier(supplier).get())
                .isInstanceOf(CallNotPermittedException.class);
        assertThat(breaker.executeCompletionStage(() -> CompletableFuture.completedFuture("x"))
                        .toCompletableFuture())
                .isCompletedExceptionally()
                .failsWithin(Duration.ZERO)
                .withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(CallNotPermittedException.class);
    }

    @Test
    void executeCallableAndRunnableRecordOutcomes() throws Exception {
        CircuitBreaker breaker = breaker(small().build());
        assertThat(breaker.executeCallable(() -> 42)).isEqualTo(42);
        assertThatThrownBy(() -> breaker.executeCallable(() -> {
                    throw new IOException("io");
                }))
                .isInstanceOf(IOException.class);
        breaker.executeRunnable(() -> {});
        assertThatThrownBy(() -> breaker.executeRunnable(() -> {
                    throw new IllegalStateException();
                }))
                .isInstanceOf(IllegalStateException.class);
        assertThat(breaker.metrics().numberOfBufferedCalls()).isEqualTo(4);
        assertThat(breaker.metrics().numberOfFailedCalls()).isEqualTo(2);
    }

    @Test
    void executeCompletionStageRecordsWhenTheStageCompletes() {
        CircuitBreaker breaker = breaker(small().build());
        CompletableFuture<String> pending = new CompletableFuture<>();
        CompletionStage<String> stage = breaker.executeCompletionStage(() -> pending);
        assertThat(breaker.metrics().numberOfBufferedCalls()).isZero();

        time.advance(Duration.ofSeconds(2));
        pending.complete("done");

        assertThat(stage.toCompletableFuture()).isCompletedWithValue("done");
        assertThat(breaker.metrics().numberOfSlowSuccessfulCalls()).isEqualTo(1);

        CompletionStage<String> failed =
                breaker.executeCompletionStage(() -> CompletableFuture.failedFuture(new IOException("io")));
        assertThat(failed.toCompletableFuture()).isCompletedExceptionally();
        CompletionStage<String> thrown = breaker.executeCompletionStage(() -> {
            throw new IllegalStateException("sync");
        });
        assertThat(thrown.toCompletableFuture()).isCompletedExceptionally();
        assertThat(breaker.metrics().numberOfFailedCalls()).isEqualTo(2);
    }

    @Test
    void decorateFunctionAppliesTheFunctionUnderTheBreaker() {
        CircuitBreaker breaker = breaker(small().build());
        Function<Integer, Integer> twice = breaker.decorateFunction(x -> 2 * x);
        assertThat(twice.apply(21)).isEqualTo(42);
        assertThat(breaker.decorateSupplier(() -> "s").get()).isEqualTo("s");
        assertThat(breaker.metrics().numberOfBufferedCalls()).isEqualTo(2);
    }

    // ------------------------------------------------------------------ events and validation

    @Test
    void aFailingListenerNeverBreaksTheCall() {
        CircuitBreaker breaker = CircuitBreaker.of("noisy", small().build(), time);
        breaker.onEvent(e -> {
            throw new IllegalStateException("listener bug");
        });
        List<CircuitBreakerEvent> seen = new ArrayList<>();
        breaker.onEvent(seen::add);
        assertThat(breaker.executeSupplier(() -> "ok")).isEqualTo("ok");
        assertThat(seen).hasSize(1);
    }

    @Test
    void stopsDeliveringEventsOnceTheRegistrationIsClosed() {
        CircuitBreaker breaker = CircuitBreaker.of("quiet", small().build(), time);
        List<CircuitBreakerEvent> seen = new ArrayList<>();
        var registration = breaker.onEvent(seen::add);
        breaker.onSuccess(FAST);
        registration.close();
        breaker.onSuccess(FAST);
        breaker.transitionToOpenState();
        assertThat(seen).hasSize(1);
    }

    @Test
    void rejectsBadArguments() {
        CircuitBreakerConfig config = small().build();
        assertThatThrownBy(() -> CircuitBreaker.of(" ", config, time))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("name must not be blank, was \" \"");
        assertThatThrownBy(() -> CircuitBreaker.of("x", null, time))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("config");
        assertThatThrownBy(() -> CircuitBreaker.of("x", config, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("timeSource");
        assertThatThrownBy(() -> CircuitBreaker.of("x", config, time, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("scheduler");
        CircuitBreaker breaker = CircuitBreaker.of("x", config, time);
        assertThatThrownBy(() -> breaker.onError(1, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("error");
        assertThatThrownBy(() -> breaker.onEvent(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void ofDefaultsUsesTheDefaultConfigurationAndTheSystemClock() {
        CircuitBreaker breaker = CircuitBreaker.ofDefaults("plain");
        assertThat(breaker.config()).isSameAs(CircuitBreakerConfig.ofDefaults());
        assertThat(breaker.timeSource()).isSameAs(dev.nines.core.time.TimeSource.system());
    }

    @Test
    void withoutSlowCallDetectionNoCallIsSlowAndOnlyTheFailureRateOpensTheBreaker() {
        CircuitBreaker breaker = breaker(
                small().slowCallRateThreshold(1).slowCallDetectionEnabled(false).build());

        for (int i = 0; i < 10; i++) {
            breaker.onSuccess(SLOW);
        }
        breaker.onError(SLOW, new IOException());

        assertThat(breaker.state()).isEqualTo(State.CLOSED);
        assertThat(breaker.metrics().numberOfSlowCalls()).isZero();
        assertThat(breaker.metrics().numberOfSlowFailedCalls()).isZero();
        assertThat(breaker.metrics().slowCallRate()).isZero();
        assertThat(breaker.metrics().numberOfBufferedCalls()).isEqualTo(10);
        assertThat(breaker.metrics().numberOfFailedCalls()).isOne();
        CircuitBreakerEvent.Success success = (CircuitBreakerEvent.Success) events.get(0);
        assertThat(success.durationNanos())
                .as("events still carry the duration")
                .isEqualTo(SLOW);
    }

    @Test
    void needsTheDurationOnlyForSlowCallDetectionOrWhileSomeoneListens() {
        CircuitBreaker detecting = CircuitBreaker.of("detecting", small().build(), time);
        CircuitBreaker blind = CircuitBreaker.of(
                "blind", small().slowCallDetectionEnabled(false).build(), time);

        assertThat(detecting.needsDuration()).isTrue();
        assertThat(blind.needsDuration()).isFalse();

        var registration = blind.onEvent(events::add);
        assertThat(blind.needsDuration()).as("events carry the duration").isTrue();
        registration.close();
        assertThat(blind.needsDuration()).isFalse();
    }

    /**
     * Without slow-call detection a breaker fed real durations ends exactly where one fed only
     * zero durations does (the duration a pipeline reports when it reads no clock): state and
     * every metric.
     */
    @Property(tries = 300)
    void withoutSlowCallDetectionDurationsChangeNothing(
            @ForAll @Size(max = 60) List<@LongRange(min = 0, max = 5_000_000_000L) Long> durations,
            @ForAll @Size(max = 60) List<Boolean> failures) {
        CircuitBreakerConfig config = small().slowCallRateThreshold(1)
                .slowCallDurationThreshold(Duration.ofNanos(1))
                .slowCallDetectionEnabled(false)
                .build();
        CircuitBreaker timed = CircuitBreaker.of("timed", config, time);
        CircuitBreaker untimed = CircuitBreaker.of("untimed", config, time);

        for (int i = 0; i < Math.min(durations.size(), failures.size()); i++) {
            boolean permitted = timed.tryAcquirePermission();
            assertThat(untimed.tryAcquirePermission()).isEqualTo(permitted);
            if (!permitted) {
                time.advance(Duration.ofSeconds(11));
                continue;
            }
            if (failures.get(i)) {
                timed.onError(durations.get(i), new IOException());
                untimed.onError(0, new IOException());
            } else {
                timed.onSuccess(durations.get(i));
                untimed.onSuccess(0);
            }
            assertThat(timed.state()).isEqualTo(untimed.state());
            assertThat(timed.metrics()).isEqualTo(untimed.metrics());
        }
    }

    @Test
    void withoutSlowCallDetectionItsOwnCallsReadNoClockWhileNobodyListens() throws Exception {
        AtomicInteger reads = new AtomicInteger();
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
        CircuitBreaker breaker = CircuitBreaker.of(
                "blind", small().slowCallDetectionEnabled(false).build(), counting);

        assertThat(breaker.executeSupplier(() -> "ok")).isEqualTo("ok");
        assertThat(breaker.executeCallable(() -> "ok")).isEqualTo("ok");
        breaker.executeRunnable(() -> {});
        assertThat(breaker.executeCompletionStage(() -> CompletableFuture.completedFuture("ok"))
                        .toCompletableFuture()
                        .get())
                .isEqualTo("ok");

        assertThat(reads).hasValue(0);
        assertThat(breaker.metrics().numberOfBufferedCalls()).isEqualTo(4);

        List<Long> durations = new ArrayList<>();
        breaker.onEvent(event -> {
            if (event instanceof CircuitBreakerEvent.Success success) {
                durations.add(success.durationNanos());
            }
        });
        breaker.executeSupplier(() -> {
            time.advance(Duration.ofMillis(3));
            return "ok";
        });

        assertThat(reads).as("a listener's events carry the duration").hasValue(2);
        assertThat(durations).containsExactly(Duration.ofMillis(3).toNanos());
    }
}
