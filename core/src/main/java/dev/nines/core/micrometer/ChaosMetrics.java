package dev.nines.core.micrometer;

import dev.nines.core.chaos.ChaosPolicy;
import dev.nines.core.chaos.ChaosRegistry;
import dev.nines.core.internal.MeterBindings;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import java.util.Objects;

/**
 * Binds {@link ChaosPolicy} counters to Micrometer, each labelled {@code injected=true} so that a
 * dashboard can never add an injected failure to the real ones by accident:
 *
 * <ul>
 *   <li>{@code nines.chaos.injections} (counter, tags {@code name}, {@code kind} = {@code fault},
 *       {@code outcome}, {@code latency} or {@code behavior}, and {@code injected=true});</li>
 *   <li>{@code nines.chaos.injections.refused} (counter: chosen calls a guard refused, same tags);</li>
 *   <li>{@code nines.chaos.injected.latency} (counter, seconds of latency injected, same tags);</li>
 *   <li>{@code nines.chaos.enabled} (gauge, 1 while the policy injects, tags {@code name} and
 *       {@code kind}).</li>
 * </ul>
 *
 * <p>Each policy also gets {@code nines.chaos.configuration.changes} (function counter, tag
 * {@code name}): the live reconfigurations applied to it ({@link
 * dev.nines.core.policy.Reconfigurable#configurationChanges()}). A reconfiguration cannot change
 * the {@code kind} a policy's meters are tagged with.
 *
 * <p>Meters read the live counters when scraped. Thread-safe.
 *
 * <pre>{@code
 * ChaosMetrics.of(chaosRegistry).bindTo(meterRegistry);
 * }</pre>
 */
public final class ChaosMetrics implements MeterBinder, AutoCloseable {

    private final Instances<ChaosPolicy> policies;
    private final MeterBindings bindings = new MeterBindings("nines.chaos.");

    private ChaosMetrics(Instances<ChaosPolicy> policies) {
        this.policies = policies;
    }

    /**
     * Returns a binder for one chaos policy.
     *
     * @param policy the policy
     * @return the binder
     */
    public static ChaosMetrics of(ChaosPolicy policy) {
        Objects.requireNonNull(policy, "policy");
        List<ChaosPolicy> one = List.of(policy);
        return new ChaosMetrics(Instances.of(one));
    }

    /**
     * Returns a binder for every policy of {@code registry}, present and future.
     *
     * @param registry the registry
     * @return the binder
     */
    public static ChaosMetrics of(ChaosRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        return new ChaosMetrics(Instances.following(registry::all, registry::onEntryAdded));
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        if (!bindings.bind(registry)) {
            return; // bound already: a second binding would add nothing but work
        }
        policies.forEach(bindings, registry, policy -> {
            bindings.own(registry, "name", policy.name());
            String kind = policy.config().kind().tag();
            FunctionCounter.builder(
                            "nines.chaos.injections", policy, p -> p.metrics().numberOfInjections())
                    .description("Calls into which a fault, outcome, latency or behaviour was injected")
                    .tag("name", policy.name())
                    .tag("kind", kind)
                    .tag("injected", "true")
                    .register(registry);
            FunctionCounter.builder(
                            "nines.chaos.injections.refused",
                            policy,
                            p -> p.metrics().numberOfRefusedInjections())
                    .description("Calls chosen for an injection that the policy's guard (an experiment) refused")
                    .tag("name", policy.name())
                    .tag("kind", kind)
                    .tag("injected", "true")
                    .register(registry);
            FunctionCounter.builder(
                            "nines.chaos.injected.latency",
                            policy,
                            p -> p.metrics().injectedLatencyNanos() / 1e9)
                    .description("Latency injected in total")
                    .baseUnit("seconds")
                    .tag("name", policy.name())
                    .tag("kind", kind)
                    .tag("injected", "true")
                    .register(registry);
            Gauge.builder("nines.chaos.enabled", policy, p -> p.isEnabled() ? 1 : 0)
                    .description("1 while the chaos policy injects")
                    .tag("name", policy.name())
                    .tag("kind", kind)
                    .register(registry);
            Instances.configurationChanges(registry, "chaos", policy.name(), policy);
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
