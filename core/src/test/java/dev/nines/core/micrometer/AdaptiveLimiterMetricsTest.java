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
                        .tags("name", "catalog", "algorithm", "aimd")
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
    void tagsTheAlgorithmAndBindsLists() {
        AdaptiveLimiter gradient = AdaptiveLimiter.of("g", AdaptiveLimiterConfig.ofDefaults(), time);
        AdaptiveLimiterMetrics.of(List.of(gradient)).bindTo(meters);
        assertThat(meters.get("nines.adaptivelimiter.limit")
                        .tags("name", "g", "algorithm", "gradient")
                        .gauge()
                        .value())
                .isEqualTo(20);
    }

    @Test
    void rejectsNulls() {
        assertThatThrownBy(() -> AdaptiveLimiterMetrics.of((AdaptiveLimiter) null))
                .hasMessage("limiter");
        assertThatThrownBy(() -> AdaptiveLimiterMetrics.of((Iterable<AdaptiveLimiter>) null))
                .hasMessage("limiters");
    }
}
