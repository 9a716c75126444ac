package dev.nines.core.micrometer;

import dev.nines.core.adaptivelimit.AdaptiveLimiter;
import dev.nines.core.adaptivelimit.AdaptiveLimiterRegistry;
import dev.nines.core.adaptivelimit.LimitAlgorithm;
import dev.nines.core.internal.MeterBindings;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Binds {@link AdaptiveLimiter} meters to a Micrometer {@link MeterRegistry}. Each limiter gets,
 * tagged {@code name=<limiter name>}:
 * <ul>
 *   <li>{@code nines.adaptivelimiter.algorithm} (gauge, tag {@code algorithm} = {@code aimd} or
 *       {@code gradient}): 1 for the algorithm in force, 0 for the other. It is read at each scrape,
 *       so it follows a {@linkplain AdaptiveLimiter#reconfigure reconfiguration}; the other meters
 *       carry no algorithm tag, so their series survive a change of algorithm;</li>
 *   <li>{@code nines.adaptivelimiter.limit} (gauge): the current limit;</li>
 *   <li>{@code nines.adaptivelimiter.inflight} (gauge): calls in flight;</li>
 *   <li>{@code nines.adaptivelimiter.waiting} (gauge): calls waiting in the queue (0 without one);</li>
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
public final class AdaptiveLimiterMetrics implements MeterBinder, AutoCloseable {

    private final Instances<AdaptiveLimiter> limiters;
    private final MeterBindings bindings = new MeterBindings("nines.adaptivelimiter.");

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
        if (!bindings.bind(registry)) {
            return; // bound already: a second binding would add nothing but work
        }
        limiters.forEach(bindings, registry, limiter -> {
            bindings.own(registry, "name", limiter.name());
            String name = limiter.name();
            // The algorithm is a gauge per value, not a tag: a reconfiguration may change it, and a
            // tag read at binding would go stale (and moving the other meters to new series would
            // restart their counts).
            for (String algorithm : ALGORITHMS) {
                Gauge.builder(
                                "nines.adaptivelimiter.algorithm",
                                limiter,
                                l -> algorithm(l).equals(algorithm) ? 1 : 0)
                        .description("1 for the limit algorithm in force, else 0")
                        .tags("name", name, "algorithm", algorithm)
                        .strongReference(true)
                        .register(registry);
            }
            Gauge.builder("nines.adaptivelimiter.limit", limiter, AdaptiveLimiter::limit)
                    .description("Current concurrency limit")
                    .tags("name", name)
                    .strongReference(true)
                    .register(registry);
            Gauge.builder("nines.adaptivelimiter.inflight", limiter, AdaptiveLimiter::inflight)
                    .description("Calls in flight")
                    .tags("name", name)
                    .strongReference(true)
                    .register(registry);
            Gauge.builder("nines.adaptivelimiter.waiting", limiter, AdaptiveLimiter::waitingCalls)
                    .description("Calls waiting in the queue for a slot")
                    .tags("name", name)
                    .strongReference(true)
                    .register(registry);
            FunctionCounter.builder("nines.adaptivelimiter.calls", limiter, AdaptiveLimiter::rejectedCalls)
                    .description("Calls rejected by the limiter")
                    .tags("name", name, "kind", "rejected")
                    .register(registry);
            Instances.configurationChanges(registry, "adaptivelimiter", name, limiter);
        });
    }

    private static final List<String> ALGORITHMS = List.of("aimd", "gradient");

    private static String algorithm(AdaptiveLimiter limiter) {
        return limiter.config().algorithm() instanceof LimitAlgorithm.Aimd ? "aimd" : "gradient";
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
}
