package dev.nines.benchmarks;

import dev.nines.core.circuitbreaker.CircuitBreakerConfig;
import dev.nines.core.time.TimeSource;
import dev.nines.failover.client.Endpoint;
import dev.nines.failover.client.EndpointRouter;
import dev.nines.failover.client.OutlierDetection;
import dev.nines.failover.client.Route;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Per-call cost of {@link EndpointRouter}'s outlier detection ({@code nines}: every detector on,
 * latency included) against the same router without it ({@code noDetection}): the recording of one
 * outcome on a route ({@code record}, {@code recordError}; uncontended, and from 4 threads on one
 * endpoint), and a whole routed call ({@code routeAndRecord}). Breakers ignore every failure in both,
 * and the consecutive-failure detectors are off so nothing is ejected while measuring: what differs
 * is the detector's recording alone. No analysis runs (it is periodic, off the call path).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class OutlierDetectionBenchmark {

    // One failure shared by every call: the benchmark measures the detector, not exception allocation.
    @SuppressWarnings("StaticAssignmentOfThrowable")
    private static final IllegalStateException FAILURE = new IllegalStateException("500");

    /** Two routers over 8 endpoints, one with outlier detection, and one held route from each. */
    @State(Scope.Benchmark)
    public static class Routers {
        EndpointRouter withDetection;
        EndpointRouter without;
        Route detectedRoute;
        Route plainRoute;

        /** Builds the routers and takes one route from each. */
        @Setup
        public void setUp() {
            withDetection = router(OutlierDetection.builder()
                    .consecutiveFailures(0)
                    .consecutiveGatewayFailures(0)
                    .failurePercentageEnabled(true)
                    .latencyEnabled(true)
                    .build());
            without = router(null);
            detectedRoute = withDetection.route();
            plainRoute = without.route();
        }

        private static EndpointRouter router(@Nullable OutlierDetection detection) {

            EndpointRouter.Builder builder = EndpointRouter.builder("bench", TimeSource.system())
                    .breakerConfig(CircuitBreakerConfig.builder()
                            .ignoreException(e -> true)
                            .build());
            for (int i = 0; i < 8; i++) {
                builder.endpoint(Endpoint.of("e" + i));
            }
            if (detection != null) {
                builder.outlierDetection(detection);
            }
            return builder.build();
        }
    }

    /** Records a success (and its latency) on a held route. */
    @Benchmark
    public void nines_record(Routers routers) {
        routers.detectedRoute.onSuccess();
    }

    /** The same without outlier detection: the breaker's recording only. */
    @Benchmark
    public void noDetection_record(Routers routers) {
        routers.plainRoute.onSuccess();
    }

    /** Records a failure (classified) on a held route. */
    @Benchmark
    public void nines_recordError(Routers routers) {
        routers.detectedRoute.onError(FAILURE);
    }

    /** The same without outlier detection. */
    @Benchmark
    public void noDetection_recordError(Routers routers) {
        routers.plainRoute.onError(FAILURE);
    }

    /** Records a success from 4 threads on one endpoint: the counters' contention. */
    @Benchmark
    @Threads(4)
    public void nines_recordContended(Routers routers) {
        routers.detectedRoute.onSuccess();
    }

    /** The same without outlier detection. */
    @Benchmark
    @Threads(4)
    public void noDetection_recordContended(Routers routers) {
        routers.plainRoute.onSuccess();
    }

    /** A whole routed call: choose an endpoint (skipping ejected ones), record a success. */
    @Benchmark
    public void nines_routeAndRecord(Routers routers, Blackhole blackhole) {
        Route route = routers.withDetection.route();
        route.onSuccess();
        blackhole.consume(route);
    }

    /** The same without outlier detection. */
    @Benchmark
    public void noDetection_routeAndRecord(Routers routers, Blackhole blackhole) {
        Route route = routers.without.route();
        route.onSuccess();
        blackhole.consume(route);
    }
}
