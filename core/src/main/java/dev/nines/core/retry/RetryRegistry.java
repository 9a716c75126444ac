package dev.nines.core.retry;

import dev.nines.core.registry.Registry;
import dev.nines.core.time.TimeSource;
import java.util.Objects;

/**
 * A registry of named {@link Retry} instances sharing a {@link TimeSource}, a {@link Sleeper},
 * named configurations and registry-wide event listeners.
 *
 * <p>A retry is created on first use and the same instance is returned afterwards (the
 * configuration given at first use wins). Thread-safe.
 *
 * <pre>{@code
 * RetryRegistry registry = RetryRegistry.of(RetryConfig.ofDefaults(), TimeSource.system());
 * registry.addConfiguration("patient", RetryConfig.builder().maxAttempts(5).build());
 * registry.onEvent(event -> log.info("{}", event));
 * Retry retry = registry.retry("payments", "patient");
 * }</pre>
 */
public final class RetryRegistry extends Registry<RetryConfig, Retry, RetryEvent, RetryRegistry> {

    private RetryRegistry(RetryConfig defaultConfig, TimeSource timeSource, Sleeper sleeper) {
        super(
                "retry registry",
                defaultConfig,
                (name, config, listeners) -> new RetryImpl(name, config, timeSource, sleeper, listeners));
    }

    /**
     * Creates a registry whose retries wait by parking on {@code timeSource}.
     *
     * @param defaultConfig the configuration of retries created without one
     * @param timeSource the clock for every retry
     * @return a new, empty registry
     */
    public static RetryRegistry of(RetryConfig defaultConfig, TimeSource timeSource) {
        Objects.requireNonNull(timeSource, "timeSource");
        return of(defaultConfig, timeSource, Sleeper.parking(timeSource));
    }

    /**
     * Creates a registry whose retries wait through {@code sleeper}.
     *
     * @param defaultConfig the configuration of retries created without one
     * @param timeSource the clock for every retry
     * @param sleeper how synchronous calls wait between attempts
     * @return a new, empty registry
     */
    public static RetryRegistry of(RetryConfig defaultConfig, TimeSource timeSource, Sleeper sleeper) {
        Objects.requireNonNull(defaultConfig, "defaultConfig");
        Objects.requireNonNull(timeSource, "timeSource");
        Objects.requireNonNull(sleeper, "sleeper");
        return new RetryRegistry(defaultConfig, timeSource, sleeper);
    }

    /**
     * Returns the retry named {@code name}, created with the default configuration on first use.
     *
     * @param name the retry's name
     * @return the retry
     * @throws IllegalArgumentException if {@code name} is blank
     */
    public Retry retry(String name) {
        return get(name);
    }

    /**
     * Returns the retry named {@code name}, created with the named configuration on first use.
     *
     * @param name the retry's name
     * @param configName a configuration added with {@link #addConfiguration}
     * @return the retry
     * @throws IllegalArgumentException if {@code name} is blank or no such configuration exists
     */
    public Retry retry(String name, String configName) {
        return getWithConfigName(name, configName);
    }

    /**
     * Returns the retry named {@code name}, created with {@code config} on first use.
     *
     * @param name the retry's name
     * @param config the configuration used if the retry does not exist yet
     * @return the retry
     * @throws IllegalArgumentException if {@code name} is blank
     */
    public Retry retry(String name, RetryConfig config) {
        return get(name, config);
    }

    @Override
    protected RetryRegistry self() {
        return this;
    }
}
