package dev.nines.core.bulkhead;

import dev.nines.core.event.EventListeners;
import dev.nines.core.internal.NamedInstances;
import dev.nines.core.time.TimeSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A registry of named {@link Bulkhead}s sharing named configurations, a {@link TimeSource} and
 * registry-wide event listeners.
 *
 * <p>A bulkhead is created on first use and then returned as it is: asking again for the same
 * name with another configuration returns the existing bulkhead unchanged. Thread-safe.
 *
 * <pre>{@code
 * BulkheadRegistry registry = BulkheadRegistry.of(BulkheadConfig.ofDefaults(), TimeSource.system());
 * registry.addConfiguration("slow", BulkheadConfig.builder().maxConcurrentCalls(4).build());
 * registry.onEvent(event -> log.debug("{}", event));
 * Bulkhead reports = registry.bulkhead("reports", "slow");
 * }</pre>
 */
public final class BulkheadRegistry {

    private final NamedInstances<BulkheadConfig, Bulkhead, BulkheadEvent> bulkheads;

    private BulkheadRegistry(BulkheadConfig defaultConfig, TimeSource timeSource) {
        Objects.requireNonNull(defaultConfig, "defaultConfig");
        Objects.requireNonNull(timeSource, "timeSource");
        this.bulkheads = NamedInstances.create("bulkhead registry", defaultConfig,
                (name, config, listeners) -> new SemaphoreBulkhead(name, config, timeSource, listeners));
    }

    /**
     * Creates an empty registry.
     *
     * @param defaultConfig the configuration of bulkheads created without one
     * @param timeSource the clock given to every bulkhead
     * @return a new registry
     */
    public static BulkheadRegistry of(BulkheadConfig defaultConfig, TimeSource timeSource) {
        return new BulkheadRegistry(defaultConfig, timeSource);
    }

    /**
     * Creates an empty registry with the default configuration and the system clock.
     *
     * @return a new registry
     */
    public static BulkheadRegistry ofDefaults() {
        return of(BulkheadConfig.ofDefaults(), TimeSource.system());
    }

    /**
     * Returns the configuration of bulkheads created without one.
     *
     * @return the default configuration
     */
    public BulkheadConfig defaultConfig() {
        return bulkheads.defaultConfig();
    }

    /**
     * Adds (or replaces) a named configuration. Bulkheads already created keep their configuration.
     *
     * @param configName the configuration name
     * @param config the configuration
     * @return this registry
     * @throws IllegalArgumentException if {@code configName} is blank
     */
    public BulkheadRegistry addConfiguration(String configName, BulkheadConfig config) {
        bulkheads.addConfiguration(configName, config);
        return this;
    }

    /**
     * Returns a named configuration.
     *
     * @param configName the configuration name
     * @return the configuration, or empty if none has that name
     */
    public Optional<BulkheadConfig> configuration(String configName) {
        return bulkheads.configuration(configName);
    }

    /**
     * Returns the bulkhead with this name, creating it with the default configuration if absent.
     *
     * @param name the bulkhead name
     * @return the bulkhead
     * @throws IllegalArgumentException if {@code name} is blank
     */
    public Bulkhead bulkhead(String name) {
        return bulkheads.get(name);
    }

    /**
     * Returns the bulkhead with this name, creating it with the named configuration if absent.
     *
     * @param name the bulkhead name
     * @param configName the name of a configuration added with {@link #addConfiguration}
     * @return the bulkhead
     * @throws IllegalArgumentException if {@code name} is blank or no configuration has that name
     */
    public Bulkhead bulkhead(String name, String configName) {
        return bulkheads.getWithConfigName(name, configName);
    }

    /**
     * Returns the bulkhead with this name, creating it with {@code config} if absent.
     *
     * @param name the bulkhead name
     * @param config the configuration used if the bulkhead is created now
     * @return the bulkhead
     * @throws IllegalArgumentException if {@code name} is blank
     */
    public Bulkhead bulkhead(String name, BulkheadConfig config) {
        return bulkheads.get(name, config);
    }

    /**
     * Returns the bulkhead called {@code name} if it was created.
     *
     * @param name the bulkhead's name
     * @return the bulkhead, or empty
     */
    public Optional<Bulkhead> find(String name) {
        return bulkheads.find(name);
    }

    /**
     * Returns a snapshot of every bulkhead created so far.
     *
     * @return the bulkheads, in no particular order
     */
    public List<Bulkhead> all() {
        return bulkheads.all();
    }

    /**
     * Registers a listener that receives the events of every bulkhead of this registry, present
     * and future.
     *
     * @param listener the listener
     * @return a handle that unregisters the listener when closed
     */
    public EventListeners.Registration onEvent(Consumer<? super BulkheadEvent> listener) {
        return bulkheads.onEvent(listener);
    }

    /**
     * Registers a listener told of every bulkhead this registry creates from now on, once, on the
     * creating thread, after the bulkhead is stored (so {@link #all()} already holds it). Binders use it
     * to follow bulkheads created on first use.
     *
     * @param listener the listener; it must not throw
     * @return a handle that unregisters the listener when closed
     */
    public EventListeners.Registration onEntryAdded(Consumer<? super Bulkhead> listener) {
        return bulkheads.onEntryAdded(listener);
    }
}
