package dev.nines.core.ratelimit;

import dev.nines.core.registry.Registry;
import dev.nines.core.time.TimeSource;
import java.util.Objects;

/**
 * A registry of named {@link RateLimiter}s sharing named configurations, a {@link TimeSource} and
 * registry-wide event listeners.
 *
 * <p>A rate limiter is created on first use and then returned as it is: asking again for the same
 * name with another configuration returns the existing rate limiter unchanged. Thread-safe.
 *
 * <pre>{@code
 * RateLimiterRegistry registry = RateLimiterRegistry.of(RateLimiterConfig.ofDefaults(), TimeSource.system());
 * registry.addConfiguration("partner", RateLimiterConfig.builder().limitForPeriod(10).build());
 * registry.onEvent(event -> log.debug("{}", event));
 * RateLimiter partnerApi = registry.rateLimiter("partner-api", "partner");
 * }</pre>
 */
public final class RateLimiterRegistry
        extends Registry<RateLimiterConfig, RateLimiter, RateLimiterEvent, RateLimiterRegistry> {

    private RateLimiterRegistry(RateLimiterConfig defaultConfig, TimeSource timeSource) {
        super(
                "rate limiter registry",
                defaultConfig,
                (name, config, listeners) -> new TokenBucketRateLimiter(name, config, timeSource, listeners));
    }

    /**
     * Creates an empty registry.
     *
     * @param defaultConfig the configuration of rateLimiters created without one
     * @param timeSource the clock given to every rate limiter
     * @return a new registry
     */
    public static RateLimiterRegistry of(RateLimiterConfig defaultConfig, TimeSource timeSource) {
        Objects.requireNonNull(defaultConfig, "defaultConfig");
        Objects.requireNonNull(timeSource, "timeSource");
        return new RateLimiterRegistry(defaultConfig, timeSource);
    }

    /**
     * Creates an empty registry with the default configuration and the system clock.
     *
     * @return a new registry
     */
    public static RateLimiterRegistry ofDefaults() {
        return of(RateLimiterConfig.ofDefaults(), TimeSource.system());
    }

    /**
     * Returns the rate limiter with this name, creating it with the default configuration if absent.
     *
     * @param name the rate limiter name
     * @return the rate limiter
     * @throws IllegalArgumentException if {@code name} is blank
     */
    public RateLimiter rateLimiter(String name) {
        return get(name);
    }

    /**
     * Returns the rate limiter with this name, creating it with the named configuration if absent.
     *
     * @param name the rate limiter name
     * @param configName the name of a configuration added with {@link #addConfiguration}
     * @return the rate limiter
     * @throws IllegalArgumentException if {@code name} is blank or no configuration has that name
     */
    public RateLimiter rateLimiter(String name, String configName) {
        return getWithConfigName(name, configName);
    }

    /**
     * Returns the rate limiter with this name, creating it with {@code config} if absent.
     *
     * @param name the rate limiter name
     * @param config the configuration used if the rate limiter is created now
     * @return the rate limiter
     * @throws IllegalArgumentException if {@code name} is blank
     */
    public RateLimiter rateLimiter(String name, RateLimiterConfig config) {
        return get(name, config);
    }

    @Override
    protected RateLimiterRegistry self() {
        return this;
    }
}
