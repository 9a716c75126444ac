package dev.nines.core.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nines.core.limit.AdaptiveLimiter;
import dev.nines.core.limit.AdaptiveLimiterConfig;
import dev.nines.core.limit.LimitAlgorithm;
import dev.nines.core.time.ManualTimeSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConcurrencyLimitMetricsTest {

    private final ManualTimeSource time = ManualTimeSource.at(Instant.parse("2026-01-01T00:00:00Z"));
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void gaugesAndRejectionCounterFollowTheLimiter() {
        AdaptiveLimiter limiter = AdaptiveLimiter.of("catalog", AdaptiveLimiterConfig.builder().minLimit(1).initialLimit(1)
                .maxLimit(10).algorithm(LimitAlgorithm.aimd()).build(), time);
        ConcurrencyLimitMetrics.of(limiter).bindTo(meters);
        AdaptiveLimiter.Permit permit = limiter.tryAcquire();
        limiter.tryAcquire();
        assertThat(meters.get("nines.concurrency.limit.inflight").tags("name", "catalog", "algorithm", "aimd").gauge().value())
                .isEqualTo(1);
        assertThat(meters.get("nines.concurrency.limit.calls").tags("name", "catalog", "kind", "rejected")
                .functionCounter().count()).isEqualTo(1);
        permit.onSuccess(1_000);
        assertThat(meters.get("nines.concurrency.limit.current").tag("name", "catalog").gauge().value()).isEqualTo(2);
    }

    @Test
    void tagsTheAlgorithmAndBindsLists() {
        AdaptiveLimiter gradient = AdaptiveLimiter.of("g", AdaptiveLimiterConfig.ofDefaults(), time);
        ConcurrencyLimitMetrics.of(List.of(gradient)).bindTo(meters);
        assertThat(meters.get("nines.concurrency.limit.current").tags("name", "g", "algorithm", "gradient").gauge().value())
                .isEqualTo(20);
    }

    @Test
    void rejectsNulls() {
        assertThatThrownBy(() -> ConcurrencyLimitMetrics.of((AdaptiveLimiter) null)).hasMessage("limiter");
        assertThatThrownBy(() -> ConcurrencyLimitMetrics.of((Iterable<AdaptiveLimiter>) null)).hasMessage("limiters");
    }
}
