package dev.nines.core.ratelimit;

import dev.nines.core.event.EventListeners;
import dev.nines.core.internal.NamedInstances;
import dev.nines.core.time.TimeSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

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
public final class RateLimiterRegistry {

    private final NamedInstances<RateLimiterConfig, RateLimiter, RateLimiterEvent> rateLimiters;

    private RateLimiterRegistry(RateLimiterConfig defaultConfig, TimeSource timeSource) {
        Objects.requireNonNull(defaultConfig, "defaultConfig");
        Objects.requireNonNull(timeSource, "timeSource");
        this.rateLimiters = NamedInstances.create("rate limiter registry", defaultConfig,
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
     * Returns the configuration of rateLimiters created without one.
     *
     * @return the default configuration
     */
    public RateLimiterConfig defaultConfig() {
        return rateLimiters.defaultConfig();
    }

    /**
     * Adds (or replaces) a named configuration. Rate limiters already created keep their configuration.
     *
     * @param configName the configuration name
     * @param config the configuration
     * @return this registry
     * @throws IllegalArgumentException if {@code configName} is blank
     */
    public RateLimiterRegistry addConfiguration(String configName, RateLimiterConfig config) {
        rateLimiters.addConfiguration(configName, config);
        return this;
    }

    /**
     * Returns a named configuration.
     *
     * @param configName the configuration name
     * @return the configuration, or empty if none has that name
     */
    public Optional<RateLimiterConfig> configuration(String configName) {
        return rateLimiters.configuration(configName);
    }

    /**
     * Returns the rate limiter with this name, creating it with the default configuration if absent.
     *
     * @param name the rate limiter name
     * @return the rate limiter
     * @throws IllegalArgumentException if {@code name} is blank
     */
    public RateLimiter rateLimiter(String name) {
        return rateLimiters.get(name);
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
        return rateLimiters.getWithConfigName(name, configName);
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
        return rateLimiters.get(name, config);
    }

    /**
     * Returns the rate limiter called {@code name} if it was created.
     *
     * @param name the rate limiter's name
     * @return the rate limiter, or empty
     */
    public Optional<RateLimiter> find(String name) {
        return rateLimiters.find(name);
    }

    /**
     * Returns a snapshot of every rate limiter created so far.
     *
     * @return the rateLimiters, in no particular order
     */
    public List<RateLimiter> all() {
        return rateLimiters.all();
    }

    /**
     * Registers a listener that receives the events of every rate limiter of this registry, present
     * and future.
     *
     * @param listener the listener
     * @return a handle that unregisters the listener when closed
     */
    public EventListeners.Registration onEvent(Consumer<? super RateLimiterEvent> listener) {
        return rateLimiters.onEvent(listener);
    }

    /**
     * Registers a listener told of every rate limiter this registry creates from now on, once, on the
     * creating thread, after the rate limiter is stored (so {@link #all()} already holds it). Binders use it
     * to follow rate limiters created on first use.
     *
     * @param listener the listener; it must not throw
     * @return a handle that unregisters the listener when closed
     */
    public EventListeners.Registration onEntryAdded(Consumer<? super RateLimiter> listener) {
        return rateLimiters.onEntryAdded(listener);
    }
}
