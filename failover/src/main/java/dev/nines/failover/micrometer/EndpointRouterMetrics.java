package dev.nines.failover.micrometer;

import dev.nines.core.internal.MeterBindings;
import dev.nines.failover.client.EjectionReason;
import dev.nines.failover.client.Endpoint;
import dev.nines.failover.client.EndpointRouter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Locale;
import java.util.Objects;

/**
 * Binds an {@link EndpointRouter} to Micrometer: its rotation and, when it has outlier detection,
 * its ejections.
 *
 * <p>Meters, all tagged {@code name} (the router name):
 *
 * <ul>
 *   <li>{@code nines.endpoint.in.rotation} (gauge), tag {@code endpoint}: 1 if the endpoint takes
 *       calls (up, failed back, not ejected), else 0;
 *   <li>with outlier detection: {@code nines.endpoint.ejected} (gauge), tag {@code endpoint}: 1 while
 *       ejected; {@code nines.endpoint.ejected.count} (gauge): endpoints ejected now;
 *       {@code nines.endpoint.ejected.max} (gauge): the cap; {@code nines.endpoint.ejections}
 *       (function counter), tag {@code reason} (one per {@link EjectionReason}, lower case);
 *       {@code nines.endpoint.ejections.skipped} (function counter): outliers the cap left in
 *       rotation.
 * </ul>
 *
 * Meters read the router when the registry polls them; nothing is added to the call path.
 * Thread-safe.
 *
 * <pre>{@code
 * EndpointRouterMetrics.of(router).bindTo(meterRegistry);
 * }</pre>
 */
public final class EndpointRouterMetrics implements MeterBinder, AutoCloseable {

    private final EndpointRouter router;
    private final MeterBindings bindings = new MeterBindings("nines.endpoint.");

    private EndpointRouterMetrics(EndpointRouter router) {
        this.router = router;
    }

    /**
     * Creates a binder for a router.
     *
     * @param router the router
     * @return a new binder
     */
    public static EndpointRouterMetrics of(EndpointRouter router) {
        return new EndpointRouterMetrics(Objects.requireNonNull(router, "router"));
    }

    /**
     * Registers the meters in {@code registry}; binding the same registry again does nothing.
     *
     * @param registry the meter registry
     */
    @Override
    public void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        if (!bindings.bind(registry)) {
            return; // bound already
        }
        bindings.whileBound(registry, () -> register(registry));
    }

    private void register(MeterRegistry registry) {
        String name = router.name();
        bindings.own(registry, "name", name);
        boolean outliers = router.outlierDetection().isPresent();
        for (Endpoint endpoint : router.endpoints()) {
            String id = endpoint.id();
            Gauge.builder("nines.endpoint.in.rotation", router, r -> r.isInRotation(id) ? 1.0 : 0.0)
                    .description("1 if the endpoint takes calls (up, failed back, not ejected), else 0")
                    .tags(Tags.of("name", name, "endpoint", id))
                    .register(registry);
            if (outliers) {
                Gauge.builder("nines.endpoint.ejected", router, r -> r.isEjected(id) ? 1.0 : 0.0)
                        .description("1 while outlier detection has ejected the endpoint, else 0")
                        .tags(Tags.of("name", name, "endpoint", id))
                        .register(registry);
            }
        }
        if (!outliers) {
            return;
        }
        Gauge.builder(
                        "nines.endpoint.ejected.count",
                        router,
                        r -> r.outlierMetrics().ejectedEndpoints())
                .description("Endpoints ejected by outlier detection now")
                .tags(Tags.of("name", name))
                .register(registry);
        Gauge.builder(
                        "nines.endpoint.ejected.max",
                        router,
                        r -> r.outlierMetrics().maxEjectedEndpoints())
                .description("The cap on endpoints ejected at once")
                .tags(Tags.of("name", name))
                .register(registry);
        for (EjectionReason reason : EjectionReason.values()) {
            FunctionCounter.builder(
                            "nines.endpoint.ejections",
                            router,
                            r -> r.outlierMetrics().ejections().getOrDefault(reason, 0L))
                    .description("Ejections by outlier detection, by reason")
                    .tags(Tags.of("name", name, "reason", reason.name().toLowerCase(Locale.ROOT)))
                    .register(registry);
        }
        FunctionCounter.builder(
                        "nines.endpoint.ejections.skipped",
                        router,
                        r -> r.outlierMetrics().ejectionsSkippedByCap())
                .description("Outliers left in rotation because the cap on ejections was reached")
                .tags(Tags.of("name", name))
                .register(registry);
    }

    /**
     * Stops feeding {@code registry}: closes this binder's subscriptions for it and removes the meters
     * it registered there. Binding it again later starts afresh.
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
