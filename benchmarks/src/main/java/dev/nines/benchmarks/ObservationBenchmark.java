package dev.nines.benchmarks;

import dev.nines.core.time.TimeSource;
import dev.nines.slo.Sli;
import dev.nines.slo.Slo;
import dev.nines.slo.SloTracker;
import dev.nines.slo.SloWindow;
import dev.nines.slo.micrometer.ObservationMapping;
import dev.nines.slo.micrometer.SloObservationHandler;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Overhead per observation of {@link SloObservationHandler}: one {@code http.server.requests}
 * observation with {@code uri} and {@code status} tags, started and stopped, on
 *
 * <ul>
 *   <li>{@code nines}: a registry with the SLO handler, mapping it to a request-ratio SLO
 *       ({@code observe}) or a latency SLO ({@code observeLatency}, which keeps the start time);</li>
 *   <li>{@code emptyHandler}: a registry with a handler that does nothing (Micrometer's own cost of
 *       a live observation, which any handler pays);</li>
 *   <li>{@code noHandler}: a registry with no handler (Micrometer hands out its no-op observation).</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ObservationBenchmark {

    /** The registries, shared by all benchmark threads. */
    @State(Scope.Benchmark)
    public static class Registries {
        final ObservationRegistry none = ObservationRegistry.create();
        final ObservationRegistry empty = ObservationRegistry.create();
        final ObservationRegistry nines = ObservationRegistry.create();
        final ObservationRegistry ninesLatency = ObservationRegistry.create();
        final ObservationRegistry timer = ObservationRegistry.create();

        /** Registers the handlers. */
        public Registries() {
            timer.observationConfig().observationHandler(new DefaultMeterObservationHandler(new SimpleMeterRegistry()));
            empty.observationConfig().observationHandler(new ObservationHandler<Observation.Context>() {
                @Override
                public boolean supportsContext(Observation.Context context) {
                    return true;
                }
            });
            SloTracker ratio = SloTracker.create(
                    Slo.builder("checkout")
                            .objective(0.999)
                            .window(SloWindow.rolling(Duration.ofDays(30)))
                            .build(),
                    TimeSource.system());
            nines.observationConfig()
                    .observationHandler(SloObservationHandler.builder(TimeSource.system())
                            .tracker(ratio)
                            .mapping(ObservationMapping.builder("http.server.requests", "checkout")
                                    .tag("uri", "/checkout")
                                    .build())
                            .build());
            SloTracker latency = SloTracker.create(
                    Slo.builder("checkout-latency")
                            .objective(0.99)
                            .sli(Sli.latency(Duration.ofMillis(300)))
                            .window(SloWindow.rolling(Duration.ofDays(30)))
                            .build(),
                    TimeSource.system());
            ninesLatency
                    .observationConfig()
                    .observationHandler(SloObservationHandler.builder(TimeSource.system())
                            .tracker(latency)
                            .mapping(ObservationMapping.builder("http.server.requests", "checkout-latency")
                                    .tag("uri", "/checkout")
                                    .build())
                            .build());
        }
    }

    private static Observation observe(ObservationRegistry registry) {
        Observation observation = Observation.start("http.server.requests", registry);
        observation.lowCardinalityKeyValue("uri", "/checkout");
        observation.lowCardinalityKeyValue("status", "200");
        observation.stop();
        return observation;
    }

    /** Nines: the SLO handler feeding a request-ratio SLO. */
    @Benchmark
    public Observation nines_observe(Registries r) {
        return observe(r.nines);
    }

    /** Peer: a handler that does nothing. */
    @Benchmark
    public Observation emptyHandler_observe(Registries r) {
        return observe(r.empty);
    }

    /** Peer: no handler at all. */
    @Benchmark
    public Observation noHandler_observe(Registries r) {
        return observe(r.none);
    }

    /** Peer: Micrometer's own handler timing the observation into a {@code SimpleMeterRegistry}. */
    @Benchmark
    public Observation micrometerTimer_observe(Registries r) {
        return observe(r.timer);
    }

    /** Peer: Micrometer's own timer handler (same work as {@link #micrometerTimer_observe}). */
    @Benchmark
    public Observation micrometerTimer_observeLatency(Registries r) {
        return observe(r.timer);
    }

    /** Nines: the SLO handler feeding a latency SLO (keeps a start time per observation). */
    @Benchmark
    public Observation nines_observeLatency(Registries r) {
        return observe(r.ninesLatency);
    }

    /** Peer: a handler that does nothing (same work as {@link #emptyHandler_observe}). */
    @Benchmark
    public Observation emptyHandler_observeLatency(Registries r) {
        return observe(r.empty);
    }

    /** Peer: no handler at all (same work as {@link #noHandler_observe}). */
    @Benchmark
    public Observation noHandler_observeLatency(Registries r) {
        return observe(r.none);
    }
}
