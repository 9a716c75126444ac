package dev.nines.core.chaos;

import dev.nines.core.registry.Registry;
import dev.nines.core.retry.Sleeper;
import dev.nines.core.time.TimeSource;
import java.util.Objects;

/**
 * A registry of named {@link ChaosPolicy} instances sharing a {@link TimeSource}, a {@link Sleeper},
 * named configurations and registry-wide event listeners (see {@link Registry} for the common
 * methods).
 *
 * <p>A policy is created on first use and the same instance is returned afterwards (the
 * configuration given at first use wins). Thread-safe.
 *
 * <pre>{@code
 * ChaosRegistry chaos = ChaosRegistry.of(
 *         ChaosConfig.builder().fault().enabled(false).build(), TimeSource.system());
 * ChaosPolicy payments = chaos.chaosPolicy("payments");
 * chaos.onEvent(event -> log.info("{}", event));   // every injection of every policy
 * }</pre>
 */
public final class ChaosRegistry extends Registry<ChaosConfig, ChaosPolicy, ChaosEvent, ChaosRegistry> {

    private ChaosRegistry(ChaosConfig defaultConfig, TimeSource timeSource, Sleeper sleeper) {
        super(
                "chaos registry",
                defaultConfig,
                (name, config, listeners) -> new ChaosPolicyImpl(name, config, timeSource, sleeper, listeners));
    }

    /**
     * Creates a registry whose policies park on {@code timeSource} to inject synchronous latency.
     *
     * @param defaultConfig the configuration of policies created without one
     * @param timeSource the clock for every policy
     * @return a new, empty registry
     */
    public static ChaosRegistry of(ChaosConfig defaultConfig, TimeSource timeSource) {
        Objects.requireNonNull(timeSource, "timeSource");
        return of(defaultConfig, timeSource, Sleeper.parking(timeSource));
    }

    /**
     * Creates a registry whose policies wait out synchronous latency through {@code sleeper}.
     *
     * @param defaultConfig the configuration of policies created without one
     * @param timeSource the clock for every policy
     * @param sleeper how synchronous calls wait out injected latency
     * @return a new, empty registry
     */
    public static ChaosRegistry of(ChaosConfig defaultConfig, TimeSource timeSource, Sleeper sleeper) {
        Objects.requireNonNull(defaultConfig, "defaultConfig");
        Objects.requireNonNull(timeSource, "timeSource");
        Objects.requireNonNull(sleeper, "sleeper");
        return new ChaosRegistry(defaultConfig, timeSource, sleeper);
    }

    /**
     * Returns the policy named {@code name}, created with the default configuration on first use.
     *
     * @param name the name
     * @return the policy
     * @throws IllegalArgumentException if {@code name} is blank
     */
    public ChaosPolicy chaosPolicy(String name) {
        return get(name);
    }

    /**
     * Returns the policy named {@code name}, created with the named configuration on first use.
     *
     * @param name the name
     * @param configName a configuration added with {@link #addConfiguration}
     * @return the policy
     * @throws IllegalArgumentException if {@code name} is blank or no such configuration exists
     */
    public ChaosPolicy chaosPolicy(String name, String configName) {
        return getWithConfigName(name, configName);
    }

    /**
     * Returns the policy named {@code name}, created with {@code config} on first use.
     *
     * @param name the name
     * @param config the configuration used if it does not exist yet
     * @return the policy
     * @throws IllegalArgumentException if {@code name} is blank
     */
    public ChaosPolicy chaosPolicy(String name, ChaosConfig config) {
        return get(name, config);
    }

    @Override
    protected ChaosRegistry self() {
        return this;
    }
}
