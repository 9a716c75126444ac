package dev.nines.core.micrometer;

import dev.nines.core.fallback.Fallback;
import dev.nines.core.fallback.FallbackRegistry;
import dev.nines.core.fallback.StaleCache;
import dev.nines.core.internal.MeterBindings;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import java.util.Objects;
import java.util.function.ToLongFunction;

/**
 * Binds {@link Fallback} and {@link StaleCache} counters to Micrometer (tag {@code name}):
 * <ul>
 *   <li>{@code nines.fallback.calls} (counter, tag {@code kind} = {@code without_fallback},
 *       {@code fallback_applied}, {@code fallback_failed}, {@code unhandled});</li>
 *   <li>{@code nines.fallback.cache.answers} (counter, tag {@code kind} = {@code fresh},
 *       {@code cached_fresh}, {@code stale}, {@code failed}): stale answers are degraded ones;</li>
 *   <li>{@code nines.fallback.cache.size} (gauge): the cache's estimated number of keys.</li>
 * </ul>
 * Meters read the live counters when scraped. Thread-safe.
 *
 * <pre>{@code
 * FallbackMetrics.of(fallbackRegistry).bindTo(meterRegistry);
 * FallbackMetrics.of(priceCache).bindTo(meterRegistry);
 * }</pre>
 *
 * <p>Each policy also gets {@code nines.fallback.configuration.changes} (function counter, tag
 * {@code name}): the live reconfigurations applied to it ({@link
 * dev.nines.core.policy.Reconfigurable#configurationChanges()}).
 */
public final class FallbackMetrics implements MeterBinder, AutoCloseable {

    private final Instances<Fallback> fallbacks;
    private final MeterBindings bindings = new MeterBindings("nines.fallback.");
    private final List<StaleCache<?, ?>> caches;

    private FallbackMetrics(Instances<Fallback> fallbacks, List<StaleCache<?, ?>> caches) {
        this.fallbacks = fallbacks;
        this.caches = caches;
    }

    /**
     * Returns a binder for one fallback.
     *
     * @param fallback the fallback
     * @return the binder
     */
    public static FallbackMetrics of(Fallback fallback) {
        Objects.requireNonNull(fallback, "fallback");
        List<Fallback> one = List.of(fallback);
        return new FallbackMetrics(Instances.of(one), List.of());
    }

    /**
     * Returns a binder for every fallback of {@code registry}, present and future.
     *
     * @param registry the registry
     * @return the binder
     */
    public static FallbackMetrics of(FallbackRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        return new FallbackMetrics(Instances.following(registry::all, registry::onEntryAdded), List.of());
    }

    /**
     * Returns a binder for one stale-if-error cache.
     *
     * @param cache the cache
     * @return the binder
     */
    public static FallbackMetrics of(StaleCache<?, ?> cache) {
        Objects.requireNonNull(cache, "cache");
        return new FallbackMetrics(Instances.of(List.of()), List.of(cache));
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        if (!bindings.bind(registry)) {
            return; // bound already: a second binding would add nothing but work
        }
        fallbacks.forEach(bindings, registry, fallback -> {
            bindings.own(registry, "name", fallback.name());
            calls(
                    registry,
                    fallback.name(),
                    "without_fallback",
                    fallback,
                    Fallback.Metrics::numberOfCallsWithoutFallback);
            calls(registry, fallback.name(), "fallback_applied", fallback, Fallback.Metrics::numberOfFallbacksApplied);
            calls(registry, fallback.name(), "fallback_failed", fallback, Fallback.Metrics::numberOfFallbackFailures);
            calls(registry, fallback.name(), "unhandled", fallback, Fallback.Metrics::numberOfUnhandledFailures);
            Instances.configurationChanges(registry, "fallback", fallback.name(), fallback);
        });
        for (StaleCache<?, ?> cache : caches) {
            bindings.own(registry, "name", cache.name());
            StaleCache.Metrics metrics = cache.metrics();
            answers(registry, cache.name(), "fresh", metrics, StaleCache.Metrics::numberOfFreshAnswers);
            answers(registry, cache.name(), "cached_fresh", metrics, StaleCache.Metrics::numberOfCachedFreshAnswers);
            answers(registry, cache.name(), "stale", metrics, StaleCache.Metrics::numberOfStaleAnswers);
            answers(registry, cache.name(), "failed", metrics, StaleCache.Metrics::numberOfFailures);
            Gauge.builder("nines.fallback.cache.size", cache, c -> c.estimatedSize())
                    .description("Estimated number of keys in the stale-if-error cache")
                    .tag("name", cache.name())
                    .register(registry);
        }
    }

    /**
     * Stops feeding {@code registry}: closes this binder's subscriptions for it and removes the
     * meters it registered there (those of every instance it bound, meters registered for the same
     * instance by another binder included). Binding it again later starts afresh.
     *
     * @param registry the meter registry
     * @return {@code false} if this binder was not bound to it
     */
    public boolean unbindFrom(MeterRegistry registry) {
        return bindings.unbind(Objects.requireNonNull(registry, "registry"));
    }

    /** Unbinds from every meter registry this binder was bound to (see {@link #unbindFrom}). */
    @Override
    public void close() {
        bindings.close();
    }

    private static void calls(
            MeterRegistry registry,
            String name,
            String kind,
            Fallback fallback,
            ToLongFunction<Fallback.Metrics> count) {
        FunctionCounter.builder("nines.fallback.calls", fallback, f -> count.applyAsLong(f.metrics()))
                .description("Calls through a fallback by outcome")
                .tag("name", name)
                .tag("kind", kind)
                .register(registry);
    }

    private static void answers(
            MeterRegistry registry,
            String name,
            String kind,
            StaleCache.Metrics metrics,
            ToLongFunction<StaleCache.Metrics> count) {
        FunctionCounter.builder("nines.fallback.cache.answers", metrics, m -> count.applyAsLong(m))
                .description("Stale-if-error cache answers by freshness")
                .tag("name", name)
                .tag("kind", kind)
                .register(registry);
    }
}
