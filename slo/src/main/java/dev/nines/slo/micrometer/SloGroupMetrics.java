package dev.nines.slo.micrometer;

import dev.nines.core.internal.MeterBindings;
import dev.nines.slo.SloGroup;
import dev.nines.slo.SloTracker;
import dev.nines.slo.alert.BurnRateAlertPolicy;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Binds an {@link SloGroup} to a Micrometer {@link MeterRegistry}: every member gets the meters
 * of {@link SloMetrics}, tagged {@code slo} and the group's label (e.g.
 * {@code nines_slo_events_total{slo="checkout",route="/pay",kind="bad"}}), members created later
 * included, as they are created. The overflow member is tagged with the value
 * {@value SloGroup#OVERFLOW}.
 *
 * <p>The meter count is bounded by the group's bound: at most {@code maxMembers + 1} sets of
 * {@link SloMetrics} meters, plus two for the group itself:
 * <ul>
 *   <li>{@code nines.slo.group.members} (gauge), {@code nines_slo_group_members{slo="..."}}: the
 *       members, overflow included;</li>
 *   <li>{@code nines.slo.group.overflow} (function counter),
 *       {@code nines_slo_group_overflow_total{slo="..."}}: lookups of values past the bound, which
 *       went to the overflow member. Alert on its rate: the label's cardinality outgrew the bound.</li>
 * </ul>
 * Thread-safe. Meters of a new member are registered on the thread that created the member, once.
 *
 * <pre>{@code
 * SloGroupMetrics.of(byRoute).bindTo(meterRegistry);
 * }</pre>
 */
public final class SloGroupMetrics implements MeterBinder, AutoCloseable {

    private final SloGroup group;
    private final SloMetrics metrics;
    private final MeterBindings bindings = new MeterBindings("nines.slo.");

    private SloGroupMetrics(SloGroup group, SloMetrics metrics) {
        this.group = group;
        this.metrics = metrics;
    }

    /**
     * Creates a binder for {@code group}, with burn-rate gauges for the windows of
     * {@link BurnRateAlertPolicy#sreWorkbook()}.
     *
     * @param group the group
     * @return a binder
     */
    public static SloGroupMetrics of(SloGroup group) {
        return of(group, BurnRateAlertPolicy.sreWorkbook());
    }

    /**
     * Creates a binder for {@code group}, with a burn-rate gauge per member for every long and short
     * window of {@code policy}'s rules.
     *
     * @param group the group
     * @param policy the alert policy whose windows get burn-rate gauges
     * @return a binder
     */
    public static SloGroupMetrics of(SloGroup group, BurnRateAlertPolicy policy) {
        Objects.requireNonNull(group, "group");
        return new SloGroupMetrics(
                group, SloMetrics.of(List.<SloTracker>of(), Objects.requireNonNull(policy, "policy")));
    }

    @Override
    public void bindTo(MeterRegistry meterRegistry) {
        Objects.requireNonNull(meterRegistry, "meterRegistry");
        if (!bindings.bind(meterRegistry)) {
            return; // bound already: members would be bound twice
        }
        bindings.whileBound(meterRegistry, () -> bindGroup(meterRegistry));
    }

    private void bindGroup(MeterRegistry meterRegistry) {
        Tags tags = Tags.of("slo", group.slo().name());
        bindings.own(meterRegistry, "slo", group.slo().name());
        Gauge.builder("nines.slo.group.members", group, SloGroup::size)
                .description("Members of the SLO group, the overflow member included")
                .tags(tags)
                .strongReference(true)
                .register(meterRegistry);
        FunctionCounter.builder("nines.slo.group.overflow", group, SloGroup::overflowedLookups)
                .description("Lookups of label values past the group's bound, sent to the overflow member")
                .tags(tags)
                .register(meterRegistry);
        String label = group.label();
        bindings.subscribe(
                meterRegistry,
                group.onNewMember((value, tracker) -> bindings.whileBound(
                        meterRegistry, () -> metrics.bind(tracker, meterRegistry, Tags.of(label, value)))));
        // Members created between these two lines are bound twice: Micrometer keeps the first meter.
        for (Map.Entry<String, SloTracker> member : group.members().entrySet()) {
            metrics.bind(member.getValue(), meterRegistry, Tags.of(label, member.getKey()));
        }
    }

    /**
     * Stops feeding {@code meterRegistry}: closes this binder's subscriptions for it and removes the meters
     * it registered there (the group's and its members', every meter tagged with the group's {@code slo}). Binding it again later starts afresh.
     *
     * @param meterRegistry the meter registry
     * @return {@code false} if this binder was not bound to it
     */
    public boolean unbindFrom(MeterRegistry meterRegistry) {
        return bindings.unbind(Objects.requireNonNull(meterRegistry, "meterRegistry"));
    }

    /** Unbinds from every meter registry this binder was bound to (see {@link #unbindFrom}). */
    @Override
    public void close() {
        bindings.close();
    }
}
