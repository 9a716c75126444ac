package dev.nines.core.fallback;

import dev.nines.core.registry.Registry;
import dev.nines.core.time.TimeSource;
import java.util.Objects;

/**
 * A registry of named {@link Fallback} instances with named configurations and registry-wide
 * event listeners. Fallbacks read no clock, so unlike other registries this one takes no
 * {@code TimeSource}.
 *
 * <p>A fallback is created on first use and the same instance is returned afterwards (the
 * configuration given at first use wins). Thread-safe.
 *
 * <pre>{@code
 * FallbackRegistry registry = FallbackRegistry.of(FallbackConfig.ofDefaults());
 * Fallback fallback = registry.fallback("recommendations");
 * }</pre>
 */
public final class FallbackRegistry extends Registry<FallbackConfig, Fallback, FallbackEvent, FallbackRegistry> {

    private FallbackRegistry(FallbackConfig defaultConfig) {
        super(
                "fallback registry",
                defaultConfig,
                (name, config, listeners) -> new FallbackImpl(name, config, TimeSource.system(), listeners));
    }

    /**
     * Creates a registry.
     *
     * @param defaultConfig the configuration of fallbacks created without one
     * @return a new, empty registry
     */
    public static FallbackRegistry of(FallbackConfig defaultConfig) {
        Objects.requireNonNull(defaultConfig, "defaultConfig");
        return new FallbackRegistry(defaultConfig);
    }

    /**
     * Returns the fallback named {@code name}, created with the default configuration on first use.
     *
     * @param name the name
     * @return the fallback
     * @throws IllegalArgumentException if {@code name} is blank
     */
    public Fallback fallback(String name) {
        return get(name);
    }

    /**
     * Returns the fallback named {@code name}, created with the named configuration on first use.
     *
     * @param name the name
     * @param configName a configuration added with {@link #addConfiguration}
     * @return the fallback
     * @throws IllegalArgumentException if {@code name} is blank or no such configuration exists
     */
    public Fallback fallback(String name, String configName) {
        return getWithConfigName(name, configName);
    }

    /**
     * Returns the fallback named {@code name}, created with {@code config} on first use.
     *
     * @param name the name
     * @param config the configuration used if it does not exist yet
     * @return the fallback
     * @throws IllegalArgumentException if {@code name} is blank
     */
    public Fallback fallback(String name, FallbackConfig config) {
        return get(name, config);
    }

    @Override
    protected FallbackRegistry self() {
        return this;
    }
}
