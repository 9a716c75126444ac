package dev.nines.core.pipeline;

import dev.nines.core.bulkhead.Bulkhead;
import dev.nines.core.bulkhead.BulkheadConfig;
import dev.nines.core.circuitbreaker.CircuitBreaker;
import dev.nines.core.circuitbreaker.CircuitBreakerConfig;
import dev.nines.core.fallback.Fallback;
import dev.nines.core.fallback.FallbackConfig;
import dev.nines.core.ratelimit.RateLimiter;
import dev.nines.core.ratelimit.RateLimiterConfig;
import dev.nines.core.retry.Retry;
import dev.nines.core.retry.RetryConfig;
import dev.nines.core.time.ManualTimeSource;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Runs a pipeline of every synchronous policy that needs no optional dependency; loaded by
 * {@link PipelineTest} in a class loader without resilience4j-core, Caffeine or Micrometer.
 */
public final class WithoutOptionalDependenciesProbe implements Supplier<String> {

    @Override
    public String get() {
        ManualTimeSource time = ManualTimeSource.at(Instant.EPOCH);
        int[] calls = {0};
        Supplier<String> decorated = Resilience.<String>pipeline()
                .fallback(Fallback.of("probe", FallbackConfig.ofDefaults()), failure -> "fallback")
                .retry(Retry.of("probe", RetryConfig.builder().maxAttempts(3).build(), time, time::advanceNanos))
                .circuitBreaker(CircuitBreaker.of("probe", CircuitBreakerConfig.ofDefaults(), time))
                .rateLimiter(RateLimiter.of("probe", RateLimiterConfig.ofDefaults(), time))
                .bulkhead(Bulkhead.of("probe", BulkheadConfig.ofDefaults(), time))
                .build()
                .decorateSupplier(() -> {
                    if (++calls[0] < 3) {
                        throw new IllegalStateException("flaky");
                    }
                    return "retried " + calls[0];
                });
        return decorated.get();
    }
}
