package dev.nines.slo.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nines.core.time.ManualTimeSource;
import dev.nines.slo.Slo;
import dev.nines.slo.SloTracker;
import dev.nines.slo.snapshot.SnapshotFileStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotStoreMetricsTest {

    @TempDir
    Path dir;

    final ManualTimeSource time = ManualTimeSource.at(Instant.parse("2026-03-01T00:00:00Z"));

    @Test
    void exportsSuccessesFailuresConsecutiveFailuresAndTheLastSuccess() throws IOException {
        SnapshotFileStore store = SnapshotFileStore.of(dir.resolve("checkout.slo"), time);
        SloTracker tracker =
                SloTracker.create(Slo.builder("checkout").objective(0.99).build(), time);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        SnapshotStoreMetrics.of(store).bindTo(registry);
        String file = store.file().toString();

        assertThat(registry.get("nines.slo.snapshot.last.success")
                        .tag("file", file)
                        .gauge()
                        .value())
                .isZero();
        store.save(tracker);
        Files.createDirectory(dir.resolve("checkout.slo.tmp")); // every later save fails
        time.advance(Duration.ofMinutes(1));
        for (int i = 0; i < 3; i++) {
            try {
                store.save(tracker);
            } catch (IOException expected) {
                // counted below
            }
        }

        assertThat(registry.get("nines.slo.snapshot.saves")
                        .tags("file", file, "result", "success")
                        .functionCounter()
                        .count())
                .isEqualTo(1.0);
        assertThat(registry.get("nines.slo.snapshot.saves")
                        .tags("file", file, "result", "failure")
                        .functionCounter()
                        .count())
                .isEqualTo(3.0);
        assertThat(registry.get("nines.slo.snapshot.save.consecutive.failures")
                        .gauge()
                        .value())
                .isEqualTo(3.0);
        assertThat(registry.get("nines.slo.snapshot.last.success").gauge().value())
                .isEqualTo(Instant.parse("2026-03-01T00:00:00Z").getEpochSecond());

        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        SnapshotStoreMetrics.of(store).bindTo(prometheus);
        assertThat(prometheus.scrape())
                .contains("nines_slo_snapshot_saves_total{file=\"" + file + "\",result=\"failure\"} 3.0")
                .contains("nines_slo_snapshot_save_consecutive_failures{file=\"" + file + "\"} 3.0")
                .contains("nines_slo_snapshot_last_success_seconds{file=\"" + file + "\"} 1.7723232E9");
    }

    @Test
    void closingRemovesTheMeters() {
        SnapshotFileStore store = SnapshotFileStore.of(dir.resolve("closing.slo"), time);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        SnapshotStoreMetrics metrics = SnapshotStoreMetrics.of(store);
        metrics.bindTo(registry);
        metrics.bindTo(registry);
        assertThat(registry.getMeters()).hasSize(4);
        metrics.close();
        assertThat(registry.getMeters()).isEmpty();
    }
}
