package dev.nines.core.micrometer;

import dev.nines.core.adaptivelimit.AdaptiveLimiter;
import dev.nines.core.adaptivelimit.AdaptiveLimiterRegistry;
import dev.nines.core.adaptivelimit.LimitAlgorithm;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Binds {@link AdaptiveLimiter} meters to a Micrometer {@link MeterRegistry}. Each limiter gets,
 * tagged {@code name=<limiter name>} and {@code algorithm=aimd|gradient}:
 * <ul>
 *   <li>{@code nines.adaptivelimiter.limit} (gauge): the current limit;</li>
 *   <li>{@code nines.adaptivelimiter.inflight} (gauge): calls in flight;</li>
 *   <li>{@code nines.adaptivelimiter.calls} (function counter, {@code kind=rejected}): rejected calls.</li>
 * </ul>
 *
 * <p>Meters read the limiter when the registry is scraped; nothing is added to the call path.
 * Thread-safe.
 *
 * <pre>{@code
 * AdaptiveLimiterMetrics.of(limiter).bindTo(meterRegistry);
 * }</pre>
 *
 * <p>Each policy also gets {@code nines.adaptivelimiter.configuration.changes} (function counter, tag
 * {@code name}): the live reconfigurations applied to it ({@link
 * dev.nines.core.policy.Reconfigurable#configurationChanges()}).
 */
public final class AdaptiveLimiterMetrics implements MeterBinder {

    private final Instances<AdaptiveLimiter> limiters;

    private AdaptiveLimiterMetrics(Instances<AdaptiveLimiter> limiters) {
        this.limiters = limiters;
    }

    /**
     * Creates a binder for one limiter.
     *
     * @param limiter the limiter
     * @return a new binder
     */
    public static AdaptiveLimiterMetrics of(AdaptiveLimiter limiter) {
        return new AdaptiveLimiterMetrics(Instances.of(List.of(Objects.requireNonNull(limiter, "limiter"))));
    }

    /**
     * Creates a binder for some limiters.
     *
     * @param limiters the limiters (copied)
     * @return a new binder
     */
    public static AdaptiveLimiterMetrics of(Iterable<? extends AdaptiveLimiter> limiters) {
        Objects.requireNonNull(limiters, "limiters");
        List<AdaptiveLimiter> copy = new ArrayList<>();
        limiters.forEach(l -> copy.add(Objects.requireNonNull(l, "limiter")));
        return new AdaptiveLimiterMetrics(Instances.of(copy));
    }

    /**
     * Creates a binder for every limiter of the registry, present and future.
     *
     * @param registry the limiter registry
     * @return a new binder
     */
    public static AdaptiveLimiterMetrics ofRegistry(AdaptiveLimiterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        return new AdaptiveLimiterMetrics(Instances.following(registry::all, registry::onEntryAdded));
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        limiters.forEach(limiter -> {
            String name = limiter.name();
            String algorithm = limiter.config().algorithm() instanceof LimitAlgorithm.Aimd ? "aimd" : "gradient";
            Gauge.builder("nines.adaptivelimiter.limit", limiter, AdaptiveLimiter::limit)
                    .description("Current concurrency limit")
                    .tags("name", name, "algorithm", algorithm)
                    .strongReference(true)
                    .register(registry);
            Gauge.builder("nines.adaptivelimiter.inflight", limiter, AdaptiveLimiter::inflight)
                    .description("Calls in flight")
                    .tags("name", name, "algorithm", algorithm)
                    .strongReference(true)
                    .register(registry);
            FunctionCounter.builder("nines.adaptivelimiter.calls", limiter, AdaptiveLimiter::rejectedCalls)
                    .description("Calls rejected by the limiter")
                    .tags("name", name, "algorithm", algorithm, "kind", "rejected")
                    .register(registry);
            Instances.configurationChanges(registry, "adaptivelimiter", name, limiter);
        });
    }
}
