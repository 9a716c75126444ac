package dev.nines.core.bulkhead;

import dev.nines.core.registry.Registry;
import dev.nines.core.time.TimeSource;
import java.util.Objects;

/**
 * A registry of named {@link Bulkhead}s sharing named configurations, a {@link TimeSource} and
 * registry-wide event listeners.
 *
 * <p>A bulkhead is created on first use and then returned as it is: asking again for the same
 * name with another configuration returns the existing bulkhead unchanged. Thread-safe.
 *
 * <pre>{@code
 * BulkheadRegistry registry = BulkheadRegistry.of(BulkheadConfig.ofDefaults(), TimeSource.system());
 * registry.addConfiguration("slow", BulkheadConfig.builder().maxConcurrentCalls(4).build());
 * registry.onEvent(event -> log.debug("{}", event));
 * Bulkhead reports = registry.bulkhead("reports", "slow");
 * }</pre>
 */
public final class BulkheadRegistry extends Registry<BulkheadConfig, Bulkhead, BulkheadEvent, BulkheadRegistry> {

    private BulkheadRegistry(BulkheadConfig defaultConfig, TimeSource timeSource) {
        super(
                "bulkhead registry",
                defaultConfig,
                (name, config, listeners) -> new SemaphoreBulkhead(name, config, timeSource, listeners));
    }

    /**
     * Creates an empty registry.
     *
     * @param defaultConfig the configuration of bulkheads created without one
     * @param timeSource the clock given to every bulkhead
     * @return a new registry
     */
    public static BulkheadRegistry of(BulkheadConfig defaultConfig, TimeSource timeSource) {
        Objects.requireNonNull(defaultConfig, "defaultConfig");
        Objects.requireNonNull(timeSource, "timeSource");
        return new BulkheadRegistry(defaultConfig, timeSource);
    }

    /**
     * Creates an empty registry with the default configuration and the system clock.
     *
     * @return a new registry
     */
    public static BulkheadRegistry ofDefaults() {
        return of(BulkheadConfig.ofDefaults(), TimeSource.system());
    }

    /**
     * Returns the bulkhead with this name, creating it with the default configuration if absent.
     *
     * @param name the bulkhead name
     * @return the bulkhead
     * @throws IllegalArgumentException if {@code name} is blank
     */
    public Bulkhead bulkhead(String name) {
        return get(name);
    }

    /**
     * Returns the bulkhead with this name, creating it with the named configuration if absent.
     *
     * @param name the bulkhead name
     * @param configName the name of a configuration added with {@link #addConfiguration}
     * @return the bulkhead
     * @throws IllegalArgumentException if {@code name} is blank or no configuration has that name
     */
    public Bulkhead bulkhead(String name, String configName) {
        return getWithConfigName(name, configName);
    }

    /**
     * Returns the bulkhead with this name, creating it with {@code config} if absent.
     *
     * @param name the bulkhead name
     * @param config the configuration used if the bulkhead is created now
     * @return the bulkhead
     * @throws IllegalArgumentException if {@code name} is blank
     */
    public Bulkhead bulkhead(String name, BulkheadConfig config) {
        return get(name, config);
    }

    @Override
    protected BulkheadRegistry self() {
        return this;
    }
}
