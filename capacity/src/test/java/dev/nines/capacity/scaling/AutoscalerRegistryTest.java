package dev.nines.capacity.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nines.capacity.forecast.ForecastPoint;
import dev.nines.core.event.EventListeners;
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
import org.junit.jupiter.api.Test;

class AutoscalerRegistryTest {

    private final ManualTimeSource time = ManualTimeSource.at(Instant.parse("2026-11-25T12:00:00Z"));
    private final AutoscalerRegistry registry = AutoscalerRegistry.of(AutoscalerConfig.ofDefaults(), time);

    private MetricSnapshot wanting(int current, int replicas) {
        return MetricSnapshot.of(
                time.now(),
                new MetricReading.ObjectMetric("q", MetricTarget.averageValue(100), 100L * replicas, current));
    }

    @Test
    void createsOnFirstUseAndReturnsTheSameAutoscalerAfterwards() {
        AutoscalerConfig guarded =
                AutoscalerConfig.builder().maxStep(2, Duration.ofMinutes(1)).build();
        assertThat(registry.addConfiguration("guarded", guarded)).isSameAs(registry);
        Autoscaler a = registry.autoscaler("checkout", "guarded");
        assertThat(a.config()).isSameAs(guarded);
        assertThat(registry.autoscaler("checkout")).isSameAs(a);
        assertThat(registry.autoscaler("search").config().maxStep()).isEqualTo(Integer.MAX_VALUE);
        assertThat(registry.all()).hasSize(2);
        assertThat(registry.configurationNames()).containsExactly("guarded");
        Autoscaler predictive =
                registry.autoscaler("p", AutoscalerConfig.ofDefaults(), at -> new ForecastPoint(at, 1, 1, 1));
        assertThat(predictive.name()).isEqualTo("p");
    }

    @Test
    void registryListenersReceiveEveryAutoscalersEvents() {
        List<AutoscalerEvent> events = new ArrayList<>();
        EventListeners.Registration registration = registry.onEvent(events::add);
        registry.autoscaler("a").decide(2, wanting(2, 4));
        registry.autoscaler("b").decide(2, wanting(2, 2));
        registration.close();
        registry.autoscaler("a").decide(4, wanting(4, 8));
        assertThat(events).extracting(AutoscalerEvent::autoscaler).containsExactly("a", "b");
    }

    @Test
    void rejectsUnknownConfigurationsAndBlankNames() {
        assertThatThrownBy(() -> registry.autoscaler("a", "missing"))
                .hasMessage("configName must name a configuration added to the registry, was \"missing\" (known: [])");
        assertThatThrownBy(() -> registry.autoscaler(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void createsExactlyOneAutoscalerPerNameUnderContention() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Autoscaler>> futures = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return registry.autoscaler("shared");
                }));
            }
            start.countDown();
            Autoscaler first = futures.get(0).get(10, TimeUnit.SECONDS);
            for (Future<Autoscaler> f : futures) {
                assertThat(f.get(10, TimeUnit.SECONDS)).isSameAs(first);
            }
            assertThat(registry.all()).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }
}
