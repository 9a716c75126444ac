package dev.nines.core.timelimit;

import dev.nines.core.event.EventListeners;
import dev.nines.core.internal.NamedInstances;
import dev.nines.core.time.TimeSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
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

    private final NamedInstances<TimeLimiterConfig, TimeLimiter, TimeLimiterEvent> limiters;

    private TimeLimiterRegistry(TimeLimiterConfig defaultConfig, TimeSource timeSource) {
        this.limiters = NamedInstances.create("time limiter registry", defaultConfig,
                (name, config, listeners) -> new TimeLimiterImpl(name, config, timeSource, listeners));
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
        limiters.addConfiguration(configName, config);
        return this;
    }

    /**
     * Returns a named configuration.
     *
     * @param configName the configuration's name
     * @return the configuration, or empty if none has that name
     */
    public Optional<TimeLimiterConfig> configuration(String configName) {
        return limiters.configuration(configName);
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
        return limiters.get(name);
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
        return limiters.getWithConfigName(name, configName);
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
        return limiters.get(name, config);
    }

    /**
     * Returns the time limiter called {@code name} if it was created.
     *
     * @param name the time limiter's name
     * @return the time limiter, or empty
     */
    public Optional<TimeLimiter> find(String name) {
        return limiters.find(name);
    }

    /**
     * Returns every time limiter created so far.
     *
     * @return a snapshot, in no particular order
     */
    public List<TimeLimiter> all() {
        return limiters.all();
    }

    /**
     * Registers a listener that receives the events of every time limiter in this registry,
     * present and future.
     *
     * @param listener the listener
     * @return the registration; close it to unregister
     */
    public EventListeners.Registration onEvent(Consumer<? super TimeLimiterEvent> listener) {
        return limiters.onEvent(listener);
    }

    /**
     * Returns the default configuration.
     *
     * @return the default configuration
     */
    public TimeLimiterConfig defaultConfig() {
        return limiters.defaultConfig();
    }

    /**
     * Registers a listener told of every time limiter this registry creates from now on, once, on the
     * creating thread, after the time limiter is stored (so {@link #all()} already holds it). Binders use it
     * to follow time limiters created on first use.
     *
     * @param listener the listener; it must not throw
     * @return a handle that unregisters the listener when closed
     */
    public EventListeners.Registration onEntryAdded(Consumer<? super TimeLimiter> listener) {
        return limiters.onEntryAdded(listener);
    }
}
