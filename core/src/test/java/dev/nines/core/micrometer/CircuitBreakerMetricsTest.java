package dev.nines.core.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nines.core.circuitbreaker.CircuitBreaker;
import dev.nines.core.circuitbreaker.CircuitBreakerConfig;
import dev.nines.core.circuitbreaker.CircuitBreakerRegistry;
import dev.nines.core.time.ManualTimeSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CircuitBreakerMetricsTest {

    private final ManualTimeSource time = ManualTimeSource.at(Instant.parse("2026-01-01T00:00:00Z"));
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final CircuitBreakerConfig config = CircuitBreakerConfig.builder()
            .slidingWindow(4, 4, CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
            .slowCallDurationThreshold(Duration.ofSeconds(1))
            .build();

    private double gauge(String name, String breaker, String tagKey, String tagValue) {
        var search = meters.get(name).tag("name", breaker);
        return (tagKey == null ? search : search.tag(tagKey, tagValue)).gauge().value();
    }

    @Test
    void exposesStateWindowAndRatesOfABreaker() {
        CircuitBreaker breaker = CircuitBreaker.of("payments", config, time);
        CircuitBreakerMetrics.of(breaker).bindTo(meters);

        assertThat(gauge("nines.circuitbreaker.state", "payments", "state", "closed")).isEqualTo(1);
        assertThat(gauge("nines.circuitbreaker.state", "payments", "state", "open")).isZero();
        assertThat(gauge("nines.circuitbreaker.failure.ratio", "payments", null, null)).isNaN();

        long slow = Duration.ofSeconds(2).toNanos();
        breaker.onSuccess(1);
        breaker.onSuccess(slow);
        breaker.onError(slow, new IOException());
        breaker.onError(1, new IOException());
        breaker.tryAcquirePermission();

        assertThat(gauge("nines.circuitbreaker.state", "payments", "state", "open")).isEqualTo(1);
        assertThat(gauge("nines.circuitbreaker.state", "payments", "state", "closed")).isZero();
        assertThat(gauge("nines.circuitbreaker.buffered.calls", "payments", "kind", "successful")).isEqualTo(2);
        assertThat(gauge("nines.circuitbreaker.buffered.calls", "payments", "kind", "failed")).isEqualTo(2);
        assertThat(gauge("nines.circuitbreaker.buffered.calls", "payments", "kind", "slow_successful")).isEqualTo(1);
        assertThat(gauge("nines.circuitbreaker.buffered.calls", "payments", "kind", "slow_failed")).isEqualTo(1);
        assertThat(gauge("nines.circuitbreaker.not.permitted.calls", "payments", null, null)).isEqualTo(1);
        assertThat(gauge("nines.circuitbreaker.failure.ratio", "payments", null, null)).isEqualTo(0.5);
        assertThat(gauge("nines.circuitbreaker.slow.call.ratio", "payments", null, null)).isEqualTo(0.5);
        assertThat(meters.get("nines.circuitbreaker.state").tag("name", "payments").gauges())
                .hasSize(CircuitBreaker.State.values().length);
    }

    @Test
    void bindsEveryBreakerOfARegistryIncludingLaterOnes() {
        CircuitBreakerRegistry registry = CircuitBreakerRegistry.of(config, time);
        registry.circuitBreaker("before");
        CircuitBreakerMetrics.ofRegistry(registry).bindTo(meters);
        registry.circuitBreaker("after").transitionToForcedOpenState();

        assertThat(gauge("nines.circuitbreaker.state", "before", "state", "closed")).isEqualTo(1);
        assertThat(gauge("nines.circuitbreaker.state", "after", "state", "forced_open")).isEqualTo(1);
    }

    @Test
    void bindsAListOfBreakers() {
        CircuitBreaker a = CircuitBreaker.of("a", config, time);
        CircuitBreaker b = CircuitBreaker.of("b", config, time);
        CircuitBreakerMetrics.of(List.of(a, b)).bindTo(meters);
        assertThat(meters.get("nines.circuitbreaker.failure.ratio").gauges()).hasSize(2);
    }
}
