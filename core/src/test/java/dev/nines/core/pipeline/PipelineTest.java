package dev.nines.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nines.core.adaptivelimit.AdaptiveLimiter;
import dev.nines.core.adaptivelimit.AdaptiveLimiterConfig;
import dev.nines.core.adaptivelimit.AdaptiveLimiterFullException;
import dev.nines.core.adaptivelimit.LimitAlgorithm;
import dev.nines.core.bulkhead.Bulkhead;
import dev.nines.core.bulkhead.BulkheadConfig;
import dev.nines.core.bulkhead.BulkheadEvent;
import dev.nines.core.bulkhead.BulkheadFullException;
import dev.nines.core.circuitbreaker.CallNotPermittedException;
import dev.nines.core.circuitbreaker.CircuitBreaker;
import dev.nines.core.circuitbreaker.CircuitBreakerConfig;
import dev.nines.core.circuitbreaker.CircuitBreakerEvent;
import dev.nines.core.fallback.Fallback;
import dev.nines.core.fallback.FallbackConfig;
import dev.nines.core.fallback.FallbackEvent;
import dev.nines.core.fallback.StaleCache;
import dev.nines.core.fallback.StaleCacheConfig;
import dev.nines.core.fallback.StaleCacheEvent;
import dev.nines.core.pipeline.Pipeline.Stage;
import dev.nines.core.ratelimit.RateLimiter;
import dev.nines.core.ratelimit.RateLimiterConfig;
import dev.nines.core.ratelimit.RateLimiterEvent;
import dev.nines.core.ratelimit.RequestNotPermittedException;
import dev.nines.core.retry.Retry;
import dev.nines.core.retry.RetryConfig;
import dev.nines.core.retry.RetryEvent;
import dev.nines.core.retry.Sleeper;
import dev.nines.core.time.ManualScheduler;
import dev.nines.core.time.ManualTimeSource;
import dev.nines.core.time.TimeSource;
import dev.nines.core.timelimit.TimeLimiter;
import dev.nines.core.timelimit.TimeLimiterConfig;
import dev.nines.core.timelimit.TimeLimiterEvent;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class PipelineTest {

    private final ManualTimeSource time = ManualTimeSource.at(Instant.parse("2026-01-01T00:00:00Z"));
    private final List<Duration> waits = new ArrayList<>();
    private final Sleeper sleeper = nanos -> {
        waits.add(Duration.ofNanos(nanos));
        time.advanceNanos(nanos);
    };
    private final ManualScheduler scheduler = ManualScheduler.of(time);

    private Retry retry(RetryConfig config) {
        return Retry.of("backend", config, time, sleeper);
    }

    private Retry retry(int maxAttempts) {
        return retry(RetryConfig.builder()
                .maxAttempts(maxAttempts)
                .waitDuration(Duration.ofMillis(100))
                .build());
    }

    /** Opens after two failures out of two calls, stays open a minute. */
    private CircuitBreaker breaker() {
        return CircuitBreaker.of(
                "backend",
                CircuitBreakerConfig.builder()
                        .slidingWindow(2, 2, CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                        .failureRateThreshold(50)
                        .waitDurationInOpenState(Duration.ofMinutes(1))
                        .build(),
                time);
    }

    private Bulkhead bulkhead(int maxConcurrentCalls) {
        return Bulkhead.of(
                "backend",
                BulkheadConfig.builder().maxConcurrentCalls(maxConcurrentCalls).build(),
                time);
    }

    private static Fallback fallback() {
        return Fallback.of("backend", FallbackConfig.ofDefaults());
    }

    /** Fails {@code failures} times with {@code failure}, then returns {@code "ok"}. */
    private static Supplier<String> failing(int failures, RuntimeException failure, AtomicInteger calls) {
        return () -> {
            if (calls.incrementAndGet() <= failures) {
                throw failure;
            }
            return "ok";
        };
    }

    private static long count(List<?> events, Class<?> type) {
        return events.stream().filter(type::isInstance).count();
    }

    /** A custom stage that logs when it is entered, synchronously and asynchronously. */
    private static final class Recording implements PipelineStage<String> {
        private final String label;
        private final List<String> log;

        Recording(String label, List<String> log) {
            this.label = label;
            this.log = log;
        }

        @Override
        public String name() {
            return label;
        }

        @Override
        public Supplier<String> decorateSupplier(Supplier<String> next) {
            return () -> {
                log.add(label);
                return next.get();
            };
        }

        @Override
        public Callable<String> decorateCallable(Callable<String> next) {
            return () -> {
                log.add(label);
                return next.call();
            };
        }

        @Override
        public Supplier<CompletionStage<String>> decorateCompletionStage(
                ScheduledExecutorService s, Supplier<CompletionStage<String>> next) {
            return () -> {
                log.add(label);
                return next.get();
            };
        }
    }

    // ---- order -------------------------------------------------------------------------------

    @Test
    void runsStagesInTheConventionalOrderWhateverOrderTheyWereAddedIn() {
        Pipeline<String> pipeline = Resilience.<String>pipeline()
                .adaptiveLimiter(AdaptiveLimiter.of("limit", AdaptiveLimiterConfig.ofDefaults(), time))
                .bulkhead(bulkhead(1))
                .timeLimiter(TimeLimiter.of("time", TimeLimiterConfig.ofDefaults(), time))
                .rateLimiter(RateLimiter.of("rate", RateLimiterConfig.ofDefaults(), time))
                .circuitBreaker(breaker())
                .retry(retry(3))
                .staleCache(StaleCache.of("cache", StaleCacheConfig.ofDefaults(), time), "key")
                .fallback(fallback(), failure -> "fallback")
                .build();

        assertThat(pipeline.stages())
                .containsExactly(
                        Stage.FALLBACK,
                        Stage.STALE_CACHE,
                        Stage.RETRY,
                        Stage.CIRCUIT_BREAKER,
                        Stage.RATE_LIMITER,
                        Stage.TIME_LIMITER,
                        Stage.BULKHEAD,
                        Stage.ADAPTIVE_LIMITER);
        assertThat(pipeline)
                .hasToString("Pipeline[FALLBACK 'backend', STALE_CACHE 'cache', RETRY 'backend', "
                        + "CIRCUIT_BREAKER 'backend', RATE_LIMITER 'rate', TIME_LIMITER 'time', BULKHEAD 'backend', "
                        + "ADAPTIVE_LIMITER 'limit']");
    }

    @Test
    void customStagesRunAtTheirDocumentedPositionsInTheOrderAdded() {
        List<String> log = new ArrayList<>();
        CircuitBreaker breaker = CircuitBreaker.of("backend", CircuitBreakerConfig.ofDefaults(), time);
        breaker.onEvent(event -> log.add("breaker " + event.getClass().getSimpleName()));
        Pipeline<String> pipeline = Resilience.<String>pipeline()
                .stage(Stage.CUSTOM_CALL, new Recording("call", log))
                .circuitBreaker(breaker)
                .stage(Stage.CUSTOM_ATTEMPT, new Recording("attempt", log))
                .retry(retry(3))
                .stage(Stage.CUSTOM_OUTER, new Recording("outer-1", log))
                .stage(Stage.CUSTOM_OUTER, new Recording("outer-2", log))
                .build();

        assertThat(pipeline.stages())
                .containsExactly(
                        Stage.CUSTOM_OUTER,
                        Stage.CUSTOM_OUTER,
                        Stage.RETRY,
                        Stage.CUSTOM_ATTEMPT,
                        Stage.CIRCUIT_BREAKER,
                        Stage.CUSTOM_CALL);
        assertThat(pipeline)
                .hasToString("Pipeline[CUSTOM_OUTER 'outer-1', CUSTOM_OUTER 'outer-2', RETRY 'backend', "
                        + "CUSTOM_ATTEMPT 'attempt', CIRCUIT_BREAKER 'backend', CUSTOM_CALL 'call']");
        AtomicInteger attempts = new AtomicInteger();
        assertThat(pipeline.executeSupplier(() -> {
                    if (attempts.incrementAndGet() < 3) {
                        throw new IllegalStateException("attempt " + attempts.get());
                    }
                    return "ok";
                }))
                .isEqualTo("ok");

        assertThat(log)
                .containsExactly(
                        "outer-1",
                        "outer-2",
                        "attempt",
                        "call",
                        "breaker Error",
                        "attempt",
                        "call",
                        "breaker Error",
                        "attempt",
                        "call",
                        "breaker Success");

        log.clear();
        CompletionStage<String> async =
                pipeline.executeCompletionStage(scheduler, () -> CompletableFuture.completedFuture("async"));
        scheduler.runDue();
        assertThat(async.toCompletableFuture().join()).isEqualTo("async");
        assertThat(log).containsExactly("outer-1", "outer-2", "attempt", "call", "breaker Success");
    }

    @Test
    void aCustomCallStageRunsOnlyOnceEveryPermitIsGranted() {
        List<String> log = new ArrayList<>();
        Bulkhead bulkhead = bulkhead(1);
        Pipeline<String> pipeline = Resilience.<String>pipeline()
                .bulkhead(bulkhead)
                .stage(Stage.CUSTOM_CALL, new Recording("call", log))
                .build();
        bulkhead.acquirePermission();

        assertThatThrownBy(() -> pipeline.executeSupplier(() -> "x")).isInstanceOf(BulkheadFullException.class);
        assertThat(log).isEmpty();
    }

    @Test
    void theGuardsOfAnAttemptShareOneStartAndOneEndReadingOfTheClock() {
        AtomicInteger reads = new AtomicInteger();
        TimeSource counting = new TimeSource() {
            @Override
            public long nanoTime() {
                reads.incrementAndGet();
                return time.nanoTime();
            }

            @Override
            public java.time.Instant now() {
                return time.now();
            }
        };
        CircuitBreaker breaker = CircuitBreaker.of(
                "backend",
                CircuitBreakerConfig.builder()
                        .slowCallDurationThreshold(Duration.ofMillis(100))
                        .build(),
                counting);
        AdaptiveLimiter limiter = AdaptiveLimiter.of(
                "limit",
                AdaptiveLimiterConfig.builder().algorithm(LimitAlgorithm.aimd()).build(),
                counting);
        Bulkhead bulkhead = Bulkhead.of(
                "backend", BulkheadConfig.builder().maxConcurrentCalls(2).build(), counting);
        List<Duration> breakerDurations = new ArrayList<>();
        breaker.onEvent(event -> {
            if (event instanceof CircuitBreakerEvent.Success) {
                breakerDurations.add(Duration.ofNanos(((CircuitBreakerEvent.Success) event).durationNanos()));
            }
        });
        Supplier<String> call = Resilience.<String>pipeline()
                .circuitBreaker(breaker)
                .bulkhead(bulkhead)
                .adaptiveLimiter(limiter)
                .build()
                .decorateSupplier(() -> {
                    time.advance(Duration.ofMillis(150));
                    return "slow";
                });
        reads.set(0);

        assertThat(call.get()).isEqualTo("slow");

        assertThat(reads)
                .as("one start and one end reading for the three guards")
                .hasValue(2);
        assertThat(breakerDurations).containsExactly(Duration.ofMillis(150));
        assertThat(breaker.metrics().numberOfSlowCalls()).isOne();
        assertThat(limiter.inflight()).isZero();
        assertThat(bulkhead.availablePermits()).isEqualTo(2);
    }

    /** A time source over {@link #time} that counts its nanoTime readings. */
    private TimeSource counting(AtomicInteger reads) {
        return new TimeSource() {
            @Override
            public long nanoTime() {
                reads.incrementAndGet();
                return time.nanoTime();
            }

            @Override
            public java.time.Instant now() {
                return time.now();
            }
        };
    }

    @Test
    void guardsThatNeedNoDurationReadNoClockUntilSomeoneListensToTheBreaker() {
        AtomicInteger reads = new AtomicInteger();
        TimeSource counting = counting(reads);
        CircuitBreaker breaker = CircuitBreaker.of(
                "backend",
                CircuitBreakerConfig.builder()
                        .slowCallDurationThreshold(Duration.ofMillis(100))
                        .slowCallRateThreshold(1)
                        .slowCallDetectionEnabled(false)
                        .build(),
                counting);
        Bulkhead bulkhead = Bulkhead.of(
                "backend", BulkheadConfig.builder().maxConcurrentCalls(2).build(), counting);
        Supplier<String> call = Resilience.<String>pipeline()
                .retry(retry(1))
                .circuitBreaker(breaker)
                .bulkhead(bulkhead)
                .build()
                .decorateSupplier(() -> {
                    assertThat(bulkhead.availablePermits()).isOne();
                    time.advance(Duration.ofMillis(150));
                    return "slow";
                });

        assertThat(call.get()).isEqualTo("slow");

        assertThat(reads).as("no guard needs the duration").hasValue(0);
        assertThat(breaker.metrics().numberOfBufferedCalls()).isOne();
        assertThat(breaker.metrics().numberOfSlowCalls()).isZero();
        assertThat(bulkhead.availablePermits()).isEqualTo(2);

        List<Long> durations = new ArrayList<>();
        breaker.onEvent(event -> {
            if (event instanceof CircuitBreakerEvent.Success success) {
                durations.add(success.durationNanos());
            }
        });
        assertThat(call.get()).isEqualTo("slow");

        assertThat(reads).as("a listener's events carry the duration").hasValue(2);
        assertThat(durations).containsExactly(Duration.ofMillis(150).toNanos());
        assertThat(breaker.metrics().numberOfSlowCalls())
                .as("still no slow call")
                .isZero();
    }

    @Test
    void anAdaptiveLimiterStillGetsTheDurationBesideABreakerWithoutSlowCallDetection() {
        AtomicInteger reads = new AtomicInteger();
        TimeSource counting = counting(reads);
        CircuitBreaker breaker = CircuitBreaker.of(
                "backend",
                CircuitBreakerConfig.builder().slowCallDetectionEnabled(false).build(),
                counting);
        AdaptiveLimiter limiter = AdaptiveLimiter.of(
                "limit",
                AdaptiveLimiterConfig.builder().algorithm(LimitAlgorithm.aimd()).build(),
                counting);
        Supplier<String> call = Resilience.<String>pipeline()
                .circuitBreaker(breaker)
                .adaptiveLimiter(limiter)
                .build()
                .decorateSupplier(() -> {
                    time.advance(Duration.ofMillis(150));
                    return "ok";
                });

        assertThat(call.get()).isEqualTo("ok");

        assertThat(reads).as("the limiter needs the call's latency").hasValue(2);
        assertThat(limiter.inflight()).isZero();
    }

    @Test
    void aRejectionInsideTheBreakerIsReportedToItAsTheAttemptsError() {
        CircuitBreaker breaker = CircuitBreaker.of(
                "backend",
                CircuitBreakerConfig.builder()
                        .slidingWindow(2, 2, CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                        .build(),
                time);
        Bulkhead bulkhead = bulkhead(1);
        bulkhead.acquirePermission();
        Supplier<String> call = Resilience.<String>pipeline()
                .circuitBreaker(breaker)
                .bulkhead(bulkhead)
                .build()
                .decorateSupplier(() -> "x");

        assertThatThrownBy(call::get).isInstanceOf(BulkheadFullException.class);
        assertThatThrownBy(call::get).isInstanceOf(BulkheadFullException.class);

        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(breaker.metrics().numberOfFailedCalls()).isEqualTo(2);
    }

    @Test
    void allFourGuardsShareTheAttemptAndARefusalReachesOnlyTheGuardsThatGrantedIt() throws Exception {
        CircuitBreaker breaker = CircuitBreaker.of(
                "backend",
                CircuitBreakerConfig.builder()
                        .slidingWindow(10, 10, CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                        .slowCallDurationThreshold(Duration.ofMillis(100))
                        .build(),
                time);
        RateLimiter rateLimiter = RateLimiter.of(
                "rate",
                RateLimiterConfig.builder()
                        .limitForPeriod(10)
                        .limitRefreshPeriod(Duration.ofHours(1))
                        .build(),
                time);
        Bulkhead bulkhead = bulkhead(2);
        AdaptiveLimiter limiter = AdaptiveLimiter.of(
                "limit",
                AdaptiveLimiterConfig.builder()
                        .minLimit(1)
                        .initialLimit(1)
                        .maxLimit(1)
                        .algorithm(LimitAlgorithm.aimd())
                        .build(),
                time);
        Pipeline<String> pipeline = Resilience.<String>pipeline()
                .adaptiveLimiter(limiter)
                .bulkhead(bulkhead)
                .rateLimiter(rateLimiter)
                .circuitBreaker(breaker)
                .build();
        Supplier<String> slow = pipeline.decorateSupplier(() -> {
            time.advance(Duration.ofMillis(150));
            return "slow";
        });
        Callable<String> failing = pipeline.decorateCallable(() -> {
            throw new IOException("down");
        });

        assertThat(slow.get()).isEqualTo("slow");
        assertThat(breaker.metrics().numberOfSlowCalls()).isOne();
        assertThatThrownBy(failing::call).isInstanceOf(IOException.class);
        assertThat(breaker.metrics().numberOfFailedCalls()).isOne();
        assertThat(limiter.inflight()).isZero();
        assertThat(bulkhead.availablePermits()).isEqualTo(2);

        // The innermost guard refuses: the three outer ones granted, and each hears of the refusal.
        AdaptiveLimiter.Permit held = limiter.tryAcquirePermission();
        assertThatThrownBy(slow::get).isInstanceOf(AdaptiveLimiterFullException.class);
        assertThat(bulkhead.availablePermits()).isEqualTo(2);
        assertThat(breaker.metrics().numberOfFailedCalls()).isEqualTo(2);
        assertThat(rateLimiter.availablePermits()).isEqualTo(7);
        held.onIgnore();

        // The third guard refuses: the fourth is never asked.
        bulkhead.acquirePermission();
        bulkhead.acquirePermission();
        assertThatThrownBy(slow::get).isInstanceOf(BulkheadFullException.class);
        assertThat(limiter.inflight()).isZero();
        assertThat(breaker.metrics().numberOfFailedCalls()).isEqualTo(3);
        assertThat(rateLimiter.availablePermits()).isEqualTo(6);
        bulkhead.releasePermission();
        bulkhead.releasePermission();

        // The outermost guard refuses: nobody else is asked or told.
        breaker.transitionToForcedOpenState();
        assertThatThrownBy(slow::get).isInstanceOf(CallNotPermittedException.class);
        assertThat(rateLimiter.availablePermits()).isEqualTo(6);
        assertThat(bulkhead.availablePermits()).isEqualTo(2);
    }

    @Test
    void retrySeesTheBreakerOpenAndEveryAttemptIsRecordedByTheBreaker() {
        CircuitBreaker breaker = breaker();
        List<CircuitBreakerEvent> breakerEvents = new ArrayList<>();
        breaker.onEvent(breakerEvents::add);
        Pipeline<String> pipeline = Resilience.<String>pipeline()
                .circuitBreaker(breaker)
                .retry(retry(4))
                .build();
        AtomicInteger calls = new AtomicInteger();
        IllegalStateException down = new IllegalStateException("down");

        assertThatThrownBy(() -> pipeline.executeSupplier(failing(10, down, calls)))
                .isInstanceOf(CallNotPermittedException.class);

        assertThat(calls).hasValue(2);
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(count(breakerEvents, CircuitBreakerEvent.Error.class)).isEqualTo(2);
        assertThat(count(breakerEvents, CircuitBreakerEvent.CallNotPermitted.class))
                .isEqualTo(2);
        assertThat(waits).hasSize(3);
    }

    @Test
    void retryStopsAtAnOpenBreakerWhenItsPredicateIgnoresCallNotPermitted() {
        CircuitBreaker breaker = breaker();
        breaker.transitionToOpenState();
        Retry retry = retry(RetryConfig.builder()
                .maxAttempts(5)
                .ignoreExceptions(CallNotPermittedException.class)
                .build());
        List<RetryEvent> retryEvents = new ArrayList<>();
        retry.onEvent(retryEvents::add);
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> Resilience.<String>pipeline()
                        .retry(retry)
                        .circuitBreaker(breaker)
                        .build()
                        .executeSupplier(failing(0, null, calls)))
                .isInstanceOf(CallNotPermittedException.class);

        assertThat(calls).hasValue(0);
        assertThat(waits).isEmpty();
        assertThat(retryEvents).singleElement().isInstanceOf(RetryEvent.IgnoredError.class);
    }

    @Test
    void aFullBulkheadIsRetriedWhenTheRetryPredicateAcceptsItAndItsPermitIsFreeDuringTheBackoff() {
        Bulkhead bulkhead = bulkhead(1);
        bulkhead.acquirePermission(); // another call holds the only permit
        AtomicInteger calls = new AtomicInteger();
        List<Integer> freePermitsDuringWaits = new ArrayList<>();
        Retry retry = Retry.of(
                "backend",
                RetryConfig.builder()
                        .maxAttempts(3)
                        .retryExceptions(BulkheadFullException.class)
                        .build(),
                time,
                nanos -> {
                    freePermitsDuringWaits.add(bulkhead.availablePermits());
                    if (freePermitsDuringWaits.size() == 2) {
                        bulkhead.onComplete(); // the other call ends during the second wait
                    }
                });
        Pipeline<String> pipeline =
                Resilience.<String>pipeline().bulkhead(bulkhead).retry(retry).build();

        assertThat(pipeline.executeSupplier(failing(0, null, calls))).isEqualTo("ok");

        assertThat(calls).hasValue(1);
        assertThat(bulkhead.rejectedCalls()).isEqualTo(2);
        assertThat(freePermitsDuringWaits).containsExactly(0, 0);
        assertThat(bulkhead.availablePermits()).isOne();
    }

    @Test
    void aFullBulkheadIsNotRetriedWhenTheRetryPredicateIgnoresIt() {
        Bulkhead bulkhead = bulkhead(1);
        bulkhead.acquirePermission();
        Retry retry = retry(RetryConfig.builder()
                .maxAttempts(3)
                .ignoreExceptions(BulkheadFullException.class)
                .build());

        assertThatThrownBy(() -> Resilience.<String>pipeline()
                        .retry(retry)
                        .bulkhead(bulkhead)
                        .build()
                        .executeSupplier(() -> "ok"))
                .isInstanceOf(BulkheadFullException.class);

        assertThat(bulkhead.rejectedCalls()).isOne();
        assertThat(waits).isEmpty();
    }

    @Test
    void aBulkheadPermitIsHeldOnlyWhileTheCallRunsNotDuringTheRetryBackoff() {
        Bulkhead bulkhead = bulkhead(1);
        List<Integer> freePermitsDuringWaits = new ArrayList<>();
        List<Integer> freePermitsDuringCalls = new ArrayList<>();
        Retry retry = Retry.of(
                "backend",
                RetryConfig.ofDefaults(),
                time,
                nanos -> freePermitsDuringWaits.add(bulkhead.availablePermits()));
        AtomicInteger calls = new AtomicInteger();
        Supplier<String> call = () -> {
            freePermitsDuringCalls.add(bulkhead.availablePermits());
            return failing(2, new IllegalStateException(), calls).get();
        };

        assertThat(Resilience.<String>pipeline()
                        .retry(retry)
                        .bulkhead(bulkhead)
                        .build()
                        .executeSupplier(call))
                .isEqualTo("ok");

        assertThat(freePermitsDuringCalls).containsExactly(0, 0, 0);
        assertThat(freePermitsDuringWaits).containsExactly(1, 1);
    }

    @Test
    void eachAttemptTakesItsOwnRateLimiterPermit() {
        RateLimiter rateLimiter = RateLimiter.of(
                "rate",
                RateLimiterConfig.builder()
                        .limitForPeriod(2)
                        .limitRefreshPeriod(Duration.ofHours(1))
                        .build(),
                time);
        AtomicInteger calls = new AtomicInteger();
        Pipeline<String> pipeline = Resilience.<String>pipeline()
                .rateLimiter(rateLimiter)
                .retry(retry(3))
                .build();

        assertThatThrownBy(() -> pipeline.executeSupplier(failing(10, new IllegalStateException(), calls)))
                .isInstanceOf(RequestNotPermittedException.class);

        assertThat(calls).hasValue(2);
        assertThat(rateLimiter.availablePermits()).isZero();
    }

    @Test
    void fallbackCatchesTheOpenBreakersCallNotPermitted() {
        CircuitBreaker breaker = breaker();
        breaker.transitionToForcedOpenState();
        Fallback fallback = fallback();
        List<FallbackEvent> fallbackEvents = new ArrayList<>();
        fallback.onEvent(fallbackEvents::add);
        Pipeline<String> pipeline = Resilience.<String>pipeline()
                .fallback(fallback, failure -> "degraded: " + failure.getClass().getSimpleName())
                .retry(retry(3))
                .circuitBreaker(breaker)
                .build();

        assertThat(pipeline.executeSupplier(() -> "ok")).isEqualTo("degraded: CallNotPermittedException");

        assertThat(fallbackEvents)
                .singleElement()
                .isInstanceOfSatisfying(
                        FallbackEvent.Applied.class,
                        applied -> assertThat(applied.cause()).isInstanceOf(CallNotPermittedException.class));
        assertThat(waits).hasSize(2); // the retry tried three times before giving up
    }

    @Test
    void staleCacheServesTheLastValueWhileTheBreakerIsOpenAndAFreshOneAfterwards() {
        CircuitBreaker breaker = breaker();
        StaleCache<String, String> cache = StaleCache.of(
                "prices",
                StaleCacheConfig.builder()
                        .freshTtl(Duration.ofSeconds(10))
                        .staleTtl(Duration.ofHours(1))
                        .serveStaleOn(e -> e instanceof CallNotPermittedException)
                        .build(),
                time);
        List<StaleCacheEvent> cacheEvents = new ArrayList<>();
        cache.onEvent(cacheEvents::add);
        Pipeline<String> pipeline = Resilience.<String>pipeline()
                .circuitBreaker(breaker)
                .staleCache(cache, "EUR")
                .fallback(fallback(), failure -> "no price")
                .build();
        AtomicInteger version = new AtomicInteger();
        Supplier<String> price = pipeline.decorateSupplier(() -> "price v" + version.incrementAndGet());

        assertThat(price.get()).isEqualTo("price v1");
        time.advance(Duration.ofMinutes(1));
        breaker.transitionToOpenState();
        assertThat(price.get()).isEqualTo("price v1");
        assertThat(cacheEvents)
                .singleElement()
                .isInstanceOfSatisfying(
                        StaleCacheEvent.ServedStale.class,
                        stale -> assertThat(stale.failure()).isInstanceOf(CallNotPermittedException.class));
        assertThat(cache.metrics().numberOfStaleAnswers()).isOne();

        time.advance(Duration.ofMinutes(1));
        breaker.transitionToClosedState();
        assertThat(price.get()).isEqualTo("price v2");
        assertThat(version).hasValue(2);
    }

    @Test
    void theFallbackAnswersWhenTheStaleCacheHasNothingToServe() {
        CircuitBreaker breaker = breaker();
        breaker.transitionToOpenState();
        StaleCache<String, String> cache = StaleCache.of("prices", StaleCacheConfig.ofDefaults(), time);

        String answer = Resilience.<String>pipeline()
                .circuitBreaker(breaker)
                .staleCache(cache, "EUR")
                .fallback(fallback(), failure -> "no price")
                .build()
                .executeSupplier(() -> "price");

        assertThat(answer).isEqualTo("no price");
        assertThat(cache.metrics().numberOfFailures()).isOne();
    }

    // ---- events --------------------------------------------------------------------------------

    @Test
    void aComposedCallEmitsTheEventsOfEveryPolicy() {
        Retry retry = retry(3);
        CircuitBreaker breaker = CircuitBreaker.of("backend", CircuitBreakerConfig.ofDefaults(), time);
        RateLimiter rateLimiter = RateLimiter.of("rate", RateLimiterConfig.ofDefaults(), time);
        Bulkhead bulkhead = bulkhead(2);
        Fallback fallback = fallback();
        List<RetryEvent> retryEvents = new ArrayList<>();
        List<CircuitBreakerEvent> breakerEvents = new ArrayList<>();
        List<RateLimiterEvent> rateEvents = new ArrayList<>();
        List<BulkheadEvent> bulkheadEvents = new ArrayList<>();
        List<FallbackEvent> fallbackEvents = new ArrayList<>();
        retry.onEvent(retryEvents::add);
        breaker.onEvent(breakerEvents::add);
        rateLimiter.onEvent(rateEvents::add);
        bulkhead.onEvent(bulkheadEvents::add);
        fallback.onEvent(fallbackEvents::add);
        IllegalStateException failure = new IllegalStateException("blip");
        Pipeline<String> pipeline = Resilience.<String>pipeline()
                .bulkhead(bulkhead)
                .fallback(fallback, f -> "x")
                .rateLimiter(rateLimiter)
                .circuitBreaker(breaker)
                .retry(retry)
                .build();

        assertThat(pipeline.executeSupplier(failing(1, failure, new AtomicInteger())))
                .isEqualTo("ok");

        assertThat(retryEvents)
                .containsExactly(
                        new RetryEvent.Retrying("backend", 1, Duration.ofMillis(100), java.util.Optional.of(failure)),
                        new RetryEvent.Succeeded("backend", 1));
        assertThat(breakerEvents).hasSize(2);
        assertThat(breakerEvents.get(0))
                .isInstanceOfSatisfying(
                        CircuitBreakerEvent.Error.class,
                        error -> assertThat(error.error()).isSameAs(failure));
        assertThat(breakerEvents.get(1)).isInstanceOf(CircuitBreakerEvent.Success.class);
        assertThat(rateEvents).hasSize(2).allMatch(RateLimiterEvent.PermitsGranted.class::isInstance);
        assertThat(bulkheadEvents)
                .extracting(e -> e.getClass().getSimpleName())
                .containsExactly("CallPermitted", "CallFinished", "CallPermitted", "CallFinished");
        assertThat(fallbackEvents).isEmpty();
        assertThat(fallback.metrics().numberOfCallsWithoutFallback()).isOne();
    }

    // ---- Callable, Function, adaptive limiter ------------------------------------------------------

    @Test
    void aCallableKeepsItsCheckedExceptionsForThePredicates() throws Exception {
        CircuitBreaker breaker = breaker();
        Retry retry = retry(RetryConfig.builder()
                .maxAttempts(3)
                .waitDuration(Duration.ofMillis(100))
                .retryExceptions(IOException.class)
                .build());
        AtomicInteger calls = new AtomicInteger();
        Callable<String> call = () -> {
            if (calls.incrementAndGet() == 1) {
                throw new IOException("reset");
            }
            return "ok";
        };

        Callable<String> decorated = Resilience.<String>pipeline()
                .retry(retry)
                .circuitBreaker(breaker)
                .bulkhead(bulkhead(1))
                .build()
                .decorateCallable(call);

        assertThat(decorated.call()).isEqualTo("ok");
        assertThat(calls).hasValue(2);
        assertThat(breaker.metrics().numberOfFailedCalls()).isOne();
        assertThat(breaker.metrics().numberOfBufferedCalls()).isEqualTo(2);
    }

    @Test
    void aCallablesUnhandledCheckedFailureReachesTheCallerAndAHandledOneTheFallback() {
        Fallback fallback = Fallback.of(
                "backend",
                FallbackConfig.builder()
                        .fallbackOnException(e -> e instanceof TimeoutException)
                        .build());
        Pipeline<String> pipeline =
                Resilience.<String>pipeline().fallback(fallback, f -> "late").build();

        assertThatThrownBy(() -> pipeline.executeCallable(() -> {
                    throw new IOException("reset");
                }))
                .isInstanceOf(IOException.class)
                .hasMessage("reset");
        assertThat(catching(() -> pipeline.executeCallable(() -> {
                    throw new TimeoutException();
                })))
                .isEqualTo("late");
    }

    private static String catching(Callable<String> call) {
        try {
            return call.call();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aFunctionIsDecoratedAroundEachArgument() {
        Retry retry = retry(3);
        AtomicInteger calls = new AtomicInteger();
        Function<Integer, String> lookup = id -> {
            if (calls.incrementAndGet() % 2 == 1) {
                throw new IllegalStateException("blip");
            }
            return "item " + id;
        };

        Function<Integer, String> decorated = Resilience.<String>pipeline()
                .retry(retry)
                .circuitBreaker(CircuitBreaker.of("cb", CircuitBreakerConfig.ofDefaults(), time))
                .build()
                .decorateFunction(lookup);

        assertThat(decorated.apply(7)).isEqualTo("item 7");
        assertThat(decorated.apply(8)).isEqualTo("item 8");
        assertThat(calls).hasValue(4);
        assertThat(retry.metrics().numberOfSuccessfulCallsWithRetryAttempt()).isEqualTo(2);
    }

    @Test
    void theAdaptiveLimiterSitsInsideTheBulkheadAndMeasuresTheCallAlone() {
        AdaptiveLimiter limiter = AdaptiveLimiter.of(
                "limit",
                AdaptiveLimiterConfig.builder()
                        .minLimit(1)
                        .initialLimit(1)
                        .maxLimit(1)
                        .algorithm(LimitAlgorithm.aimd())
                        .build(),
                time);
        Bulkhead bulkhead = bulkhead(2);
        Pipeline<String> pipeline = Resilience.<String>pipeline()
                .bulkhead(bulkhead)
                .adaptiveLimiter(limiter)
                .build();
        List<Integer> inflightDuringCall = new ArrayList<>();

        assertThat(pipeline.executeSupplier(() -> {
                    inflightDuringCall.add(limiter.inflight());
                    time.advance(Duration.ofMillis(30));
                    return "ok";
                }))
                .isEqualTo("ok");
        assertThat(inflightDuringCall).containsExactly(1);
        assertThat(limiter.inflight()).isZero();

        AdaptiveLimiter.Permit held = limiter.tryAcquirePermission();
        assertThatThrownBy(() -> pipeline.executeSupplier(() -> "ok")).isInstanceOf(AdaptiveLimiterFullException.class);
        assertThat(bulkhead.availablePermits()).isEqualTo(2);
        assertThat(limiter.rejectedCalls()).isOne();
        held.onIgnore();
    }

    // ---- validation ----------------------------------------------------------------------------

    @Test
    void rejectsMissingPoliciesAndCalls() {
        Pipeline.Builder<String> builder = Resilience.pipeline();
        assertThatThrownBy(() -> builder.retry(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("retry");
        assertThatThrownBy(() -> builder.circuitBreaker(null)).hasMessage("circuitBreaker");
        assertThatThrownBy(() -> builder.rateLimiter(null)).hasMessage("rateLimiter");
        assertThatThrownBy(() -> builder.timeLimiter(null)).hasMessage("timeLimiter");
        assertThatThrownBy(() -> builder.bulkhead(null)).hasMessage("bulkhead");
        assertThatThrownBy(() -> builder.adaptiveLimiter(null)).hasMessage("adaptiveLimiter");
        assertThatThrownBy(() -> builder.stage(Stage.CUSTOM_CALL, null)).hasMessage("stage");
        assertThatThrownBy(() -> builder.stage(null, new Recording("x", new ArrayList<>())))
                .hasMessage("position");
        assertThatThrownBy(() -> builder.stage(Stage.BULKHEAD, new Recording("x", new ArrayList<>())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("position must be CUSTOM_OUTER, CUSTOM_ATTEMPT or CUSTOM_CALL, was BULKHEAD "
                        + "(policies are set with their own builder methods)");
        assertThatThrownBy(() -> builder.fallback(null, f -> "x")).hasMessage("fallback");
        assertThatThrownBy(() -> builder.fallback(fallback(), null)).hasMessage("function");
        assertThatThrownBy(() -> builder.staleCache(null, "k")).hasMessage("cache");
        Pipeline<String> pipeline = builder.build();
        assertThatThrownBy(() -> pipeline.decorateSupplier(null)).hasMessage("call");
        assertThatThrownBy(() -> pipeline.decorateCallable(null)).hasMessage("call");
        assertThatThrownBy(() -> pipeline.decorateFunction(null)).hasMessage("function");
        assertThatThrownBy(() -> pipeline.decorateCompletionStage(null, () -> null))
                .hasMessage("scheduler");
        assertThatThrownBy(() -> pipeline.decorateCompletionStage(scheduler, null))
                .hasMessage("call");
    }

    @Test
    void refusesASecondPolicyForTheSameStage() {
        Pipeline.Builder<String> builder = Resilience.<String>pipeline().retry(retry(3));

        assertThatThrownBy(() -> builder.retry(retry(2)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("retry is already set: a pipeline has at most one of each stage");
    }

    @Test
    void refusesToDecorateASynchronousCallWithATimeLimiter() {
        Pipeline<String> pipeline = Resilience.<String>pipeline()
                .timeLimiter(TimeLimiter.of("quotes", TimeLimiterConfig.ofDefaults(), time))
                .build();

        assertThatThrownBy(() -> pipeline.decorateSupplier(() -> "x"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("time limiter 'quotes' limits only asynchronous calls: use decorateCompletionStage, "
                        + "or build a pipeline without timeLimiter for synchronous calls");
        assertThatThrownBy(() -> pipeline.decorateCallable(() -> "x")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> pipeline.decorateFunction(x -> "x")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anEmptyPipelinePassesCallsThrough() throws Exception {
        Pipeline<String> pipeline = Resilience.<String>pipeline().build();
        IllegalStateException failure = new IllegalStateException();

        assertThat(pipeline.stages()).isEmpty();
        assertThat(pipeline).hasToString("Pipeline[]");
        assertThat(pipeline.executeSupplier(() -> "ok")).isEqualTo("ok");
        assertThat(pipeline.executeCallable(() -> "ok")).isEqualTo("ok");
        assertThatThrownBy(() -> pipeline.executeSupplier(() -> {
                    throw failure;
                }))
                .isSameAs(failure);
    }

    // ---- hot path ------------------------------------------------------------------------------

    @Test
    void aDecoratedSupplierAllocatesNothingPerCallThroughEverySynchronousStage() {
        Pipeline<String> pipeline = Resilience.<String>pipeline()
                .fallback(fallback(), failure -> "fallback")
                .retry(Retry.of("hot", RetryConfig.ofDefaults(), time))
                .circuitBreaker(CircuitBreaker.of("hot", CircuitBreakerConfig.ofDefaults(), time))
                .rateLimiter(RateLimiter.of(
                        "hot",
                        RateLimiterConfig.builder()
                                .limitForPeriod(1_000_000_000)
                                .burstCapacity(1_000_000_000)
                                .build(),
                        time))
                .bulkhead(bulkhead(10))
                .adaptiveLimiter(AdaptiveLimiter.of("hot", AdaptiveLimiterConfig.ofDefaults(), time))
                .build();
        Supplier<String> call = pipeline.decorateSupplier(() -> "ok");
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 100_000; i++) {
            call.get();
        }

        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 100_000; i++) {
            call.get();
        }
        long bytesPerCall = (threads.getCurrentThreadAllocatedBytes() - before) / 100_000;

        assertThat(bytesPerCall).isZero();
    }

    @Test
    void composesWithoutAnyOptionalDependency() throws Exception {
        URL[] path = {
            Pipeline.class.getProtectionDomain().getCodeSource().getLocation(),
            WithoutOptionalDependenciesProbe.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation(),
            org.slf4j.Logger.class.getProtectionDomain().getCodeSource().getLocation(),
        };
        try (URLClassLoader isolated = new URLClassLoader(path, ClassLoader.getPlatformClassLoader())) {
            assertThatThrownBy(() -> isolated.loadClass("com.github.benmanes.caffeine.cache.Caffeine"))
                    .isInstanceOf(ClassNotFoundException.class);
            assertThatThrownBy(() -> isolated.loadClass("io.github.resilience4j.core.IntervalFunction"))
                    .isInstanceOf(ClassNotFoundException.class);
            @SuppressWarnings("unchecked")
            Supplier<String> probe =
                    (Supplier<String>) isolated.loadClass(WithoutOptionalDependenciesProbe.class.getName())
                            .getDeclaredConstructor()
                            .newInstance();

            assertThat(probe.get()).isEqualTo("retried 3");
        }
    }

    // ---- asynchronous --------------------------------------------------------------------------

    @Test
    void asyncRetriesWaitOnTheSchedulerAndEachAttemptPassesTheBreaker() {
        CircuitBreaker breaker = CircuitBreaker.of("cb", CircuitBreakerConfig.ofDefaults(), time);
        Retry retry = retry(3);
        AtomicInteger calls = new AtomicInteger();
        Supplier<CompletionStage<String>> call = () -> calls.incrementAndGet() < 3
                ? CompletableFuture.failedFuture(new IOException("reset"))
                : CompletableFuture.completedFuture("ok");

        CompletableFuture<String> result = Resilience.<String>pipeline()
                .circuitBreaker(breaker)
                .retry(retry)
                .bulkhead(bulkhead(1))
                .build()
                .executeCompletionStage(scheduler, call)
                .toCompletableFuture();

        assertThat(result).isNotDone();
        assertThat(calls).hasValue(1);
        assertThat(scheduler.pendingDelays()).containsExactly(Duration.ofMillis(100));
        scheduler.advance(Duration.ofMillis(100));
        assertThat(calls).hasValue(2);
        scheduler.advance(Duration.ofMillis(100));
        assertThat(result).isCompletedWithValue("ok");
        assertThat(breaker.metrics().numberOfFailedCalls()).isEqualTo(2);
        assertThat(breaker.metrics().numberOfBufferedCalls()).isEqualTo(3);
    }

    @Test
    void aTimeoutCancelsTheRunningCallReturnsItsPermitsAndFallsBack() {
        TimeLimiter timeLimiter = TimeLimiter.of(
                "quotes",
                TimeLimiterConfig.builder()
                        .timeoutDuration(Duration.ofSeconds(1))
                        .cancelRunningFuture(true)
                        .build(),
                time);
        List<TimeLimiterEvent> timeEvents = new ArrayList<>();
        timeLimiter.onEvent(timeEvents::add);
        Bulkhead bulkhead = bulkhead(1);
        AdaptiveLimiter limiter = AdaptiveLimiter.of(
                "quotes",
                AdaptiveLimiterConfig.builder()
                        .minLimit(1)
                        .initialLimit(10)
                        .maxLimit(10)
                        .algorithm(LimitAlgorithm.aimd())
                        .build(),
                time);
        CompletableFuture<String> running = new CompletableFuture<>();
        Pipeline<String> pipeline = Resilience.<String>pipeline()
                .fallback(
                        fallback(),
                        failure -> "timed out: " + failure.getClass().getSimpleName())
                .timeLimiter(timeLimiter)
                .bulkhead(bulkhead)
                .adaptiveLimiter(limiter)
                .build();

        CompletableFuture<String> result =
                pipeline.executeCompletionStage(scheduler, () -> running).toCompletableFuture();
        assertThat(bulkhead.availablePermits()).isZero();
        assertThat(limiter.inflight()).isOne();
        scheduler.advance(Duration.ofSeconds(1));

        assertThat(result).isCompletedWithValue("timed out: TimeoutException");
        assertThat(running).isCancelled();
        assertThat(timeEvents)
                .singleElement()
                .isEqualTo(new TimeLimiterEvent.TimedOut("quotes", Duration.ofSeconds(1), true));
        assertThat(bulkhead.availablePermits()).isOne();
        assertThat(limiter.inflight()).isZero();
        assertThat(limiter.limit()).isEqualTo(9); // the timeout was reported as a drop: AIMD backed off
    }

    @Test
    void eachAsyncAttemptHasItsOwnTimeout() {
        TimeLimiter timeLimiter = TimeLimiter.of(
                "quotes",
                TimeLimiterConfig.builder()
                        .timeoutDuration(Duration.ofSeconds(1))
                        .build(),
                time);
        Retry retry = retry(3);
        List<CompletableFuture<String>> attempts = new ArrayList<>();
        Supplier<CompletionStage<String>> call = () -> {
            CompletableFuture<String> attempt = new CompletableFuture<>();
            attempts.add(attempt);
            return attempt;
        };

        CompletableFuture<String> result = Resilience.<String>pipeline()
                .timeLimiter(timeLimiter)
                .retry(retry)
                .build()
                .executeCompletionStage(scheduler, call)
                .toCompletableFuture();
        scheduler.advance(Duration.ofSeconds(1));
        assertThat(attempts).hasSize(1);
        assertThat(scheduler.pendingDelays()).containsExactly(Duration.ofMillis(100));
        scheduler.advance(Duration.ofMillis(100));
        assertThat(attempts).hasSize(2);
        attempts.get(1).complete("quote");

        assertThat(result).isCompletedWithValue("quote");
        assertThat(timeLimiter.metrics().numberOfTimedOutCalls()).isOne();
        assertThat(timeLimiter.metrics().numberOfSuccessfulCalls()).isOne();
    }

    @Test
    void anAsyncRateLimitedCallStartsOnTheSchedulerWhenItsPermitIsDue() {
        RateLimiter rateLimiter = RateLimiter.of(
                "rate",
                RateLimiterConfig.builder()
                        .limitForPeriod(1)
                        .limitRefreshPeriod(Duration.ofSeconds(1))
                        .timeoutDuration(Duration.ofSeconds(1))
                        .build(),
                time);
        AtomicInteger calls = new AtomicInteger();
        Supplier<CompletionStage<String>> decorated = Resilience.<String>pipeline()
                .rateLimiter(rateLimiter)
                .build()
                .decorateCompletionStage(
                        scheduler, () -> CompletableFuture.completedFuture("call " + calls.incrementAndGet()));

        CompletableFuture<String> first = decorated.get().toCompletableFuture();
        CompletableFuture<String> second = decorated.get().toCompletableFuture();
        CompletableFuture<String> third = decorated.get().toCompletableFuture();

        assertThat(first).isCompletedWithValue("call 1");
        assertThat(second).isNotDone();
        assertThat(third).isCompletedExceptionally();
        assertThatThrownBy(third::join).hasCauseInstanceOf(RequestNotPermittedException.class);
        assertThat(calls).hasValue(1);
        scheduler.advance(Duration.ofSeconds(1));
        assertThat(second).isCompletedWithValue("call 2");
    }

    @Test
    void anAsyncRateLimitedCallFailsWhenTheSchedulerRejectsItsDelayedStart() {
        RateLimiter rateLimiter = RateLimiter.of(
                "rate",
                RateLimiterConfig.builder()
                        .limitForPeriod(1)
                        .limitRefreshPeriod(Duration.ofSeconds(1))
                        .timeoutDuration(Duration.ofSeconds(1))
                        .build(),
                time);
        rateLimiter.tryAcquirePermission();
        scheduler.shutdown();

        CompletableFuture<String> result = Resilience.<String>pipeline()
                .rateLimiter(rateLimiter)
                .build()
                .executeCompletionStage(scheduler, () -> CompletableFuture.completedFuture("ok"))
                .toCompletableFuture();

        assertThatThrownBy(result::join).hasCauseInstanceOf(RejectedExecutionException.class);
    }

    @Test
    void asyncRejectionsFailTheStageWithoutCallingAndTheFallbackCatchesThem() {
        Bulkhead bulkhead = bulkhead(1);
        bulkhead.acquirePermission();
        CircuitBreaker breaker = breaker();
        AtomicInteger calls = new AtomicInteger();
        Supplier<CompletionStage<String>> call = () -> {
            calls.incrementAndGet();
            return CompletableFuture.completedFuture("ok");
        };

        CompletableFuture<String> full = Resilience.<String>pipeline()
                .bulkhead(bulkhead)
                .build()
                .executeCompletionStage(scheduler, call)
                .toCompletableFuture();
        assertThatThrownBy(full::join).hasCauseInstanceOf(BulkheadFullException.class);

        breaker.transitionToOpenState();
        CompletableFuture<String> open = Resilience.<String>pipeline()
                .circuitBreaker(breaker)
                .fallback(fallback(), failure -> failure.getClass().getSimpleName())
                .build()
                .executeCompletionStage(scheduler, call)
                .toCompletableFuture();
        assertThat(open).isCompletedWithValue("CallNotPermittedException");
        assertThat(calls).hasValue(0);
    }

    @Test
    void anAsyncCallThatThrowsGivesAFailedStageAndReturnsItsPermits() {
        Bulkhead bulkhead = bulkhead(1);
        AdaptiveLimiter limiter = AdaptiveLimiter.of("l", AdaptiveLimiterConfig.ofDefaults(), time);
        IllegalStateException failure = new IllegalStateException("no connection");

        CompletableFuture<String> result = Resilience.<String>pipeline()
                .bulkhead(bulkhead)
                .adaptiveLimiter(limiter)
                .build()
                .executeCompletionStage(scheduler, () -> {
                    throw failure;
                })
                .toCompletableFuture();

        assertThatThrownBy(result::join).hasCause(failure);
        assertThat(bulkhead.availablePermits()).isOne();
        assertThat(limiter.inflight()).isZero();
    }

    @Test
    void anAsyncStaleCacheServesTheLastValueWhenTheBreakerIsOpen() {
        CircuitBreaker breaker = breaker();
        StaleCache<String, String> cache = StaleCache.of(
                "prices",
                StaleCacheConfig.builder()
                        .freshTtl(Duration.ofSeconds(10))
                        .staleTtl(Duration.ofHours(1))
                        .build(),
                time);
        Supplier<CompletionStage<String>> price = Resilience.<String>pipeline()
                .circuitBreaker(breaker)
                .staleCache(cache, "EUR")
                .build()
                .decorateCompletionStage(scheduler, () -> CompletableFuture.completedFuture("1.08"));

        assertThat(price.get().toCompletableFuture()).isCompletedWithValue("1.08");
        time.advance(Duration.ofMinutes(1));
        breaker.transitionToOpenState();

        assertThat(price.get().toCompletableFuture()).isCompletedWithValue("1.08");
        assertThat(cache.metrics().numberOfStaleAnswers()).isOne();

        cache.invalidate("EUR");
        List<Throwable> seen = new ArrayList<>();
        price.get().whenComplete((value, failure) -> seen.add(failure));
        assertThat(seen).singleElement().isInstanceOf(CallNotPermittedException.class);
    }

    // ---- invariants ----------------------------------------------------------------------------

    /**
     * Random outcomes, attempts and bulkhead occupancy: within one call the underlying call runs at
     * most maxAttempts times; the breaker sees every attempt the retry makes; the bulkhead sees every
     * attempt the breaker lets through; every permit is back once the call returns.
     */
    @Property(tries = 1_000)
    void everyAttemptPassesTheBreakerAndTheBulkheadAndNeverMoreThanMaxAttempts(
            @ForAll @IntRange(min = 1, max = 5) int maxAttempts,
            @ForAll @Size(min = 1, max = 30) List<Boolean> callFails,
            @ForAll @Size(min = 1, max = 12) List<Boolean> bulkheadOccupied) {
        ManualTimeSource clock = ManualTimeSource.at(Instant.parse("2026-01-01T00:00:00Z"));
        Retry retry = Retry.of(
                "r",
                RetryConfig.builder()
                        .maxAttempts(maxAttempts)
                        .waitDuration(Duration.ofMillis(500))
                        .build(),
                clock,
                clock::advanceNanos);
        CircuitBreaker breaker = CircuitBreaker.of(
                "cb",
                CircuitBreakerConfig.builder()
                        .slidingWindow(4, 2, CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                        .failureRateThreshold(50)
                        .permittedNumberOfCallsInHalfOpenState(1)
                        .waitDurationInOpenState(Duration.ofSeconds(1))
                        .build(),
                clock);
        Bulkhead bulkhead =
                Bulkhead.of("b", BulkheadConfig.builder().maxConcurrentCalls(1).build(), clock);
        List<CircuitBreakerEvent> breakerEvents = new ArrayList<>();
        List<BulkheadEvent> bulkheadEvents = new ArrayList<>();
        breaker.onEvent(breakerEvents::add);
        bulkhead.onEvent(bulkheadEvents::add);
        AtomicInteger calls = new AtomicInteger();
        Supplier<String> decorated = Resilience.<String>pipeline()
                .bulkhead(bulkhead)
                .circuitBreaker(breaker)
                .retry(retry)
                .build()
                .decorateSupplier(() -> {
                    if (callFails.get(calls.getAndIncrement() % callFails.size())) {
                        throw new IllegalStateException("down");
                    }
                    return "ok";
                });

        for (boolean occupied : bulkheadOccupied) {
            if (occupied) {
                bulkhead.acquirePermission();
            }
            int callsBefore = calls.get();
            long retriesBefore = retry.metrics().numberOfRetryAttempts();
            breakerEvents.clear();
            bulkheadEvents.clear();
            boolean succeeded;
            try {
                decorated.get();
                succeeded = true;
            } catch (RuntimeException e) {
                succeeded = false;
            }
            if (occupied) {
                bulkhead.releasePermission();
            }

            int made = calls.get() - callsBefore;
            long attempts = 1 + retry.metrics().numberOfRetryAttempts() - retriesBefore;
            long seenByBreaker = count(breakerEvents, CircuitBreakerEvent.Success.class)
                    + count(breakerEvents, CircuitBreakerEvent.Error.class)
                    + count(breakerEvents, CircuitBreakerEvent.CallNotPermitted.class);
            long permittedByBreaker = seenByBreaker - count(breakerEvents, CircuitBreakerEvent.CallNotPermitted.class);
            assertThat(made).isLessThanOrEqualTo(maxAttempts);
            assertThat(attempts).isLessThanOrEqualTo(maxAttempts);
            assertThat(seenByBreaker).isEqualTo(attempts);
            assertThat(count(bulkheadEvents, BulkheadEvent.CallPermitted.class)
                            + count(bulkheadEvents, BulkheadEvent.CallRejected.class))
                    .isEqualTo(permittedByBreaker);
            assertThat(count(bulkheadEvents, BulkheadEvent.CallPermitted.class)).isEqualTo(made);
            assertThat(bulkhead.availablePermits()).isOne();
            if (succeeded) {
                assertThat(callFails.get((calls.get() - 1) % callFails.size())).isFalse();
            }
            clock.advance(Duration.ofMillis(300));
        }
    }

    @Test
    void concurrentCallsNeverExceedTheBulkheadAndEveryAttemptIsAccountedFor() throws InterruptedException {
        int threads = 4;
        int callsPerThread = 2_000;
        Bulkhead bulkhead = Bulkhead.of(
                "shared", BulkheadConfig.builder().maxConcurrentCalls(2).build(), time);
        Retry retry = Retry.of(
                "shared",
                RetryConfig.builder()
                        .maxAttempts(3)
                        .waitDuration(Duration.ZERO)
                        .retryExceptions(BulkheadFullException.class)
                        .build(),
                time,
                nanos -> Thread.onSpinWait());
        AtomicInteger inflight = new AtomicInteger();
        AtomicInteger maxInflight = new AtomicInteger();
        AtomicInteger made = new AtomicInteger();
        Supplier<Integer> decorated = Resilience.<Integer>pipeline()
                .retry(retry)
                .bulkhead(bulkhead)
                .build()
                .decorateSupplier(() -> {
                    int now = inflight.incrementAndGet();
                    maxInflight.accumulateAndGet(now, Math::max);
                    made.incrementAndGet();
                    for (int spin = 0; spin < 50; spin++) {
                        Thread.onSpinWait();
                    }
                    inflight.decrementAndGet();
                    return now;
                });
        AtomicInteger succeeded = new AtomicInteger();
        AtomicInteger rejected = new AtomicInteger();
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
                for (int i = 0; i < callsPerThread; i++) {
                    try {
                        decorated.get();
                        succeeded.incrementAndGet();
                    } catch (BulkheadFullException e) {
                        rejected.incrementAndGet();
                    }
                }
            });
            worker.start();
            workers.add(worker);
        }
        start.countDown();
        for (Thread worker : workers) {
            worker.join();
        }

        assertThat(maxInflight.get()).isBetween(1, 2);
        assertThat(succeeded.get() + rejected.get()).isEqualTo(threads * callsPerThread);
        assertThat(made).hasValue(succeeded.get());
        long attempts = threads * callsPerThread + retry.metrics().numberOfRetryAttempts();
        assertThat(made.get() + bulkhead.rejectedCalls()).isEqualTo(attempts);
        assertThat(bulkhead.availablePermits()).isEqualTo(2);
    }
}
