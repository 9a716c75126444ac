package dev.nines.core.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nines.core.bulkhead.Bulkhead;
import dev.nines.core.bulkhead.BulkheadConfig;
import dev.nines.core.bulkhead.BulkheadRegistry;
import dev.nines.core.time.ManualTimeSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BulkheadMetricsTest {

    private final ManualTimeSource time = ManualTimeSource.at(Instant.parse("2026-01-01T00:00:00Z"));
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void gaugesAndRejectionCounterFollowTheBulkhead() {
        Bulkhead bulkhead =
                Bulkhead.of("db", BulkheadConfig.builder().maxConcurrentCalls(2).build(), time);
        BulkheadMetrics.of(bulkhead).bindTo(meters);
        bulkhead.tryAcquirePermission();
        bulkhead.tryAcquirePermission();
        bulkhead.tryAcquirePermission();
        assertThat(meters.get("nines.bulkhead.available.concurrent.calls")
                        .tag("name", "db")
                        .gauge()
                        .value())
                .isZero();
        assertThat(meters.get("nines.bulkhead.max.allowed.concurrent.calls")
                        .tag("name", "db")
                        .gauge()
                        .value())
                .isEqualTo(2);
        assertThat(meters.get("nines.bulkhead.waiting.calls")
                        .tag("name", "db")
                        .gauge()
                        .value())
                .isZero();
        assertThat(meters.get("nines.bulkhead.calls")
                        .tags("name", "db", "kind", "rejected")
                        .functionCounter()
                        .count())
                .isEqualTo(1);
        bulkhead.onComplete();
        assertThat(meters.get("nines.bulkhead.available.concurrent.calls")
                        .tag("name", "db")
                        .gauge()
                        .value())
                .isEqualTo(1);
    }

    @Test
    void bindsEveryBulkheadOfARegistryOrAList() {
        BulkheadRegistry registry = BulkheadRegistry.of(BulkheadConfig.ofDefaults(), time);
        registry.bulkhead("a");
        registry.bulkhead("b");
        BulkheadMetrics.ofRegistry(registry).bindTo(meters);
        BulkheadMetrics.of(List.of(Bulkhead.of("c", BulkheadConfig.ofDefaults(), time)))
                .bindTo(meters);
        assertThat(meters.find("nines.bulkhead.max.allowed.concurrent.calls").gauges())
                .extracting(g -> g.getId().getTag("name"))
                .containsExactlyInAnyOrder("a", "b", "c");
    }

    @Test
    void rejectsNulls() {
        assertThatThrownBy(() -> BulkheadMetrics.of((Bulkhead) null)).hasMessage("bulkhead");
        assertThatThrownBy(() -> BulkheadMetrics.of((Iterable<Bulkhead>) null)).hasMessage("bulkheads");
        assertThatThrownBy(() -> BulkheadMetrics.ofRegistry(null)).hasMessage("registry");
        assertThatThrownBy(() -> BulkheadMetrics.of(Bulkhead.ofDefaults("x")).bindTo(null))
                .hasMessage("registry");
    }
}
