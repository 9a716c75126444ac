package dev.nines.capacity.scaling;

import dev.nines.core.event.EventListeners;
import dev.nines.core.internal.Arguments;
import dev.nines.core.time.TimeSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A registry of {@link Autoscaler autoscalers} by name, with named configurations and
 * registry-wide listeners that receive every autoscaler's events.
 *
 * <p>An autoscaler is created on first use and returned for every later call with the same name,
 * whatever configuration the later call names. Thread-safe.
 *
 * <pre>{@code
 * AutoscalerRegistry registry = AutoscalerRegistry.of(AutoscalerConfig.ofDefaults(), TimeSource.system());
 * registry.addConfiguration("guarded", AutoscalerConfig.builder().maxStep(5, Duration.ofMinutes(1)).build());
 * registry.onEvent(event -> log.info("{}: {}", event.autoscaler(), event.decision().reason()));
 * Autoscaler checkout = registry.autoscaler("checkout", "guarded");
 * }</pre>
 */
public final class AutoscalerRegistry {

    private final AutoscalerConfig defaultConfig;
    private final TimeSource timeSource;
    private final Map<String, AutoscalerConfig> configurations = new ConcurrentHashMap<>();
    private final Map<String, Autoscaler> autoscalers = new ConcurrentHashMap<>();
    private final EventListeners<AutoscalerEvent> listeners = EventListeners.create("autoscaler registry");

    private AutoscalerRegistry(AutoscalerConfig defaultConfig, TimeSource timeSource) {
        this.defaultConfig = Objects.requireNonNull(defaultConfig, "defaultConfig");
        this.timeSource = Objects.requireNonNull(timeSource, "timeSource");
    }

    /**
     * Returns an empty registry.
     *
     * @param defaultConfig the configuration of autoscalers created without one
     * @param timeSource the clock every autoscaler uses
     * @return the registry
     */
    public static AutoscalerRegistry of(AutoscalerConfig defaultConfig, TimeSource timeSource) {
        return new AutoscalerRegistry(defaultConfig, timeSource);
    }

    /**
     * Adds (or replaces) a named configuration; autoscalers already created keep theirs.
     *
     * @param name the configuration name, not blank
     * @param config the configuration
     */
    public void addConfiguration(String name, AutoscalerConfig config) {
        configurations.put(Arguments.notBlank("name", name), Objects.requireNonNull(config, "config"));
    }

    /**
     * Returns a named configuration.
     *
     * @param name the configuration name
     * @return the configuration
     * @throws IllegalArgumentException if there is none with that name
     */
    public AutoscalerConfig configuration(String name) {
        AutoscalerConfig config = configurations.get(Objects.requireNonNull(name, "name"));
        if (config == null) {
            throw new IllegalArgumentException("configuration '" + name + "' not found");
        }
        return config;
    }

    /**
     * Returns the autoscaler with this name, created with the default configuration on first use.
     *
     * @param name the autoscaler name, not blank
     * @return the autoscaler
     */
    public Autoscaler autoscaler(String name) {
        return autoscaler(name, defaultConfig);
    }

    /**
     * Returns the autoscaler with this name, created with a named configuration on first use.
     *
     * @param name the autoscaler name, not blank
     * @param configName the configuration name
     * @return the autoscaler
     * @throws IllegalArgumentException if the configuration does not exist
     */
    public Autoscaler autoscaler(String name, String configName) {
        return autoscaler(name, configuration(configName));
    }

    /**
     * Returns the autoscaler with this name, created with the given configuration on first use.
     *
     * @param name the autoscaler name, not blank
     * @param config the configuration for a new autoscaler
     * @return the autoscaler
     */
    public Autoscaler autoscaler(String name, AutoscalerConfig config) {
        Arguments.notBlank("name", name);
        Objects.requireNonNull(config, "config");
        return autoscalers.computeIfAbsent(name, n -> register(Autoscaler.of(n, config, timeSource)));
    }

    /**
     * Returns the predictive autoscaler with this name, created with the given configuration and
     * forecast on first use.
     *
     * @param name the autoscaler name, not blank
     * @param config the configuration for a new autoscaler
     * @param forecast the demand forecast for a new autoscaler
     * @return the autoscaler
     */
    public Autoscaler autoscaler(String name, AutoscalerConfig config, DemandForecast forecast) {
        Arguments.notBlank("name", name);
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(forecast, "forecast");
        return autoscalers.computeIfAbsent(name, n -> register(Autoscaler.of(n, config, forecast, timeSource)));
    }

    private Autoscaler register(Autoscaler autoscaler) {
        autoscaler.onEvent(this::forward);
        return autoscaler;
    }

    private void forward(AutoscalerEvent event) {
        if (listeners.hasListeners()) {
            listeners.publish(event);
        }
    }

    /**
     * Returns every autoscaler created so far.
     *
     * @return a snapshot, in no particular order
     */
    public Collection<Autoscaler> all() {
        return Collections.unmodifiableList(new ArrayList<>(autoscalers.values()));
    }

    /**
     * Registers a listener for the events of every autoscaler, present and future.
     *
     * @param listener the listener
     * @return the registration, close it to unregister
     */
    public EventListeners.Registration onEvent(Consumer<? super AutoscalerEvent> listener) {
        return listeners.register(listener);
    }

    /**
     * Returns the names of the configurations.
     *
     * @return a snapshot of the names
     */
    public List<String> configurationNames() {
        return List.copyOf(configurations.keySet());
    }
}
