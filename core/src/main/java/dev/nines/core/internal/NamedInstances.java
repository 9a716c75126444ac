package dev.nines.core.internal;

import dev.nines.core.event.EventListeners;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;

/**
 * The common core of the component registries ({@code CircuitBreakerRegistry},
 * {@code BulkheadRegistry}, {@code RetryRegistry}, ...): a default configuration, named
 * configurations, instances created on first use by a {@link Factory} and then returned as they
 * are, registry-wide event listeners handed to every instance, and listeners told of each new
 * instance.
 *
 * <p>Not part of the public API: it may change without notice. Each public registry wraps one and
 * keeps its own method names and javadoc.
 *
 * <p>Thread-safe. An instance is created at most once per name, even when many threads ask for
 * it at the same time; the configuration given by the first caller wins. Lookups of an existing
 * instance take no lock and allocate nothing.
 *
 * <pre>{@code
 * NamedInstances<BulkheadConfig, Bulkhead, BulkheadEvent> bulkheads = NamedInstances.create(
 *         "bulkhead registry", defaultConfig,
 *         (name, config, registryListeners) -> new SemaphoreBulkhead(name, config, time, registryListeners));
 * Bulkhead reports = bulkheads.get("reports");
 * }</pre>
 *
 * @param <C> the configuration type
 * @param <T> the instance type
 * @param <E> the event type of the instances
 */
public final class NamedInstances<C, T, E> {

    /**
     * Creates an instance of a registry.
     *
     * @param <C> the configuration type
     * @param <T> the instance type
     * @param <E> the event type of the instances
     */
    @FunctionalInterface
    public interface Factory<C, T, E> {

        /**
         * Creates the instance called {@code name}. Called at most once per name, inside the
         * registry's map update: it must not use the registry.
         *
         * @param name the instance's name, not blank
         * @param config its configuration
         * @param registryListeners the registry-wide listeners the instance publishes its events to
         * @return the new instance, not null
         */
        T create(String name, C config, EventListeners<E> registryListeners);
    }

    /**
     * The message of the {@link IllegalArgumentException} for a configuration name that was never
     * added: the field, the rule, the value and the names that exist.
     *
     * @param configName the unknown name
     * @param known the names that were added
     * @return the message
     */
    public static String unknownConfigMessage(String configName, Set<String> known) {
        return "configName must name a configuration added to the registry, was \"" + configName
                + "\" (known: " + new TreeSet<>(known) + ")";
    }

    private final C defaultConfig;
    private final Factory<C, T, E> factory;
    private final ConcurrentMap<String, C> configurations = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, T> instances = new ConcurrentHashMap<>();
    private final EventListeners<E> listeners;
    private final EventListeners<T> entryListeners;

    private NamedInstances(String source, C defaultConfig,
            Factory<C, T, E> factory) {
        this.defaultConfig = Objects.requireNonNull(defaultConfig, "defaultConfig");
        this.factory = Objects.requireNonNull(factory, "factory");
        this.listeners = EventListeners.create(source);
        this.entryListeners = EventListeners.create(source + " entries");
    }

    /**
     * Creates an empty set of named instances.
     *
     * @param source the name of the registry in listener log messages, e.g. {@code "bulkhead registry"};
     *     the entry listeners are called {@code source + " entries"}
     * @param defaultConfig the configuration of instances created without one
     * @param factory creates an instance on first use
     * @param <C> the configuration type
     * @param <T> the instance type
     * @param <E> the event type of the instances
     * @return a new, empty set
     * @throws NullPointerException if an argument is null (message: the parameter's name)
     */
    public static <C, T, E> NamedInstances<C, T, E> create(String source, C defaultConfig,
            Factory<C, T, E> factory) {
        Objects.requireNonNull(source, "source");
        return new NamedInstances<>(source, defaultConfig, factory);
    }

    /**
     * Returns the default configuration.
     *
     * @return the configuration of instances created without one
     */
    public C defaultConfig() {
        return defaultConfig;
    }

    /**
     * Adds (or replaces) a named configuration. Instances already created keep theirs.
     *
     * @param configName the name to refer to it by
     * @param config the configuration
     * @throws IllegalArgumentException if {@code configName} is blank
     * @throws NullPointerException if {@code config} is null
     */
    public void addConfiguration(String configName, C config) {
        Arguments.notBlank("configName", configName);
        configurations.put(configName, Objects.requireNonNull(config, "config"));
    }

    /**
     * Returns a named configuration.
     *
     * @param configName the configuration's name
     * @return the configuration, or empty if none has that name
     */
    public Optional<C> configuration(String configName) {
        Objects.requireNonNull(configName, "configName");
        return Optional.ofNullable(configurations.get(configName));
    }

    /**
     * Returns the names of the configurations added so far.
     *
     * @return a live, unmodifiable view
     */
    public Set<String> configurationNames() {
        return Collections.unmodifiableSet(configurations.keySet());
    }

    /**
     * Returns the instance called {@code name}, creating it with the default configuration.
     *
     * @param name the instance's name
     * @return the instance
     * @throws IllegalArgumentException if {@code name} is blank
     */
    public T get(String name) {
        return get(name, defaultConfig);
    }

    /**
     * Returns the instance called {@code name}, creating it with the named configuration.
     *
     * @param name the instance's name
     * @param configName the name of a configuration added with {@link #addConfiguration}
     * @return the instance (an existing one keeps its configuration)
     * @throws IllegalArgumentException if no configuration is called {@code configName}, or
     *     {@code name} is blank
     */
    public T getWithConfigName(String name, String configName) {
        Objects.requireNonNull(configName, "configName");
        C config = configurations.get(configName);
        if (config == null) {
            throw new IllegalArgumentException(unknownConfigMessage(configName, configurations.keySet()));
        }
        return get(name, config);
    }

    /**
     * Returns the instance called {@code name}, creating it with {@code config}. The entry
     * listeners hear of a new instance after it is stored, on the creating thread.
     *
     * @param name the instance's name
     * @param config the configuration for a new instance
     * @return the instance (an existing one keeps its configuration)
     * @throws IllegalArgumentException if {@code name} is blank
     */
    public T get(String name, C config) {
        Arguments.notBlank("name", name);
        Objects.requireNonNull(config, "config");
        T existing = instances.get(name);
        if (existing != null) {
            return existing;
        }
        boolean[] created = new boolean[1];
        T instance = instances.computeIfAbsent(name, n -> {
            created[0] = true;
            return factory.create(n, config, listeners);
        });
        if (created[0]) {
            entryListeners.publish(instance);
        }
        return instance;
    }

    /**
     * Returns the instance called {@code name} if it was created.
     *
     * @param name the instance's name
     * @return the instance, or empty
     */
    public Optional<T> find(String name) {
        Objects.requireNonNull(name, "name");
        return Optional.ofNullable(instances.get(name));
    }

    /**
     * Returns every instance created so far.
     *
     * @return an immutable snapshot, in no particular order
     */
    public List<T> all() {
        return List.copyOf(instances.values());
    }

    /**
     * Returns the number of instances created so far.
     *
     * @return the number of instances
     */
    public int size() {
        return instances.size();
    }

    /**
     * Registers a listener for the events of every instance, present and future.
     *
     * @param listener the listener
     * @return a registration that removes the listener when closed
     */
    public EventListeners.Registration onEvent(Consumer<? super E> listener) {
        return listeners.register(listener);
    }

    /**
     * Registers a listener called with each instance created from now on (on the creating thread).
     *
     * @param listener the listener
     * @return a registration that removes the listener when closed
     */
    public EventListeners.Registration onEntryAdded(Consumer<? super T> listener) {
        return entryListeners.register(listener);
    }
}
