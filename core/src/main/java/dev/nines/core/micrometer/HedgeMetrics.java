package dev.nines.core.micrometer;

import dev.nines.core.hedge.Hedge;
import dev.nines.core.hedge.HedgeRegistry;
import dev.nines.core.internal.MeterBindings;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import java.util.Objects;
import java.util.function.ToLongFunction;

/**
 * Binds {@link Hedge} counters to Micrometer, each with the tag {@code name}:
 *
 * <ul>
 *   <li>{@code nines.hedge.calls} (counter): every call;</li>
 *   <li>{@code nines.hedge.calls.gated} (counter): the calls that passed straight through because
 *       the gate was closed;</li>
 *   <li>{@code nines.hedge.calls.hedged} (counter): the calls that started at least one hedge;</li>
 *   <li>{@code nines.hedge.calls.won.by.hedge} (counter): the calls whose winning outcome came from
 *       a hedge;</li>
 *   <li>{@code nines.hedge.calls.failed} (counter): the hedged calls in which no attempt was
 *       acceptable;</li>
 *   <li>{@code nines.hedge.hedges} (counter): the hedges started, over all calls;</li>
 *   <li>{@code nines.hedge.attempts.cancelled} (counter): the attempts cancelled because another
 *       won or the call was cancelled;</li>
 *   <li>{@code nines.hedge.budget.refusals} (counter): the hedges the retry budget refused;</li>
 *   <li>{@code nines.hedge.delay} (gauge, seconds): the wait before a hedge as it stands now;</li>
 *   <li>{@code nines.hedge.configuration.changes} (function counter): the live reconfigurations
 *       applied ({@link dev.nines.core.policy.Reconfigurable#configurationChanges()}).</li>
 * </ul>
 *
 * Meters read the live counters when scraped. Thread-safe.
 *
 * <pre>{@code
 * HedgeMetrics.of(hedgeRegistry).bindTo(meterRegistry);
 * }</pre>
 */
public final class HedgeMetrics implements MeterBinder, AutoCloseable {

    private final Instances<Hedge> hedges;
    private final MeterBindings bindings = new MeterBindings("nines.hedge.");

    private HedgeMetrics(Instances<Hedge> hedges) {
        this.hedges = hedges;
    }

    /**
     * Returns a binder for one hedge.
     *
     * @param hedge the hedge
     * @return the binder
     */
    public static HedgeMetrics of(Hedge hedge) {
        Objects.requireNonNull(hedge, "hedge");
        List<Hedge> one = List.of(hedge);
        return new HedgeMetrics(Instances.of(one));
    }

    /**
     * Returns a binder for every hedge of {@code registry}, present and future.
     *
     * @param registry the registry
     * @return the binder
     */
    public static HedgeMetrics of(HedgeRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        return new HedgeMetrics(Instances.following(registry::all, registry::onEntryAdded));
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        if (!bindings.bind(registry)) {
            return; // bound already: a second binding would add nothing but work
        }
        hedges.forEach(bindings, registry, hedge -> {
            bindings.own(registry, "name", hedge.name());
            counter(registry, "nines.hedge.calls", "Hedged and gated calls", hedge, Hedge.Metrics::numberOfCalls);
            counter(
                    registry,
                    "nines.hedge.calls.gated",
                    "Calls that passed through because the gate was closed",
                    hedge,
                    Hedge.Metrics::numberOfGatedCalls);
            counter(
                    registry,
                    "nines.hedge.calls.hedged",
                    "Calls that started at least one hedge",
                    hedge,
                    Hedge.Metrics::numberOfHedgedCalls);
            counter(
                    registry,
                    "nines.hedge.calls.won.by.hedge",
                    "Calls whose winning outcome came from a hedge",
                    hedge,
                    Hedge.Metrics::numberOfCallsWonByHedge);
            counter(
                    registry,
                    "nines.hedge.calls.failed",
                    "Hedged calls in which no attempt was acceptable",
                    hedge,
                    Hedge.Metrics::numberOfFailedHedgedCalls);
            counter(registry, "nines.hedge.hedges", "Hedges started", hedge, Hedge.Metrics::numberOfHedges);
            counter(
                    registry,
                    "nines.hedge.attempts.cancelled",
                    "Attempts cancelled because another won or the call was cancelled",
                    hedge,
                    Hedge.Metrics::numberOfCancelledAttempts);
            counter(
                    registry,
                    "nines.hedge.budget.refusals",
                    "Hedges the retry budget refused",
                    hedge,
                    Hedge.Metrics::numberOfBudgetRefusals);
            Gauge.builder("nines.hedge.delay", hedge, h -> h.metrics().currentDelayNanos() / 1e9)
                    .description("The wait before a hedge as it stands now")
                    .baseUnit("seconds")
                    .tag("name", hedge.name())
                    .register(registry);
            Instances.configurationChanges(registry, "hedge", hedge.name(), hedge);
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

    private static void counter(
            MeterRegistry registry,
            String meter,
            String description,
            Hedge hedge,
            ToLongFunction<Hedge.Metrics> count) {
        FunctionCounter.builder(meter, hedge, h -> count.applyAsLong(h.metrics()))
                .description(description)
                .tag("name", hedge.name())
                .register(registry);
    }
}
