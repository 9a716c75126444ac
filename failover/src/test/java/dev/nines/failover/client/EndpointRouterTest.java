package dev.nines.failover.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.nines.core.circuitbreaker.CircuitBreaker;
import dev.nines.core.circuitbreaker.CircuitBreakerConfig;
import dev.nines.core.time.ManualTimeSource;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EndpointRouterTest {

    private final ManualTimeSource time = ManualTimeSource.at(Instant.parse("2026-01-01T00:00:00Z"));

    private EndpointRouter.Builder router(String... ids) {
        EndpointRouter.Builder builder = EndpointRouter.builder("pool", time).random(new SplittableRandom(42));
        for (String id : ids) {
            builder.endpoint(Endpoint.of(id));
        }
        return builder;
    }

    private Map<String, Integer> routeMany(EndpointRouter router, int calls) {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < calls; i++) {
            Route route = router.route();
            counts.merge(route.endpoint().id(), 1, Integer::sum);
            route.onSuccess();
        }
        return counts;
    }

    @Test
    void routesInProportionToWeight() {
        EndpointRouter router = EndpointRouter.builder("pool", time)
                .random(new SplittableRandom(7))
                .endpoint(new Endpoint("big", 3))
                .endpoint(new Endpoint("small", 1))
                .build();
        Map<String, Integer> counts = routeMany(router, 10_000);
        assertThat(counts.get("big")).isBetween(7_300, 7_700);
        assertThat(counts.get("small")).isBetween(2_300, 2_700);
    }

    @Test
    void aDownEndpointGetsNoCallsAndAutomaticFailbackReturnsItAtOnce() {
        EndpointRouter router = router("a", "b").build();
        router.markDown("a");
        assertThat(routeMany(router, 100)).containsOnlyKeys("b");
        router.markUp("a");
        assertThat(router.isInRotation("a")).isTrue();
        assertThat(routeMany(router, 100)).containsKeys("a", "b");
    }

    @Test
    void manualFailbackKeepsARecoveredEndpointOutUntilAnOperatorFailsBack() {
        EndpointRouter router =
                router("a", "b").failbackPolicy(FailbackPolicy.manual()).build();
        router.markDown("a");
        router.markUp("a");
        assertThat(router.isInRotation("a")).isFalse();
        assertThat(routeMany(router, 100)).containsOnlyKeys("b");
        router.failback("a");
        assertThat(router.isInRotation("a")).isTrue();
        router.markDown("b");
        assertThatThrownBy(() -> router.failback("b")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void periodicFailbackWithoutGraceReturnsARecoveredEndpointAtTheNextCheck() {
        EndpointRouter router = router("a", "b")
                .failbackPolicy(FailbackPolicy.periodic(Duration.ofSeconds(60)).withGrace(Duration.ZERO))
                .build();
        router.markDown("a");
        time.advance(Duration.ofSeconds(10));
        router.markUp("a");
        time.advance(Duration.ofSeconds(49));
        assertThat(router.isInRotation("a")).as("t=59").isFalse();
        time.advance(Duration.ofSeconds(1));
        assertThat(router.isInRotation("a")).as("t=60, the next check").isTrue();
    }

    @Test
    void periodicFailbackWaitsForTheGraceThenTheNextCheckAndPublishesTheFailback() {
        EndpointRouter router = router("a", "b")
                .failbackPolicy(FailbackPolicy.periodic(Duration.ofSeconds(60)).withGrace(Duration.ofSeconds(90)))
                .build();
        List<EndpointEvent> events = new ArrayList<>();
        router.onEvent(events::add);
        Instant start = time.now();
        router.markDown("a");
        time.advance(Duration.ofSeconds(59));
        router.markUp("a");
        time.advance(Duration.ofSeconds(1));
        assertThat(router.isInRotation("a"))
                .as("t=60, a check, but within the grace")
                .isFalse();
        time.advance(Duration.ofSeconds(89));
        assertThat(router.isInRotation("a"))
                .as("t=149: grace over at 149, next check at 180")
                .isFalse();
        time.advance(Duration.ofSeconds(30));
        assertThat(router.isInRotation("a")).as("t=179").isFalse();
        time.advance(Duration.ofSeconds(5));
        assertThat(router.isInRotation("a")).as("t=184, after the check at 180").isTrue();
        assertThat(events)
                .extracting(EndpointEvent::type)
                .containsExactly(
                        EndpointEvent.Type.MARKED_DOWN, EndpointEvent.Type.MARKED_UP, EndpointEvent.Type.FAILED_BACK);
        assertThat(events.get(2).time())
                .as("the failback is dated at the check")
                .isEqualTo(start.plusSeconds(180));
        assertThat(events.get(2).endpointId()).isEqualTo("a");
    }

    @Test
    void aDefaultPeriodicPolicyDoesNotFailBackAnEndpointThatRecoveredJustBeforeACheck() {
        EndpointRouter router = router("a", "b")
                .failbackPolicy(FailbackPolicy.periodic(Duration.ofSeconds(60)))
                .build();
        router.markDown("a");
        time.advance(Duration.ofMillis(59_900));
        router.markUp("a");
        time.advance(Duration.ofMillis(100));
        assertThat(router.isInRotation("a"))
                .as("the check at 60 s comes 100 ms after recovery")
                .isFalse();
        time.advance(Duration.ofSeconds(59));
        assertThat(router.isInRotation("a")).as("t=119").isFalse();
        time.advance(Duration.ofSeconds(1));
        assertThat(router.isInRotation("a"))
                .as("t=120: up for a whole interval, at a check")
                .isTrue();
    }

    @Test
    void flappingDuringTheGraceRestartsIt() {
        EndpointRouter router = router("a", "b")
                .failbackPolicy(FailbackPolicy.automatic().withGrace(Duration.ofSeconds(30)))
                .build();
        router.markDown("a");
        router.markUp("a");
        time.advance(Duration.ofSeconds(20));
        router.markDown("a");
        router.markUp("a");
        time.advance(Duration.ofSeconds(20));
        assertThat(router.isInRotation("a")).as("20 s after the last recovery").isFalse();
        assertThat(routeMany(router, 50)).containsOnlyKeys("b");
        time.advance(Duration.ofSeconds(10));
        assertThat(router.isInRotation("a")).isTrue();
        assertThat(routeMany(router, 200)).containsKeys("a", "b");
    }

    @Test
    void automaticFailbackWithoutGraceAndManualFailbackArePublishedOnce() {
        EndpointRouter router = router("a", "b").build();
        List<EndpointEvent> events = new ArrayList<>();
        router.onEvent(events::add);
        router.markDown("a");
        router.markDown("a");
        router.markUp("a");
        router.markUp("a");
        routeMany(router, 20);
        assertThat(events)
                .extracting(EndpointEvent::type)
                .containsExactly(
                        EndpointEvent.Type.MARKED_DOWN, EndpointEvent.Type.MARKED_UP, EndpointEvent.Type.FAILED_BACK);

        EndpointRouter manual =
                router("a", "b").failbackPolicy(FailbackPolicy.manual()).build();
        List<EndpointEvent> manualEvents = new ArrayList<>();
        manual.onEvent(manualEvents::add);
        manual.markDown("a");
        manual.markUp("a");
        time.advance(Duration.ofDays(1));
        assertThat(manual.isInRotation("a")).isFalse();
        manual.failback("a");
        manual.failback("a");
        assertThat(manualEvents)
                .extracting(EndpointEvent::detail)
                .containsExactly("marked down", "marked up; failback manual", "manual failback");
    }

    @Test
    void anOpenBreakerSendsCallsToTheOtherEndpoints() {
        EndpointRouter router = router("a", "b").build();
        router.breaker("a").transitionToOpenState();
        assertThat(routeMany(router, 100)).containsOnlyKeys("b");
    }

    @Test
    void failuresRecordedOnARouteOpenItsBreaker() {
        CircuitBreakerConfig config = CircuitBreakerConfig.builder()
                .failureRateThreshold(50)
                .slidingWindow(4, 4, CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .build();
        EndpointRouter router = router("a").breakerConfig(config).build();
        for (int i = 0; i < 4; i++) {
            router.route().onError(new IOException("reset"));
        }
        assertThat(router.breaker("a").state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThatThrownBy(router::route).isInstanceOf(NoHealthyEndpointException.class);
    }

    @Test
    void failsFastWhenNoEndpointIsHealthyWithABoundedRetryRhythmThatResetsOnSuccess() {
        EndpointRouter router = router("a", "b")
                .retryRhythm(Duration.ofMillis(100), Duration.ofMillis(500))
                .build();
        router.markDown("a");
        router.markDown("b");
        List<Duration> rhythm = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            rhythm.add(catchThrowableOfType(NoHealthyEndpointException.class, router::route)
                    .retryAfter());
        }
        assertThat(rhythm)
                .containsExactly(
                        Duration.ofMillis(100),
                        Duration.ofMillis(200),
                        Duration.ofMillis(400),
                        Duration.ofMillis(500),
                        Duration.ofMillis(500));
        router.markUp("a");
        router.route().onSuccess();
        router.markDown("a");
        assertThat(catchThrowableOfType(NoHealthyEndpointException.class, router::route)
                        .retryAfter())
                .isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void panicModeRoutesToAllEndpointsWhenFewerThanHalfAreUp() {
        EndpointRouter panic = router("a", "b", "c", "d").panicMode(true).build();
        panic.markDown("a");
        panic.markDown("b");
        assertThat(routeMany(panic, 200)).as("2 of 4 up: not below half").containsOnlyKeys("c", "d");
        panic.markDown("c");
        assertThat(routeMany(panic, 400)).as("1 of 4 up: panic").containsOnlyKeys("a", "b", "c", "d");

        EndpointRouter calm = router("a", "b", "c", "d").build();
        calm.markDown("a");
        calm.markDown("b");
        calm.markDown("c");
        assertThat(routeMany(calm, 100)).containsOnlyKeys("d");
    }

    @Test
    void transactionalWorkFailingInFlightHasAnUnknownOutcomeAndIsNeverRetried() {
        EndpointRouter router = router("a", "b").build();
        List<String> calls = new ArrayList<>();
        OutcomeUnknownException unknown = catchThrowableOfType(
                OutcomeUnknownException.class,
                () -> router.execute(WorkKind.TRANSACTIONAL, endpoint -> {
                    calls.add(endpoint.id());
                    throw new IOException("connection reset during commit");
                }));
        assertThat(calls).hasSize(1);
        assertThat(unknown.endpointId()).isEqualTo(calls.get(0));
        assertThat(unknown).hasCauseInstanceOf(IOException.class);
    }

    @Test
    void idempotentWorkIsRetriedOnceOnAnotherEndpoint() throws Exception {
        EndpointRouter router = router("a", "b", "c").build();
        List<String> calls = new ArrayList<>();
        String result = router.execute(WorkKind.IDEMPOTENT, endpoint -> {
            calls.add(endpoint.id());
            if (calls.size() == 1) {
                throw new IOException("switching");
            }
            return "ok from " + endpoint.id();
        });
        assertThat(calls).hasSize(2);
        assertThat(calls.get(1)).isNotEqualTo(calls.get(0));
        assertThat(result).isEqualTo("ok from " + calls.get(1));

        calls.clear();
        NoHealthyEndpointException unavailable = catchThrowableOfType(
                NoHealthyEndpointException.class,
                () -> router.execute(WorkKind.IDEMPOTENT, endpoint -> {
                    calls.add(endpoint.id());
                    throw new IOException("fail " + calls.size());
                }));
        assertThat(calls).hasSize(2).doesNotHaveDuplicates();
        assertThat(unavailable.isPermanent())
                .as("c was never tried: retry later")
                .isFalse();
        assertThat(unavailable.attempts()).isEqualTo(2);
        assertThat(unavailable).hasCauseInstanceOf(IOException.class).hasRootCauseMessage("fail 2");
        assertThat(unavailable.getSuppressed())
                .singleElement()
                .satisfies(e -> assertThat(e).hasMessage("fail 1"));
    }

    @Test
    void idempotentWorkFailsOverAtMostMaxFailoverAttemptsTimesToUntriedEndpoints() {
        EndpointRouter router =
                router("a", "b", "c", "d", "e").maxFailoverAttempts(3).build();
        List<String> calls = new ArrayList<>();
        NoHealthyEndpointException unavailable = catchThrowableOfType(
                NoHealthyEndpointException.class,
                () -> router.execute(WorkKind.IDEMPOTENT, endpoint -> {
                    calls.add(endpoint.id());
                    throw new IOException("down " + endpoint.id());
                }));
        assertThat(calls).hasSize(4).doesNotHaveDuplicates();
        assertThat(unavailable.isPermanent()).isFalse();
        assertThat(unavailable.attempts()).isEqualTo(4);
        assertThat(unavailable.getSuppressed()).hasSize(3);

        EndpointRouter none = router("a", "b").maxFailoverAttempts(0).build();
        int[] count = {0};
        assertThatThrownBy(() -> none.execute(WorkKind.IDEMPOTENT, endpoint -> {
                    count[0]++;
                    throw new IOException("reset");
                }))
                .isInstanceOf(NoHealthyEndpointException.class);
        assertThat(count[0]).as("maxFailoverAttempts 0 turns failover off").isEqualTo(1);
    }

    @Test
    void aCallThatFailedOnEveryEndpointIsPermanentlyUnavailable() {
        EndpointRouter router = router("a", "b", "c").maxFailoverAttempts(5).build();
        router.markDown("c");
        List<String> calls = new ArrayList<>();
        NoHealthyEndpointException unavailable = catchThrowableOfType(
                NoHealthyEndpointException.class,
                () -> router.execute(WorkKind.IDEMPOTENT, endpoint -> {
                    calls.add(endpoint.id());
                    throw new IOException("down " + endpoint.id());
                }));
        assertThat(calls).containsExactlyInAnyOrder("a", "b");
        assertThat(unavailable.isPermanent())
                .as("a and b failed, c is marked down")
                .isTrue();
        assertThat(unavailable.attempts()).isEqualTo(2);
        assertThat(unavailable).hasMessageContaining("every endpoint of pool is excluded");
    }

    @Test
    void routeSaysPermanentWhenEveryEndpointIsDownAndTemporaryWhenOnlyBreakersReject() {
        EndpointRouter router = router("a", "b").build();
        router.breaker("a").transitionToOpenState();
        router.markDown("b");
        NoHealthyEndpointException busy = catchThrowableOfType(NoHealthyEndpointException.class, router::route);
        assertThat(busy.isPermanent()).as("a is up, its breaker is open").isFalse();
        assertThat(busy).hasMessageContaining("retry after");
        router.markDown("a");
        assertThat(catchThrowableOfType(NoHealthyEndpointException.class, router::route)
                        .isPermanent())
                .isTrue();

        EndpointRouter waiting =
                router("a").failbackPolicy(FailbackPolicy.manual()).build();
        waiting.markDown("a");
        waiting.markUp("a");
        assertThat(catchThrowableOfType(NoHealthyEndpointException.class, waiting::route)
                        .isPermanent())
                .as("up, waiting for failback")
                .isFalse();
    }

    @Test
    void failoverAttemptsAreSpacedByTheMinimumSpacing() {
        List<Long> sleeps = new ArrayList<>();
        List<Instant> starts = new ArrayList<>();
        EndpointRouter router = router("a", "b", "c")
                .maxFailoverAttempts(2)
                .failoverSpacing(Duration.ofMillis(500))
                .sleeper(nanos -> {
                    sleeps.add(nanos);
                    time.advanceNanos(nanos);
                })
                .build();
        assertThatThrownBy(() -> router.execute(WorkKind.IDEMPOTENT, endpoint -> {
                    starts.add(time.now());
                    time.advance(Duration.ofMillis(200));
                    throw new IOException("reset");
                }))
                .isInstanceOf(NoHealthyEndpointException.class);
        assertThat(starts).hasSize(3);
        assertThat(Duration.between(starts.get(0), starts.get(1))).isEqualTo(Duration.ofMillis(500));
        assertThat(Duration.between(starts.get(1), starts.get(2))).isEqualTo(Duration.ofMillis(500));
        assertThat(sleeps).containsExactly(300_000_000L, 300_000_000L);
    }

    @Test
    void idempotentWorkWithNoOtherEndpointEndsPermanentlyUnavailableWithTheOriginalFailure() {
        EndpointRouter router = router("a").build();
        NoHealthyEndpointException failure = catchThrowableOfType(
                NoHealthyEndpointException.class,
                () -> router.execute(WorkKind.IDEMPOTENT, endpoint -> {
                    throw new IOException("only one");
                }));
        assertThat(failure.isPermanent()).isTrue();
        assertThat(failure.getCause()).isInstanceOf(IOException.class).hasMessage("only one");
    }

    @Test
    void nonIdempotentWorkIsNotRetried() {
        EndpointRouter router = router("a", "b").build();
        int[] calls = {0};
        assertThatThrownBy(() -> router.execute(WorkKind.NON_IDEMPOTENT, endpoint -> {
                    calls[0]++;
                    throw new IOException("reset");
                }))
                .isInstanceOf(IOException.class)
                .hasMessage("reset");
        assertThat(calls[0]).isEqualTo(1);
    }

    @Test
    void failuresThatAreNotConnectionFailuresArePassedOnAsIs() {
        EndpointRouter router = router("a", "b")
                .connectionFailure(e -> e instanceof IOException)
                .build();
        int[] calls = {0};
        assertThatThrownBy(() -> router.execute(WorkKind.TRANSACTIONAL, endpoint -> {
                    calls[0]++;
                    throw new IllegalArgumentException("constraint violated");
                }))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> router.execute(WorkKind.IDEMPOTENT, endpoint -> {
                    calls[0]++;
                    throw new IllegalArgumentException("bad request");
                }))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(calls[0]).isEqualTo(2);
    }

    @Test
    void aReleasedRouteRecordsNoOutcome() {
        EndpointRouter router = router("a").build();
        router.route().release();
        assertThat(router.breaker("a").metrics().numberOfBufferedCalls()).isZero();
    }

    @Test
    void theBuilderRejectsAnEmptyPoolDuplicateIdsAndBadSettings() {
        assertThatThrownBy(() -> EndpointRouter.builder("pool", time).build())
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> router("a", "a").build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("endpoint ids must be unique, was a twice");
        assertThatThrownBy(() -> router("a").panicThresholdRatio(0))
                .hasMessage("panicThresholdRatio must be in (0, 1], was 0.0");
        assertThatThrownBy(() -> router("a").retryRhythm(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessage("max must be at least base PT2S, was PT1S");
        assertThatThrownBy(() -> router("a").build().markDown("zz")).isInstanceOf(IllegalArgumentException.class);
        assertThat(router("a", "b").build().endpoints())
                .extracting(Endpoint::id)
                .containsExactly("a", "b");
        assertThatThrownBy(() -> router("a").maxFailoverAttempts(-1))
                .hasMessage("maxFailoverAttempts must be at least 0, was -1");
        assertThatThrownBy(() -> router("a").failoverSpacing(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("failoverSpacing");
        assertThatThrownBy(() -> router("a").failoverSpacing(Duration.ofSeconds(Long.MAX_VALUE)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("failoverSpacing");
    }
}
