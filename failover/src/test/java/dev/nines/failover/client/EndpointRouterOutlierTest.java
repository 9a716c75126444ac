package dev.nines.failover.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nines.core.circuitbreaker.CircuitBreakerConfig;
import dev.nines.core.time.ManualScheduler;
import dev.nines.core.time.ManualTimeSource;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ScheduledFuture;
import org.junit.jupiter.api.Test;

/** Outlier ejection in {@link EndpointRouter}: one example per detector, the cap, ejection times. */
class EndpointRouterOutlierTest {

    private final ManualTimeSource time = ManualTimeSource.at(Instant.parse("2026-01-01T00:00:00Z"));
    private final List<EndpointEvent> events = new ArrayList<>();

    /** Breakers that never open, so that only outlier detection takes endpoints out. */
    private static final CircuitBreakerConfig NEVER_OPENS =
            CircuitBreakerConfig.builder().ignoreException(e -> true).build();

    /** How an endpoint answers the i-th call routed to it. */
    @FunctionalInterface
    interface Behaviour {
        /** Returns null for a success, else the failure; may advance the clock for latency. */
        Exception call(int i);
    }

    private EndpointRouter router(OutlierDetection detection, String... ids) {
        EndpointRouter.Builder builder = EndpointRouter.builder("pool", time)
                .random(new SplittableRandom(42))
                .breakerConfig(NEVER_OPENS)
                .outlierDetection(detection);
        for (String id : ids) {
            builder.endpoint(Endpoint.of(id));
        }
        EndpointRouter router = builder.build();
        router.onEvent(events::add);
        return router;
    }

    private static OutlierDetection.Builder onlyConsecutive() {
        return OutlierDetection.builder().successRateEnabled(false).maxEjectionRatio(1);
    }

    /** Routes {@code calls} calls; endpoints without a behaviour succeed at once. Returns calls per endpoint. */
    private Map<String, Integer> drive(EndpointRouter router, int calls, Map<String, Behaviour> behaviours) {
        Map<String, Integer> counts = new HashMap<>();
        for (int n = 0; n < calls; n++) {
            Route route = router.route();
            String id = route.endpoint().id();
            int i = counts.merge(id, 1, Integer::sum) - 1;
            Behaviour behaviour = behaviours.get(id);
            Exception failure = behaviour == null ? null : behaviour.call(i);
            if (failure == null) {
                route.onSuccess();
            } else {
                route.onError(failure);
            }
        }
        return counts;
    }

    /** Routes until {@code id} has been chosen {@code times} times, failing it with {@code failure}. */
    private void failOn(EndpointRouter router, String id, int times, Exception failure) {
        int failed = 0;
        while (failed < times) {
            Route route = router.route();
            if (route.endpoint().id().equals(id)) {
                route.onError(failure);
                failed++;
            } else {
                route.onSuccess();
            }
        }
    }

    private static Exception failEvery(int n, int i) {
        return i % n == 0 ? new IllegalStateException("500") : null;
    }

    @Test
    void aRunOfConsecutiveFailuresEjectsAtOnceOnTheCallThatCompletesIt() {
        EndpointRouter router = router(onlyConsecutive().consecutiveFailures(3).build(), "a", "b", "c");
        failOn(router, "a", 2, new IllegalStateException("500"));
        assertThat(router.isEjected("a")).isFalse();
        failOn(router, "a", 1, new IllegalStateException("500"));
        assertThat(router.isEjected("a")).isTrue();
        assertThat(router.isInRotation("a")).isFalse();
        assertThat(drive(router, 300, Map.of())).containsOnlyKeys("b", "c");

        assertThat(events).hasSize(1);
        EndpointEvent event = events.get(0);
        assertThat(event.type()).isEqualTo(EndpointEvent.Type.EJECTED);
        assertThat(event.endpointId()).isEqualTo("a");
        assertThat(event.ejectionReason()).contains(EjectionReason.CONSECUTIVE_FAILURES);
        assertThat(event.detail()).contains("3 consecutive failures").contains("ejected for PT30S");
        OutlierStatus status = router.outlierStatus("a");
        assertThat(status.reason()).contains(EjectionReason.CONSECUTIVE_FAILURES);
        assertThat(status.ejectionMultiplier()).isEqualTo(1);
        assertThat(status.ejectionTime()).isEqualTo(Duration.ofSeconds(30));
        assertThat(status.failures()).isEqualTo(3);
    }

    @Test
    void aSuccessBreaksTheRun() {
        EndpointRouter router = router(onlyConsecutive().consecutiveFailures(3).build(), "a", "b");
        failOn(router, "a", 2, new IllegalStateException("500"));
        Route route;
        do {
            route = router.route();
            route.onSuccess();
        } while (!route.endpoint().id().equals("a"));
        failOn(router, "a", 2, new IllegalStateException("500"));
        assertThat(router.isEjected("a")).isFalse();
        failOn(router, "a", 1, new IllegalStateException("500"));
        assertThat(router.isEjected("a")).isTrue();
    }

    @Test
    void gatewayFailuresRunApartAndAnyOtherOutcomeBreaksTheirRun() {
        OutlierClassifier classifier = e -> e instanceof ConnectException
                ? EndpointOutcome.GATEWAY_FAILURE
                : e instanceof IllegalArgumentException
                        ? EndpointOutcome.SUCCESS
                        : e instanceof InterruptedException ? EndpointOutcome.IGNORED : EndpointOutcome.FAILURE;
        EndpointRouter router = router(
                onlyConsecutive()
                        .classifier(classifier)
                        .consecutiveFailures(10)
                        .consecutiveGatewayFailures(3)
                        .build(),
                "a",
                "b");
        failOn(router, "a", 2, new ConnectException("refused"));
        failOn(router, "a", 1, new IOException("500"));
        failOn(router, "a", 2, new ConnectException("refused"));
        failOn(router, "a", 4, new InterruptedException("cancelled by caller")); // not counted
        assertThat(router.isEjected("a")).isFalse();
        OutlierStatus status = router.outlierStatus("a");
        assertThat(status.failures()).isEqualTo(5);
        assertThat(status.gatewayFailures()).isEqualTo(4);

        failOn(router, "a", 1, new ConnectException("refused"));
        assertThat(router.isEjected("a")).isTrue();
        assertThat(router.outlierStatus("a").reason()).contains(EjectionReason.CONSECUTIVE_GATEWAY_FAILURES);
        assertThat(events.get(0).detail()).contains("3 consecutive gateway failures");

        // A failure the classifier calls a success (a 4xx, say) counts as one and breaks runs.
        EndpointRouter other = router(
                onlyConsecutive().classifier(classifier).consecutiveFailures(2).build(), "x", "y");
        failOn(other, "x", 1, new IOException("500"));
        failOn(other, "x", 1, new IllegalArgumentException("404"));
        failOn(other, "x", 1, new IOException("500"));
        assertThat(other.isEjected("x")).isFalse();
        assertThat(other.outlierStatus("x").successes()).isEqualTo(1);
    }

    @Test
    void gatewayFailuresAlsoCountAsFailures() {
        EndpointRouter router = router(
                onlyConsecutive()
                        .classifier(e -> EndpointOutcome.GATEWAY_FAILURE)
                        .consecutiveGatewayFailures(0)
                        .consecutiveFailures(4)
                        .build(),
                "a",
                "b");
        failOn(router, "a", 4, new ConnectException("refused"));
        assertThat(router.outlierStatus("a").reason()).contains(EjectionReason.CONSECUTIVE_FAILURES);
    }

    @Test
    void executeRecordsOutcomesSoAFailingEndpointIsEjectedAndTheCallFailsOver() throws Exception {
        EndpointRouter router = router(onlyConsecutive().consecutiveFailures(2).build(), "a", "b");
        int calls = 0;
        while (!router.isEjected("a") && calls++ < 200) {
            router.execute(WorkKind.IDEMPOTENT, endpoint -> {
                if (endpoint.id().equals("a")) {
                    throw new ConnectException("refused");
                }
                return "ok";
            });
        }
        assertThat(router.isEjected("a")).isTrue();
        for (int i = 0; i < 50; i++) {
            assertThat(router.execute(WorkKind.IDEMPOTENT, Endpoint::id)).isEqualTo("b");
        }
    }

    @Test
    void successRateEjectsAnEndpointBelowMeanMinusKStandardDeviations() {
        OutlierDetection detection = OutlierDetection.builder()
                .consecutiveFailures(0)
                .consecutiveGatewayFailures(0)
                .maxEjectionRatio(0.5)
                .build(); // stdev factor 1.9, 5 endpoints with 100 calls
        EndpointRouter router = router(detection, "a", "b", "c", "d", "e", "f");
        // a fails every other call (0.5); the others every 100th (about 0.99): with 6 endpoints the
        // mean is about 0.91 and the standard deviation about 0.18, so the threshold is about 0.57.
        Map<String, Behaviour> behaviours = new HashMap<>();
        for (String id : List.of("b", "c", "d", "e", "f")) {
            behaviours.put(id, i -> failEvery(100, i));
        }
        behaviours.put("a", i -> failEvery(2, i));
        Map<String, Integer> calls = drive(router, 1_800, behaviours);
        assertThat(calls.values()).allSatisfy(n -> assertThat(n).isGreaterThanOrEqualTo(100));
        router.analyzeOutliers();
        assertThat(router.isEjected("a")).isTrue();
        for (String id : List.of("b", "c", "d", "e", "f")) {
            assertThat(router.isEjected(id)).isFalse();
        }
        assertThat(router.outlierStatus("a").reason()).contains(EjectionReason.SUCCESS_RATE);
        assertThat(events)
                .singleElement()
                .satisfies(e -> assertThat(e.detail())
                        .startsWith("SUCCESS_RATE: success rate 0.49")
                        .contains("of 6 endpoints"));
        assertThat(router.outlierMetrics().ejections()).containsEntry(EjectionReason.SUCCESS_RATE, 1L);
    }

    @Test
    void successRateNeedsTheRequestVolumeOnEnoughEndpoints() {
        OutlierDetection detection = OutlierDetection.builder()
                .consecutiveFailures(0)
                .consecutiveGatewayFailures(0)
                .maxEjectionRatio(0.5)
                .successRateRequestVolume(400)
                .build();
        EndpointRouter router = router(detection, "a", "b", "c", "d", "e", "f");
        Map<String, Behaviour> behaviours = Map.of("a", i -> failEvery(2, i));
        drive(router, 1_800, behaviours); // about 300 calls each: below the volume
        router.analyzeOutliers();
        assertThat(router.isEjected("a")).isFalse();

        // Enough volume, but only 4 endpoints have it while 5 are needed.
        EndpointRouter four =
                router(detection.toBuilder().successRateRequestVolume(100).build(), "a", "b", "c", "d");
        drive(four, 2_000, behaviours);
        four.analyzeOutliers();
        assertThat(four.isEjected("a")).isFalse();
        assertThat(four.outlierMetrics().totalEjections()).isZero();
    }

    @Test
    void successRateJudgesOnlyTheCallsSinceThePreviousAnalysis() {
        OutlierDetection detection = OutlierDetection.builder()
                .consecutiveFailures(0)
                .consecutiveGatewayFailures(0)
                .maxEjectionRatio(0.5)
                .build();
        EndpointRouter router = router(detection, "a", "b", "c", "d", "e", "f");
        int[] phase = {0};
        Map<String, Behaviour> behaviours = Map.of("a", i -> phase[0] == 0 ? failEvery(2, i) : null);
        drive(router, 1_800, Map.of());
        router.analyzeOutliers();
        phase[0] = 0;
        drive(router, 1_800, behaviours);
        phase[0] = 1;
        // The bad interval is judged at the next analysis, the good one after it is judged on its own.
        router.analyzeOutliers();
        assertThat(router.isEjected("a")).isTrue();
    }

    @Test
    void failurePercentageEjectsAtOrAboveTheThreshold() {
        OutlierDetection detection = OutlierDetection.builder()
                .consecutiveFailures(0)
                .consecutiveGatewayFailures(0)
                .successRateEnabled(false)
                .failurePercentageEnabled(true)
                .failurePercentageThreshold(50)
                .failurePercentageMinimumEndpoints(3)
                .failurePercentageRequestVolume(50)
                .maxEjectionRatio(1)
                .build();
        EndpointRouter router = router(detection, "a", "b", "c");
        // a fails every call but every 4th (75%), b every other call (exactly 50%), c never.
        Map<String, Behaviour> behaviours =
                Map.of("a", i -> i % 4 == 3 ? null : new IllegalStateException("500"), "b", i -> failEvery(2, i));
        drive(router, 600, behaviours);
        router.analyzeOutliers();
        assertThat(router.outlierStatus("a").reason()).contains(EjectionReason.FAILURE_PERCENTAGE);
        assertThat(router.isEjected("c")).isFalse();
        OutlierStatus b = router.outlierStatus("b");
        // b's share is 50% only if it had an even number of calls; it is ejected exactly then.
        long bCalls = b.successes() + b.failures();
        assertThat(b.ejected()).isEqualTo(2 * b.failures() >= bCalls);
        assertThat(events.get(0).detail()).startsWith("FAILURE_PERCENTAGE: 7").contains("threshold 50.00%");
    }

    @Test
    void failurePercentageBelowTheThresholdOrVolumeEjectsNothing() {
        OutlierDetection detection = OutlierDetection.builder()
                .consecutiveFailures(0)
                .consecutiveGatewayFailures(0)
                .successRateEnabled(false)
                .failurePercentageEnabled(true)
                .failurePercentageThreshold(80)
                .failurePercentageMinimumEndpoints(2)
                .failurePercentageRequestVolume(50)
                .maxEjectionRatio(1)
                .build();
        EndpointRouter router = router(detection, "a", "b");
        drive(router, 400, Map.of("a", i -> i % 4 == 3 ? null : new IllegalStateException("500")));
        router.analyzeOutliers();
        assertThat(router.isEjected("a")).isFalse(); // 75% < 80%
        drive(router, 60, Map.of("a", i -> new IllegalStateException("500")));
        router.analyzeOutliers();
        assertThat(router.isEjected("a")).isFalse(); // 100%, but about 30 calls < 50
    }

    @Test
    void latencyOutlierIsEjectedWhenItsPercentileExceedsKTimesTheOthersMedian() {
        OutlierDetection detection = OutlierDetection.builder()
                .consecutiveFailures(0)
                .consecutiveGatewayFailures(0)
                .successRateEnabled(false)
                .latencyEnabled(true)
                .latencyPercentile(99)
                .latencyFactor(3)
                .latencyMinimumEndpoints(3)
                .latencyRequestVolume(100)
                .maxEjectionRatio(0.5)
                .build();
        EndpointRouter router = router(detection, "a", "b", "c", "d");
        // b, c, d answer in 10 ms (every 50th call in 20 ms); a in 10 ms but 5% of calls take 100 ms:
        // its p99 is 100 ms, the others' p99 20 ms, so a is 5x the others' median.
        Map<String, Behaviour> behaviours = new HashMap<>();
        for (String id : List.of("b", "c", "d")) {
            behaviours.put(id, i -> {
                time.advance(Duration.ofMillis(i % 50 == 0 ? 20 : 10));
                return null;
            });
        }
        behaviours.put("a", i -> {
            time.advance(Duration.ofMillis(i % 20 == 0 ? 100 : 10));
            return null;
        });
        drive(router, 1_000, behaviours);
        router.analyzeOutliers();
        assertThat(router.isEjected("a")).isTrue();
        assertThat(router.outlierStatus("a").reason()).contains(EjectionReason.LATENCY);
        assertThat(List.of("b", "c", "d")).noneMatch(router::isEjected);
        assertThat(events.get(0).detail())
                .startsWith("LATENCY: p99 PT0.09") // 100 ms within the 6.25% bucket precision
                .contains("above 3.00 x PT0.02");
    }

    @Test
    void latencyWithinKTimesTheOthersOrBelowTheVolumeEjectsNothing() {
        OutlierDetection detection = OutlierDetection.builder()
                .consecutiveFailures(0)
                .consecutiveGatewayFailures(0)
                .successRateEnabled(false)
                .latencyEnabled(true)
                .latencyMinimumEndpoints(3)
                .latencyRequestVolume(100)
                .maxEjectionRatio(0.5)
                .build();
        EndpointRouter router = router(detection, "a", "b", "c", "d");
        Map<String, Behaviour> behaviours = new HashMap<>();
        for (String id : List.of("b", "c", "d")) {
            behaviours.put(id, i -> {
                time.advance(Duration.ofMillis(20));
                return null;
            });
        }
        behaviours.put("a", i -> {
            time.advance(Duration.ofMillis(50)); // 2.5x, below 3x
            return null;
        });
        drive(router, 1_000, behaviours);
        router.analyzeOutliers();
        assertThat(router.isEjected("a")).isFalse();

        behaviours.put("a", i -> {
            time.advance(Duration.ofMillis(500));
            return null;
        });
        drive(router, 200, behaviours); // about 50 calls each: below the volume
        router.analyzeOutliers();
        assertThat(router.isEjected("a")).isFalse();
    }

    @Test
    void theCapLeavesFurtherOutliersInRotationAndCountsThem() {
        EndpointRouter router = router(
                OutlierDetection.builder()
                        .successRateEnabled(false)
                        .consecutiveFailures(2)
                        .maxEjectionRatio(0.2)
                        .build(),
                "a",
                "b",
                "c",
                "d",
                "e",
                "f",
                "g",
                "h",
                "i",
                "j");
        for (String id : List.of("a", "b", "c", "d")) {
            failOn(router, id, 2, new IllegalStateException("500"));
        }
        OutlierMetrics metrics = router.outlierMetrics();
        assertThat(metrics.maxEjectedEndpoints()).isEqualTo(2);
        assertThat(metrics.ejectedEndpoints()).isEqualTo(2);
        assertThat(metrics.ejectionsSkippedByCap()).isEqualTo(2);
        assertThat(List.of("a", "b")).allMatch(router::isEjected);
        assertThat(List.of("c", "d")).noneMatch(router::isEjected);

        // When a slot frees up, the next run of failures takes it.
        time.advance(Duration.ofSeconds(30));
        router.analyzeOutliers();
        assertThat(router.outlierMetrics().ejectedEndpoints()).isZero();
        failOn(router, "c", 2, new IllegalStateException("500"));
        assertThat(router.isEjected("c")).isTrue();
    }

    @Test
    void ejectionTimeGrowsWithRepeatedEjectionsUpToTheMaximumAndDecaysWhileHealthy() {
        EndpointRouter router = router(
                onlyConsecutive()
                        .consecutiveFailures(1)
                        .interval(Duration.ofSeconds(5))
                        .baseEjectionTime(Duration.ofSeconds(10))
                        .maxEjectionTime(Duration.ofSeconds(35))
                        .build(),
                "a",
                "b");
        List<Duration> times = new ArrayList<>();
        for (int n = 1; n <= 5; n++) {
            failOn(router, "a", 1, new IllegalStateException("500"));
            Duration ejection = router.outlierStatus("a").ejectionTime();
            times.add(ejection);
            // Still ejected one analysis before the time is up, returned at the first one after.
            time.advance(ejection.minusSeconds(1));
            router.analyzeOutliers();
            assertThat(router.isEjected("a")).isTrue();
            time.advance(Duration.ofSeconds(1));
            router.analyzeOutliers();
            assertThat(router.isEjected("a")).isFalse();
        }
        assertThat(times)
                .containsExactly(
                        Duration.ofSeconds(10),
                        Duration.ofSeconds(20),
                        Duration.ofSeconds(30),
                        Duration.ofSeconds(35),
                        Duration.ofSeconds(35));
        assertThat(router.outlierStatus("a").ejectionMultiplier()).isEqualTo(4);
        // Each analysis with a whole healthy interval behind it forgives one step.
        for (int expected = 3; expected >= 0; expected--) {
            time.advance(Duration.ofSeconds(5));
            router.analyzeOutliers();
            assertThat(router.outlierStatus("a").ejectionMultiplier()).isEqualTo(expected);
        }
        failOn(router, "a", 1, new IllegalStateException("500"));
        assertThat(router.outlierStatus("a").ejectionTime()).isEqualTo(Duration.ofSeconds(10));
        assertThat(events)
                .filteredOn(e -> e.type() == EndpointEvent.Type.UNEJECTED)
                .hasSize(5)
                .allSatisfy(e -> assertThat(e.ejectionReason()).contains(EjectionReason.CONSECUTIVE_FAILURES));
    }

    @Test
    void theSchedulerRunsTheAnalysesEveryIntervalWithoutAThreadOfItsOwn() {
        EndpointRouter router = router(
                onlyConsecutive()
                        .consecutiveFailures(1)
                        .interval(Duration.ofSeconds(10))
                        .baseEjectionTime(Duration.ofSeconds(25))
                        .build(),
                "a",
                "b");
        ManualScheduler scheduler = ManualScheduler.of(time);
        ScheduledFuture<?> analyses = router.scheduleOutlierAnalysis(scheduler);
        failOn(router, "a", 1, new IllegalStateException("500"));
        scheduler.advance(Duration.ofSeconds(20));
        assertThat(router.outlierMetrics().analyses()).isEqualTo(2);
        assertThat(router.isEjected("a")).isTrue();
        scheduler.advance(Duration.ofSeconds(10)); // the analysis at 30 s returns it
        assertThat(router.isEjected("a")).isFalse();
        assertThat(events)
                .extracting(EndpointEvent::type)
                .containsExactly(EndpointEvent.Type.EJECTED, EndpointEvent.Type.UNEJECTED);
        assertThat(events.get(1).time()).isEqualTo(Instant.parse("2026-01-01T00:00:30Z"));
        analyses.cancel(false);
        scheduler.advance(Duration.ofMinutes(5));
        assertThat(router.outlierMetrics().analyses()).isEqualTo(3);
    }

    @Test
    void anEjectedEndpointCountsAsUnhealthyForPanicModeWhichStillRoutesToIt() {
        EndpointRouter router = EndpointRouter.builder("pool", time)
                .random(new SplittableRandom(3))
                .breakerConfig(NEVER_OPENS)
                .panicMode(true)
                .panicThresholdRatio(1.0)
                .outlierDetection(onlyConsecutive().consecutiveFailures(1).build())
                .endpoint(Endpoint.of("a"))
                .endpoint(Endpoint.of("b"))
                .build();
        failOn(router, "a", 1, new IllegalStateException("500"));
        assertThat(router.isEjected("a")).isTrue();
        // One of two endpoints healthy is below the panic threshold of 1.0: both take calls.
        assertThat(drive(router, 200, Map.of())).containsKeys("a", "b");
    }

    @Test
    void withoutOutlierDetectionNothingIsEjectedAndTheQueriesSaySo() {
        EndpointRouter router =
                EndpointRouter.builder("pool", time).endpoint(Endpoint.of("a")).build();
        assertThat(router.outlierDetection()).isEqualTo(Optional.empty());
        assertThat(router.isEjected("a")).isFalse();
        assertThatThrownBy(router::analyzeOutliers)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("router pool was built without outlier detection");
        assertThatThrownBy(() -> router.outlierStatus("a")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> router(OutlierDetection.ofDefaults(), "a").outlierStatus("zz"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("endpointId must name an endpoint of pool, was zz");
    }
}
