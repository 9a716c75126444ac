package dev.nines.core.micrometer;

import dev.nines.core.bulkhead.Bulkhead;
import dev.nines.core.bulkhead.BulkheadRegistry;
import dev.nines.core.internal.MeterBindings;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Binds {@link Bulkhead} meters to a Micrometer {@link MeterRegistry}. Each bulkhead gets, tagged
 * {@code name=<bulkhead name>}:
 * <ul>
 *   <li>{@code nines.bulkhead.available.concurrent.calls} (gauge): free permits;</li>
 *   <li>{@code nines.bulkhead.max.allowed.concurrent.calls} (gauge): the configured maximum;</li>
 *   <li>{@code nines.bulkhead.waiting.calls} (gauge): calls waiting for a permit;</li>
 *   <li>{@code nines.bulkhead.calls} (function counter, {@code kind=rejected}): rejected calls.</li>
 * </ul>
 *
 * <p>Meters read the bulkhead when the registry is scraped; nothing is added to the call path.
 * A binder made {@link #ofRegistry(BulkheadRegistry) from a registry} also binds the bulkheads it
 * creates after binding. Thread-safe.
 *
 * <pre>{@code
 * BulkheadMetrics.ofRegistry(bulkheads).bindTo(meterRegistry);
 * }</pre>
 *
 * <p>Each policy also gets {@code nines.bulkhead.configuration.changes} (function counter, tag
 * {@code name}): the live reconfigurations applied to it ({@link
 * dev.nines.core.policy.Reconfigurable#configurationChanges()}).
 */
public final class BulkheadMetrics implements MeterBinder, AutoCloseable {

    private final Instances<Bulkhead> bulkheads;
    private final MeterBindings bindings = new MeterBindings("nines.bulkhead.");

    private BulkheadMetrics(Instances<Bulkhead> bulkheads) {
        this.bulkheads = bulkheads;
    }

    /**
     * Creates a binder for one bulkhead.
     *
     * @param bulkhead the bulkhead
     * @return a new binder
     */
    public static BulkheadMetrics of(Bulkhead bulkhead) {
        return new BulkheadMetrics(Instances.of(List.of(Objects.requireNonNull(bulkhead, "bulkhead"))));
    }

    /**
     * Creates a binder for some bulkheads.
     *
     * @param bulkheads the bulkheads (copied)
     * @return a new binder
     */
    public static BulkheadMetrics of(Iterable<? extends Bulkhead> bulkheads) {
        Objects.requireNonNull(bulkheads, "bulkheads");
        List<Bulkhead> copy = new ArrayList<>();
        bulkheads.forEach(b -> copy.add(Objects.requireNonNull(b, "bulkhead")));
        return new BulkheadMetrics(Instances.of(copy));
    }

    /**
     * Creates a binder for every bulkhead of the registry, present and future.
     *
     * @param registry the bulkhead registry
     * @return a new binder
     */
    public static BulkheadMetrics ofRegistry(BulkheadRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        return new BulkheadMetrics(Instances.following(registry::all, registry::onEntryAdded));
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        if (!bindings.bind(registry)) {
            return; // bound already: a second binding would add nothing but work
        }
        bulkheads.forEach(bindings, registry, bulkhead -> {
            bindings.own(registry, "name", bulkhead.name());
            String name = bulkhead.name();
            Gauge.builder("nines.bulkhead.available.concurrent.calls", bulkhead, Bulkhead::availablePermits)
                    .description("Free permits of the bulkhead")
                    .tag("name", name)
                    .strongReference(true)
                    .register(registry);
            Gauge.builder("nines.bulkhead.max.allowed.concurrent.calls", bulkhead, Bulkhead::maxConcurrentCalls)
                    .description("Maximum concurrent calls of the bulkhead")
                    .tag("name", name)
                    .strongReference(true)
                    .register(registry);
            Gauge.builder("nines.bulkhead.waiting.calls", bulkhead, Bulkhead::waitingCalls)
                    .description("Calls waiting for a permit")
                    .tag("name", name)
                    .strongReference(true)
                    .register(registry);
            FunctionCounter.builder("nines.bulkhead.calls", bulkhead, Bulkhead::rejectedCalls)
                    .description("Calls rejected by the bulkhead")
                    .tags("name", name, "kind", "rejected")
                    .register(registry);
            Instances.configurationChanges(registry, "bulkhead", name, bulkhead);
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
