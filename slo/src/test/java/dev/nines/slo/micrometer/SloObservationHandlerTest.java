package dev.nines.slo.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nines.core.time.ManualTimeSource;
import dev.nines.slo.Sli;
import dev.nines.slo.Slo;
import dev.nines.slo.SloTracker;
import dev.nines.slo.SloWindow;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class SloObservationHandlerTest {

    private final ManualTimeSource time = ManualTimeSource.at(Instant.parse("2026-03-01T00:00:00Z"));
    private final ObservationRegistry registry = ObservationRegistry.create();

    private SloTracker tracker(String name, Sli sli) {
        return SloTracker.create(
                Slo.builder(name)
                        .objective(0.99)
                        .sli(sli)
                        .window(SloWindow.rolling(Duration.ofDays(30)))
                        .build(),
                time);
    }

    /** Starts an observation, lets {@code nanos} pass on the manual clock, tags it and stops it. */
    private void observe(String name, String uri, String status, Throwable error, long nanos) {
        Observation observation = Observation.start(name, registry);
        time.advanceNanos(nanos);
        if (uri != null) {
            observation.lowCardinalityKeyValue("uri", uri);
        }
        if (status != null) {
            observation.lowCardinalityKeyValue("status", status);
        }
        if (error != null) {
            observation.error(error);
        }
        observation.stop();
    }

    @Test
    void countsExactlyTheObservationsOfTheMappedNameAndTag() {
        SloTracker checkout = tracker("checkout", Sli.requestRatio());
        registry.observationConfig()
                .observationHandler(SloObservationHandler.builder(time)
                        .tracker(checkout)
                        .mapping(ObservationMapping.builder("http.server.requests", "checkout")
                                .tag("uri", "/checkout")
                                .build())
                        .build());

        observe("http.server.requests", "/checkout", "200", null, 1_000);
        observe("http.server.requests", "/checkout", "201", null, 1_000);
        observe("http.server.requests", "/checkout", "503", null, 1_000);
        observe("http.server.requests", "/checkout", "404", null, 1_000); // 4xx: the client's fault, good
        observe("http.server.requests", "/cart", "500", null, 1_000); // other route: not counted
        observe("http.client.requests", "/checkout", "500", null, 1_000); // other name: not counted
        observe("http.server.requests", null, "500", null, 1_000); // no uri tag: not counted

        assertThat(checkout.totalGood()).isEqualTo(3);
        assertThat(checkout.totalBad()).isEqualTo(1);
    }

    @Test
    void classifiesByStatusRulesAndExceptionTypes() {
        SloTracker checkout = tracker("checkout", Sli.requestRatio());
        registry.observationConfig()
                .observationHandler(SloObservationHandler.builder(time)
                        .tracker(checkout)
                        .mapping(ObservationMapping.builder("http.server.requests", "checkout")
                                .classification(ObservationClassification.builder()
                                        .badStatus("500-503")
                                        .badStatus("429")
                                        .badException(IOException.class)
                                        .build())
                                .build())
                        .build());

        observe("http.server.requests", "/a", "503", null, 0); // bad: in 500-503
        observe("http.server.requests", "/a", "504", null, 0); // good: outside the range
        observe("http.server.requests", "/a", "429", null, 0); // bad
        observe("http.server.requests", "/a", "UNKNOWN", null, 0); // good: not a code
        observe("http.server.requests", "/a", "200", new UncheckedIOException(new IOException("x")), 0); // good
        observe("http.server.requests", "/a", "200", new IllegalStateException(), 0); // good: not an IOException
        Observation failed = Observation.start("http.server.requests", registry);
        failed.error(new java.net.ConnectException("refused")); // an IOException subtype: bad
        failed.stop();

        assertThat(checkout.totalBad()).isEqualTo(3);
        assertThat(checkout.totalGood()).isEqualTo(4);
    }

    @Test
    void everyErrorIsBadWhenNoExceptionTypeIsNamed() {
        SloTracker checkout = tracker("checkout", Sli.requestRatio());
        registry.observationConfig()
                .observationHandler(SloObservationHandler.builder(time)
                        .tracker(checkout)
                        .mapping(ObservationMapping.builder("job", "checkout").build())
                        .build());

        Observation.createNotStarted("job", registry).observe(() -> {});
        assertThatThrownBy(() -> Observation.createNotStarted("job", registry).observe(() -> {
                    throw new IllegalStateException("boom");
                }))
                .isInstanceOf(IllegalStateException.class);

        assertThat(checkout.totalGood()).isEqualTo(1);
        assertThat(checkout.totalBad()).isEqualTo(1);
    }

    @Test
    void judgesLatencyWithTheInjectedClockAgainstTheLatencySliThreshold() {
        SloTracker fast = tracker("checkout-latency", Sli.latency(Duration.ofMillis(300)));
        registry.observationConfig()
                .observationHandler(SloObservationHandler.builder(time)
                        .tracker(fast)
                        .mapping(ObservationMapping.builder("http.server.requests", "checkout-latency")
                                .build())
                        .build());

        observe(
                "http.server.requests",
                "/checkout",
                "200",
                null,
                Duration.ofMillis(300).toNanos()); // good
        observe(
                "http.server.requests",
                "/checkout",
                "200",
                null,
                Duration.ofMillis(301).toNanos()); // slow
        observe(
                "http.server.requests",
                "/checkout",
                "500",
                null,
                Duration.ofMillis(5).toNanos()); // failed

        assertThat(fast.totalGood()).isEqualTo(1);
        assertThat(fast.totalBad()).isEqualTo(2);
        assertThat(fast.latencyPercentile(100, Duration.ofMinutes(5)).orElseThrow())
                .isBetween(Duration.ofMillis(299), Duration.ofMillis(303));
    }

    @Test
    void countsSlowCallsAsBadOnARequestRatioSloWithALatencyRule() {
        SloTracker checkout = tracker("checkout", Sli.requestRatio());
        registry.observationConfig()
                .observationHandler(SloObservationHandler.builder(time)
                        .tracker(checkout)
                        .mapping(ObservationMapping.builder("rpc", "checkout")
                                .classification(ObservationClassification.defaults().toBuilder()
                                        .slowerThan(Duration.ofSeconds(1))
                                        .build())
                                .build())
                        .build());

        observe("rpc", null, "200", null, Duration.ofSeconds(1).toNanos());
        observe("rpc", null, "200", null, Duration.ofSeconds(1).toNanos() + 1);

        assertThat(checkout.totalGood()).isEqualTo(1);
        assertThat(checkout.totalBad()).isEqualTo(1);
    }

    @Test
    void feedsEveryMatchingMappingOnce() {
        SloTracker availability = tracker("availability", Sli.requestRatio());
        SloTracker latency = tracker("latency", Sli.latency(Duration.ofMillis(100)));
        registry.observationConfig()
                .observationHandler(SloObservationHandler.builder(time)
                        .tracker(availability)
                        .tracker(latency)
                        .mapping(ObservationMapping.builder("http.server.requests", "availability")
                                .tag("uri", "/c")
                                .build())
                        .mapping(ObservationMapping.builder("http.server.requests", "latency")
                                .tag("uri", "/c")
                                .build())
                        .build());

        observe(
                "http.server.requests",
                "/c",
                "200",
                null,
                Duration.ofMillis(150).toNanos());

        assertThat(availability.totalGood()).isEqualTo(1);
        assertThat(latency.totalBad()).isEqualTo(1);
        assertThat(availability.totalBad() + latency.totalGood()).isZero();
    }

    @Test
    void losesNoEventUnderContention() throws InterruptedException {
        SloTracker checkout = tracker("checkout", Sli.requestRatio());
        registry.observationConfig()
                .observationHandler(SloObservationHandler.builder(time)
                        .tracker(checkout)
                        .mapping(ObservationMapping.builder("http.server.requests", "checkout")
                                .build())
                        .build());
        int threads = 4;
        int perThread = 5_000;
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    observe("http.server.requests", "/c", i % 10 == 0 ? "500" : "200", null, 0);
                }
            });
            worker.start();
            workers.add(worker);
        }
        go.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
        assertThat(checkout.totalBad()).isEqualTo(threads * perThread / 10);
        assertThat(checkout.totalGood()).isEqualTo(threads * perThread * 9L / 10);
    }

    @Test
    void rejectsAMappingThatNamesAnSloWithNoTracker() {
        SloObservationHandler.Builder builder = SloObservationHandler.builder(time)
                .tracker(tracker("checkout", Sli.requestRatio()))
                .mapping(ObservationMapping.builder("http.server.requests", "chekout")
                        .tag("uri", "/checkout")
                        .build());

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'chekout'")
                .hasMessageContaining("[checkout]");
    }

    @Test
    void rejectsALatencyRuleOnALatencySlo() {
        SloObservationHandler.Builder builder = SloObservationHandler.builder(time)
                .tracker(tracker("fast", Sli.latency(Duration.ofMillis(100))))
                .mapping(ObservationMapping.builder("rpc", "fast")
                        .classification(ObservationClassification.builder()
                                .slowerThan(Duration.ofMillis(200))
                                .build())
                        .build());

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("slowerThan=PT0.2S")
                .hasMessageContaining("'fast'");
    }

    @Test
    void rejectsDuplicateTrackersAndMappings() {
        assertThatThrownBy(() -> SloObservationHandler.builder(time)
                        .tracker(tracker("a", Sli.requestRatio()))
                        .tracker(tracker("a", Sli.requestRatio()))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'a'");
        ObservationMapping mapping = ObservationMapping.builder("rpc", "a").build();
        assertThatThrownBy(() -> SloObservationHandler.builder(time)
                        .tracker(tracker("a", Sli.requestRatio()))
                        .mapping(mapping)
                        .mapping(mapping)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("twice");
    }

    @Test
    void toBuilderDerivesAnEqualHandler() {
        SloTracker a = tracker("a", Sli.requestRatio());
        SloObservationHandler handler = SloObservationHandler.builder(time)
                .tracker(a)
                .mapping(ObservationMapping.builder("rpc", "a").tag("k", "v").build())
                .build();
        SloObservationHandler copy = handler.toBuilder().build();
        assertThat(copy.mappings()).hasSize(1);
        assertThat(copy.mappings().get(0).tags()).containsEntry("k", "v");
        assertThat(copy.trackers()).containsExactly(a);
    }

    /** Bytes this thread allocates while {@code calls} observations pass through the handler. */
    private static long allocatedBytes(SloObservationHandler handler, Observation.Context context, int calls) {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(id);
        for (int i = 0; i < calls; i++) {
            handler.onStart(context);
            handler.onStop(context);
        }
        return threads.getThreadAllocatedBytes(id) - before;
    }

    @Test
    void aRequestRatioObservationAllocatesNothingInTheHandlerAndALatencyOneOnlyItsStartTime() {
        SloTracker checkout = tracker("checkout", Sli.requestRatio());
        SloTracker latency = tracker("checkout-latency", Sli.latency(Duration.ofMillis(300)));
        SloObservationHandler ratioHandler = SloObservationHandler.builder(time)
                .tracker(checkout)
                .mapping(ObservationMapping.builder("http.server.requests", "checkout")
                        .tag("uri", "/checkout")
                        .build())
                .build();
        SloObservationHandler latencyHandler = SloObservationHandler.builder(time)
                .tracker(latency)
                .mapping(ObservationMapping.builder("http.server.requests", "checkout-latency")
                        .tag("uri", "/checkout")
                        .build())
                .build();
        Observation.Context context = new Observation.Context();
        context.setName("http.server.requests");
        context.addLowCardinalityKeyValue(io.micrometer.common.KeyValue.of("uri", "/checkout"));
        context.addLowCardinalityKeyValue(io.micrometer.common.KeyValue.of("status", "200"));

        allocatedBytes(ratioHandler, context, 50_000); // warm up: JIT, the tracker's first buckets
        allocatedBytes(latencyHandler, context, 50_000);
        int calls = 200_000;
        long ratioBytes = allocatedBytes(ratioHandler, context, calls);
        long latencyBytes = allocatedBytes(latencyHandler, context, calls);

        // What an observation itself allocates (its context, key values, Micrometer's handler loop) is
        // Micrometer's; the handler adds nothing for a request-ratio SLO, and for a latency SLO one
        // boxed start time (16 bytes) kept in the context, as Micrometer's own timer keeps a sample.
        assertThat(ratioBytes).isLessThan(1_024);
        assertThat(latencyBytes).isLessThanOrEqualTo(16L * calls + 1_024);
        assertThat(checkout.totalGood()).isEqualTo(250_000);
        assertThat(latency.totalGood()).isEqualTo(250_000);
    }
}
