package dev.nines.core.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nines.core.fallback.Fallback;
import dev.nines.core.fallback.FallbackConfig;
import dev.nines.core.fallback.FallbackRegistry;
import dev.nines.core.fallback.StaleCache;
import dev.nines.core.fallback.StaleCacheConfig;
import dev.nines.core.time.ManualTimeSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FallbackMetricsTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void countsFallbackOutcomes() {
        FallbackRegistry registry = FallbackRegistry.of(FallbackConfig.builder()
                .fallbackOnExceptions(IllegalStateException.class)
                .build());
        Fallback fallback = registry.fallback("recs");
        FallbackMetrics.of(registry).bindTo(meters);

        fallback.executeSupplier(() -> "ok", e -> "default");
        fallback.executeSupplier(
                () -> {
                    throw new IllegalStateException();
                },
                e -> "default");
        assertThatThrownBy(() -> fallback.executeSupplier(
                () -> {
                    throw new IllegalArgumentException();
                },
                e -> "default"));

        assertThat(count("nines.fallback.calls", "recs", "without_fallback")).isEqualTo(1.0);
        assertThat(count("nines.fallback.calls", "recs", "fallback_applied")).isEqualTo(1.0);
        assertThat(count("nines.fallback.calls", "recs", "unhandled")).isEqualTo(1.0);
        assertThat(count("nines.fallback.calls", "recs", "fallback_failed")).isZero();
    }

    @Test
    void countsStaleCacheAnswersAndSize() throws Exception {
        ManualTimeSource time = ManualTimeSource.at(Instant.EPOCH);
        StaleCache<String, String> cache = StaleCache.of(
                "prices",
                StaleCacheConfig.builder().freshTtl(Duration.ofSeconds(10)).build(),
                time);
        FallbackMetrics.of(cache).bindTo(meters);
        FallbackMetrics.of(Fallback.of("single", FallbackConfig.ofDefaults())).bindTo(meters);

        cache.get("a", () -> "1");
        cache.get("a", () -> "2");
        time.advance(Duration.ofSeconds(11));
        cache.getCallable("a", () -> {
            throw new IOException("down");
        });
        assertThatThrownBy(() -> cache.getCallable("b", () -> {
            throw new IOException("down");
        }));

        assertThat(count("nines.fallback.cache.answers", "prices", "fresh")).isEqualTo(1.0);
        assertThat(count("nines.fallback.cache.answers", "prices", "cached_fresh"))
                .isEqualTo(1.0);
        assertThat(count("nines.fallback.cache.answers", "prices", "stale")).isEqualTo(1.0);
        assertThat(count("nines.fallback.cache.answers", "prices", "failed")).isEqualTo(1.0);
        assertThat(meters.get("nines.fallback.cache.size")
                        .tag("name", "prices")
                        .gauge()
                        .value())
                .isEqualTo(1.0);
        assertThat(count("nines.fallback.calls", "single", "without_fallback")).isZero();
    }

    private double count(String meter, String name, String kind) {
        return meters.get(meter)
                .tag("name", name)
                .tag("kind", kind)
                .functionCounter()
                .count();
    }
}
