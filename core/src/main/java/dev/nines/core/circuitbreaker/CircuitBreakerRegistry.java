package dev.nines.core.circuitbreaker;

import dev.nines.core.registry.Registry;
import dev.nines.core.time.TimeSource;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

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
public final class CircuitBreakerRegistry
        extends Registry<CircuitBreakerConfig, CircuitBreaker, CircuitBreakerEvent, CircuitBreakerRegistry> {

    private CircuitBreakerRegistry(
            CircuitBreakerConfig defaultConfig, TimeSource time, @Nullable ScheduledExecutorService scheduler) {
        super(
                "circuit breaker registry",
                defaultConfig,
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
        Objects.requireNonNull(defaultConfig, "defaultConfig");
        Objects.requireNonNull(timeSource, "timeSource");
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
    public static CircuitBreakerRegistry of(
            CircuitBreakerConfig defaultConfig, TimeSource timeSource, ScheduledExecutorService scheduler) {
        Objects.requireNonNull(defaultConfig, "defaultConfig");
        Objects.requireNonNull(timeSource, "timeSource");
        return new CircuitBreakerRegistry(defaultConfig, timeSource, Objects.requireNonNull(scheduler, "scheduler"));
    }

    /**
     * Returns the breaker called {@code name}, creating it with the default configuration.
     *
     * @param name the breaker's name
     * @return the breaker
     * @throws IllegalArgumentException if {@code name} is blank
     */
    public CircuitBreaker circuitBreaker(String name) {
        return get(name);
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
        return getWithConfigName(name, configName);
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
        return get(name, config);
    }

    @Override
    public String toString() {
        return "CircuitBreakerRegistry[" + size() + " breakers, configurations " + configurationNames() + "]";
    }

    @Override
    protected CircuitBreakerRegistry self() {
        return this;
    }
}
