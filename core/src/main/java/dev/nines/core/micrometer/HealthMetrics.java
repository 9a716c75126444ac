package dev.nines.core.micrometer;

import dev.nines.core.health.HealthEvent;
import dev.nines.core.health.HealthRegistry;
import dev.nines.core.health.HealthResult;
import dev.nines.core.health.HealthStatus;
import dev.nines.core.internal.MeterBindings;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Binds a {@link HealthRegistry} to Micrometer.
 *
 * <p>Meters:
 * <ul>
 *   <li>{@code nines.health.status} (gauge), tags {@code name} (check or group name), {@code kind}
 *       ({@code check} or {@code group}) and {@code state} (one gauge per {@link HealthStatus}):
 *       1 for the current status, 0 for the others. A check's value is what it reports now without
 *       running it (cached or last result, expiry applied); a group's is its status at its last
 *       evaluation ({@code UNKNOWN} before the first).</li>
 *   <li>{@code nines.health.check.duration} (timer), tag {@code name}: the duration of every run of
 *       a check, timeouts included.</li>
 * </ul>
 * Checks registered later get their meters when registered; an unregistered check's meters are
 * removed. Thread-safe. {@link #unbindFrom} or {@link #close()} stops following the registry and
 * removes this binder's meters from the meter registry (or every meter registry).
 *
 * <pre>{@code
 * HealthMetrics.of(healthRegistry).bindTo(meterRegistry);
 * }</pre>
 */
public final class HealthMetrics implements MeterBinder, AutoCloseable {

    private final HealthRegistry health;
    private final MeterBindings bindings = new MeterBindings("nines.health.");

    private HealthMetrics(HealthRegistry health) {
        this.health = health;
    }

    /**
     * Creates a binder for a health registry.
     *
     * @param health the health registry
     * @return a new binder
     */
    public static HealthMetrics of(HealthRegistry health) {
        return new HealthMetrics(Objects.requireNonNull(health, "health"));
    }

    /**
     * Registers the meters of every group and check in {@code registry}, and follows later
     * registrations, unregistrations and check runs. Binding the same meter registry again does
     * nothing.
     *
     * @param registry the meter registry
     */
    @Override
    public void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        if (!bindings.bind(registry)) {
            return; // binding twice would record every run twice
        }
        Binding binding = new Binding(registry);
        bindings.whileBound(registry, () -> {
            bindings.subscribe(registry, health.onEvent(binding::on));
            for (String group : health.groups().keySet()) {
                bindings.own(registry, "name", group);
                for (HealthStatus state : health.severityOrder()) {
                    Gauge.builder(
                                    "nines.health.status",
                                    health,
                                    h -> h.lastStatus(group).equals(state) ? 1.0 : 0.0)
                            .description("1 if the health group is in this state, else 0")
                            .tags(Tags.of("name", group, "kind", "group", "state", state.name()))
                            .register(registry);
                }
            }
            for (String check : health.checkNames()) {
                binding.addCheck(check);
            }
        });
    }

    /**
     * Stops following the health registry for {@code registry} and removes this binder's meters
     * from it. Binding it again later starts afresh.
     *
     * @param registry the meter registry
     * @return {@code false} if this binder was not bound to it
     */
    public boolean unbindFrom(MeterRegistry registry) {
        return bindings.unbind(Objects.requireNonNull(registry, "registry"));
    }

    /** Stops following the health registry and removes this binder's meters from every meter registry. */
    @Override
    public void close() {
        bindings.close();
    }

    private final class Binding {
        private final MeterRegistry registry;
        private final Map<String, List<Meter>> meters = new ConcurrentHashMap<>();
        private final Map<String, Timer> timers = new ConcurrentHashMap<>();

        Binding(MeterRegistry registry) {
            this.registry = registry;
        }

        void on(HealthEvent event) {
            if (event instanceof HealthEvent.CheckCompleted completed) {
                Timer timer = timers.get(completed.name());
                if (timer != null) {
                    timer.record(completed.result().duration());
                }
            } else if (event instanceof HealthEvent.CheckRegistered) {
                addCheck(event.name());
            } else if (event instanceof HealthEvent.CheckUnregistered) {
                removeCheck(event.name());
            }
        }

        void addCheck(String check) {
            bindings.whileBound(registry, () -> addCheckWhileBound(check));
        }

        private void addCheckWhileBound(String check) {
            bindings.own(registry, "name", check);
            meters.computeIfAbsent(check, name -> {
                List<Meter> list = new ArrayList<>();
                for (HealthStatus state : health.severityOrder()) {
                    list.add(Gauge.builder("nines.health.status", this, b -> state.equals(b.statusOf(name)) ? 1.0 : 0.0)
                            .description("1 if the health check is in this state, else 0")
                            .tags(Tags.of("name", name, "kind", "check", "state", state.name()))
                            .register(registry));
                }
                Timer timer = Timer.builder("nines.health.check.duration")
                        .description("Duration of each run of the health check, timeouts included")
                        .tags(Tags.of("name", name))
                        .register(registry);
                timers.put(name, timer);
                list.add(timer);
                return list;
            });
        }

        void removeCheck(String check) {
            timers.remove(check);
            List<Meter> removed = meters.remove(check);
            if (removed != null) {
                for (Meter meter : removed) {
                    registry.remove(meter);
                }
            }
        }

        private HealthStatus statusOf(String check) {
            return health.lastResult(check).map(HealthResult::status).orElse(HealthStatus.UNKNOWN);
        }
    }
}
