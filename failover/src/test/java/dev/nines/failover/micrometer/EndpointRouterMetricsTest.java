package dev.nines.failover.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nines.core.circuitbreaker.CircuitBreakerConfig;
import dev.nines.core.time.ManualTimeSource;
import dev.nines.failover.client.Endpoint;
import dev.nines.failover.client.EndpointRouter;
import dev.nines.failover.client.OutlierDetection;
import dev.nines.failover.client.Route;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EndpointRouterMetricsTest {

    private final ManualTimeSource time = ManualTimeSource.at(Instant.parse("2026-01-01T00:00:00Z"));

    private EndpointRouter router(boolean outliers) {
        EndpointRouter.Builder builder = EndpointRouter.builder("pool", time)
                .random(new SplittableRandom(5))
                .breakerConfig(CircuitBreakerConfig.builder()
                        .ignoreException(e -> true)
                        .build())
                .endpoint(Endpoint.of("a"))
                .endpoint(Endpoint.of("b"))
                .endpoint(Endpoint.of("c"));
        if (outliers) {
            builder.outlierDetection(OutlierDetection.builder()
                    .successRateEnabled(false)
                    .consecutiveFailures(2)
                    .maxEjectionRatio(0.34)
                    .build());
        }
        return builder.build();
    }

    private static void fail(EndpointRouter router, String id, int times) {
        int failed = 0;
        while (failed < times) {
            Route route = router.route();
            if (route.endpoint().id().equals(id)) {
                route.onError(new IllegalStateException("500"));
                failed++;
            } else {
                route.onSuccess();
            }
        }
    }

    @Test
    void ejectionsShowInTheGaugesAndCountersByReason() {
        EndpointRouter router = router(true);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        EndpointRouterMetrics.of(router).bindTo(registry);
        fail(router, "a", 2);
        fail(router, "b", 2); // the cap (1 of 3) leaves b in rotation

        assertThat(registry.get("nines.endpoint.ejected")
                        .tag("endpoint", "a")
                        .gauge()
                        .value())
                .isEqualTo(1.0);
        assertThat(registry.get("nines.endpoint.ejected")
                        .tag("endpoint", "b")
                        .gauge()
                        .value())
                .isEqualTo(0.0);
        assertThat(registry.get("nines.endpoint.in.rotation")
                        .tag("endpoint", "a")
                        .gauge()
                        .value())
                .isEqualTo(0.0);
        assertThat(registry.get("nines.endpoint.ejected.count").gauge().value()).isEqualTo(1.0);
        assertThat(registry.get("nines.endpoint.ejected.max").gauge().value()).isEqualTo(1.0);
        assertThat(registry.get("nines.endpoint.ejections")
                        .tag("reason", "consecutive_failures")
                        .functionCounter()
                        .count())
                .isEqualTo(1.0);
        assertThat(registry.get("nines.endpoint.ejections")
                        .tag("reason", "latency")
                        .functionCounter()
                        .count())
                .isZero();
        assertThat(registry.get("nines.endpoint.ejections.skipped")
                        .functionCounter()
                        .count())
                .isEqualTo(1.0);

        time.advance(Duration.ofSeconds(30));
        router.analyzeOutliers();
        assertThat(registry.get("nines.endpoint.ejected.count").gauge().value()).isZero();
        assertThat(registry.get("nines.endpoint.in.rotation")
                        .tag("endpoint", "a")
                        .gauge()
                        .value())
                .isEqualTo(1.0);
    }

    @Test
    void aRouterWithoutOutlierDetectionHasOnlyTheRotationGauges() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        EndpointRouterMetrics.of(router(false)).bindTo(registry);
        assertThat(registry.find("nines.endpoint.in.rotation").gauges()).hasSize(3);
        assertThat(registry.find("nines.endpoint.ejected").gauges()).isEmpty();
        assertThat(registry.find("nines.endpoint.ejections").functionCounters()).isEmpty();
    }

    @Test
    void closingRemovesTheMetersOfEveryMeterRegistry() {
        EndpointRouter router = router(true);
        SimpleMeterRegistry a = new SimpleMeterRegistry();
        SimpleMeterRegistry b = new SimpleMeterRegistry();
        EndpointRouterMetrics metrics = EndpointRouterMetrics.of(router);
        metrics.bindTo(a);
        metrics.bindTo(b);
        assertThat(a.getMeters()).isNotEmpty();
        assertThat(metrics.unbindFrom(a)).isTrue();
        assertThat(a.getMeters()).isEmpty();
        assertThat(b.getMeters()).isNotEmpty();
        metrics.close();
        assertThat(b.getMeters()).isEmpty();
    }
}
