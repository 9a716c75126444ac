package dev.nines.core.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nines.core.adaptivelimit.AdaptiveLimiter;
import dev.nines.core.adaptivelimit.AdaptiveLimiterConfig;
import dev.nines.core.adaptivelimit.LimitAlgorithm;
import dev.nines.core.time.ManualTimeSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdaptiveLimiterMetricsTest {

    private final ManualTimeSource time = ManualTimeSource.at(Instant.parse("2026-01-01T00:00:00Z"));
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void gaugesAndRejectionCounterFollowTheLimiter() {
        AdaptiveLimiter limiter = AdaptiveLimiter.of(
                "catalog",
                AdaptiveLimiterConfig.builder()
                        .minLimit(1)
                        .initialLimit(1)
                        .maxLimit(10)
                        .algorithm(LimitAlgorithm.aimd())
                        .build(),
                time);
        AdaptiveLimiterMetrics.of(limiter).bindTo(meters);
        AdaptiveLimiter.Permit permit = limiter.tryAcquirePermission();
        limiter.tryAcquirePermission();
        assertThat(meters.get("nines.adaptivelimiter.inflight")
                        .tags("name", "catalog")
                        .gauge()
                        .value())
                .isEqualTo(1);
        assertThat(meters.get("nines.adaptivelimiter.calls")
                        .tags("name", "catalog", "kind", "rejected")
                        .functionCounter()
                        .count())
                .isEqualTo(1);
        assertThat(meters.get("nines.adaptivelimiter.waiting")
                        .tag("name", "catalog")
                        .gauge()
                        .value())
                .isZero();
        permit.onSuccess(1_000);
        assertThat(meters.get("nines.adaptivelimiter.limit")
                        .tag("name", "catalog")
                        .gauge()
                        .value())
                .isEqualTo(2);
    }

    @Test
    void theAlgorithmGaugeFollowsAReconfigurationAndNoOtherMeterCarriesAStaleAlgorithmTag() {
        AdaptiveLimiter gradient = AdaptiveLimiter.of("g", AdaptiveLimiterConfig.ofDefaults(), time);
        AdaptiveLimiterMetrics.of(List.of(gradient)).bindTo(meters);
        assertThat(algorithm("g", "gradient")).isEqualTo(1);
        assertThat(algorithm("g", "aimd")).isZero();

        gradient.reconfigure(
                gradient.config().toBuilder().algorithm(LimitAlgorithm.aimd()).build());

        assertThat(algorithm("g", "gradient")).isZero();
        assertThat(algorithm("g", "aimd")).isEqualTo(1);
        assertThat(meters.get("nines.adaptivelimiter.limit")
                        .tag("name", "g")
                        .gauge()
                        .value())
                .isEqualTo(20);
        assertThat(meters.getMeters())
                .filteredOn(m -> !m.getId().getName().equals("nines.adaptivelimiter.algorithm"))
                .allSatisfy(m -> assertThat(m.getId().getTag("algorithm")).isNull());
    }

    private double algorithm(String name, String algorithm) {
        return meters.get("nines.adaptivelimiter.algorithm")
                .tags("name", name, "algorithm", algorithm)
                .gauge()
                .value();
    }

    @Test
    void rejectsNulls() {
        assertThatThrownBy(() -> AdaptiveLimiterMetrics.of((AdaptiveLimiter) null))
                .hasMessage("limiter");
        assertThatThrownBy(() -> AdaptiveLimiterMetrics.of((Iterable<AdaptiveLimiter>) null))
                .hasMessage("limiters");
    }
}
