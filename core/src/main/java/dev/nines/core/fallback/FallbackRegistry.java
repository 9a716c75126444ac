package dev.nines.core.fallback;

import dev.nines.core.event.EventListeners;
import dev.nines.core.internal.Arguments;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A registry of named {@link Fallback} instances with named configurations and registry-wide
 * event listeners. Fallbacks read no clock, so unlike other registries this one takes no
 * {@code TimeSource}.
 *
 * <p>A fallback is created on first use and the same instance is returned afterwards (the
 * configuration given at first use wins). Thread-safe.
 *
 * <pre>{@code
 * FallbackRegistry registry = FallbackRegistry.of(FallbackConfig.ofDefaults());
 * Fallback fallback = registry.fallback("recommendations");
 * }</pre>
 */
public final class FallbackRegistry {

    private final FallbackConfig defaultConfig;
    private final Map<String, FallbackConfig> configurations = new ConcurrentHashMap<>();
    private final Map<String, Fallback> fallbacks = new ConcurrentHashMap<>();
    private final EventListeners<FallbackEvent> listeners = EventListeners.create("fallback registry");

    private FallbackRegistry(FallbackConfig defaultConfig) {
        this.defaultConfig = defaultConfig;
    }

    /**
     * Creates a registry.
     *
     * @param defaultConfig the configuration of fallbacks created without one
     * @return a new, empty registry
     */
    public static FallbackRegistry of(FallbackConfig defaultConfig) {
        Objects.requireNonNull(defaultConfig, "defaultConfig");
        return new FallbackRegistry(defaultConfig);
    }

    /**
     * Adds (or replaces) a named configuration; fallbacks already created keep theirs.
     *
     * @param configName the configuration's name
     * @param config the configuration
     * @return this registry
     * @throws IllegalArgumentException if {@code configName} is blank
     */
    public FallbackRegistry addConfiguration(String configName, FallbackConfig config) {
        Arguments.notBlank("configName", configName);
        Objects.requireNonNull(config, "config");
        configurations.put(configName, config);
        return this;
    }

    /**
     * Returns the fallback named {@code name}, created with the default configuration on first use.
     *
     * @param name the name
     * @return the fallback
     * @throws IllegalArgumentException if {@code name} is blank
     */
    public Fallback fallback(String name) {
        return fallback(name, defaultConfig);
    }

    /**
     * Returns the fallback named {@code name}, created with the named configuration on first use.
     *
     * @param name the name
     * @param configName a configuration added with {@link #addConfiguration}
     * @return the fallback
     * @throws IllegalArgumentException if {@code name} is blank or no such configuration exists
     */
    public Fallback fallback(String name, String configName) {
        Objects.requireNonNull(configName, "configName");
        FallbackConfig config = configurations.get(configName);
        if (config == null) {
            throw new IllegalArgumentException("configName must name an added configuration, was " + configName);
        }
        return fallback(name, config);
    }

    /**
     * Returns the fallback named {@code name}, created with {@code config} on first use.
     *
     * @param name the name
     * @param config the configuration used if it does not exist yet
     * @return the fallback
     * @throws IllegalArgumentException if {@code name} is blank
     */
    public Fallback fallback(String name, FallbackConfig config) {
        Arguments.notBlank("name", name);
        Objects.requireNonNull(config, "config");
        return fallbacks.computeIfAbsent(name, n -> new FallbackImpl(n, config, listeners));
    }

    /**
     * Returns every fallback created so far.
     *
     * @return a snapshot, in no particular order
     */
    public List<Fallback> all() {
        return List.copyOf(fallbacks.values());
    }

    /**
     * Registers a listener that receives the events of every fallback in this registry.
     *
     * @param listener the listener
     * @return the registration; close it to unregister
     */
    public EventListeners.Registration onEvent(Consumer<? super FallbackEvent> listener) {
        return listeners.register(listener);
    }

    /**
     * Returns the default configuration.
     *
     * @return the default configuration
     */
    public FallbackConfig defaultConfig() {
        return defaultConfig;
    }
}
