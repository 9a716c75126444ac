package dev.nines.core.adaptivelimit;

import dev.nines.core.event.EventListeners;
import dev.nines.core.internal.NamedInstances;
import dev.nines.core.time.TimeSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

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
public final class AdaptiveLimiterRegistry {

    private final NamedInstances<AdaptiveLimiterConfig, AdaptiveLimiter, AdaptiveLimiterEvent> limiters;

    private AdaptiveLimiterRegistry(AdaptiveLimiterConfig defaultConfig, TimeSource timeSource) {
        Objects.requireNonNull(defaultConfig, "defaultConfig");
        Objects.requireNonNull(timeSource, "timeSource");
        this.limiters = NamedInstances.create("adaptive limiter registry", defaultConfig,
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
     * Returns the configuration of limiters created without one.
     *
     * @return the default configuration
     */
    public AdaptiveLimiterConfig defaultConfig() {
        return limiters.defaultConfig();
    }

    /**
     * Adds (or replaces) a named configuration. Limiters already created keep their configuration.
     *
     * @param configName the configuration name
     * @param config the configuration
     * @return this registry
     * @throws IllegalArgumentException if {@code configName} is blank
     */
    public AdaptiveLimiterRegistry addConfiguration(String configName, AdaptiveLimiterConfig config) {
        limiters.addConfiguration(configName, config);
        return this;
    }

    /**
     * Returns a named configuration.
     *
     * @param configName the configuration name
     * @return the configuration, or empty if none has that name
     */
    public Optional<AdaptiveLimiterConfig> configuration(String configName) {
        return limiters.configuration(configName);
    }

    /**
     * Returns the limiter with this name, creating it with the default configuration if absent.
     *
     * @param name the limiter name
     * @return the limiter
     * @throws IllegalArgumentException if {@code name} is blank
     */
    public AdaptiveLimiter limiter(String name) {
        return limiters.get(name);
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
        return limiters.getWithConfigName(name, configName);
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
        return limiters.get(name, config);
    }

    /**
     * Returns the limiter called {@code name} if it was created.
     *
     * @param name the limiter's name
     * @return the limiter, or empty
     */
    public Optional<AdaptiveLimiter> find(String name) {
        return limiters.find(name);
    }

    /**
     * Returns a snapshot of every limiter created so far.
     *
     * @return the limiters, in no particular order
     */
    public List<AdaptiveLimiter> all() {
        return limiters.all();
    }

    /**
     * Registers a listener that receives the events of every limiter of this registry, present
     * and future.
     *
     * @param listener the listener
     * @return a handle that unregisters the listener when closed
     */
    public EventListeners.Registration onEvent(Consumer<? super AdaptiveLimiterEvent> listener) {
        return limiters.onEvent(listener);
    }

    /**
     * Registers a listener told of every adaptive limiter this registry creates from now on, once, on the
     * creating thread, after the adaptive limiter is stored (so {@link #all()} already holds it). Binders use it
     * to follow adaptive limiters created on first use.
     *
     * @param listener the listener; it must not throw
     * @return a handle that unregisters the listener when closed
     */
    public EventListeners.Registration onEntryAdded(Consumer<? super AdaptiveLimiter> listener) {
        return limiters.onEntryAdded(listener);
    }
}
