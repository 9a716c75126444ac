package dev.nines.core.timelimit;

import dev.nines.core.event.EventListeners;
import dev.nines.core.internal.Arguments;
import dev.nines.core.time.TimeSource;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A registry of named {@link TimeLimiter} instances sharing a {@link TimeSource}, named
 * configurations and registry-wide event listeners.
 *
 * <p>A time limiter is created on first use and the same instance is returned afterwards (the
 * configuration given at first use wins). Thread-safe.
 *
 * <pre>{@code
 * TimeLimiterRegistry registry = TimeLimiterRegistry.of(TimeLimiterConfig.ofDefaults(), TimeSource.system());
 * TimeLimiter limiter = registry.timeLimiter("quotes");
 * }</pre>
 */
public final class TimeLimiterRegistry {

    private final TimeLimiterConfig defaultConfig;
    private final TimeSource timeSource;
    private final Map<String, TimeLimiterConfig> configurations = new ConcurrentHashMap<>();
    private final Map<String, TimeLimiter> limiters = new ConcurrentHashMap<>();
    private final EventListeners<TimeLimiterEvent> listeners = EventListeners.create("time limiter registry");

    private TimeLimiterRegistry(TimeLimiterConfig defaultConfig, TimeSource timeSource) {
        this.defaultConfig = defaultConfig;
        this.timeSource = timeSource;
    }

    /**
     * Creates a registry.
     *
     * @param defaultConfig the configuration of time limiters created without one
     * @param timeSource the clock for every time limiter
     * @return a new, empty registry
     */
    public static TimeLimiterRegistry of(TimeLimiterConfig defaultConfig, TimeSource timeSource) {
        Objects.requireNonNull(defaultConfig, "defaultConfig");
        Objects.requireNonNull(timeSource, "timeSource");
        return new TimeLimiterRegistry(defaultConfig, timeSource);
    }

    /**
     * Adds (or replaces) a named configuration; time limiters already created keep theirs.
     *
     * @param configName the configuration's name
     * @param config the configuration
     * @return this registry
     * @throws IllegalArgumentException if {@code configName} is blank
     */
    public TimeLimiterRegistry addConfiguration(String configName, TimeLimiterConfig config) {
        Arguments.notBlank("configName", configName);
        Objects.requireNonNull(config, "config");
        configurations.put(configName, config);
        return this;
    }

    /**
     * Returns the time limiter named {@code name}, created with the default configuration on
     * first use.
     *
     * @param name the name
     * @return the time limiter
     * @throws IllegalArgumentException if {@code name} is blank
     */
    public TimeLimiter timeLimiter(String name) {
        return timeLimiter(name, defaultConfig);
    }

    /**
     * Returns the time limiter named {@code name}, created with the named configuration on first
     * use.
     *
     * @param name the name
     * @param configName a configuration added with {@link #addConfiguration}
     * @return the time limiter
     * @throws IllegalArgumentException if {@code name} is blank or no such configuration exists
     */
    public TimeLimiter timeLimiter(String name, String configName) {
        Objects.requireNonNull(configName, "configName");
        TimeLimiterConfig config = configurations.get(configName);
        if (config == null) {
            throw new IllegalArgumentException("configName must name an added configuration, was " + configName);
        }
        return timeLimiter(name, config);
    }

    /**
     * Returns the time limiter named {@code name}, created with {@code config} on first use.
     *
     * @param name the name
     * @param config the configuration used if it does not exist yet
     * @return the time limiter
     * @throws IllegalArgumentException if {@code name} is blank
     */
    public TimeLimiter timeLimiter(String name, TimeLimiterConfig config) {
        Arguments.notBlank("name", name);
        Objects.requireNonNull(config, "config");
        return limiters.computeIfAbsent(name, n -> new TimeLimiterImpl(n, config, timeSource, listeners));
    }

    /**
     * Returns every time limiter created so far.
     *
     * @return a snapshot, in no particular order
     */
    public List<TimeLimiter> all() {
        return List.copyOf(limiters.values());
    }

    /**
     * Registers a listener that receives the events of every time limiter in this registry,
     * present and future.
     *
     * @param listener the listener
     * @return the registration; close it to unregister
     */
    public EventListeners.Registration onEvent(Consumer<? super TimeLimiterEvent> listener) {
        return listeners.register(listener);
    }

    /**
     * Returns the default configuration.
     *
     * @return the default configuration
     */
    public TimeLimiterConfig defaultConfig() {
        return defaultConfig;
    }
}
