package dev.nines.core.hedge;

import dev.nines.core.registry.Registry;
import dev.nines.core.time.TimeSource;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * A registry of named {@link Hedge}s sharing a {@link TimeSource}, an {@link Executor} for
 * synchronous attempts, a {@link ScheduledExecutorService} for delays, named configurations and
 * registry-wide event listeners (see {@link Registry} for the common methods).
 *
 * <p>A hedge is created on first use and the same instance is returned afterwards (the
 * configuration given at first use wins). Thread-safe.
 *
 * <pre>{@code
 * HedgeRegistry hedges = HedgeRegistry.of(HedgeConfig.ofDefaults(), TimeSource.system(), executor, scheduler)
 *         .addConfiguration("p95", HedgeConfig.ofLatencyQuantile(0.95, 2));
 * Hedge quotes = hedges.hedge("quotes", "p95");
 * }</pre>
 */
public final class HedgeRegistry extends Registry<HedgeConfig, Hedge, HedgeEvent, HedgeRegistry> {

    private HedgeRegistry(
            HedgeConfig defaultConfig, TimeSource timeSource, Executor executor, ScheduledExecutorService scheduler) {
        super(
                "hedge registry",
                defaultConfig,
                (name, config, listeners) -> new HedgeImpl(name, config, timeSource, executor, scheduler, listeners));
    }

    /**
     * Creates a registry.
     *
     * @param defaultConfig the configuration of hedges created without one
     * @param timeSource the clock of every hedge
     * @param executor where the hedges' synchronous attempts run
     * @param scheduler where the hedges' synchronous calls schedule their delays
     * @return a new, empty registry
     */
    public static HedgeRegistry of(
            HedgeConfig defaultConfig, TimeSource timeSource, Executor executor, ScheduledExecutorService scheduler) {
        Objects.requireNonNull(defaultConfig, "defaultConfig");
        Objects.requireNonNull(timeSource, "timeSource");
        Objects.requireNonNull(executor, "executor");
        Objects.requireNonNull(scheduler, "scheduler");
        return new HedgeRegistry(defaultConfig, timeSource, executor, scheduler);
    }

    /**
     * Returns the hedge named {@code name}, created with the default configuration on first use.
     *
     * @param name the hedge's name
     * @return the hedge
     * @throws IllegalArgumentException if {@code name} is blank
     */
    public Hedge hedge(String name) {
        return get(name);
    }

    /**
     * Returns the hedge named {@code name}, created with the named configuration on first use.
     *
     * @param name the hedge's name
     * @param configName a configuration added with {@link #addConfiguration}
     * @return the hedge
     * @throws IllegalArgumentException if {@code name} is blank or no such configuration exists
     */
    public Hedge hedge(String name, String configName) {
        return getWithConfigName(name, configName);
    }

    /**
     * Returns the hedge named {@code name}, created with {@code config} on first use.
     *
     * @param name the hedge's name
     * @param config the configuration used if the hedge does not exist yet
     * @return the hedge
     * @throws IllegalArgumentException if {@code name} is blank
     */
    public Hedge hedge(String name, HedgeConfig config) {
        return get(name, config);
    }

    @Override
    protected HedgeRegistry self() {
        return this;
    }
}
