package dev.nines.core.micrometer;

import dev.nines.core.internal.MeterBindings;
import dev.nines.core.timelimit.TimeLimiter;
import dev.nines.core.timelimit.TimeLimiterRegistry;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import java.util.Objects;
import java.util.function.ToLongFunction;

/**
 * Binds {@link TimeLimiter} counters to Micrometer: {@code nines.timelimiter.calls} (counter, tags
 * {@code name} and {@code kind} = {@code successful}, {@code failed}, {@code timeout}). Meters read
 * the live counters when scraped. Thread-safe.
 *
 * <pre>{@code
 * TimeLimiterMetrics.of(timeLimiterRegistry).bindTo(meterRegistry);
 * }</pre>
 *
 * <p>Each policy also gets {@code nines.timelimiter.configuration.changes} (function counter, tag
 * {@code name}): the live reconfigurations applied to it ({@link
 * dev.nines.core.policy.Reconfigurable#configurationChanges()}).
 */
public final class TimeLimiterMetrics implements MeterBinder, AutoCloseable {

    private final Instances<TimeLimiter> limiters;
    private final MeterBindings bindings = new MeterBindings("nines.timelimiter.");

    private TimeLimiterMetrics(Instances<TimeLimiter> limiters) {
        this.limiters = limiters;
    }

    /**
     * Returns a binder for one time limiter.
     *
     * @param timeLimiter the time limiter
     * @return the binder
     */
    public static TimeLimiterMetrics of(TimeLimiter timeLimiter) {
        Objects.requireNonNull(timeLimiter, "timeLimiter");
        List<TimeLimiter> one = List.of(timeLimiter);
        return new TimeLimiterMetrics(Instances.of(one));
    }

    /**
     * Returns a binder for every time limiter of {@code registry}, present and future.
     *
     * @param registry the registry
     * @return the binder
     */
    public static TimeLimiterMetrics of(TimeLimiterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        return new TimeLimiterMetrics(Instances.following(registry::all, registry::onEntryAdded));
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        if (!bindings.bind(registry)) {
            return; // bound already: a second binding would add nothing but work
        }
        limiters.forEach(bindings, registry, limiter -> {
            bindings.own(registry, "name", limiter.name());
            calls(registry, limiter.name(), "successful", limiter, TimeLimiter.Metrics::numberOfSuccessfulCalls);
            calls(registry, limiter.name(), "failed", limiter, TimeLimiter.Metrics::numberOfFailedCalls);
            calls(registry, limiter.name(), "timeout", limiter, TimeLimiter.Metrics::numberOfTimedOutCalls);
            Instances.configurationChanges(registry, "timelimiter", limiter.name(), limiter);
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

    private static void calls(
            MeterRegistry registry,
            String name,
            String kind,
            TimeLimiter limiter,
            ToLongFunction<TimeLimiter.Metrics> count) {
        FunctionCounter.builder("nines.timelimiter.calls", limiter, l -> count.applyAsLong(l.metrics()))
                .description("Time-limited calls by outcome")
                .tag("name", name)
                .tag("kind", kind)
                .register(registry);
    }
}
