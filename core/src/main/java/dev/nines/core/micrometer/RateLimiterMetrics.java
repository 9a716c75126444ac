package dev.nines.core.micrometer;

import dev.nines.core.ratelimit.RateLimiter;
import dev.nines.core.ratelimit.RateLimiterRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Binds {@link RateLimiter} meters to a Micrometer {@link MeterRegistry}. Each rate limiter gets,
 * tagged {@code name=<rate limiter name>}:
 * <ul>
 *   <li>{@code nines.ratelimiter.available.permissions} (gauge): permits in the bucket, negative
 *       when future periods are booked;</li>
 *   <li>{@code nines.ratelimiter.burst.capacity} (gauge): the most permits the bucket holds;</li>
 *   <li>{@code nines.ratelimiter.waiting.threads} (gauge): threads parked for booked permits.</li>
 * </ul>
 *
 * <p>Meters read the rate limiter when the registry is scraped; nothing is added to the call path.
 * Rate limiters created in a {@link RateLimiterRegistry} after binding are not bound. Thread-safe.
 *
 * <pre>{@code
 * RateLimiterMetrics.ofRegistry(rateLimiters).bindTo(meterRegistry);
 * }</pre>
 */
public final class RateLimiterMetrics implements MeterBinder {

    private final List<RateLimiter> rateLimiters;

    private RateLimiterMetrics(List<RateLimiter> rateLimiters) {
        this.rateLimiters = rateLimiters;
    }

    /**
     * Creates a binder for one rate limiter.
     *
     * @param rateLimiter the rate limiter
     * @return a new binder
     */
    public static RateLimiterMetrics of(RateLimiter rateLimiter) {
        return new RateLimiterMetrics(List.of(Objects.requireNonNull(rateLimiter, "rateLimiter")));
    }

    /**
     * Creates a binder for some rate limiters.
     *
     * @param rateLimiters the rate limiters (copied)
     * @return a new binder
     */
    public static RateLimiterMetrics of(Iterable<? extends RateLimiter> rateLimiters) {
        Objects.requireNonNull(rateLimiters, "rateLimiters");
        List<RateLimiter> copy = new ArrayList<>();
        rateLimiters.forEach(r -> copy.add(Objects.requireNonNull(r, "rateLimiter")));
        return new RateLimiterMetrics(List.copyOf(copy));
    }

    /**
     * Creates a binder for every rate limiter the registry holds now.
     *
     * @param registry the rate limiter registry
     * @return a new binder
     */
    public static RateLimiterMetrics ofRegistry(RateLimiterRegistry registry) {
        return new RateLimiterMetrics(Objects.requireNonNull(registry, "registry").all());
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        for (RateLimiter rateLimiter : rateLimiters) {
            String name = rateLimiter.name();
            Gauge.builder("nines.ratelimiter.available.permissions", rateLimiter, RateLimiter::availablePermits)
                    .description("Permits in the bucket; negative when future periods are booked")
                    .tag("name", name).strongReference(true).register(registry);
            Gauge.builder("nines.ratelimiter.burst.capacity", rateLimiter, r -> r.config().burstCapacity())
                    .description("The most permits the bucket holds").tag("name", name).strongReference(true)
                    .register(registry);
            Gauge.builder("nines.ratelimiter.waiting.threads", rateLimiter, RateLimiter::waitingThreads)
                    .description("Threads parked for booked permits").tag("name", name).strongReference(true)
                    .register(registry);
        }
    }
}
