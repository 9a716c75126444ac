package dev.nines.capacity.scaling;

import dev.nines.core.registry.Registry;
import dev.nines.core.time.TimeSource;
import java.util.Objects;

/**
 * A registry of {@link Autoscaler autoscalers} by name, with named configurations and
 * registry-wide listeners that receive every autoscaler's events.
 *
 * <p>An autoscaler is created on first use and returned for every later call with the same name,
 * whatever configuration the later call names. The common registry methods
 * ({@code addConfiguration}, {@code configuration}, {@code all}, {@code onEvent}, ...) are
 * {@link Registry}'s, documented there once. Thread-safe.
 *
 * <pre>{@code
 * AutoscalerRegistry registry = AutoscalerRegistry.of(AutoscalerConfig.ofDefaults(), TimeSource.system());
 * registry.addConfiguration("guarded", AutoscalerConfig.builder().maxStep(5, Duration.ofMinutes(1)).build());
 * registry.onEvent(event -> log.info("{}: {}", event.autoscaler(), event.decision().reason()));
 * Autoscaler checkout = registry.autoscaler("checkout", "guarded");
 * }</pre>
 */
public final class AutoscalerRegistry
        extends Registry<AutoscalerConfig, Autoscaler, AutoscalerEvent, AutoscalerRegistry> {

    private final TimeSource timeSource;

    private AutoscalerRegistry(AutoscalerConfig defaultConfig, TimeSource timeSource) {
        super("autoscaler registry", defaultConfig, (name, config, listeners) -> {
            Autoscaler autoscaler = Autoscaler.of(name, config, timeSource);
            autoscaler.onEvent(listeners::publish);
            return autoscaler;
        });
        this.timeSource = timeSource;
    }

    /**
     * Creates an empty registry.
     *
     * @param defaultConfig the configuration of autoscalers created without one
     * @param timeSource the clock given to every autoscaler
     * @return a new registry
     */
    public static AutoscalerRegistry of(AutoscalerConfig defaultConfig, TimeSource timeSource) {
        Objects.requireNonNull(defaultConfig, "defaultConfig");
        Objects.requireNonNull(timeSource, "timeSource");
        return new AutoscalerRegistry(defaultConfig, timeSource);
    }

    /**
     * Returns the autoscaler called {@code name}, creating it with the default configuration.
     *
     * @param name the autoscaler's name
     * @return the autoscaler
     * @throws IllegalArgumentException if {@code name} is blank
     */
    public Autoscaler autoscaler(String name) {
        return get(name);
    }

    /**
     * Returns the autoscaler called {@code name}, creating it with the named configuration.
     *
     * @param name the autoscaler's name
     * @param configName the name of a configuration added with {@link #addConfiguration}
     * @return the autoscaler
     * @throws IllegalArgumentException if {@code name} is blank or no configuration has that name
     */
    public Autoscaler autoscaler(String name, String configName) {
        return getWithConfigName(name, configName);
    }

    /**
     * Returns the autoscaler called {@code name}, creating it with {@code config}.
     *
     * @param name the autoscaler's name
     * @param config the configuration used if the autoscaler is created now
     * @return the autoscaler
     * @throws IllegalArgumentException if {@code name} is blank
     */
    public Autoscaler autoscaler(String name, AutoscalerConfig config) {
        return get(name, config);
    }

    /**
     * Returns the autoscaler called {@code name}, creating a predictive one with {@code config} and
     * {@code forecast}.
     *
     * @param name the autoscaler's name
     * @param config the configuration used if the autoscaler is created now
     * @param forecast the demand forecast used if the autoscaler is created now
     * @return the autoscaler (an existing one keeps its forecast)
     * @throws IllegalArgumentException if {@code name} is blank
     */
    public Autoscaler autoscaler(String name, AutoscalerConfig config, DemandForecast forecast) {
        Objects.requireNonNull(forecast, "forecast");
        return get(name, config, (n, c, listeners) -> {
            Autoscaler autoscaler = Autoscaler.of(n, c, forecast, timeSource);
            autoscaler.onEvent(listeners::publish);
            return autoscaler;
        });
    }

    @Override
    protected AutoscalerRegistry self() {
        return this;
    }
}
