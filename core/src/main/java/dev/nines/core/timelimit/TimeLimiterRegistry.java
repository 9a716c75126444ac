package dev.nines.core.timelimit;

import dev.nines.core.registry.Registry;
import dev.nines.core.time.TimeSource;
import java.util.Objects;

/**
 * A registry of named {@link TimeLimiter} instances sharing a {@link TimeSource}, named
 * configurations and registry-wide event listeners.
 *
 * <p>A time limiter is created on first use and the same instance is returned afterwards (the
 * configuration given at first use wins). Thread-safe.
 *
 * <pre>{@code
 * TimeLimiterRegistry registry = TimeLimiterRegistry.of(TimeLimiterConfig.ofDefaults(), TimeSource.system());
 * TimeLimiter limiter = registry.timeLimiter("quotes");
 * }</pre>
 */
public final class TimeLimiterRegistry
        extends Registry<TimeLimiterConfig, TimeLimiter, TimeLimiterEvent, TimeLimiterRegistry> {

    private TimeLimiterRegistry(TimeLimiterConfig defaultConfig, TimeSource timeSource) {
        super(
                "time limiter registry",
                defaultConfig,
                (name, config, listeners) -> new TimeLimiterImpl(name, config, timeSource, listeners));
    }

    /**
     * Creates a registry.
     *
     * @param defaultConfig the configuration of time limiters created without one
     * @param timeSource the clock for every time limiter
     * @return a new, empty registry
     */
    public static TimeLimiterRegistry of(TimeLimiterConfig defaultConfig, TimeSource timeSource) {
        Objects.requireNonNull(defaultConfig, "defaultConfig");
        Objects.requireNonNull(timeSource, "timeSource");
        return new TimeLimiterRegistry(defaultConfig, timeSource);
    }

    /**
     * Returns the time limiter named {@code name}, created with the default configuration on
     * first use.
     *
     * @param name the name
     * @return the time limiter
     * @throws IllegalArgumentException if {@code name} is blank
     */
    public TimeLimiter timeLimiter(String name) {
        return get(name);
    }

    /**
     * Returns the time limiter named {@code name}, created with the named configuration on first
     * use.
     *
     * @param name the name
     * @param configName a configuration added with {@link #addConfiguration}
     * @return the time limiter
     * @throws IllegalArgumentException if {@code name} is blank or no such configuration exists
     */
    public TimeLimiter timeLimiter(String name, String configName) {
        return getWithConfigName(name, configName);
    }

    /**
     * Returns the time limiter named {@code name}, created with {@code config} on first use.
     *
     * @param name the name
     * @param config the configuration used if it does not exist yet
     * @return the time limiter
     * @throws IllegalArgumentException if {@code name} is blank
     */
    public TimeLimiter timeLimiter(String name, TimeLimiterConfig config) {
        return get(name, config);
    }

    @Override
    protected TimeLimiterRegistry self() {
        return this;
    }
}
