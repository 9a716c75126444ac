package dev.nines.failover.micrometer;

import dev.nines.core.internal.MeterBindings;
import dev.nines.failover.ControllerState;
import dev.nines.failover.FailoverController;
import dev.nines.failover.FailoverEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Binds a {@link FailoverController} to Micrometer.
 *
 * <p>Meters, all tagged {@code name} (the controller name):
 * <ul>
 *   <li>{@code nines.failover.state} (gauge), tag {@code state} (one gauge per
 *       {@link ControllerState}): 1 for the current state, 0 for the others;</li>
 *   <li>{@code nines.failover.epoch} (gauge): the current fencing epoch;</li>
 *   <li>{@code nines.failover.decisions} (counter), tag {@code outcome}: {@code promoted},
 *       {@code blocked} (alerts: counted once per distinct set of reasons), {@code rejected},
 *       {@code failed}, {@code rolled_back}, {@code rollback_blocked};</li>
 *   <li>{@code nines.failover.audit.sink.failures} (function counter): audit records a sink of the
 *       controller's {@link dev.nines.failover.audit.AuditLog} failed to store (see {@link
 *       dev.nines.failover.audit.AuditLog#sinkFailures()}); alert on any increase, the audit trail
 *       in that sink has a gap;</li>
 *   <li>{@code nines.failover.time.to.failover} (timer), tag {@code trigger}: from the start of the
 *       primary's failing run (or the request) to the promotion.</li>
 * </ul>
 * Thread-safe. Binding the same meter registry again does nothing. {@link #unbindFrom} and {@link
 * #close()} stop following the controller and remove the meters.
 *
 * <pre>{@code
 * FailoverMetrics.of(controller).bindTo(meterRegistry);
 * }</pre>
 */
public final class FailoverMetrics implements MeterBinder, AutoCloseable {

    private static final List<String> OUTCOMES =
            List.of("promoted", "blocked", "rejected", "failed", "rolled_back", "rollback_blocked");

    private final FailoverController controller;
    private final MeterBindings bindings = new MeterBindings("nines.failover.");

    private FailoverMetrics(FailoverController controller) {
        this.controller = controller;
    }

    /**
     * Creates a binder for a controller.
     *
     * @param controller the controller
     * @return a new binder
     */
    public static FailoverMetrics of(FailoverController controller) {
        return new FailoverMetrics(Objects.requireNonNull(controller, "controller"));
    }

    /**
     * Registers the meters in {@code registry} and follows the controller's events.
     *
     * @param registry the meter registry
     */
    @Override
    public void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        if (!bindings.bind(registry)) {
            return; // binding twice would count every decision twice
        }
        bindings.whileBound(registry, () -> register(registry));
    }

    private void register(MeterRegistry registry) {
        String name = controller.name();
        bindings.own(registry, "name", name);
        for (ControllerState state : ControllerState.values()) {
            Gauge.builder("nines.failover.state", controller, c -> c.state() == state ? 1.0 : 0.0)
                    .description("1 if the failover controller is in this state, else 0")
                    .tags(Tags.of("name", name, "state", state.name()))
                    .register(registry);
        }
        Gauge.builder("nines.failover.epoch", controller, FailoverController::epoch)
                .description("The current fencing epoch")
                .tags(Tags.of("name", name))
                .register(registry);
        FunctionCounter.builder(
                        "nines.failover.audit.sink.failures",
                        controller,
                        c -> c.auditLog().sinkFailures())
                .description("Audit records a sink failed to store; the trail in that sink has a gap")
                .tags(Tags.of("name", name))
                .register(registry);
        ConcurrentHashMap<String, Counter> counters = new ConcurrentHashMap<>();
        for (String outcome : OUTCOMES) {
            counters.put(
                    outcome,
                    Counter.builder("nines.failover.decisions")
                            .description("Failover decisions by outcome")
                            .tags(Tags.of("name", name, "outcome", outcome))
                            .register(registry));
        }
        bindings.subscribe(registry, controller.onEvent(event -> {
            String outcome = outcome(event);
            Objects.requireNonNull(counters.get(outcome), outcome).increment();
            if (event instanceof FailoverEvent.FailedOver failedOver) {
                Timer.builder("nines.failover.time.to.failover")
                        .description("From the primary's first failing result (or the request) to the promotion")
                        .tags(Tags.of(
                                "name",
                                name,
                                "trigger",
                                failedOver.trigger().name().toLowerCase(Locale.ROOT)))
                        .register(registry)
                        .record(failedOver.timeToFailover());
            }
        }));
    }

    /**
     * Stops feeding {@code registry}: closes this binder's subscriptions for it and removes the meters
     * it registered there (the time-to-failover timers registered since included). Binding it again later starts afresh.
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

    private static String outcome(FailoverEvent event) {
        if (event instanceof FailoverEvent.FailedOver) {
            return "promoted";
        } else if (event instanceof FailoverEvent.FailoverBlocked) {
            return "blocked";
        } else if (event instanceof FailoverEvent.RequestRejected) {
            return "rejected";
        } else if (event instanceof FailoverEvent.PromotionFailed) {
            return "failed";
        } else if (event instanceof FailoverEvent.RolledBack) {
            return "rolled_back";
        }
        return "rollback_blocked";
    }
}
