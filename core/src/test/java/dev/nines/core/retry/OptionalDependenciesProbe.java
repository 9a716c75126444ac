package dev.nines.core.retry;

import dev.nines.core.fallback.Fallback;
import dev.nines.core.fallback.FallbackConfig;
import dev.nines.core.time.ManualTimeSource;
import dev.nines.core.timelimit.TimeLimiter;
import dev.nines.core.timelimit.TimeLimiterConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Runs retry (with backoff and budget), time limiter and fallback; loaded by
 * {@link WithoutOptionalDependenciesTest} in a class loader that has none of the optional
 * dependencies (resilience4j-core, Caffeine, Micrometer).
 */
public final class OptionalDependenciesProbe implements Supplier<String> {

    @Override
    public String get() {
        ManualTimeSource time = ManualTimeSource.at(Instant.EPOCH);
        Retry retry = Retry.of(
                "probe",
                RetryConfig.builder()
                        .maxAttempts(3)
                        .backoff(Backoff.exponential(Duration.ofMillis(100), 2.0, Duration.ofSeconds(1))
                                .withJitter(0.5))
                        .retryBudget(RetryBudgetConfig.ofDefaults())
                        .build(),
                time,
                time::advanceNanos);
        int[] calls = {0};
        String retried = retry.executeSupplier(() -> {
            if (++calls[0] < 3) {
                throw new IllegalStateException("flaky");
            }
            return "retried " + calls[0];
        });
        String fallback = Fallback.of("probe", FallbackConfig.ofDefaults())
                .executeSupplier(
                        () -> {
                            throw new IllegalStateException("down");
                        },
                        e -> "fallback");
        TimeLimiter.of("probe", TimeLimiterConfig.ofDefaults(), time);
        return retried + ", " + fallback;
    }
}
