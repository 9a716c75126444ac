package dev.nines.core.adaptivelimit;

import dev.nines.core.registry.Registry;
import dev.nines.core.time.TimeSource;
import java.util.Objects;

/**
 * A registry of named {@link AdaptiveLimiter}s sharing named configurations, a {@link TimeSource} and
 * registry-wide event listeners.
 *
 * <p>A limiter is created on first use and then returned as it is: asking again for the same
 * name with another configuration returns the existing limiter unchanged. Thread-safe.
 *
 * <pre>{@code
 * AdaptiveLimiterRegistry registry = AdaptiveLimiterRegistry.of(AdaptiveLimiterConfig.ofDefaults(), TimeSource.system());
 * registry.addConfiguration("aimd", AdaptiveLimiterConfig.builder().algorithm(LimitAlgorithm.aimd()).build());
 * registry.onEvent(event -> log.debug("{}", event));
 * AdaptiveLimiter search = registry.limiter("search", "aimd");
 * }</pre>
 */
public final class AdaptiveLimiterRegistry
        extends Registry<AdaptiveLimiterConfig, AdaptiveLimiter, AdaptiveLimiterEvent, AdaptiveLimiterRegistry> {

    private AdaptiveLimiterRegistry(AdaptiveLimiterConfig defaultConfig, TimeSource timeSource) {
        super(
                "adaptive limiter registry",
                defaultConfig,
                (name, config, listeners) -> new DefaultAdaptiveLimiter(name, config, timeSource, listeners));
    }

    /**
     * Creates an empty registry.
     *
     * @param defaultConfig the configuration of limiters created without one
     * @param timeSource the clock given to every limiter
     * @return a new registry
     */
    public static AdaptiveLimiterRegistry of(AdaptiveLimiterConfig defaultConfig, TimeSource timeSource) {
        Objects.requireNonNull(defaultConfig, "defaultConfig");
        Objects.requireNonNull(timeSource, "timeSource");
        return new AdaptiveLimiterRegistry(defaultConfig, timeSource);
    }

    /**
     * Creates an empty registry with the default configuration and the system clock.
     *
     * @return a new registry
     */
    public static AdaptiveLimiterRegistry ofDefaults() {
        return of(AdaptiveLimiterConfig.ofDefaults(), TimeSource.system());
    }

    /**
     * Returns the limiter with this name, creating it with the default configuration if absent.
     *
     * @param name the limiter name
     * @return the limiter
     * @throws IllegalArgumentException if {@code name} is blank
     */
    public AdaptiveLimiter limiter(String name) {
        return get(name);
    }

    /**
     * Returns the limiter with this name, creating it with the named configuration if absent.
     *
     * @param name the limiter name
     * @param configName the name of a configuration added with {@link #addConfiguration}
     * @return the limiter
     * @throws IllegalArgumentException if {@code name} is blank or no configuration has that name
     */
    public AdaptiveLimiter limiter(String name, String configName) {
        return getWithConfigName(name, configName);
    }

    /**
     * Returns the limiter with this name, creating it with {@code config} if absent.
     *
     * @param name the limiter name
     * @param config the configuration used if the limiter is created now
     * @return the limiter
     * @throws IllegalArgumentException if {@code name} is blank
     */
    public AdaptiveLimiter limiter(String name, AdaptiveLimiterConfig config) {
        return get(name, config);
    }

    @Override
    protected AdaptiveLimiterRegistry self() {
        return this;
    }
}
