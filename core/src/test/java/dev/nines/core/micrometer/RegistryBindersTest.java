package dev.nines.core.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nines.core.adaptivelimit.AdaptiveLimiterConfig;
import dev.nines.core.adaptivelimit.AdaptiveLimiterRegistry;
import dev.nines.core.bulkhead.BulkheadConfig;
import dev.nines.core.bulkhead.BulkheadRegistry;
import dev.nines.core.fallback.FallbackConfig;
import dev.nines.core.fallback.FallbackRegistry;
import dev.nines.core.ratelimit.RateLimiterConfig;
import dev.nines.core.ratelimit.RateLimiterRegistry;
import dev.nines.core.retry.RetryConfig;
import dev.nines.core.retry.RetryRegistry;
import dev.nines.core.time.ManualTimeSource;
import dev.nines.core.timelimit.TimeLimiterConfig;
import dev.nines.core.timelimit.TimeLimiterRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Binders made from a registry bind the instances it creates after binding, as a breaker's binder does. */
class RegistryBindersTest {

    private final ManualTimeSource time = ManualTimeSource.at(Instant.parse("2026-01-01T00:00:00Z"));
    private final MeterRegistry meters = new SimpleMeterRegistry();

    private void assertFollows(MeterBinder binder, Consumer<String> create, String meterName) {
        create.accept("before");
        binder.bindTo(meters);
        create.accept("after");

        assertThat(meters.find(meterName).tag("name", "before").meters())
                .as("bound at bind time")
                .isNotEmpty();
        assertThat(meters.find(meterName).tag("name", "after").meters())
                .as("bound when created")
                .isNotEmpty();
    }

    @Test
    void bulkheadsCreatedAfterBindingGetTheirMeters() {
        BulkheadRegistry registry = BulkheadRegistry.of(BulkheadConfig.ofDefaults(), time);
        assertFollows(
                BulkheadMetrics.ofRegistry(registry), registry::bulkhead, "nines.bulkhead.available.concurrent.calls");
    }

    @Test
    void rateLimitersCreatedAfterBindingGetTheirMeters() {
        RateLimiterRegistry registry = RateLimiterRegistry.of(RateLimiterConfig.ofDefaults(), time);
        assertFollows(
                RateLimiterMetrics.ofRegistry(registry),
                registry::rateLimiter,
                "nines.ratelimiter.available.permissions");
    }

    @Test
    void adaptiveLimitersCreatedAfterBindingGetTheirMeters() {
        AdaptiveLimiterRegistry registry = AdaptiveLimiterRegistry.of(AdaptiveLimiterConfig.ofDefaults(), time);
        assertFollows(AdaptiveLimiterMetrics.ofRegistry(registry), registry::limiter, "nines.adaptivelimiter.limit");
    }

    @Test
    void retriesCreatedAfterBindingGetTheirMeters() {
        RetryRegistry registry = RetryRegistry.of(RetryConfig.ofDefaults(), time);
        assertFollows(RetryMetrics.of(registry), registry::retry, "nines.retry.calls");
    }

    @Test
    void timeLimitersCreatedAfterBindingGetTheirMeters() {
        TimeLimiterRegistry registry = TimeLimiterRegistry.of(TimeLimiterConfig.ofDefaults(), time);
        assertFollows(TimeLimiterMetrics.of(registry), registry::timeLimiter, "nines.timelimiter.calls");
    }

    @Test
    void fallbacksCreatedAfterBindingGetTheirMeters() {
        FallbackRegistry registry = FallbackRegistry.of(FallbackConfig.ofDefaults());
        assertFollows(FallbackMetrics.of(registry), registry::fallback, "nines.fallback.calls");
    }

    @Test
    void aBinderForFixedInstancesIgnoresLaterOnes() {
        BulkheadRegistry registry = BulkheadRegistry.of(BulkheadConfig.ofDefaults(), time);
        BulkheadMetrics.of(registry.bulkhead("fixed")).bindTo(meters);
        registry.bulkhead("later");

        assertThat(meters.find("nines.bulkhead.available.concurrent.calls")
                        .tag("name", "fixed")
                        .meters())
                .isNotEmpty();
        assertThat(meters.find("nines.bulkhead.available.concurrent.calls")
                        .tag("name", "later")
                        .meters())
                .isEmpty();
    }
}
