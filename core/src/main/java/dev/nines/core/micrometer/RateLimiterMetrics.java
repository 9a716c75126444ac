package dev.nines.core.micrometer;

import dev.nines.core.internal.MeterBindings;
import dev.nines.core.ratelimit.RateLimiter;
import dev.nines.core.ratelimit.RateLimiterRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Binds {@link RateLimiter} meters to a Micrometer {@link MeterRegistry}. Each rate limiter gets,
 * tagged {@code name=<rate limiter name>}:
 * <ul>
 *   <li>{@code nines.ratelimiter.available.permissions} (gauge): permits in the bucket, negative
 *       when future periods are booked;</li>
 *   <li>{@code nines.ratelimiter.burst.capacity} (gauge): the most permits the bucket holds;</li>
 *   <li>{@code nines.ratelimiter.waiting.threads} (gauge): threads parked for booked permits.</li>
 * </ul>
 *
 * <p>Meters read the rate limiter when the registry is scraped; nothing is added to the call path.
 * A binder made {@link #ofRegistry(RateLimiterRegistry) from a registry} also binds the rate limiters it
 * creates after binding. Thread-safe.
 *
 * <pre>{@code
 * RateLimiterMetrics.ofRegistry(rateLimiters).bindTo(meterRegistry);
 * }</pre>
 *
 * <p>Each policy also gets {@code nines.ratelimiter.configuration.changes} (function counter, tag
 * {@code name}): the live reconfigurations applied to it ({@link
 * dev.nines.core.policy.Reconfigurable#configurationChanges()}).
 */
public final class RateLimiterMetrics implements MeterBinder, AutoCloseable {

    private final Instances<RateLimiter> rateLimiters;
    private final MeterBindings bindings = new MeterBindings("nines.ratelimiter.");

    private RateLimiterMetrics(Instances<RateLimiter> rateLimiters) {
        this.rateLimiters = rateLimiters;
    }

    /**
     * Creates a binder for one rate limiter.
     *
     * @param rateLimiter the rate limiter
     * @return a new binder
     */
    public static RateLimiterMetrics of(RateLimiter rateLimiter) {
        return new RateLimiterMetrics(Instances.of(List.of(Objects.requireNonNull(rateLimiter, "rateLimiter"))));
    }

    /**
     * Creates a binder for some rate limiters.
     *
     * @param rateLimiters the rate limiters (copied)
     * @return a new binder
     */
    public static RateLimiterMetrics of(Iterable<? extends RateLimiter> rateLimiters) {
        Objects.requireNonNull(rateLimiters, "rateLimiters");
        List<RateLimiter> copy = new ArrayList<>();
        rateLimiters.forEach(r -> copy.add(Objects.requireNonNull(r, "rateLimiter")));
        return new RateLimiterMetrics(Instances.of(copy));
    }

    /**
     * Creates a binder for every rate limiter of the registry, present and future.
     *
     * @param registry the rate limiter registry
     * @return a new binder
     */
    public static RateLimiterMetrics ofRegistry(RateLimiterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        return new RateLimiterMetrics(Instances.following(registry::all, registry::onEntryAdded));
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        if (!bindings.bind(registry)) {
            return; // bound already: a second binding would add nothing but work
        }
        rateLimiters.forEach(bindings, registry, rateLimiter -> {
            bindings.own(registry, "name", rateLimiter.name());
            String name = rateLimiter.name();
            Gauge.builder("nines.ratelimiter.available.permissions", rateLimiter, RateLimiter::availablePermits)
                    .description("Permits in the bucket; negative when future periods are booked")
                    .tag("name", name)
                    .strongReference(true)
                    .register(registry);
            Gauge.builder(
                            "nines.ratelimiter.burst.capacity",
                            rateLimiter,
                            r -> r.config().burstCapacity())
                    .description("The most permits the bucket holds")
                    .tag("name", name)
                    .strongReference(true)
                    .register(registry);
            Gauge.builder("nines.ratelimiter.waiting.threads", rateLimiter, RateLimiter::waitingThreads)
                    .description("Threads parked for booked permits")
                    .tag("name", name)
                    .strongReference(true)
                    .register(registry);
            Instances.configurationChanges(registry, "ratelimiter", name, rateLimiter);
        });
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
