package dev.nines.slo.micrometer;

import dev.nines.core.internal.MeterBindings;
import dev.nines.slo.SloTracker;
import dev.nines.slo.alert.BurnRateAlertPolicy;
import dev.nines.slo.alert.BurnRateRule;
import dev.nines.slo.exclusion.Exclusion;
import dev.nines.slo.exclusion.ExclusionKind;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Binds SLO trackers to a Micrometer {@link MeterRegistry}.
 *
 * <p>Meters, each tagged {@code slo} (the SLO's name), with the names a Prometheus registry
 * exposes them under:
 * <ul>
 *   <li>{@code nines.slo.events} (function counter, tag {@code kind} = {@code good} or {@code bad}),
 *       in Prometheus {@code nines_slo_events_total{slo="...",kind="good"}}: every event the tracker
 *       recorded since it was created (or its snapshot's totals, once restored), exclusions
 *       included (the rules drop them with the exclusion gauge below). Prometheus sums them across
 *       instances; {@link dev.nines.slo.export.PrometheusRules} builds its recording rules on them;</li>
 *   <li>{@code nines.slo.budget.remaining.ratio} (gauge), {@code nines_slo_budget_remaining_ratio}:
 *       {@link dev.nines.slo.ErrorBudget#remainingRatio()} of the current window (1 untouched, 0
 *       spent, negative overspent);</li>
 *   <li>{@code nines.slo.compliance.ratio} (gauge), {@code nines_slo_compliance_ratio}: the SLI over
 *       the current window, in [0, 1];</li>
 *   <li>{@code nines.slo.excluded} (gauge, tag {@code exclusion} = {@code maintenance},
 *       {@code force_majeure} or {@code no_data}), {@code nines_slo_excluded{slo="...",exclusion="maintenance"}}:
 *       1 while an exclusion of that kind (planned or added) contains the present instant, else 0
 *       ({@link SloTracker#hasActiveExclusion}). The Prometheus rules drop an instance's events
 *       while it reads 1, and suppress alerts during maintenance;</li>
 *   <li>{@code nines.slo.maintenance.alert.above.error.ratio} (gauge),
 *       {@code nines_slo_maintenance_alert_above_error_ratio}: the {@code alertAboveErrorRatio} of the
 *       maintenance window in effect (the lowest if several overlap), 1 when none is. During
 *       maintenance the Prometheus rules alert, as {@code SloAlerts} does, only while the short
 *       window's error ratio over all events exceeds it;</li>
 *   <li>{@code nines.slo.burn.rate} (gauge, tag {@code window} = {@code 5m}, {@code 30m},
 *       {@code 1h}, {@code 2h}, {@code 6h}, {@code 1d}, {@code 3d} for the SRE Workbook policy),
 *       {@code nines_slo_burn_rate{slo="...",window="1h"}}: the burn rate over every long and
 *       short window of the alert policy's rules.</li>
 * </ul>
 *
 * <p>The meters read the tracker when scraped: binding adds nothing to recording. The counters
 * read {@link SloTracker#totalGood()} and {@link SloTracker#totalBad()} (O(1), no allocation); the
 * gauges each run one tracker query. Thread-safe.
 *
 * <pre>{@code
 * SloMetrics.of(tracker).bindTo(meterRegistry);                  // SRE Workbook windows
 * SloMetrics.of(List.of(checkout, search), policy).bindTo(meterRegistry);
 * }</pre>
 */
public final class SloMetrics implements MeterBinder, AutoCloseable {

    private final List<SloTracker> trackers;
    private final List<Duration> windows;
    private final MeterBindings bindings = new MeterBindings("nines.slo.");

    private SloMetrics(List<SloTracker> trackers, List<Duration> windows) {
        this.trackers = trackers;
        this.windows = windows;
    }

    /**
     * Creates a binder for one tracker, with burn-rate gauges for the windows of
     * {@link BurnRateAlertPolicy#sreWorkbook()}.
     *
     * @param tracker the tracker
     * @return a binder
     */
    public static SloMetrics of(SloTracker tracker) {
        return of(List.of(Objects.requireNonNull(tracker, "tracker")), BurnRateAlertPolicy.sreWorkbook());
    }

    /**
     * Creates a binder for the given trackers, with a burn-rate gauge for every long and short window
     * of {@code policy}'s rules.
     *
     * @param trackers the trackers; their SLO names should differ (Micrometer keeps the first meter
     *     of a name and tags)
     * @param policy the alert policy whose windows get burn-rate gauges
     * @return a binder
     */
    public static SloMetrics of(Iterable<? extends SloTracker> trackers, BurnRateAlertPolicy policy) {
        Objects.requireNonNull(trackers, "trackers");
        Objects.requireNonNull(policy, "policy");
        List<SloTracker> copy = new ArrayList<>();
        for (SloTracker tracker : trackers) {
            copy.add(Objects.requireNonNull(tracker, "tracker"));
        }
        TreeSet<Duration> windows = new TreeSet<>();
        for (BurnRateRule rule : policy.rules()) {
            windows.add(rule.shortWindow());
            windows.add(rule.longWindow());
        }
        return new SloMetrics(List.copyOf(copy), List.copyOf(windows));
    }

    /**
     * Returns the burn-rate windows this binder exposes, shortest first.
     *
     * @return an unmodifiable list
     */
    public List<Duration> windows() {
        return windows;
    }

    @Override
    public void bindTo(MeterRegistry meterRegistry) {
        Objects.requireNonNull(meterRegistry, "meterRegistry");
        if (!bindings.bind(meterRegistry)) {
            return; // bound already
        }
        for (SloTracker tracker : trackers) {
            bindings.whileBound(meterRegistry, () -> {
                bindings.own(meterRegistry, "slo", tracker.slo().name());
                bind(tracker, meterRegistry);
            });
        }
    }

    /**
     * Stops feeding {@code meterRegistry}: closes this binder's subscriptions for it and removes the meters
     * it registered there (every meter tagged with the {@code slo} of a bound tracker, meters of another binder for the same SLO included). Binding it again later starts afresh.
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

    private void bind(SloTracker tracker, MeterRegistry meterRegistry) {
        bind(tracker, meterRegistry, Tags.empty());
    }

    /** Binds one tracker's meters, tagged {@code slo} and {@code extra} (an SLO group's label). */
    void bind(SloTracker tracker, MeterRegistry meterRegistry, Tags extra) {
        Tags tags = Tags.of("slo", tracker.slo().name()).and(extra);
        // Function counters hold the tracker weakly; the gauges below hold it strongly.
        FunctionCounter.builder("nines.slo.events", tracker, SloTracker::totalGood)
                .description("Events recorded by the SLO tracker, by kind (good or bad)")
                .tags(tags)
                .tag("kind", "good")
                .register(meterRegistry);
        FunctionCounter.builder("nines.slo.events", tracker, SloTracker::totalBad)
                .description("Events recorded by the SLO tracker, by kind (good or bad)")
                .tags(tags)
                .tag("kind", "bad")
                .register(meterRegistry);
        Gauge.builder(
                        "nines.slo.budget.remaining.ratio",
                        tracker,
                        t -> t.errorBudget().remainingRatio())
                .description("Error budget left in the current window: 1 untouched, 0 spent, negative overspent")
                .tags(tags)
                .strongReference(true)
                .register(meterRegistry);
        Gauge.builder("nines.slo.compliance.ratio", tracker, SloTracker::compliance)
                .description("The SLI over the current window, 0..1")
                .tags(tags)
                .strongReference(true)
                .register(meterRegistry);
        for (ExclusionKind kind : ExclusionKind.values()) {
            Gauge.builder("nines.slo.excluded", tracker, t -> t.hasActiveExclusion(kind) ? 1 : 0)
                    .description("1 while an exclusion of this kind is in effect, else 0")
                    .tags(tags)
                    .tag("exclusion", kind.name().toLowerCase(Locale.ROOT))
                    .strongReference(true)
                    .register(meterRegistry);
        }
        Gauge.builder(
                        "nines.slo.maintenance.alert.above.error.ratio",
                        tracker,
                        t -> t.activeMaintenance()
                                .map(Exclusion::alertAboveErrorRatio)
                                .orElse(1.0))
                .description("Error ratio above which alerts fire during the maintenance window in effect; 1 if none")
                .tags(tags)
                .strongReference(true)
                .register(meterRegistry);
        for (Duration window : windows) {
            Gauge.builder("nines.slo.burn.rate", tracker, t -> t.burnRate(window))
                    .description("Error ratio over the window divided by the error budget ratio")
                    .tags(tags)
                    .tag("window", windowTag(window))
                    .strongReference(true)
                    .register(meterRegistry);
        }
    }

    /** Formats a window as Prometheus writes durations, in its largest whole unit: 5m, 1h, 3d, 90s. */
    static String windowTag(Duration window) {
        long millis = window.toMillis();
        long[] units = {86_400_000L, 3_600_000L, 60_000L, 1_000L};
        String[] names = {"d", "h", "m", "s"};
        for (int i = 0; i < units.length; i++) {
            if (millis % units[i] == 0) {
                return millis / units[i] + names[i];
            }
        }
        return millis + "ms";
    }
}
