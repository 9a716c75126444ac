package dev.nines.slo.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nines.core.time.ManualTimeSource;
import dev.nines.slo.Sli;
import dev.nines.slo.Slo;
import dev.nines.slo.SloTracker;
import dev.nines.slo.SloWindow;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Random observation streams through a real registry, against a model of the classification. */
class SloObservationHandlerPropertyTest {

    private static final long LATENCY_THRESHOLD = Duration.ofMillis(300).toNanos();
    private static final long SLOW_THRESHOLD = Duration.ofSeconds(1).toNanos();

    record Obs(String name, String uri, String status, Throwable error, long nanos) {}

    @Provide
    Arbitrary<List<Obs>> streams() {
        Arbitrary<Obs> one = Combinators.combine(
                        Arbitraries.of("http.server.requests", "http.client.requests", "db.query"),
                        Arbitraries.of("/checkout", "/cart", "none"),
                        Arbitraries.of("200", "204", "404", "429", "500", "503", "UNKNOWN", "none"),
                        Arbitraries.of("none", "io", "state"),
                        Arbitraries.longs().between(0, Duration.ofSeconds(2).toNanos()))
                .as((name, uri, status, error, nanos) -> new Obs(
                        name,
                        uri.equals("none") ? null : uri,
                        status.equals("none") ? null : status,
                        switch (error) {
                            case "io" -> new IOException("io");
                            case "state" -> new IllegalStateException("state");
                            default -> null;
                        },
                        nanos));
        return one.list().ofMaxSize(200);
    }

    @Property(tries = 200)
    void trackersCountExactlyWhatTheModelSays(@ForAll("streams") List<Obs> stream) {
        ManualTimeSource time = ManualTimeSource.at(Instant.parse("2026-03-01T00:00:00Z"));
        SloTracker availability = SloTracker.create(slo("availability", Sli.requestRatio()), time);
        SloTracker latency = SloTracker.create(slo("latency", Sli.latency(Duration.ofNanos(LATENCY_THRESHOLD))), time);
        SloTracker cart = SloTracker.create(slo("cart", Sli.requestRatio()), time);
        ObservationRegistry registry = ObservationRegistry.create();
        registry.observationConfig()
                .observationHandler(SloObservationHandler.builder(time)
                        .tracker(availability)
                        .tracker(latency)
                        .tracker(cart)
                        .mapping(ObservationMapping.builder("http.server.requests", "availability")
                                .tag("uri", "/checkout")
                                .classification(ObservationClassification.builder()
                                        .badStatus("5xx")
                                        .badStatus("429")
                                        .badException(IOException.class)
                                        .build())
                                .build())
                        .mapping(ObservationMapping.builder("http.server.requests", "latency")
                                .tag("uri", "/checkout")
                                .build())
                        .mapping(ObservationMapping.builder("http.server.requests", "cart")
                                .tag("uri", "/cart")
                                .classification(ObservationClassification.defaults().toBuilder()
                                        .slowerThan(Duration.ofNanos(SLOW_THRESHOLD))
                                        .build())
                                .build())
                        .build());

        long[] model = new long[6]; // availability good/bad, latency good/bad, cart good/bad
        for (Obs o : stream) {
            Observation observation = Observation.start(o.name(), registry);
            time.advanceNanos(o.nanos());
            if (o.uri() != null) {
                observation.lowCardinalityKeyValue("uri", o.uri());
            }
            if (o.status() != null) {
                observation.lowCardinalityKeyValue("status", o.status());
            }
            if (o.error() != null) {
                observation.error(o.error());
            }
            observation.stop();

            if (!o.name().equals("http.server.requests") || o.uri() == null) {
                continue;
            }
            int code = o.status() == null || o.status().equals("UNKNOWN") ? 0 : Integer.parseInt(o.status());
            boolean serverError = code >= 500;
            if (o.uri().equals("/checkout")) {
                boolean bad = serverError || code == 429 || o.error() instanceof IOException;
                model[bad ? 1 : 0]++;
                boolean failed = serverError || o.error() != null;
                model[failed || o.nanos() > LATENCY_THRESHOLD ? 3 : 2]++;
            } else {
                boolean bad = serverError || o.error() != null || o.nanos() > SLOW_THRESHOLD;
                model[bad ? 5 : 4]++;
            }
        }

        assertThat(new long[] {
                    availability.totalGood(),
                    availability.totalBad(),
                    latency.totalGood(),
                    latency.totalBad(),
                    cart.totalGood(),
                    cart.totalBad()
                })
                .containsExactly(model);
    }

    private static Slo slo(String name, Sli sli) {
        return Slo.builder(name)
                .objective(0.99)
                .sli(sli)
                .window(SloWindow.rolling(Duration.ofDays(30)))
                .build();
    }
}
