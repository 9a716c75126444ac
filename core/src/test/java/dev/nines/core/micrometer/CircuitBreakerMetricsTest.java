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
import java.util.concurrent.TimeUnit;
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

        assertThat(gauge("nines.circuitbreaker.state", "payments", "state", "closed"))
                .isEqualTo(1);
        assertThat(gauge("nines.circuitbreaker.state", "payments", "state", "open"))
                .isZero();
        assertThat(ratioSamples("nines.circuitbreaker.failure.ratio", "payments"))
                .isEmpty();

        long slow = Duration.ofSeconds(2).toNanos();
        breaker.onSuccess(1);
        breaker.onSuccess(slow);
        breaker.onError(slow, new IOException());
        breaker.onError(1, new IOException());
        breaker.tryAcquirePermission();

        assertThat(gauge("nines.circuitbreaker.state", "payments", "state", "open"))
                .isEqualTo(1);
        assertThat(gauge("nines.circuitbreaker.state", "payments", "state", "closed"))
                .isZero();
        assertThat(gauge("nines.circuitbreaker.buffered.calls", "payments", "kind", "successful"))
                .isEqualTo(2);
        assertThat(gauge("nines.circuitbreaker.buffered.calls", "payments", "kind", "failed"))
                .isEqualTo(2);
        assertThat(gauge("nines.circuitbreaker.buffered.calls", "payments", "kind", "slow_successful"))
                .isEqualTo(1);
        assertThat(gauge("nines.circuitbreaker.buffered.calls", "payments", "kind", "slow_failed"))
                .isEqualTo(1);
        assertThat(gauge("nines.circuitbreaker.slow.calls", "payments", "kind", "successful"))
                .isEqualTo(1);
        assertThat(gauge("nines.circuitbreaker.slow.calls", "payments", "kind", "failed"))
                .isEqualTo(1);
        assertThat(notPermitted("payments")).isEqualTo(1);
        assertThat(ratioSamples("nines.circuitbreaker.failure.ratio", "payments"))
                .containsExactly(0.5);
        assertThat(ratioSamples("nines.circuitbreaker.slow.call.ratio", "payments"))
                .containsExactly(0.5);
        assertThat(meters.get("nines.circuitbreaker.state")
                        .tag("name", "payments")
                        .gauges())
                .hasSize(CircuitBreaker.State.values().length);
    }

    @Test
    void bindsEveryBreakerOfARegistryIncludingLaterOnes() {
        CircuitBreakerRegistry registry = CircuitBreakerRegistry.of(config, time);
        registry.circuitBreaker("before");
        CircuitBreakerMetrics.ofRegistry(registry).bindTo(meters);
        registry.circuitBreaker("after").transitionToForcedOpenState();

        assertThat(gauge("nines.circuitbreaker.state", "before", "state", "closed"))
                .isEqualTo(1);
        assertThat(gauge("nines.circuitbreaker.state", "after", "state", "forced_open"))
                .isEqualTo(1);
    }

    @Test
    void bindsAListOfBreakers() {
        CircuitBreaker a = CircuitBreaker.of("a", config, time);
        CircuitBreaker b = CircuitBreaker.of("b", config, time);
        CircuitBreakerMetrics.of(List.of(a, b)).bindTo(meters);
        assertThat(meters.get("nines.circuitbreaker.failure.ratio").meters()).hasSize(2);
    }

    private List<Double> ratioSamples(String name, String breaker) {
        List<Double> samples = new java.util.ArrayList<>();
        meters.get(name).tag("name", breaker).meter().measure().forEach(m -> samples.add(m.getValue()));
        return samples;
    }

    private double notPermitted(String breaker) {
        return meters.get("nines.circuitbreaker.not.permitted.calls")
                .tag("name", breaker)
                .tag("kind", "not_permitted")
                .counter()
                .count();
    }

    private io.micrometer.core.instrument.Timer calls(String breaker, String kind) {
        return meters.get("nines.circuitbreaker.calls")
                .tag("name", breaker)
                .tag("kind", kind)
                .timer();
    }

    @Test
    void reportsNoFailureRatioSampleBelowTheMinimumNumberOfCallsNotNaN() {
        CircuitBreaker breaker = CircuitBreaker.of("payments", config, time);
        CircuitBreakerMetrics.of(breaker).bindTo(meters);
        for (int i = 0; i < 3; i++) {
            breaker.onError(1, new IOException());
            assertThat(ratioSamples("nines.circuitbreaker.failure.ratio", "payments"))
                    .as("after %s calls", i + 1)
                    .isEmpty();
            assertThat(ratioSamples("nines.circuitbreaker.slow.call.ratio", "payments"))
                    .isEmpty();
        }
        breaker.onSuccess(1);
        assertThat(ratioSamples("nines.circuitbreaker.failure.ratio", "payments"))
                .containsExactly(0.75);
        assertThat(ratioSamples("nines.circuitbreaker.slow.call.ratio", "payments"))
                .containsExactly(0.0);
        // A new window (HALF_OPEN) below its minimum has no rate again.
        breaker.transitionToHalfOpenState();
        assertThat(ratioSamples("nines.circuitbreaker.failure.ratio", "payments"))
                .isEmpty();
    }

    @Test
    void countsCallsAndRejectionsCumulativelyUnderResilience4jNames() {
        CircuitBreaker breaker = CircuitBreaker.of(
                "payments",
                config.toBuilder()
                        .ignoreExceptions(IllegalStateException.class)
                        .permittedNumberOfCallsInHalfOpenState(1)
                        .build(),
                time);
        CircuitBreakerMetrics.of(breaker).bindTo(meters);

        breaker.onSuccess(Duration.ofMillis(3).toNanos());
        breaker.onError(Duration.ofMillis(5).toNanos(), new IllegalStateException("ignored"));
        for (int i = 0; i < 4; i++) {
            breaker.onError(Duration.ofMillis(7).toNanos(), new IOException());
        }
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        breaker.tryAcquirePermission();
        breaker.tryAcquirePermission();
        breaker.transitionToHalfOpenState();
        assertThat(breaker.tryAcquirePermission()).isTrue();
        breaker.tryAcquirePermission(); // the one trial permit is taken: rejected in HALF_OPEN
        breaker.onError(1, new IOException());
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        breaker.tryAcquirePermission();

        // The breaker's own count restarts with each new window (OPEN keeps HALF_OPEN's); the meter does not.
        assertThat(breaker.metrics().numberOfNotPermittedCalls()).isEqualTo(2);
        assertThat(notPermitted("payments")).isEqualTo(4);
        assertThat(calls("payments", "successful").count()).isEqualTo(1);
        assertThat(calls("payments", "successful").totalTime(TimeUnit.MILLISECONDS))
                .isEqualTo(3);
        assertThat(calls("payments", "failed").count()).isEqualTo(5);
        assertThat(calls("payments", "ignored").count()).isEqualTo(1);
        assertThat(calls("payments", "ignored").totalTime(TimeUnit.MILLISECONDS))
                .isEqualTo(5);
    }
}
