package dev.nines.core.retry;

import dev.nines.core.event.EventListeners;
import dev.nines.core.internal.NamedInstances;
import dev.nines.core.time.TimeSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A registry of named {@link Retry} instances sharing a {@link TimeSource}, a {@link Sleeper},
 * named configurations and registry-wide event listeners.
 *
 * <p>A retry is created on first use and the same instance is returned afterwards (the
 * configuration given at first use wins). Thread-safe.
 *
 * <pre>{@code
 * RetryRegistry registry = RetryRegistry.of(RetryConfig.ofDefaults(), TimeSource.system());
 * registry.addConfiguration("patient", RetryConfig.builder().maxAttempts(5).build());
 * registry.onEvent(event -> log.info("{}", event));
 * Retry retry = registry.retry("payments", "patient");
 * }</pre>
 */
public final class RetryRegistry {

    private final NamedInstances<RetryConfig, Retry, RetryEvent> retries;

    private RetryRegistry(RetryConfig defaultConfig, TimeSource timeSource, Sleeper sleeper) {
        this.retries = NamedInstances.create("retry registry", defaultConfig,
                (name, config, listeners) -> new RetryImpl(name, config, timeSource, sleeper, listeners));
    }

    /**
     * Creates a registry whose retries wait by parking on {@code timeSource}.
     *
     * @param defaultConfig the configuration of retries created without one
     * @param timeSource the clock for every retry
     * @return a new, empty registry
     */
    public static RetryRegistry of(RetryConfig defaultConfig, TimeSource timeSource) {
        Objects.requireNonNull(timeSource, "timeSource");
        return of(defaultConfig, timeSource, Sleeper.parking(timeSource));
    }

    /**
     * Creates a registry whose retries wait through {@code sleeper}.
     *
     * @param defaultConfig the configuration of retries created without one
     * @param timeSource the clock for every retry
     * @param sleeper how synchronous calls wait between attempts
     * @return a new, empty registry
     */
    public static RetryRegistry of(RetryConfig defaultConfig, TimeSource timeSource, Sleeper sleeper) {
        Objects.requireNonNull(defaultConfig, "defaultConfig");
        Objects.requireNonNull(timeSource, "timeSource");
        Objects.requireNonNull(sleeper, "sleeper");
        return new RetryRegistry(defaultConfig, timeSource, sleeper);
    }

    /**
     * Adds (or replaces) a named configuration; retries already created keep theirs.
     *
     * @param configName the configuration's name
     * @param config the configuration
     * @return this registry
     * @throws IllegalArgumentException if {@code configName} is blank
     */
    public RetryRegistry addConfiguration(String configName, RetryConfig config) {
        retries.addConfiguration(configName, config);
        return this;
    }

    /**
     * Returns a named configuration.
     *
     * @param configName the configuration's name
     * @return the configuration, or empty if none has that name
     */
    public Optional<RetryConfig> configuration(String configName) {
        return retries.configuration(configName);
    }

    /**
     * Returns the retry named {@code name}, created with the default configuration on first use.
     *
     * @param name the retry's name
     * @return the retry
     * @throws IllegalArgumentException if {@code name} is blank
     */
    public Retry retry(String name) {
        return retries.get(name);
    }

    /**
     * Returns the retry named {@code name}, created with the named configuration on first use.
     *
     * @param name the retry's name
     * @param configName a configuration added with {@link #addConfiguration(String, RetryConfig)}
     * @return the retry
     * @throws IllegalArgumentException if {@code name} is blank or no such configuration exists
     */
    public Retry retry(String name, String configName) {
        return retries.getWithConfigName(name, configName);
    }

    /**
     * Returns the retry named {@code name}, created with {@code config} on first use.
     *
     * @param name the retry's name
     * @param config the configuration used if the retry does not exist yet
     * @return the retry
     * @throws IllegalArgumentException if {@code name} is blank
     */
    public Retry retry(String name, RetryConfig config) {
        return retries.get(name, config);
    }

    /**
     * Returns the retry called {@code name} if it was created.
     *
     * @param name the retry's name
     * @return the retry, or empty
     */
    public Optional<Retry> find(String name) {
        return retries.find(name);
    }

    /**
     * Returns every retry created so far.
     *
     * @return a snapshot, in no particular order
     */
    public List<Retry> all() {
        return retries.all();
    }

    /**
     * Registers a listener that receives the events of every retry in this registry, present and
     * future.
     *
     * @param listener the listener
     * @return the registration; close it to unregister
     */
    public EventListeners.Registration onEvent(Consumer<? super RetryEvent> listener) {
        return retries.onEvent(listener);
    }

    /**
     * Returns the default configuration.
     *
     * @return the default configuration
     */
    public RetryConfig defaultConfig() {
        return retries.defaultConfig();
    }

    /**
     * Registers a listener told of every retry this registry creates from now on, once, on the
     * creating thread, after the retry is stored (so {@link #all()} already holds it). Binders use it
     * to follow retries created on first use.
     *
     * @param listener the listener; it must not throw
     * @return a handle that unregisters the listener when closed
     */
    public EventListeners.Registration onEntryAdded(Consumer<? super Retry> listener) {
        return retries.onEntryAdded(listener);
    }
}
