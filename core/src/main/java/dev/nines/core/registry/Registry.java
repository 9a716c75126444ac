package dev.nines.core.registry;

import dev.nines.core.event.EventListeners;
import dev.nines.core.internal.Arguments;
import dev.nines.core.policy.Reconfigurable;
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
 * The one base of the registries of named instances ({@code CircuitBreakerRegistry},
 * {@code RetryRegistry}, {@code BulkheadRegistry}, {@code RateLimiterRegistry},
 * {@code TimeLimiterRegistry}, {@code AdaptiveLimiterRegistry}, {@code FallbackRegistry},
 * {@code AutoscalerRegistry}): a default configuration, named configurations, instances created
 * on first use and then returned as they are, registry-wide event listeners that hear every
 * instance, present and future, and listeners told of each new instance. The common methods are
 * documented here once; each registry adds its factories and resilience4j-style getters
 * ({@code circuitBreaker(name)}, {@code bulkhead(name)}, ...) that call {@link #get(String)}.
 *
 * <p>Thread-safe. An instance is created at most once per name, even when many threads ask for
 * it at the same time; the configuration given by the first caller wins, and later callers get
 * that instance with its configuration. Looking up an existing instance takes no lock and
 * allocates nothing.
 *
 * <p>Live reconfiguration: {@link #reconfigure(String, Object)} replaces the configuration of the
 * instance called {@code name} in place, so every handle already given out (and every pipeline
 * built from one) sees it. Instances that are {@link Reconfigurable} (every policy of Nines) work
 * as they are; a registry of other instances plugs in by overriding
 * {@link #applyConfiguration(Object, Object)}.
 *
 * <pre>{@code
 * BulkheadRegistry bulkheads = BulkheadRegistry.of(BulkheadConfig.ofDefaults(), TimeSource.system())
 *         .addConfiguration("reports", BulkheadConfig.builder().maxConcurrentCalls(2).build());
 * Bulkhead reports = bulkheads.getWithConfigName("reports", "reports"); // = bulkheads.bulkhead("reports", "reports")
 * bulkheads.onEvent(event -> log.debug("{}", event));       // events of every bulkhead
 * }</pre>
 *
 * @param <C> the configuration type
 * @param <T> the instance type
 * @param <E> the event type of the instances
 * @param <R> the registry's own type, returned by {@link #addConfiguration} for chaining
 */
public abstract class Registry<C, T, E, R extends Registry<C, T, E, R>> {

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

    private final C defaultConfig;
    private final Factory<C, T, E> factory;
    private final ConcurrentMap<String, C> configurations = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, T> instances = new ConcurrentHashMap<>();
    private final EventListeners<E> listeners;
    private final EventListeners<T> entryListeners;

    /**
     * Creates an empty registry.
     *
     * @param source the registry's name in listener log messages, e.g. {@code "bulkhead registry"}
     * @param defaultConfig the configuration of instances created without one
     * @param factory creates an instance on first use
     * @throws NullPointerException if an argument is null (message: the parameter's name)
     */
    protected Registry(String source, C defaultConfig, Factory<C, T, E> factory) {
        Objects.requireNonNull(source, "source");
        this.defaultConfig = Objects.requireNonNull(defaultConfig, "defaultConfig");
        this.factory = Objects.requireNonNull(factory, "factory");
        this.listeners = EventListeners.create(source);
        this.entryListeners = EventListeners.create(source + " entries");
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
        return "configName must name a configuration added to the registry, was \"" + configName + "\" (known: "
                + new TreeSet<>(known) + ")";
    }

    /**
     * Returns the default configuration.
     *
     * @return the configuration of instances created without one
     */
    public final C defaultConfig() {
        return defaultConfig;
    }

    /**
     * Adds (or replaces) a named configuration. Instances already created keep theirs.
     *
     * @param configName the name to refer to it by
     * @param config the configuration
     * @return this registry
     * @throws IllegalArgumentException if {@code configName} is blank
     * @throws NullPointerException if {@code config} is null
     */
    public final R addConfiguration(String configName, C config) {
        Arguments.notBlank("configName", configName);
        configurations.put(configName, Objects.requireNonNull(config, "config"));
        return self();
    }

    /**
     * Returns a named configuration.
     *
     * @param configName the configuration's name
     * @return the configuration, or empty if none has that name
     */
    public final Optional<C> configuration(String configName) {
        Objects.requireNonNull(configName, "configName");
        return Optional.ofNullable(configurations.get(configName));
    }

    /**
     * Returns the names of the configurations added so far.
     *
     * @return a live, unmodifiable view
     */
    public final Set<String> configurationNames() {
        return Collections.unmodifiableSet(configurations.keySet());
    }

    /**
     * Returns the instance called {@code name}, creating it with the default configuration.
     *
     * @param name the instance's name
     * @return the instance
     * @throws IllegalArgumentException if {@code name} is blank
     */
    public final T get(String name) {
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
    public final T getWithConfigName(String name, String configName) {
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
    public final T get(String name, C config) {
        return get(name, config, factory);
    }

    /**
     * Returns the instance called {@code name}, creating it with {@code config} by
     * {@code factory} instead of the registry's own (for registries whose instances take more
     * than a configuration).
     *
     * @param name the instance's name
     * @param config the configuration for a new instance
     * @param factory creates the new instance
     * @return the instance (an existing one is returned as it is)
     * @throws IllegalArgumentException if {@code name} is blank
     */
    protected final T get(String name, C config, Factory<C, T, E> factory) {
        Arguments.notBlank("name", name);
        Objects.requireNonNull(config, "config");
        T existing = instances.get(name);
        if (existing != null) {
            return existing;
        }
        boolean[] created = new boolean[1];
        T instance = instances.computeIfAbsent(name, n -> {
            created[0] = true;
            return Objects.requireNonNull(factory.create(n, config, listeners), "factory result");
        });
        if (created[0]) {
            entryListeners.publish(instance);
        }
        return instance;
    }

    /**
     * Replaces the configuration of the instance called {@code name}, in place: the instance
     * already handed out, and everything built from it, runs with {@code config} from its next
     * call. What state survives is documented by each instance type (see {@link Reconfigurable}).
     * If no instance has that name yet, one is created with {@code config} (the entry listeners
     * hear of it). Named configurations are not changed; add one with {@link #addConfiguration}.
     *
     * @param name the instance's name
     * @param config the new configuration
     * @return the instance, now running with {@code config}
     * @throws IllegalArgumentException if {@code name} is blank, or the instance cannot run with
     *     {@code config} (the message names the field and the value; its configuration is then
     *     unchanged)
     * @throws UnsupportedOperationException if the instances of this registry cannot be reconfigured
     */
    public final T reconfigure(String name, C config) {
        Arguments.notBlank("name", name);
        Objects.requireNonNull(config, "config");
        T instance = get(name, config);
        // A no-op on an instance just created with config: reconfiguring with the same object changes nothing.
        applyConfiguration(instance, config);
        return instance;
    }

    /**
     * Replaces the configuration of the instance called {@code name} with the named configuration;
     * see {@link #reconfigure(String, Object)}.
     *
     * @param name the instance's name
     * @param configName the name of a configuration added with {@link #addConfiguration}
     * @return the instance, now running with that configuration
     * @throws IllegalArgumentException if no configuration is called {@code configName}, {@code name}
     *     is blank, or the instance cannot run with the configuration
     * @throws UnsupportedOperationException if the instances of this registry cannot be reconfigured
     */
    public final T reconfigureWithConfigName(String name, String configName) {
        Objects.requireNonNull(configName, "configName");
        C config = configurations.get(configName);
        if (config == null) {
            throw new IllegalArgumentException(unknownConfigMessage(configName, configurations.keySet()));
        }
        return reconfigure(name, config);
    }

    /**
     * The hook behind {@link #reconfigure(String, Object)}: applies {@code config} to
     * {@code instance}. The default calls {@link Reconfigurable#reconfigure} on instances that
     * implement it and throws {@link UnsupportedOperationException} otherwise; a registry whose
     * instances change configuration another way overrides it.
     *
     * @param instance the instance, created by this registry
     * @param config the new configuration
     * @throws IllegalArgumentException if the instance cannot run with {@code config}
     * @throws UnsupportedOperationException if the instance cannot be reconfigured
     */
    @SuppressWarnings("unchecked") // a registry of C configurations holds Reconfigurable<C> instances
    protected void applyConfiguration(T instance, C config) {
        if (instance instanceof Reconfigurable<?> reconfigurable) {
            ((Reconfigurable<C>) reconfigurable).reconfigure(config);
            return;
        }
        throw new UnsupportedOperationException(
                instance.getClass().getSimpleName() + " cannot be reconfigured: override applyConfiguration");
    }

    /**
     * Returns the instance called {@code name} if it was created.
     *
     * @param name the instance's name
     * @return the instance, or empty
     */
    public final Optional<T> find(String name) {
        Objects.requireNonNull(name, "name");
        return Optional.ofNullable(instances.get(name));
    }

    /**
     * Returns every instance created so far.
     *
     * @return an immutable snapshot, in no particular order
     */
    public final List<T> all() {
        return List.copyOf(instances.values());
    }

    /**
     * Returns the number of instances created so far.
     *
     * @return the number of instances
     */
    public final int size() {
        return instances.size();
    }

    /**
     * Registers a listener for the events of every instance, present and future, called on the
     * thread that caused the event.
     *
     * @param listener the listener
     * @return a registration that removes the listener when closed
     */
    public final EventListeners.Registration onEvent(Consumer<? super E> listener) {
        return listeners.register(listener);
    }

    /**
     * Registers a listener called with each instance created from now on (on the creating thread),
     * for example to bind its metrics.
     *
     * @param listener the listener
     * @return a registration that removes the listener when closed
     */
    public final EventListeners.Registration onEntryAdded(Consumer<? super T> listener) {
        return entryListeners.register(listener);
    }

    /**
     * Returns this registry as its own type.
     *
     * @return {@code this}
     */
    protected abstract R self();
}
