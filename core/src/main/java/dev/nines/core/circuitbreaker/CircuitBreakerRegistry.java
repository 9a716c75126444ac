package dev.nines.core.circuitbreaker;

import dev.nines.core.event.EventListeners;
import dev.nines.core.internal.NamedInstances;
import dev.nines.core.time.TimeSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * Named circuit breakers sharing a time source, a default configuration and named
 * configurations; a breaker is created on first use and the same instance is returned afterwards.
 *
 * <p>Listeners registered with {@link #onEvent(Consumer)} receive the events of every breaker of
 * this registry, present and future; listeners registered with {@link #onEntryAdded(Consumer)}
 * hear of each new breaker (the Micrometer binder uses this). Thread-safe.
 *
 * <pre>{@code
 * CircuitBreakerRegistry registry = CircuitBreakerRegistry.of(CircuitBreakerConfig.ofDefaults(), TimeSource.system());
 * registry.addConfiguration("strict", CircuitBreakerConfig.builder().failureRateThreshold(10).build());
 * CircuitBreaker payments = registry.circuitBreaker("payments", "strict");
 * CircuitBreaker search = registry.circuitBreaker("search");       // default configuration
 * registry.onEvent(event -> log.info("{}", event));                 // every breaker's events
 * }</pre>
 */
public final class CircuitBreakerRegistry {

    private final NamedInstances<CircuitBreakerConfig, CircuitBreaker, CircuitBreakerEvent> breakers;

    private CircuitBreakerRegistry(CircuitBreakerConfig defaultConfig, TimeSource time,
            ScheduledExecutorService scheduler) {
        Objects.requireNonNull(defaultConfig, "defaultConfig");
        Objects.requireNonNull(time, "timeSource");
        this.breakers = NamedInstances.create("circuit breaker registry", defaultConfig,
                (name, config, listeners) -> new CircuitBreakerStateMachine(name, config, time, scheduler, listeners));
    }

    /**
     * Creates a registry whose breakers have no scheduler (configurations that enable automatic
     * transition from open to half-open are rejected when a breaker is created).
     *
     * @param defaultConfig the configuration of breakers created without one
     * @param timeSource the clock shared by all breakers
     * @return a new, empty registry
     */
    public static CircuitBreakerRegistry of(CircuitBreakerConfig defaultConfig, TimeSource timeSource) {
        return new CircuitBreakerRegistry(defaultConfig, timeSource, null);
    }

    /**
     * Creates a registry whose breakers run their timed transitions on {@code scheduler}.
     *
     * @param defaultConfig the configuration of breakers created without one
     * @param timeSource the clock shared by all breakers
     * @param scheduler runs automatic open-to-half-open and half-open timeout transitions
     * @return a new, empty registry
     */
    public static CircuitBreakerRegistry of(CircuitBreakerConfig defaultConfig, TimeSource timeSource,
            ScheduledExecutorService scheduler) {
        return new CircuitBreakerRegistry(defaultConfig, timeSource, Objects.requireNonNull(scheduler, "scheduler"));
    }

    /**
     * Adds (or replaces) a named configuration. Breakers already created keep theirs.
     *
     * @param configName the name to refer to it by
     * @param config the configuration
     * @return this registry
     * @throws IllegalArgumentException if {@code configName} is blank
     */
    public CircuitBreakerRegistry addConfiguration(String configName, CircuitBreakerConfig config) {
        breakers.addConfiguration(configName, config);
        return this;
    }

    /**
     * Returns a named configuration.
     *
     * @param configName the configuration's name
     * @return the configuration, or empty if none has that name
     */
    public Optional<CircuitBreakerConfig> configuration(String configName) {
        return breakers.configuration(configName);
    }

    /**
     * Returns the default configuration.
     *
     * @return the configuration of breakers created without one
     */
    public CircuitBreakerConfig defaultConfig() {
        return breakers.defaultConfig();
    }

    /**
     * Returns the breaker called {@code name}, creating it with the default configuration.
     *
     * @param name the breaker's name
     * @return the breaker
     * @throws IllegalArgumentException if {@code name} is blank
     */
    public CircuitBreaker circuitBreaker(String name) {
        return breakers.get(name);
    }

    /**
     * Returns the breaker called {@code name}, creating it with the named configuration.
     *
     * @param name the breaker's name
     * @param configName the name of a configuration added with {@link #addConfiguration}
     * @return the breaker (an existing one keeps its configuration)
     * @throws IllegalArgumentException if {@code name} is blank or no configuration is called
     *     {@code configName}
     */
    public CircuitBreaker circuitBreaker(String name, String configName) {
        return breakers.getWithConfigName(name, configName);
    }

    /**
     * Returns the breaker called {@code name}, creating it with {@code config}.
     *
     * @param name the breaker's name
     * @param config the configuration for a new breaker
     * @return the breaker (an existing one keeps its configuration)
     * @throws IllegalArgumentException if {@code name} is blank
     */
    public CircuitBreaker circuitBreaker(String name, CircuitBreakerConfig config) {
        return breakers.get(name, config);
    }

    /**
     * Returns the breaker called {@code name} if it was created.
     *
     * @param name the breaker's name
     * @return the breaker, or empty
     */
    public Optional<CircuitBreaker> find(String name) {
        return breakers.find(name);
    }

    /**
     * Returns every breaker created so far.
     *
     * @return an immutable snapshot, in no particular order
     */
    public List<CircuitBreaker> all() {
        return breakers.all();
    }

    /**
     * Registers a listener for the events of every breaker of this registry.
     *
     * @param listener the listener
     * @return a registration that removes the listener when closed
     */
    public EventListeners.Registration onEvent(Consumer<? super CircuitBreakerEvent> listener) {
        return breakers.onEvent(listener);
    }

    /**
     * Registers a listener called with each breaker created from now on (on the creating thread).
     *
     * @param listener the listener
     * @return a registration that removes the listener when closed
     */
    public EventListeners.Registration onEntryAdded(Consumer<? super CircuitBreaker> listener) {
        return breakers.onEntryAdded(listener);
    }

    @Override
    public String toString() {
        return "CircuitBreakerRegistry[" + breakers.size() + " breakers, configurations " + breakers.configurationNames() + "]";
    }
}
