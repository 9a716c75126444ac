package dev.nines.core.adaptivelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nines.core.time.ManualTimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntToLongFunction;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class AdaptiveLimiterTest {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final long MS = 1_000_000L;

    private final ManualTimeSource time = ManualTimeSource.at(START);

    private AdaptiveLimiter limiter(int min, int initial, int max, LimitAlgorithm algorithm) {
        return AdaptiveLimiter.of(
                "catalog",
                AdaptiveLimiterConfig.builder()
                        .minLimit(min)
                        .maxLimit(max)
                        .initialLimit(initial)
                        .algorithm(algorithm)
                        .build(),
                time);
    }

    /** Admits as many calls as the limit allows, then ends them one by one with the given latency. */
    private static int round(AdaptiveLimiter limiter, IntToLongFunction latencyForInflight) {
        AdaptiveLimiter.Permit permit = null;
        int admitted = 0;
        for (AdaptiveLimiter.Permit p = limiter.tryAcquirePermission();
                p.isAcquired();
                p = limiter.tryAcquirePermission()) {
            permit = p;
            admitted++;
        }
        for (int i = 0; i < admitted; i++) {
            permit.onSuccess(latencyForInflight.applyAsLong(limiter.inflight()));
        }
        return admitted;
    }

    @Test
    void admitsUpToTheLimitThenRejectsWithoutBlocking() {
        AdaptiveLimiter limiter = limiter(1, 2, 10, LimitAlgorithm.aimd());
        AdaptiveLimiter.Permit first = limiter.tryAcquirePermission();
        AdaptiveLimiter.Permit second = limiter.tryAcquirePermission();
        AdaptiveLimiter.Permit third = limiter.tryAcquirePermission();
        assertThat(first.isAcquired()).isTrue();
        assertThat(second.isAcquired()).isTrue();
        assertThat(third.isAcquired()).isFalse();
        assertThat(limiter.inflight()).isEqualTo(2);
        assertThat(limiter.rejectedCalls()).isEqualTo(1);
        assertThat(limiter).hasToString("AdaptiveLimiter[catalog, inflight=2/2]");
        third.onSuccess(5);
        third.onDropped();
        third.onIgnore();
        assertThat(limiter.inflight()).isEqualTo(2);
        first.onIgnore();
        assertThat(limiter.inflight()).isEqualTo(1);
        assertThat(limiter.tryAcquirePermission().isAcquired()).isTrue();
        assertThat(limiter.name()).isEqualTo("catalog");
        assertThat(limiter.config().initialLimit()).isEqualTo(2);
    }

    @Test
    void reportingMoreEndsThanAdmissionsIsRejected() {
        AdaptiveLimiter limiter = limiter(1, 2, 10, LimitAlgorithm.aimd());
        AdaptiveLimiter.Permit permit = limiter.tryAcquirePermission();
        permit.onIgnore();
        assertThatThrownBy(permit::onIgnore)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage(
                        "adaptive limiter 'catalog' has no call in flight: each admitted call must report its end exactly once");
        assertThatThrownBy(permit::onDropped).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> permit.onSuccess(1)).isInstanceOf(IllegalStateException.class);
        assertThat(limiter.inflight()).isZero();
    }

    @Test
    void rejectsNegativeLatencyAndBadArguments() {
        AdaptiveLimiter limiter = limiter(1, 2, 10, LimitAlgorithm.aimd());
        AdaptiveLimiter.Permit permit = limiter.tryAcquirePermission();
        assertThatThrownBy(() -> permit.onSuccess(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("latencyNanos must be at least 0, was -1");
        assertThat(limiter.inflight()).isEqualTo(1);
        AdaptiveLimiterConfig config = AdaptiveLimiterConfig.ofDefaults();
        assertThatThrownBy(() -> AdaptiveLimiter.of(" ", config, time)).hasMessage("name must not be blank, was \" \"");
        assertThatThrownBy(() -> AdaptiveLimiter.of("l", null, time)).hasMessage("config");
        assertThatThrownBy(() -> AdaptiveLimiter.of("l", config, null)).hasMessage("timeSource");
        assertThatThrownBy(() -> limiter.executeSupplier(null)).hasMessage("supplier");
    }

    @Test
    void aimdAddsOneWhenAtLeastHalfUsedAndBacksOffOnDropsAndTimeouts() {
        AdaptiveLimiter limiter = limiter(1, 10, 100, LimitAlgorithm.aimd().withTimeout(Duration.ofMillis(100)));
        AdaptiveLimiter.Permit permit = limiter.tryAcquirePermission();
        for (int i = 0; i < 4; i++) {
            limiter.tryAcquirePermission();
        }
        permit.onSuccess(MS); // 5 in flight of 10: half used, so +1
        assertThat(limiter.limit()).isEqualTo(11);
        permit.onSuccess(MS); // 4 in flight of 11: below half, unchanged
        assertThat(limiter.limit()).isEqualTo(11);
        permit.onDropped(); // floor(11 x 0.9) = 9
        assertThat(limiter.limit()).isEqualTo(9);
        permit.onSuccess(100 * MS + 1); // above the timeout: a drop, floor(9 x 0.9) = 8
        assertThat(limiter.limit()).isEqualTo(8);
        permit.onIgnore();
        assertThat(limiter.limit()).isEqualTo(8);
        assertThat(limiter.inflight()).isZero();
    }

    @Test
    void aimdStaysWithinItsBounds() {
        AdaptiveLimiter limiter = limiter(3, 3, 4, LimitAlgorithm.aimd());
        limiter.tryAcquirePermission().onDropped();
        assertThat(limiter.limit()).isEqualTo(3);
        limiter.tryAcquirePermission(); // held, so that each sample below sees 2 in flight: at least half used
        for (int i = 0; i < 5; i++) {
            limiter.tryAcquirePermission().onSuccess(MS);
        }
        assertThat(limiter.limit()).isEqualTo(4);
    }

    @Test
    void gradientGrowsBySmoothedQueueSizeWhileLatencyHoldsAndHalvesOnADrop() {
        // Limit 20, tolerance 1.5, smoothing 0.2, queue 4: gradient min(1, 1.5) = 1, so the estimate
        // goes 20 x 0.8 + (20 + 4) x 0.2 = 20.8, then 21.6, 22.4, 23.2, 24.0 (limit = floor).
        AdaptiveLimiter limiter = limiter(1, 20, 200, LimitAlgorithm.gradient());
        List<Integer> limits = new ArrayList<>();
        AdaptiveLimiter.Permit permit = limiter.tryAcquirePermission();
        for (int i = 0; i < 20; i++) {
            limiter.tryAcquirePermission();
        }
        for (int i = 0; i < 5; i++) {
            permit.onSuccess(10 * MS);
            limits.add(limiter.limit());
            limiter.tryAcquirePermission();
        }
        assertThat(limits).containsExactly(20, 21, 22, 23, 24);
        // A drop: 24 x 0.8 + (24 x 0.5) x 0.2 = 21.6 (no headroom while the gradient is below 1).
        permit.onDropped();
        assertThat(limiter.limit()).isEqualTo(21);
    }

    /** Ends {@code samples} calls with {@code latencyNanos}, filling the limit before each end. */
    private static int[] saturated(AdaptiveLimiter limiter, int samples, long latencyNanos) {
        int lowest = Integer.MAX_VALUE;
        int highest = 0;
        AdaptiveLimiter.Permit permit = null;
        for (int i = 0; i < samples; i++) {
            for (AdaptiveLimiter.Permit p = limiter.tryAcquirePermission();
                    p.isAcquired();
                    p = limiter.tryAcquirePermission()) {
                permit = p;
            }
            permit.onSuccess(latencyNanos);
            lowest = Math.min(lowest, limiter.limit());
            highest = Math.max(highest, limiter.limit());
        }
        return new int[] {lowest, highest};
    }

    @Test
    void gradientNeverClimbsToItsMaximumWhileLatencyStaysAtThreeTimesItsBaseline() {
        // Netflix's Gradient2Limit learns the high latency into its long-term average within a few
        // windows, after which the gradient is 1 again and the limit climbs to its maximum while the
        // overload goes on (concurrency-limits #137). Baseline 10 ms, then 30 ms for 20,000 samples.
        AdaptiveLimiter limiter = limiter(20, 20, 200, LimitAlgorithm.gradient());
        saturated(limiter, 100, 10 * MS);
        int before = limiter.limit();
        assertThat(before).isBetween(90, 110);

        int[] range = saturated(limiter, 20_000, 30 * MS);

        assertThat(range[1]).isLessThanOrEqualTo(before).isLessThan(200);
        assertThat(limiter.limit()).isEqualTo(20);
        // Back at the baseline, the limit grows again by 0.8 a sample: 20 -> 200 within 300 samples.
        saturated(limiter, 300, 10 * MS);
        assertThat(limiter.limit()).isEqualTo(200);
    }

    @Test
    void gradientFallsUnderAMildOverloadInsteadOfFloatingOnItsHeadroom() {
        // Latency at 1.6x a baseline with tolerance 1.5: gradient 0.94. With headroom added to a
        // falling limit it would float at 4 / (1 - 0.94) = 64; without, it falls to the minimum.
        AdaptiveLimiter limiter = limiter(5, 100, 200, LimitAlgorithm.gradient());
        for (int i = 0; i < 100; i++) {
            limiter.tryAcquirePermission().onSuccess(10 * MS);
        }
        saturated(limiter, 2_000, 16 * MS);
        assertThat(limiter.limit()).isEqualTo(5);
    }

    @Property(tries = 300)
    void gradientNeverRaisesTheLimitOnASampleBeyondToleranceOfItsAverage(
            @ForAll("gradients") LimitAlgorithm.Gradient gradient,
            @ForAll @IntRange(min = 1, max = 100) int minLimit,
            @ForAll @IntRange(min = 0, max = 400) int span,
            @ForAll("latencyFactors") List<Double> factors) {
        LimitEstimator.GradientEstimator estimator =
                new LimitEstimator.GradientEstimator(gradient, minLimit, minLimit + span, minLimit);
        int limit = minLimit;
        for (int i = 0; i < 10; i++) {
            limit = estimator.sample(10 * MS, false, minLimit);
        }
        for (double factor : factors) {
            long latency = (long) (10 * MS * factor);
            boolean overloaded = latency > gradient.tolerance() * estimator.longLatency();
            int next = estimator.sample(latency, false, minLimit + span);
            if (overloaded) {
                assertThat(next)
                        .as("limit after %d ns over an average of %f", latency, estimator.longLatency())
                        .isLessThanOrEqualTo(limit);
            }
            assertThat(next).isBetween(minLimit, minLimit + span);
            limit = next;
        }
    }

    @Provide
    Arbitrary<LimitAlgorithm.Gradient> gradients() {
        return Combinators.combine(
                        Arbitraries.doubles().between(1.0, 3.0),
                        Arbitraries.doubles().between(0.05, 1.0),
                        Arbitraries.integers().between(1, 1000),
                        Arbitraries.integers().between(0, 20))
                .as(LimitAlgorithm.Gradient::new);
    }

    @Provide
    Arbitrary<List<Double>> latencyFactors() {
        // Mostly overload (1x to 5x the baseline) with spells back at or below it.
        return Arbitraries.frequencyOf(
                        Tuple.of(1, Arbitraries.doubles().between(0.2, 1.0)),
                        Tuple.of(4, Arbitraries.doubles().between(1.0, 5.0)))
                .list()
                .ofMinSize(1)
                .ofMaxSize(3_000);
    }

    @Test
    void gradientLeavesTheLimitAloneWhileLessThanHalfOfItIsUsed() {
        AdaptiveLimiter limiter = limiter(1, 20, 200, LimitAlgorithm.gradient());
        for (int i = 0; i < 100; i++) {
            limiter.tryAcquirePermission().onSuccess(10 * MS);
        }
        assertThat(limiter.limit()).isEqualTo(20);
    }

    @Test
    void gradientSettlesNearTheServiceCapacityWhenLatencyGrowsWithQueueing() {
        // A service that runs 50 calls in parallel at 1 ms; beyond that, calls queue and latency
        // grows in proportion. The default gradient settles in a narrow band above capacity: the 1.5
        // tolerance lets latency rise by half (75 in flight) before the limit falls. (Before the
        // drift fix, headroom added to a falling limit held it at 100 to 180.)
        AdaptiveLimiter limiter = limiter(1, 1, 1000, LimitAlgorithm.gradient());
        IntToLongFunction service = inflight -> MS * Math.max(50, inflight) / 50;
        for (int i = 0; i < 1_000; i++) {
            round(limiter, service);
        }
        int low = Integer.MAX_VALUE;
        int high = 0;
        for (int i = 0; i < 200; i++) {
            round(limiter, service);
            low = Math.min(low, limiter.limit());
            high = Math.max(high, limiter.limit());
        }
        assertThat(low).isGreaterThanOrEqualTo(75);
        assertThat(high).isLessThanOrEqualTo(130);
    }

    @Test
    void aimdSawsBelowTheLatencyTimeoutUnderQueueing() {
        AdaptiveLimiter limiter = limiter(1, 1, 1000, LimitAlgorithm.aimd().withTimeout(Duration.ofMillis(3)));
        IntToLongFunction service = inflight -> MS * Math.max(50, inflight) / 50;
        for (int i = 0; i < 1_000; i++) {
            round(limiter, service);
        }
        for (int i = 0; i < 200; i++) {
            round(limiter, service);
            // Latency passes 3 ms beyond 150 in flight; every such sample backs off by 10%.
            assertThat(limiter.limit()).isBetween(90, 200);
        }
    }

    @Test
    void executeSupplierMeasuresLatencyOnTheInjectedClock() {
        AdaptiveLimiter limiter = limiter(1, 10, 100, LimitAlgorithm.aimd().withTimeout(Duration.ofMillis(5)));
        assertThat(limiter.executeSupplier(() -> {
                    time.advance(Duration.ofMillis(6));
                    return "slow";
                }))
                .isEqualTo("slow");
        assertThat(limiter.limit()).isEqualTo(9);
        assertThatThrownBy(() -> limiter.executeSupplier(() -> {
                    time.advance(Duration.ofMillis(6));
                    throw new IllegalStateException("bad input");
                }))
                .hasMessage("bad input");
        assertThat(limiter.limit()).isEqualTo(9);
        assertThat(limiter.inflight()).isZero();
    }

    @Test
    void executeSupplierThrowsAdaptiveLimiterFullWhenFull() {
        AdaptiveLimiter limiter = limiter(1, 1, 100, LimitAlgorithm.aimd());
        limiter.tryAcquirePermission();
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> limiter.executeSupplier(calls::incrementAndGet))
                .isInstanceOf(AdaptiveLimiterFullException.class)
                .hasMessage("AdaptiveLimiter 'catalog' reached its limit of 1 concurrent calls");
        assertThat(calls).hasValue(0);
    }

    @Test
    void publishesLimitChangesAndRejectionsToListeners() {
        AdaptiveLimiter limiter = limiter(1, 1, 100, LimitAlgorithm.aimd());
        List<AdaptiveLimiterEvent> events = new ArrayList<>();
        var registration = limiter.onEvent(events::add);
        AdaptiveLimiter.Permit permit = limiter.tryAcquirePermission();
        limiter.tryAcquirePermission();
        permit.onSuccess(MS);
        limiter.tryAcquirePermission().onIgnore();
        registration.close();
        limiter.tryAcquirePermission().onSuccess(MS);
        assertThat(events)
                .containsExactly(
                        new AdaptiveLimiterEvent.CallRejected(
                                "catalog", 1, 0, AdaptiveLimiterFullException.Reason.LIMIT_REACHED, START),
                        new AdaptiveLimiterEvent.LimitChanged("catalog", 1, 2, START));
    }

    @Test
    void aDropReportedWhileAnotherThreadUpdatesIsAppliedByTheNextUpdate() {
        // The estimator below reports a dropped call in the middle of an update, exactly as a
        // second thread would: that drop must not be lost but applied before the next sample.
        List<String> samples = new ArrayList<>();
        AdaptiveLimiter[] self = new AdaptiveLimiter[1];
        LimitEstimator estimator = new LimitEstimator(1, 100) {
            @Override
            int sample(long latencyNanos, boolean dropped, int inflight) {
                samples.add(dropped ? "drop" : "latency " + latencyNanos);
                if (latencyNanos == 7) {
                    self[0].tryAcquirePermission().onDropped();
                }
                return 10;
            }
        };
        AdaptiveLimiterConfig config = AdaptiveLimiterConfig.builder()
                .minLimit(1)
                .initialLimit(10)
                .maxLimit(100)
                .build();
        self[0] = new DefaultAdaptiveLimiter("catalog", config, time, null, estimator);
        self[0].tryAcquirePermission().onSuccess(7);
        assertThat(samples).containsExactly("latency 7");
        self[0].tryAcquirePermission().onSuccess(5);
        assertThat(samples).containsExactly("latency 7", "drop", "latency 5");
        assertThat(self[0].inflight()).isZero();
    }

    @Test
    void concurrentCallersNeverExceedTheMaximumAndLoseNoSlot() throws Exception {
        AdaptiveLimiter limiter = limiter(2, 4, 8, LimitAlgorithm.aimd().withTimeout(Duration.ofMillis(2)));
        int threads = 8;
        int attempts = 5_000;
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();
        AtomicInteger admitted = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int seed = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < attempts; i++) {
                        AdaptiveLimiter.Permit permit = limiter.tryAcquirePermission();
                        if (permit.isAcquired()) {
                            admitted.incrementAndGet();
                            maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                            running.decrementAndGet();
                            switch ((i + seed) % 3) {
                                case 0 -> permit.onSuccess(MS);
                                case 1 -> permit.onDropped();
                                default -> permit.onIgnore();
                            }
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : futures) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(limiter.inflight()).isZero();
        assertThat(maxRunning.get()).isBetween(1, 8);
        assertThat(admitted.get() + limiter.rejectedCalls()).isEqualTo((long) threads * attempts);
        assertThat(limiter.limit()).isBetween(2, 8);
    }

    @Property(tries = 1000)
    void theLimitNeverLeavesItsBoundsAndInflightCountsExactly(
            @ForAll("configs") AdaptiveLimiterConfig config, @ForAll("operations") List<Long> operations) {
        AdaptiveLimiter limiter = AdaptiveLimiter.of("p", config, time);
        int inflight = 0;
        AdaptiveLimiter.Permit permit = null;
        for (long op : operations) {
            if (op == -1 || inflight == 0) {
                AdaptiveLimiter.Permit p = limiter.tryAcquirePermission();
                assertThat(p.isAcquired()).isEqualTo(inflight < limiter.limit());
                if (p.isAcquired()) {
                    permit = p;
                    inflight++;
                }
            } else if (op == -2) {
                permit.onDropped();
                inflight--;
            } else if (op == -3) {
                permit.onIgnore();
                inflight--;
            } else {
                permit.onSuccess(op);
                inflight--;
            }
            assertThat(limiter.limit()).isBetween(config.minLimit(), config.maxLimit());
            assertThat(limiter.inflight()).isEqualTo(inflight);
        }
    }

    @Property(tries = 200)
    void underSteadyLatencyTheLimitConverges(
            @ForAll("configs") AdaptiveLimiterConfig config,
            @ForAll @IntRange(min = 0, max = 20_000) int latencyMicros) {
        AdaptiveLimiter limiter = AdaptiveLimiter.of("p", config, time);
        long latency = latencyMicros * 1_000L;
        int stableRounds = 0;
        for (int round = 0; round < 5_000 && stableRounds < 20; round++) {
            int before = limiter.limit();
            round(limiter, inflight -> latency);
            stableRounds = limiter.limit() == before ? stableRounds + 1 : 0;
        }
        assertThat(stableRounds)
                .as("rounds without change at limit %d", limiter.limit())
                .isEqualTo(20);
        // Steady latency carries no sign of queueing: the limit settles at the top, or at the
        // bottom when AIMD sees every call time out, or where it started when nothing may grow it.
        int limit = limiter.limit();
        if (config.algorithm() instanceof LimitAlgorithm.Aimd aimd) {
            assertThat(limit).isEqualTo(latency > aimd.timeout().toNanos() ? config.minLimit() : config.maxLimit());
        } else if (((LimitAlgorithm.Gradient) config.algorithm()).queueSize() > 0) {
            assertThat(limit).isEqualTo(config.maxLimit());
        } else {
            assertThat(limit).isEqualTo(config.initialLimit());
        }
    }

    @Property(tries = 200)
    void underRisingLatencyTheLimitFalls(@ForAll("configs") AdaptiveLimiterConfig config) {
        // Rising 5% per call, latency outruns any long-term average of 100 or more samples by more
        // than a tolerance of 2, and passes any AIMD timeout (20 ms at most here) within 62 calls.
        AdaptiveLimiter limiter = AdaptiveLimiter.of(
                "p", config.toBuilder().initialLimit(config.maxLimit()).build(), time);
        for (int i = 0; i < 30; i++) {
            round(limiter, inflight -> MS);
        }
        int before = limiter.limit();
        long[] latency = {MS};
        for (int calls = 0; calls < 200; ) {
            calls += round(limiter, inflight -> {
                latency[0] = latency[0] * 105 / 100;
                return latency[0];
            });
        }
        int after = limiter.limit();
        if (before > config.minLimit()
                && (config.algorithm() instanceof LimitAlgorithm.Aimd
                        || before > 4 * ((LimitAlgorithm.Gradient) config.algorithm()).queueSize() + 4)) {
            assertThat(after).isLessThan(before);
        } else {
            assertThat(after).isLessThanOrEqualTo(before);
        }
    }

    @Provide
    Arbitrary<AdaptiveLimiterConfig> configs() {
        Arbitrary<LimitAlgorithm> aimd = Combinators.combine(
                        Arbitraries.doubles().between(0.5, 0.95),
                        Arbitraries.integers().between(1, 20))
                .as((ratio, timeoutMs) -> new LimitAlgorithm.Aimd(ratio, Duration.ofMillis(timeoutMs)));
        Arbitrary<LimitAlgorithm> gradient = Combinators.combine(
                        Arbitraries.doubles().between(1.0, 2.0),
                                Arbitraries.doubles().between(0.1, 1.0),
                        Arbitraries.integers().between(100, 600),
                                Arbitraries.integers().between(0, 4))
                .as(LimitAlgorithm.Gradient::new);
        return Combinators.combine(
                        Arbitraries.integers().between(1, 20),
                                Arbitraries.integers().between(0, 200),
                        Arbitraries.doubles().between(0, 1), Arbitraries.oneOf(aimd, gradient))
                .as((min, span, start, algorithm) -> AdaptiveLimiterConfig.builder()
                        .minLimit(min)
                        .maxLimit(min + span)
                        .initialLimit(min + (int) (span * start))
                        .algorithm(algorithm)
                        .build());
    }

    @Provide
    Arbitrary<List<Long>> operations() {
        return Arbitraries.oneOf(
                        Arbitraries.of(-1L, -2L, -3L),
                        Arbitraries.longs().between(0, 10 * MS),
                        Arbitraries.of(0L, Long.MAX_VALUE))
                .list()
                .ofMaxSize(60);
    }
}
