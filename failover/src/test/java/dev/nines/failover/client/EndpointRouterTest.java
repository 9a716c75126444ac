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
        EndpointRouter router = EndpointRouter.builder("pool", time).random(new SplittableRandom(7))
                .endpoint(new Endpoint("big", 3)).endpoint(new Endpoint("small", 1)).build();
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
        EndpointRouter router = router("a", "b").failbackPolicy(FailbackPolicy.manual()).build();
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
    void periodicFailbackReturnsARecoveredEndpointAtTheNextCheck() {
        EndpointRouter router = router("a", "b").failbackPolicy(FailbackPolicy.periodic(Duration.ofSeconds(60)))
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
    void anOpenBreakerSendsCallsToTheOtherEndpoints() {
        EndpointRouter router = router("a", "b").build();
        router.breaker("a").transitionToOpenState();
        assertThat(routeMany(router, 100)).containsOnlyKeys("b");
    }

    @Test
    void failuresRecordedOnARouteOpenItsBreaker() {
        CircuitBreakerConfig config = CircuitBreakerConfig.builder().failureRateThreshold(50)
                .slidingWindow(4, 4, CircuitBreakerConfig.SlidingWindowType.COUNT_BASED).build();
        EndpointRouter router = router("a").breakerConfig(config).build();
        for (int i = 0; i < 4; i++) {
            router.route().onError(new IOException("reset"));
        }
        assertThat(router.breaker("a").state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThatThrownBy(router::route).isInstanceOf(NoHealthyEndpointException.class);
    }

    @Test
    void failsFastWhenNoEndpointIsHealthyWithABoundedRetryRhythmThatResetsOnSuccess() {
        EndpointRouter router = router("a", "b").retryRhythm(Duration.ofMillis(100), Duration.ofMillis(500)).build();
        router.markDown("a");
        router.markDown("b");
        List<Duration> rhythm = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            rhythm.add(catchThrowableOfType(NoHealthyEndpointException.class, router::route).retryAfter());
        }
        assertThat(rhythm).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400),
                Duration.ofMillis(500), Duration.ofMillis(500));
        router.markUp("a");
        router.route().onSuccess();
        router.markDown("a");
        assertThat(catchThrowableOfType(NoHealthyEndpointException.class, router::route).retryAfter())
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
        OutcomeUnknownException unknown = catchThrowableOfType(OutcomeUnknownException.class,
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
        IOException second = catchThrowableOfType(IOException.class,
                () -> router.execute(WorkKind.IDEMPOTENT, endpoint -> {
                    calls.add(endpoint.id());
                    throw new IOException("fail " + calls.size());
                }));
        assertThat(calls).hasSize(2);
        assertThat(second).hasMessage("fail 2");
        assertThat(second.getSuppressed()).singleElement().satisfies(e -> assertThat(e).hasMessage("fail 1"));
    }

    @Test
    void idempotentWorkWithNoOtherEndpointFailsWithTheOriginalFailure() {
        EndpointRouter router = router("a").build();
        IOException failure = catchThrowableOfType(IOException.class,
                () -> router.execute(WorkKind.IDEMPOTENT, endpoint -> {
                    throw new IOException("only one");
                }));
        assertThat(failure).hasMessage("only one");
        assertThat(failure.getSuppressed()).singleElement().isInstanceOf(NoHealthyEndpointException.class);
    }

    @Test
    void nonIdempotentWorkIsNotRetried() {
        EndpointRouter router = router("a", "b").build();
        int[] calls = {0};
        assertThatThrownBy(() -> router.execute(WorkKind.NON_IDEMPOTENT, endpoint -> {
            calls[0]++;
            throw new IOException("reset");
        })).isInstanceOf(IOException.class).hasMessage("reset");
        assertThat(calls[0]).isEqualTo(1);
    }

    @Test
    void failuresThatAreNotConnectionFailuresArePassedOnAsIs() {
        EndpointRouter router = router("a", "b").connectionFailure(e -> e instanceof IOException).build();
        int[] calls = {0};
        assertThatThrownBy(() -> router.execute(WorkKind.TRANSACTIONAL, endpoint -> {
            calls[0]++;
            throw new IllegalArgumentException("constraint violated");
        })).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> router.execute(WorkKind.IDEMPOTENT, endpoint -> {
            calls[0]++;
            throw new IllegalArgumentException("bad request");
        })).isInstanceOf(IllegalArgumentException.class);
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
        assertThatThrownBy(() -> EndpointRouter.builder("pool", time).build()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> router("a", "a").build()).isInstanceOf(IllegalStateException.class)
                .hasMessage("endpoint ids must be unique, was a twice");
        assertThatThrownBy(() -> router("a").panicThresholdRatio(0)).hasMessage("panicThresholdRatio must be in (0, 1], was 0.0");
        assertThatThrownBy(() -> router("a").retryRhythm(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessage("max must be at least base PT2S, was PT1S");
        assertThatThrownBy(() -> router("a").build().markDown("zz")).isInstanceOf(IllegalArgumentException.class);
        assertThat(router("a", "b").build().endpoints()).extracting(Endpoint::id).containsExactly("a", "b");
    }
}
