package dev.nines.core.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nines.core.ratelimit.RateLimiter;
import dev.nines.core.ratelimit.RateLimiterConfig;
import dev.nines.core.ratelimit.RateLimiterRegistry;
import dev.nines.core.time.ManualTimeSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateLimiterMetricsTest {

    private final ManualTimeSource time = ManualTimeSource.at(Instant.parse("2026-01-01T00:00:00Z"));
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void gaugesFollowTheBucketIncludingBookings() {
        RateLimiter limiter = RateLimiter.of(
                "api",
                RateLimiterConfig.builder()
                        .limitForPeriod(2)
                        .burstCapacity(3)
                        .timeoutDuration(Duration.ofSeconds(5))
                        .build(),
                time);
        RateLimiterMetrics.of(limiter).bindTo(meters);
        assertThat(meters.get("nines.ratelimiter.available.permissions")
                        .tag("name", "api")
                        .gauge()
                        .value())
                .isEqualTo(3);
        assertThat(meters.get("nines.ratelimiter.burst.capacity")
                        .tag("name", "api")
                        .gauge()
                        .value())
                .isEqualTo(3);
        limiter.tryAcquirePermission(3);
        limiter.reservePermission(1);
        assertThat(meters.get("nines.ratelimiter.available.permissions")
                        .tag("name", "api")
                        .gauge()
                        .value())
                .isEqualTo(-1);
        assertThat(meters.get("nines.ratelimiter.waiting.threads")
                        .tag("name", "api")
                        .gauge()
                        .value())
                .isZero();
        time.advance(Duration.ofSeconds(1));
        assertThat(meters.get("nines.ratelimiter.available.permissions")
                        .tag("name", "api")
                        .gauge()
                        .value())
                .isEqualTo(1);
    }

    @Test
    void bindsEveryRateLimiterOfARegistryOrAList() {
        RateLimiterRegistry registry = RateLimiterRegistry.of(RateLimiterConfig.ofDefaults(), time);
        registry.rateLimiter("a");
        RateLimiterMetrics.ofRegistry(registry).bindTo(meters);
        RateLimiterMetrics.of(List.of(RateLimiter.of("b", RateLimiterConfig.ofDefaults(), time)))
                .bindTo(meters);
        assertThat(meters.find("nines.ratelimiter.available.permissions").gauges())
                .extracting(g -> g.getId().getTag("name"))
                .containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void rejectsNulls() {
        assertThatThrownBy(() -> RateLimiterMetrics.of((RateLimiter) null)).hasMessage("rateLimiter");
        assertThatThrownBy(() -> RateLimiterMetrics.of((Iterable<RateLimiter>) null))
                .hasMessage("rateLimiters");
        assertThatThrownBy(() -> RateLimiterMetrics.ofRegistry(null)).hasMessage("registry");
    }
}
