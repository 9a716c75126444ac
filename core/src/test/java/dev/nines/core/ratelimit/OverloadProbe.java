package dev.nines.core.ratelimit;

import dev.nines.core.adaptivelimit.AdaptiveLimiter;
import dev.nines.core.adaptivelimit.AdaptiveLimiterConfig;
import dev.nines.core.time.ManualTimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;

/**
 * Uses the rate limiter (with a warm-up), the adaptive limiter (with priorities and a queue) and
 * the keyed limiter's configuration, then, if asked, creates a keyed limiter; loaded by
 * {@link WithoutCaffeineTest} in class loaders with and without Caffeine.
 */
public final class OverloadProbe implements Function<Boolean, String> {

    @Override
    public String apply(Boolean createKeyed) {
        ManualTimeSource time = ManualTimeSource.at(Instant.EPOCH);
        RateLimiter rateLimiter = RateLimiter.of(
                "probe",
                RateLimiterConfig.builder()
                        .limitForPeriod(30)
                        .warmupPeriod(Duration.ofSeconds(10))
                        .build(),
                time);
        int granted = 0;
        while (rateLimiter.tryAcquirePermission(1)) {
            granted++;
        }
        AdaptiveLimiter adaptive = AdaptiveLimiter.of(
                "probe",
                AdaptiveLimiterConfig.builder()
                        .priorityShares(1.0, 0.5)
                        .maxQueueSize(2)
                        .maxWaitDuration(Duration.ofMillis(10))
                        .build(),
                time);
        String admitted = adaptive.executeSupplier(1, () -> "admitted");
        KeyedRateLimiterConfig keyedConfig =
                KeyedRateLimiterConfig.builder().maximumKeys(10).build();
        String result = "cold " + granted + ", " + admitted + ", " + keyedConfig.maximumKeys() + " keys";
        if (createKeyed) {
            try {
                KeyedRateLimiter<String> keyed = KeyedRateLimiter.of("probe", keyedConfig, time);
                result += ", keyed " + keyed.tryAcquirePermission("k");
            } catch (IllegalStateException e) {
                result += ", " + e.getMessage();
            }
        }
        return result;
    }
}
