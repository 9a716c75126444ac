package dev.nines.core.fallback;

import dev.nines.core.event.EventListeners;
import dev.nines.core.internal.NamedInstances;
import dev.nines.core.time.TimeSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
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

    private final NamedInstances<FallbackConfig, Fallback, FallbackEvent> fallbacks;

    private FallbackRegistry(FallbackConfig defaultConfig) {
        this.fallbacks = NamedInstances.create("fallback registry", defaultConfig,
                (name, config, listeners) -> new FallbackImpl(name, config, TimeSource.system(), listeners));
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
        fallbacks.addConfiguration(configName, config);
        return this;
    }

    /**
     * Returns a named configuration.
     *
     * @param configName the configuration's name
     * @return the configuration, or empty if none has that name
     */
    public Optional<FallbackConfig> configuration(String configName) {
        return fallbacks.configuration(configName);
    }

    /**
     * Returns the fallback named {@code name}, created with the default configuration on first use.
     *
     * @param name the name
     * @return the fallback
     * @throws IllegalArgumentException if {@code name} is blank
     */
    public Fallback fallback(String name) {
        return fallbacks.get(name);
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
        return fallbacks.getWithConfigName(name, configName);
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
        return fallbacks.get(name, config);
    }

    /**
     * Returns the fallback called {@code name} if it was created.
     *
     * @param name the fallback's name
     * @return the fallback, or empty
     */
    public Optional<Fallback> find(String name) {
        return fallbacks.find(name);
    }

    /**
     * Returns every fallback created so far.
     *
     * @return a snapshot, in no particular order
     */
    public List<Fallback> all() {
        return fallbacks.all();
    }

    /**
     * Registers a listener that receives the events of every fallback in this registry.
     *
     * @param listener the listener
     * @return the registration; close it to unregister
     */
    public EventListeners.Registration onEvent(Consumer<? super FallbackEvent> listener) {
        return fallbacks.onEvent(listener);
    }

    /**
     * Returns the default configuration.
     *
     * @return the default configuration
     */
    public FallbackConfig defaultConfig() {
        return fallbacks.defaultConfig();
    }

    /**
     * Registers a listener told of every fallback this registry creates from now on, once, on the
     * creating thread, after the fallback is stored (so {@link #all()} already holds it). Binders use it
     * to follow fallbacks created on first use.
     *
     * @param listener the listener; it must not throw
     * @return a handle that unregisters the listener when closed
     */
    public EventListeners.Registration onEntryAdded(Consumer<? super Fallback> listener) {
        return fallbacks.onEntryAdded(listener);
    }
}
