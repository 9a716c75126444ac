package dev.nines.core.limit;

import dev.nines.core.event.EventListeners;
import dev.nines.core.internal.Arguments;
import dev.nines.core.time.TimeSource;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
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

    private final AdaptiveLimiterConfig defaultConfig;
    private final TimeSource timeSource;
    private final Map<String, AdaptiveLimiterConfig> configurations = new ConcurrentHashMap<>();
    private final Map<String, AdaptiveLimiter> limiters = new ConcurrentHashMap<>();
    private final EventListeners<AdaptiveLimiterEvent> listeners = EventListeners.create("adaptive limiter registry");

    private AdaptiveLimiterRegistry(AdaptiveLimiterConfig defaultConfig, TimeSource timeSource) {
        this.defaultConfig = Objects.requireNonNull(defaultConfig, "defaultConfig");
        this.timeSource = Objects.requireNonNull(timeSource, "timeSource");
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
        return defaultConfig;
    }

    /**
     * Adds (or replaces) a named configuration. Limiters already created keep their configuration.
     *
     * @param configName the configuration name
     * @param config the configuration
     * @throws IllegalArgumentException if {@code configName} is blank
     */
    public void addConfiguration(String configName, AdaptiveLimiterConfig config) {
        Arguments.notBlank("configName", configName);
        configurations.put(configName, Objects.requireNonNull(config, "config"));
    }

    /**
     * Returns a named configuration.
     *
     * @param configName the configuration name
     * @return the configuration, or empty if none has that name
     */
    public Optional<AdaptiveLimiterConfig> configuration(String configName) {
        return Optional.ofNullable(configurations.get(Objects.requireNonNull(configName, "configName")));
    }

    /**
     * Returns the limiter with this name, creating it with the default configuration if absent.
     *
     * @param name the limiter name
     * @return the limiter
     * @throws IllegalArgumentException if {@code name} is blank
     */
    public AdaptiveLimiter limiter(String name) {
        return limiter(name, defaultConfig);
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
        Objects.requireNonNull(configName, "configName");
        AdaptiveLimiterConfig config = configurations.get(configName);
        if (config == null) {
            throw new IllegalArgumentException(
                    "configName must name a configuration added to the registry, was \"" + configName + "\"");
        }
        return limiter(name, config);
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
        Arguments.notBlank("name", name);
        Objects.requireNonNull(config, "config");
        return limiters.computeIfAbsent(name, n -> new DefaultAdaptiveLimiter(n, config, timeSource, listeners));
    }

    /**
     * Returns a snapshot of every limiter created so far.
     *
     * @return the limiters, in no particular order
     */
    public List<AdaptiveLimiter> all() {
        return List.copyOf(limiters.values());
    }

    /**
     * Registers a listener that receives the events of every limiter of this registry, present
     * and future.
     *
     * @param listener the listener
     * @return a handle that unregisters the listener when closed
     */
    public EventListeners.Registration onEvent(Consumer<? super AdaptiveLimiterEvent> listener) {
        return listeners.register(listener);
    }
}
