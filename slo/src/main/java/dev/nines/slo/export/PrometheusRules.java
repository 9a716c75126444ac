package dev.nines.slo.export;

import dev.nines.core.internal.Arguments;
import dev.nines.slo.Slo;
import dev.nines.slo.SloWindow;
import dev.nines.slo.alert.BurnRateAlertPolicy;
import dev.nines.slo.alert.BurnRateRule;
import dev.nines.slo.alert.Severity;
import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Prometheus recording and alert rules for one {@link Slo}, in Sloth's names and shape, over the
 * event counters and exclusion gauges that {@code dev.nines.slo.micrometer.SloMetrics} exports
 * ({@code nines_slo_events_total{slo="...",kind="good"|"bad"}} and
 * {@code nines_slo_excluded{slo="...",exclusion="maintenance"|"force_majeure"|"no_data"}}), so
 * that the fleet-wide view of an SLO declared in code lives in Prometheus and agrees with the
 * in-process {@code SloTracker}.
 *
 * <h2>Exact ratios from cheap sums</h2>
 * Every error ratio, over each alert window and over the SLO period, is a ratio of sums: bad
 * events counted in the window divided by all events counted in the window, the same quantity
 * {@code SloTracker.burnRate} divides by the budget. (Sloth instead averages the 5-minute ratio
 * over the period, which drifts from the true ratio whenever traffic varies.) To keep the rules
 * cheap, no rule reads a long range of raw counters. The group {@code nines-slo-sli-<slo>}
 * runs with its own {@code interval:} equal to the {@linkplain Builder#step(Duration) step}
 * {@code S} (1 minute by default), and:
 * <ol>
 *   <li>records the counted increase over the last step, summed over every instance:
 *       {@code slo:sli_bad_events:increase<S>} and {@code slo:sli_events:increase<S>}, from
 *       {@code increase(nines_slo_events_total[S])}. Because the window equals the evaluation
 *       interval, consecutive samples cover consecutive, non-overlapping steps;</li>
 *   <li>records {@code slo:sli_error:ratio_rate<w>} for every window {@code w} of the alert policy
 *       and for the period as {@code sum_over_time(bad[w - S/2]) / sum_over_time(total[w - S/2])}.
 *       The rules of a group run in order at one timestamp, so the step samples sit exactly at
 *       {@code T, T - S, T - 2S, ...}; a range of {@code w - S/2} holds exactly {@code w / S} of them
 *       whether the Prometheus version treats the range start as open (3.x) or closed (2.x).</li>
 * </ol>
 * A 30-day period with a 1-minute step sums 43,200 samples of two recorded series per step, instead
 * of a 30-day range over every raw counter of every instance. Windows and period must be whole
 * multiples of the step. The step bounds the error: an alert window moves in steps of {@code S};
 * {@code increase()} extrapolates the events between the last scrape of one step and the first
 * of the next, with the same factor for bad and total events (they come from the same scrape), so
 * the ratio of a window is the ratio over the observed events.
 *
 * <h2>Exclusions</h2>
 * Each replica exports a 0/1 gauge per exclusion kind, 1 while an exclusion of that kind contains
 * the present instant. The step increases drop an instance's events of every step in which any
 * of its exclusion gauges read 1 at a scrape ({@code unless ignoring (kind, exclusion, ...)
 * max_over_time(nines_slo_excluded[S]) > 0}), so maintenance windows, force majeure and no-data
 * intervals that are declared while they happen are excluded in Prometheus as in the tracker;
 * Prometheus rounds them outwards to whole steps (the tracker to 10 seconds). While any instance
 * reports a maintenance window, the alerts follow {@code SloAlerts}: a rule holds only when its
 * short window's error ratio over all events (excluded ones included, from the raw step increases
 * {@code slo:sli_raw_bad_events:increase<S>} and {@code slo:sli_raw_events:increase<S>}) exceeds
 * the window's {@code alertAboveErrorRatio}, which each replica exports as
 * {@code nines_slo_maintenance_alert_above_error_ratio} (1 outside maintenance; the lowest value of
 * any instance applies, as the tracker takes the lowest of overlapping windows), and then both its
 * windows are judged on all events. With the default ratio of 1 nothing alerts during
 * maintenance. An exclusion declared after
 * the fact (a retroactive {@code tracker.exclude(Exclusion.forceMajeure(...))} or
 * {@code markNoData}) cannot rewrite samples Prometheus already recorded: the tracker excludes
 * those events at once, while Prometheus keeps counting them until they leave each window (the
 * period at the latest), so Prometheus shows less budget left than the tracker. Silence or
 * annotate the alert by hand; the in-process report is the authority on such intervals.
 *
 * <h2>Rule groups and alert timing</h2>
 * <ul>
 *   <li>{@code nines-slo-sli-<slo>} ({@code interval:} the step): the two counted step increases
 *       and the two raw ones, then {@code slo:sli_error:ratio_rate<w>} for every long and short
 *       window of the alert policy (5m, 30m, 1h, 2h, 6h, 1d, 3d for
 *       {@link BurnRateAlertPolicy#sreWorkbook()}) and for the period, then
 *       {@code slo:current_burn_rate:ratio}, {@code slo:period_burn_rate:ratio} and
 *       {@code slo:period_error_budget_remaining:ratio}, then the alerts: one multi-window,
 *       multi-burn-rate alert per severity (and pending time): for each of its rules, the short
 *       and the long window's error ratio both above {@code factor x (1 - objective)}
 *       ({@code and}), the rules joined by {@code or}. For a 30-day SLO and the SRE Workbook
 *       policy: page on 14.4 (5m and 1h) or 6 (30m and 6h), ticket on 3 (2h and 1d) or 1 (6h and
 *       3d). With {@code minimumEvents > 0} a rule also needs that many events in its long
 *       window;</li>
 *   <li>{@code nines-slo-meta-recordings-<slo>}: {@code slo:objective:ratio},
 *       {@code slo:error_budget:ratio}, {@code slo:time_period:days} and {@code nines_slo_info}.</li>
 * </ul>
 * The rules of a group run in order at one timestamp, so every alert reads the ratios recorded
 * in the same evaluation: an alert (without a pending time) fires at the first evaluation of the
 * group whose scraped data show the burn, within one evaluation interval (the step) of the
 * scrape that brought the data, with no lag from one group to another. Set the step to the
 * evaluation interval you would give the alerts (1 minute, Prometheus's default, by default).
 *
 * <p>21 rules per SLO with the SRE Workbook policy (23 with the no-data alerts below, and the
 * watchdog once per file). Every rule carries the labels {@code slo} (and
 * {@code window} on ratio rules) plus the SLO's labels (keys made valid Prometheus label names:
 * other characters become {@code _}); alerts add {@code severity} ({@code page} or
 * {@code ticket}; rules with a pending time become separate alerts labelled {@code pending_for})
 * and the annotations {@code title}, {@code summary} and, if the SLO has one,
 * {@code description}. With {@link Builder#aggregateBy(String)} every sum keeps the given labels,
 * so each value (a route, a tenant) gets its own ratios and alerts.
 *
 * <h2>Watching the watcher</h2>
 * A dead exporter must not read as a healthy SLO: with no samples, every ratio above is empty and
 * no burn-rate alert can fire. Two more groups watch the monitoring itself (see
 * {@link Builder#noDataAlerts(boolean)} and {@link Builder#watchdog(boolean)}):
 * <ul>
 *   <li>{@code nines-slo-nodata-alerts-<slo>}: {@link #noDataAlertName()} fires when no replica has
 *       reported the event counter for {@link Builder#noDataAfter(Duration) noDataAfter}
 *       ({@code absent_over_time}, severity {@code page} by default), and
 *       {@link #replicaNoDataAlertName()} (severity {@code ticket}) once per replica that stopped
 *       reporting, or per {@linkplain Builder#expectedReplicas(java.util.Collection) expected
 *       replica} never seen; both with the SLO's labels and the {@code title}, {@code summary}
 *       annotations;</li>
 *   <li>{@value #WATCHDOG_GROUP}, once per file: {@value #WATCHDOG_ALERT}, always firing
 *       ({@code vector(1)}, {@code severity: none}), for a dead man's switch outside Prometheus.</li>
 * </ul>
 *
 * <h2>Template safety</h2>
 * Prometheus expands alert label values and annotations as Go templates. User text (the SLO name,
 * its label values and description) is escaped there: every <code>&#123;&#123;</code> becomes
 * <code>&#123;&#123; "&#123;&#123;" &#125;&#125;</code>, which prints the two braces. Text that
 * Prometheus cannot carry (a lone UTF-16 surrogate) and label keys that collide once sanitised are rejected with an
 * {@link IllegalArgumentException} naming the field.
 *
 * <p>Prometheus has no calendar windows: a calendar month counts as 30 days and a calendar week as
 * 7 days (Sloth's default period). The rules are event-based also for time-slice budgeting.
 *
 * <p>Immutable and thread-safe. Bad input raises {@link IllegalArgumentException} naming the field.
 *
 * <pre>{@code
 * String yaml = PrometheusRules.builder(slo)
 *         .alertPolicy(BurnRateAlertPolicy.sreWorkbook())
 *         .matcher("job", "checkout")          // optional extra selector on the counters
 *         .aggregateBy("route")                // optional: one SLO per route
 *         .build()
 *         .toYaml();                            // promtool check rules accepts it
 * }</pre>
 */
public final class PrometheusRules {

    /** The Prometheus name of the event counter that {@code SloMetrics} registers. */
    public static final String EVENTS_METRIC = "nines_slo_events_total";

    /** The Prometheus name of the 0/1 exclusion gauge that {@code SloMetrics} registers. */
    public static final String EXCLUDED_METRIC = "nines_slo_excluded";

    /**
     * The Prometheus name of the gauge that {@code SloMetrics} registers with the
     * {@code alertAboveErrorRatio} of the maintenance window in effect (1 when none is).
     */
    public static final String MAINTENANCE_RATIO_METRIC = "nines_slo_maintenance_alert_above_error_ratio";

    /** The default step of the increase recordings and of the SLI group's evaluation. */
    public static final Duration DEFAULT_STEP = Duration.ofMinutes(1);

    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Set<String> RESERVED_LABELS =
            Set.of("slo", "window", "severity", "kind", "exclusion", "pending_for", "alertname");

    private final Slo slo;
    private final BurnRateAlertPolicy policy;
    private final String alertName;
    private final String eventsMetric;
    private final String excludedMetric;
    private final String maintenanceRatioMetric;
    private final Map<String, String> matchers;
    private final List<String> aggregateBy;
    private final Duration step;
    private final Duration period;
    private final List<Duration> windows;
    private final Map<String, String> labels;
    // Watching the watcher (issue 22): no-data alerts and the watchdog.
    private final @Nullable Duration noDataAfter; // null: no no-data alerts
    private final Duration replicaLookback;
    private final String replicaLabel;
    private final List<String> expectedReplicas;
    private final Severity noDataSeverity;
    private final boolean watchdog;

    private PrometheusRules(Builder b) {
        this.slo = b.slo;
        this.policy = b.policy;
        this.alertName = b.alertName != null ? b.alertName : defaultAlertName(b.slo.name());
        this.eventsMetric = b.eventsMetric;
        this.excludedMetric = b.excludedMetric;
        this.maintenanceRatioMetric = b.maintenanceRatioMetric;
        this.matchers = new LinkedHashMap<>(b.matchers);
        this.aggregateBy = List.copyOf(b.aggregateBy);
        this.step = b.step;
        this.period = period(b.slo.window());
        TreeSet<Duration> w = new TreeSet<>();
        for (BurnRateRule rule : policy.rules()) {
            w.add(rule.shortWindow());
            w.add(rule.longWindow());
        }
        this.windows = List.copyOf(w);
        requireMultipleOfStep("period", period);
        for (Duration window : windows) {
            requireMultipleOfStep("window", window);
        }
        checkText("slo name", slo.name());
        checkText("description", slo.description());
        Map<String, String> l = new TreeMap<>();
        for (Map.Entry<String, String> e : slo.labels().entrySet()) {
            String key = labelName(e.getKey());
            if (RESERVED_LABELS.contains(key) || key.startsWith("__")) {
                throw new IllegalArgumentException("label key must not be reserved ("
                        + String.join(", ", new TreeSet<>(RESERVED_LABELS)) + ", __*), was '" + e.getKey() + "'");
            }
            if (aggregateBy.contains(key)) {
                throw new IllegalArgumentException("label key must differ from the aggregateBy labels " + aggregateBy
                        + ", was '" + e.getKey() + "'");
            }
            checkText("label '" + e.getKey() + "' value", e.getValue());
            String previous = l.put(key, e.getValue());
            if (previous != null) {
                throw new IllegalArgumentException("label keys must stay distinct as Prometheus label names, was '"
                        + e.getKey() + "' (becomes '" + key + "' like another key)");
            }
        }
        this.labels = l;
        this.noDataAfter = b.noDataAfter;
        this.replicaLookback = b.replicaLookback;
        this.replicaLabel = b.replicaLabel;
        this.expectedReplicas = List.copyOf(b.expectedReplicas);
        this.noDataSeverity = b.noDataSeverity;
        this.watchdog = b.watchdog;
        if (noDataAfter != null && replicaLookback.compareTo(noDataAfter) <= 0) {
            throw new IllegalArgumentException("replicaLookback must be longer than noDataAfter "
                    + promDuration(noDataAfter) + ", was " + promDuration(replicaLookback));
        }
        if (noDataAfter != null && labels.containsKey(replicaLabel)) {
            throw new IllegalArgumentException("replicaLabel must differ from the SLO's label keys " + labels.keySet()
                    + ", was '" + replicaLabel + "'");
        }
        if (noDataAfter != null && aggregateBy.contains(replicaLabel)) {
            throw new IllegalArgumentException("replicaLabel must differ from the aggregateBy labels " + aggregateBy
                    + ", was '" + replicaLabel + "'");
        }
    }

    private void requireMultipleOfStep(String field, Duration d) {
        if (d.toMillis() % step.toMillis() != 0) {
            throw new IllegalArgumentException(
                    field + " must be a whole multiple of the step " + promDuration(step) + ", was " + promDuration(d));
        }
    }

    /** Rejects text Prometheus cannot carry as a UTF-8 label value: a lone UTF-16 surrogate. */
    private static void checkText(String field, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException(
                        field + " must be valid Unicode, was '" + text + "' with a lone surrogate at index " + i);
            }
        }
    }

    /**
     * Returns a builder for the rules of {@code slo}, with the SRE Workbook alert policy.
     *
     * @param slo the SLO
     * @return a new builder
     */
    public static Builder builder(Slo slo) {
        return new Builder(slo);
    }

    /**
     * Returns the rules of {@code slo} with the defaults: the SRE Workbook policy, no extra matcher.
     *
     * @param slo the SLO
     * @return the rules
     */
    public static PrometheusRules of(Slo slo) {
        return builder(slo).build();
    }

    /**
     * Returns the SLO period the rules use: a rolling window's length, 30 days for a calendar month,
     * 7 days for a calendar week.
     *
     * @param window the SLO window
     * @return the period
     */
    public static Duration period(SloWindow window) {
        Objects.requireNonNull(window, "window");
        if (window instanceof SloWindow.Rolling rolling) {
            return rolling.length();
        }
        return window instanceof SloWindow.CalendarMonth ? Duration.ofDays(30) : Duration.ofDays(7);
    }

    /**
     * Formats a duration as PromQL does, in its largest whole unit: {@code 5m}, {@code 1h},
     * {@code 30d}, {@code 90s}, {@code 1500ms}.
     *
     * @param duration a positive duration
     * @return the PromQL duration
     * @throws IllegalArgumentException if {@code duration} is not positive or has sub-millisecond parts
     */
    public static String promDuration(Duration duration) {
        Arguments.positive("duration", duration);
        if (duration.toNanosPart() % 1_000_000 != 0) {
            throw new IllegalArgumentException("duration must be a whole number of milliseconds, was " + duration);
        }
        long millis = duration.toMillis();
        long[] units = {86_400_000L, 3_600_000L, 60_000L, 1_000L};
        String[] names = {"d", "h", "m", "s"};
        for (int i = 0; i < units.length; i++) {
            if (millis % units[i] == 0) {
                return millis / units[i] + names[i];
            }
        }
        return millis + "ms";
    }

    /**
     * Returns the name of the alerts (the same for both severities, as Sloth does).
     *
     * @return the alert name
     */
    public String alertName() {
        return alertName;
    }

    /**
     * Returns the windows of the SLI recording rules other than the period, shortest first.
     *
     * @return an unmodifiable list
     */
    public List<Duration> windows() {
        return windows;
    }

    /**
     * Returns the rules as a Prometheus rule file ({@code groups:} with two groups).
     * {@code promtool check rules} accepts it whatever text the SLO holds.
     *
     * @return the YAML text
     */
    public String toYaml() {
        StringBuilder out = new StringBuilder("groups:\n");
        appendGroups(out);
        appendNoDataGroup(out);
        if (watchdog) {
            appendWatchdogGroup(out);
        }
        return out.toString();
    }

    /**
     * Returns one rule file holding the groups of several SLOs (their names must differ).
     *
     * @param rules the rules of each SLO
     * @return the YAML text
     */
    public static String toYaml(Iterable<PrometheusRules> rules) {
        Objects.requireNonNull(rules, "rules");
        StringBuilder out = new StringBuilder("groups:\n");
        boolean watchdog = false;
        for (PrometheusRules r : rules) {
            Objects.requireNonNull(r, "rules").appendGroups(out);
            r.appendNoDataGroup(out);
            watchdog |= r.watchdog;
        }
        if (watchdog) {
            appendWatchdogGroup(out); // one per file
        }
        return out.toString();
    }

    /**
     * Writes {@link #toYaml()} to {@code out}.
     *
     * @param out the writer, not closed
     * @throws IOException if writing fails
     */
    public void writeTo(Writer out) throws IOException {
        Objects.requireNonNull(out, "out").write(toYaml());
    }

    // ------------------------------------------------------------------------------ generation

    /**
     * Returns the step: the window of the increase recordings and the evaluation interval of the
     * SLI recording group.
     *
     * @return the step
     */
    public Duration step() {
        return step;
    }

    /**
     * Returns the labels every sum keeps (see {@link Builder#aggregateBy(String)}).
     *
     * @return an unmodifiable list, in the order added
     */
    public List<String> aggregateBy() {
        return aggregateBy;
    }

    /**
     * Returns the name of the recorded step increase of bad events, e.g.
     * {@code slo:sli_bad_events:increase1m}.
     *
     * @return the recording name
     */
    public String badIncreaseRecord() {
        return "slo:sli_bad_events:increase" + promDuration(step);
    }

    /**
     * Returns the name of the recorded step increase of all counted events, e.g.
     * {@code slo:sli_events:increase1m}.
     *
     * @return the recording name
     */
    public String totalIncreaseRecord() {
        return "slo:sli_events:increase" + promDuration(step);
    }

    private String sumBy() {
        return aggregateBy.isEmpty() ? "sum" : "sum by (" + String.join(", ", aggregateBy) + ")";
    }

    /** The counted (not excluded) increase over one step, summed over instances. */
    private String countedIncrease(Map<String, String> kind) {
        String s = promDuration(step);
        List<String> ignoring = new ArrayList<>(List.of("kind", "exclusion"));
        ignoring.addAll(aggregateBy);
        return sumBy() + " (\n  increase(" + eventsMetric + selector(kind) + "[" + s + "])\n  unless ignoring ("
                + String.join(", ", ignoring) + ")\n  (max_over_time(" + excludedMetric + selector(Map.of())
                + "[" + s + "]) > 0)\n)";
    }

    /** Every event's increase over one step, excluded or not, summed over instances. */
    private String rawIncrease(Map<String, String> kind) {
        return sumBy() + " (\n  increase(" + eventsMetric + selector(kind) + "[" + promDuration(step) + "])\n)";
    }

    /**
     * Returns the name of the recorded step increase of every bad event, excluded or not (the alerts
     * judge maintenance windows on all events), e.g. {@code slo:sli_raw_bad_events:increase1m}.
     *
     * @return the recording name
     */
    public String rawBadIncreaseRecord() {
        return "slo:sli_raw_bad_events:increase" + promDuration(step);
    }

    /**
     * Returns the name of the recorded step increase of every event, excluded or not, e.g.
     * {@code slo:sli_raw_events:increase1m}.
     *
     * @return the recording name
     */
    public String rawTotalIncreaseRecord() {
        return "slo:sli_raw_events:increase" + promDuration(step);
    }

    /** A range that holds exactly {@code w / step} step samples. */
    private String stepRange(Duration w) {
        return "[" + promDuration(w.minus(step.dividedBy(2))) + "]";
    }

    /** The error ratio of every event (excluded or not) over {@code w}, from the raw step increases. */
    private String rawRatio(Duration w, String sel) {
        return "(sum_over_time(" + rawBadIncreaseRecord() + sel + stepRange(w) + ") / sum_over_time("
                + rawTotalIncreaseRecord() + sel + stepRange(w) + "))";
    }

    private void appendGroups(StringBuilder out) {
        String sel = "{slo=" + promString(slo.name()) + "}"; // recording rules carry no matcher labels
        List<Duration> all = new ArrayList<>(windows);
        if (windows.isEmpty()) {
            all.add(step.multipliedBy(Math.max(1, Duration.ofMinutes(5).toMillis() / step.toMillis())));
        }
        String shortest = promDuration(all.get(0));
        List<Rule> sli = new ArrayList<>();
        sli.add(Rule.record(badIncreaseRecord(), countedIncrease(Map.of("kind", "bad")), sloLabels()));
        sli.add(Rule.record(totalIncreaseRecord(), countedIncrease(Map.of()), sloLabels()));
        sli.add(Rule.record(rawBadIncreaseRecord(), rawIncrease(Map.of("kind", "bad")), sloLabels()));
        sli.add(Rule.record(rawTotalIncreaseRecord(), rawIncrease(Map.of()), sloLabels()));
        if (!all.contains(period)) {
            all.add(period);
        }
        for (Duration w : all) {
            String d = promDuration(w);
            sli.add(Rule.record(
                    "slo:sli_error:ratio_rate" + d,
                    "sum_over_time(" + badIncreaseRecord() + sel + stepRange(w) + ")\n/\n" + "sum_over_time("
                            + totalIncreaseRecord() + sel + stepRange(w) + ")",
                    sliLabels(d)));
        }
        String p = promDuration(period);
        String budget = decimal(BigDecimal.ONE.subtract(new BigDecimal(Double.toString(slo.objective()))));
        String objective = decimal(new BigDecimal(Double.toString(slo.objective())));
        // Burn rates and budget in the same group, after the ratios: consistent at every evaluation.
        sli.add(Rule.record(
                "slo:current_burn_rate:ratio",
                "slo:sli_error:ratio_rate" + shortest + sel + "\n/ (1 - " + objective + ")",
                sloLabels()));
        sli.add(Rule.record(
                "slo:period_burn_rate:ratio",
                "slo:sli_error:ratio_rate" + p + sel + "\n/ (1 - " + objective + ")",
                sloLabels()));
        sli.add(Rule.record(
                "slo:period_error_budget_remaining:ratio", "1 - slo:period_burn_rate:ratio" + sel, sloLabels()));
        // The alerts follow in the same group: they read the ratios of the same evaluation, so an
        // alert fires at the first evaluation whose scraped data show the burn.
        sli.addAll(alerts(sel, budget));
        appendGroup(out, sliGroupName(), step, sli);

        List<Rule> meta = new ArrayList<>();
        meta.add(Rule.record("slo:objective:ratio", "vector(" + objective + ")", sloLabels()));
        meta.add(Rule.record("slo:error_budget:ratio", "vector(1 - " + objective + ")", sloLabels()));
        meta.add(Rule.record(
                "slo:time_period:days",
                "vector("
                        + decimal(BigDecimal.valueOf(period.toMillis())
                                .divide(BigDecimal.valueOf(86_400_000L), MathContext.DECIMAL64))
                        + ")",
                sloLabels()));
        Map<String, String> info = sloLabels();
        info.put("nines_objective", objective);
        info.put("nines_period", p);
        meta.add(Rule.record("nines_slo_info", "vector(1)", info));
        appendGroup(out, "nines-slo-meta-recordings-" + slo.name(), null, meta);
    }

    /**
     * Returns the name of the group that records the step increases and ratios and evaluates the
     * alerts: {@code nines-slo-sli-<slo>}.
     *
     * @return the group name
     */
    public String sliGroupName() {
        return "nines-slo-sli-" + slo.name();
    }

    /** One alert per severity (and pending time): counted events outside maintenance, all events inside. */
    private List<Rule> alerts(String sel, String budget) {
        List<Rule> alerts = new ArrayList<>();
        Map<String, List<BurnRateRule>> bySeverity = new LinkedHashMap<>();
        for (Severity severity : Severity.values()) {
            for (BurnRateRule rule : policy.rules()) {
                if (rule.severity() == severity) {
                    bySeverity
                            .computeIfAbsent(severity + "/" + rule.pendingFor(), k -> new ArrayList<>())
                            .add(rule);
                }
            }
        }
        String maintenance =
                "(max by (slo) (" + excludedMetric + selector(Map.of("exclusion", "maintenance")) + ") > 0)";
        String alertAbove = "min by (slo) (" + maintenanceRatioMetric + selector(Map.of()) + ")";
        for (List<BurnRateRule> group : bySeverity.values()) {
            StringBuilder counted = new StringBuilder();
            StringBuilder all = new StringBuilder();
            for (BurnRateRule rule : group) {
                if (counted.length() > 0) {
                    counted.append("\n    or\n");
                    all.append("\n    or\n");
                }
                String threshold =
                        "(" + decimal(new BigDecimal(Double.toString(rule.factor(period)))) + " * " + budget + ")";
                counted.append("    (\n      max(slo:sli_error:ratio_rate")
                        .append(promDuration(rule.shortWindow()))
                        .append(sel)
                        .append(" > ")
                        .append(threshold)
                        .append(") without (window)\n      and\n")
                        .append("      max(slo:sli_error:ratio_rate")
                        .append(promDuration(rule.longWindow()))
                        .append(sel)
                        .append(" > ")
                        .append(threshold)
                        .append(") without (window)");
                // Inside maintenance, as SloAlerts: every event counts, and the short window's error
                // ratio must also exceed the window's alertAboveErrorRatio (the lowest any instance reports).
                all.append("    (\n      ")
                        .append(rawRatio(rule.shortWindow(), sel))
                        .append(" > ")
                        .append(threshold)
                        .append("\n      and\n      ")
                        .append(rawRatio(rule.longWindow(), sel))
                        .append(" > ")
                        .append(threshold)
                        .append("\n      and\n      ")
                        .append(rawRatio(rule.shortWindow(), sel))
                        .append(" > on (slo) group_left ()\n      ")
                        .append(alertAbove);
                if (policy.minimumEvents() > 0) {
                    counted.append("\n      and\n      sum_over_time(")
                            .append(totalIncreaseRecord())
                            .append(sel)
                            .append(stepRange(rule.longWindow()))
                            .append(") >= ")
                            .append(policy.minimumEvents());
                    all.append("\n      and\n      sum_over_time(")
                            .append(rawTotalIncreaseRecord())
                            .append(sel)
                            .append(stepRange(rule.longWindow()))
                            .append(") >= ")
                            .append(policy.minimumEvents());
                }
                counted.append("\n    )");
                all.append("\n    )");
            }
            String expr = "(\n  (\n" + counted + "\n  )\n  unless on (slo)\n  " + maintenance + "\n)\nor\n(\n  (\n"
                    + all + "\n  )\n  and on (slo)\n  " + maintenance + "\n)";
            String severity = group.get(0).severity().name().toLowerCase(Locale.ROOT);
            Map<String, String> l = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : sloLabels().entrySet()) {
                l.put(e.getKey(), goTemplateText(e.getValue()));
            }
            l.put("severity", severity);
            if (!group.get(0).pendingFor().isZero()) {
                l.put("pending_for", promDuration(group.get(0).pendingFor())); // keeps the alerts of a severity apart
            }
            Map<String, String> annotations = new LinkedHashMap<>();
            annotations.put("title", "(" + severity + ") {{$labels.slo}} SLO error budget burn rate is too fast.");
            annotations.put("summary", "SLO '" + goTemplateText(slo.name()) + "' is burning its error budget too fast");
            if (!slo.description().isEmpty()) {
                annotations.put("description", goTemplateText(slo.description()));
            }
            alerts.add(Rule.alert(alertName, expr, group.get(0).pendingFor(), l, annotations));
        }
        return alerts;
    }

    /**
     * Escapes text for a Go template (Prometheus alert labels and annotations): every
     * <code>&#123;&#123;</code> becomes an action that prints it, so the text expands to itself.
     */
    static String goTemplateText(String text) {
        return text.replace("{{", "{{ \"{{\" }}");
    }

    private Map<String, String> sloLabels() {
        Map<String, String> l = new LinkedHashMap<>();
        l.put("slo", slo.name());
        l.putAll(labels);
        return l;
    }

    private Map<String, String> sliLabels(String window) {
        Map<String, String> l = sloLabels();
        l.put("window", window);
        return l;
    }

    /** The counter selector: {@code {slo="name", k="v", ...}} with the extra matchers and {@code extra}. */
    private String selector(Map<String, String> extra) {
        StringBuilder s = new StringBuilder("{slo=").append(promString(slo.name()));
        for (Map.Entry<String, String> e : matchers.entrySet()) {
            s.append(", ").append(e.getKey()).append('=').append(promString(e.getValue()));
        }
        for (Map.Entry<String, String> e : extra.entrySet()) {
            s.append(", ").append(e.getKey()).append('=').append(promString(e.getValue()));
        }
        return s.append('}').toString();
    }

    /** One recording rule or alerting rule of a group. */
    private static final class Rule {
        final boolean recording; // true: a recording rule named name; false: an alert named name
        final String name;
        final String expr;
        final Duration pendingFor;
        final Map<String, String> labels;
        final Map<String, String> annotations;

        private Rule(
                boolean recording,
                String name,
                String expr,
                Duration pendingFor,
                Map<String, String> labels,
                Map<String, String> annotations) {
            this.recording = recording;
            this.name = name;
            this.expr = expr;
            this.pendingFor = pendingFor;
            this.labels = labels;
            this.annotations = annotations;
        }

        static Rule record(String name, String expr, Map<String, String> labels) {
            return new Rule(true, name, expr, Duration.ZERO, labels, Map.of());
        }

        static Rule alert(
                String name,
                String expr,
                Duration pendingFor,
                Map<String, String> labels,
                Map<String, String> annotations) {
            return new Rule(false, name, expr, pendingFor, labels, annotations);
        }
    }

    private static void appendGroup(StringBuilder out, String name, @Nullable Duration interval, List<Rule> rules) {
        out.append("  - name: ").append(yamlString(name)).append('\n');
        if (interval != null) {
            out.append("    interval: ").append(promDuration(interval)).append('\n');
        }
        out.append("    rules:\n");
        for (Rule rule : rules) {
            if (rule.recording) {
                out.append("      - record: ").append(yamlString(rule.name)).append('\n');
            } else {
                out.append("      - alert: ").append(yamlString(rule.name)).append('\n');
            }
            out.append("        expr: |-\n");
            for (String line : rule.expr.split("\n", -1)) {
                out.append("          ").append(line).append('\n');
            }
            if (!rule.pendingFor.isZero()) {
                out.append("        for: ")
                        .append(promDuration(rule.pendingFor))
                        .append('\n');
            }
            appendMap(out, "labels", rule.labels);
            appendMap(out, "annotations", rule.annotations);
        }
    }

    private static void appendMap(StringBuilder out, String key, Map<String, String> map) {
        if (map.isEmpty()) {
            return;
        }
        out.append("        ").append(key).append(":\n");
        for (Map.Entry<String, String> e : map.entrySet()) {
            out.append("          ")
                    .append(e.getKey())
                    .append(": ")
                    .append(yamlString(e.getValue()))
                    .append('\n');
        }
    }

    // -------------------------------------------------------------------------------- escaping

    /**
     * A YAML double-quoted scalar: any string, printable in the file (characters outside YAML's
     * printable set, such as controls, U+FFFE and U+FFFF, become escapes).
     */
    static String yamlString(String s) {
        return '"' + escape(s) + '"';
    }

    /** A PromQL double-quoted string literal (Go escapes); printable, so safe in a YAML block. */
    static String promString(String s) {
        return '"' + escape(s) + '"';
    }

    private static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c == '\n') {
                b.append("\\n");
            } else if (c == '\t') {
                b.append("\\t");
            } else if (c < 0x20
                    || (c >= 0x7f && c <= 0x9f)
                    || c == '\u2028'
                    || c == '\u2029'
                    || c == '\ufeff'
                    || c == '\ufffe'
                    || c == '\uffff'
                    || Character.isSurrogate(c)) { // YAML's unprintable
                if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    b.append(c).append(s.charAt(++i));
                } else {
                    b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                }
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    static String labelName(String key) {
        StringBuilder b = new StringBuilder(key.length() + 1);
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (c >= '0' && c <= '9');
            b.append(ok ? c : '_');
        }
        if (b.length() == 0 || Character.isDigit(b.charAt(0))) {
            b.insert(0, '_');
        }
        return b.toString();
    }

    static String decimal(BigDecimal value) {
        BigDecimal v = value.round(new MathContext(12)).stripTrailingZeros();
        return v.signum() == 0 ? "0" : v.toPlainString();
    }

    static String defaultAlertName(String sloName) {
        StringBuilder b = new StringBuilder();
        boolean upper = true;
        for (int i = 0; i < sloName.length(); i++) {
            char c = sloName.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
                b.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            } else {
                upper = true;
            }
        }
        if (b.length() == 0 || Character.isDigit(b.charAt(0))) {
            b.insert(0, "Slo");
        }
        return b.append("ErrorBudgetBurn").toString();
    }

    // ------------------------------------------------------------------ watching the watcher

    /** The name of the always-firing watchdog alert that {@link #toYaml()} adds once per rule file. */
    public static final String WATCHDOG_ALERT = "NinesWatchdog";

    /** The name of the group that holds the watchdog alert. */
    public static final String WATCHDOG_GROUP = "nines-watchdog";

    /** The default time without a sample after which the no-data alerts fire. */
    public static final Duration DEFAULT_NO_DATA_AFTER = Duration.ofMinutes(10);

    /** The default span over which a replica that stopped reporting is still remembered. */
    public static final Duration DEFAULT_REPLICA_LOOKBACK = Duration.ofHours(1);

    /**
     * Returns the name of the alert that fires when no replica reports the SLO's event counter:
     * the SLO name in PascalCase followed by {@code NoData} ({@code checkout}: {@code CheckoutNoData}).
     *
     * @return the alert name
     */
    public String noDataAlertName() {
        return alertBase(slo.name()) + "NoData";
    }

    /**
     * Returns the name of the alert that fires per replica that stopped reporting the SLO's event
     * counter: the SLO name in PascalCase followed by {@code ReplicaNoData}.
     *
     * @return the alert name
     */
    public String replicaNoDataAlertName() {
        return alertBase(slo.name()) + "ReplicaNoData";
    }

    /**
     * Returns how long the event counter must go without a sample before the no-data alerts fire,
     * or empty if the rules have no no-data alerts ({@link Builder#noDataAlerts(boolean)}).
     *
     * @return the no-data delay
     */
    public Optional<Duration> noDataAfter() {
        return Optional.ofNullable(noDataAfter);
    }

    static String alertBase(String sloName) {
        String name = defaultAlertName(sloName);
        return name.substring(0, name.length() - "ErrorBudgetBurn".length());
    }

    /**
     * The group {@code nines-slo-nodata-alerts-<slo>}: one alert when the whole SLO has no data,
     * one per replica that stopped reporting (and per expected replica that never did).
     */
    private void appendNoDataGroup(StringBuilder out) {
        if (noDataAfter == null) {
            return;
        }
        String after = promDuration(noDataAfter);
        String events = eventsMetric + selector(Map.of());
        List<Rule> alerts = new ArrayList<>();

        Map<String, String> sloAlertLabels = templateLabels();
        String severity = noDataSeverity.name().toLowerCase(Locale.ROOT);
        sloAlertLabels.put("severity", severity);
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("title", "(" + severity + ") {{$labels.slo}} SLO has no data.");
        annotations.put(
                "summary",
                "No replica has reported the events of SLO '" + goTemplateText(slo.name()) + "' for " + after
                        + ": its burn-rate alerts cannot fire");
        if (!slo.description().isEmpty()) {
            annotations.put("description", goTemplateText(slo.description()));
        }
        alerts.add(Rule.alert(
                noDataAlertName(),
                "absent_over_time(" + events + "[" + after + "])",
                Duration.ZERO,
                sloAlertLabels,
                annotations));

        String by = "group by (slo, " + replicaLabel + ")";
        StringBuilder replica = new StringBuilder()
                .append(by)
                .append(" (max_over_time(")
                .append(events)
                .append("[")
                .append(promDuration(replicaLookback))
                .append("]))\nunless\n")
                .append(by)
                .append(" (max_over_time(")
                .append(events)
                .append("[")
                .append(after)
                .append("]))");
        for (String expected : expectedReplicas) {
            replica.insert(0, "(\n")
                    .append("\n)\nor\n")
                    .append(by)
                    .append(" (absent_over_time(")
                    .append(eventsMetric)
                    .append(selector(Map.of(replicaLabel, expected)))
                    .append("[")
                    .append(after)
                    .append("]))");
        }
        Map<String, String> replicaLabels = templateLabels();
        replicaLabels.put("severity", "ticket");
        Map<String, String> replicaAnnotations = new LinkedHashMap<>();
        replicaAnnotations.put(
                "title", "(ticket) {{$labels.slo}} SLO has no data from replica {{$labels." + replicaLabel + "}}.");
        replicaAnnotations.put(
                "summary",
                "Replica {{$labels." + replicaLabel + "}} has not reported the events of SLO '"
                        + goTemplateText(slo.name()) + "' for " + after + ": the SLO ratios leave its traffic out");
        alerts.add(Rule.alert(
                replicaNoDataAlertName(), replica.toString(), Duration.ZERO, replicaLabels, replicaAnnotations));
        appendGroup(out, "nines-slo-nodata-alerts-" + slo.name(), null, alerts);
    }

    /** The SLO's labels escaped for alert labels (Go templates). */
    private Map<String, String> templateLabels() {
        Map<String, String> l = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : sloLabels().entrySet()) {
            l.put(e.getKey(), goTemplateText(e.getValue()));
        }
        return l;
    }

    /**
     * The group {@value #WATCHDOG_GROUP}: an alert that always fires, so that the alerting pipeline
     * (Prometheus, Alertmanager, the pager) can be checked end to end by a dead man's switch that
     * pages when the watchdog stops arriving.
     */
    private static void appendWatchdogGroup(StringBuilder out) {
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("title", "Watchdog: the alerting pipeline is alive.");
        annotations.put(
                "summary",
                "This alert always fires. Route it to a dead man's switch that pages when it "
                        + "stops arriving: then Prometheus, its rules or Alertmanager are down.");
        appendGroup(
                out,
                WATCHDOG_GROUP,
                null,
                List.of(Rule.alert(
                        WATCHDOG_ALERT,
                        "vector(1)",
                        Duration.ZERO,
                        new LinkedHashMap<>(Map.of("severity", "none")),
                        annotations)));
    }

    /** Builds {@link PrometheusRules}; not thread-safe. */
    public static final class Builder {
        private final Slo slo;
        private BurnRateAlertPolicy policy = BurnRateAlertPolicy.sreWorkbook();
        private @Nullable String alertName; // null: the default name
        private String eventsMetric = EVENTS_METRIC;
        private String excludedMetric = EXCLUDED_METRIC;
        private String maintenanceRatioMetric = MAINTENANCE_RATIO_METRIC;
        private final Map<String, String> matchers = new TreeMap<>();
        private final List<String> aggregateBy = new ArrayList<>();
        private Duration step = DEFAULT_STEP;
        private @Nullable Duration noDataAfter = DEFAULT_NO_DATA_AFTER;
        private Duration replicaLookback = DEFAULT_REPLICA_LOOKBACK;
        private String replicaLabel = "instance";
        private final List<String> expectedReplicas = new ArrayList<>();
        private Severity noDataSeverity = Severity.PAGE;
        private boolean watchdog = true;

        private Builder(Slo slo) {
            this.slo = Objects.requireNonNull(slo, "slo");
        }

        /**
         * Sets the alert policy whose rules become alerts and whose windows get recording rules.
         *
         * @param policy the policy; default {@link BurnRateAlertPolicy#sreWorkbook()}
         * @return this builder
         */
        public Builder alertPolicy(BurnRateAlertPolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Sets the alert name; by default the SLO name in PascalCase followed by
         * {@code ErrorBudgetBurn} ({@code checkout-availability}:
         * {@code CheckoutAvailabilityErrorBudgetBurn}).
         *
         * @param alertName a Prometheus metric-style name
         * @return this builder
         * @throws IllegalArgumentException if the name is not {@code [a-zA-Z_:][a-zA-Z0-9_:]*}
         */
        public Builder alertName(String alertName) {
            this.alertName = checkName("alertName", alertName, METRIC_NAME);
            return this;
        }

        /**
         * Sets the counter the SLI rules query, when the meter registry names it differently
         * (a prefix, say); it must carry the labels {@code slo} and {@code kind}.
         *
         * @param eventsMetric a Prometheus metric name; default {@value #EVENTS_METRIC}
         * @return this builder
         * @throws IllegalArgumentException if the name is not a valid metric name
         */
        public Builder eventsMetric(String eventsMetric) {
            this.eventsMetric = checkName("eventsMetric", eventsMetric, METRIC_NAME);
            return this;
        }

        /**
         * Sets the 0/1 exclusion gauge the increase recordings and alerts consult, when the meter
         * registry names it differently; it must carry the labels {@code slo} and {@code exclusion}.
         *
         * @param excludedMetric a Prometheus metric name; default {@value #EXCLUDED_METRIC}
         * @return this builder
         * @throws IllegalArgumentException if the name is not a valid metric name
         */
        public Builder excludedMetric(String excludedMetric) {
            this.excludedMetric = checkName("excludedMetric", excludedMetric, METRIC_NAME);
            return this;
        }

        /**
         * Sets the gauge the alerts consult during maintenance for the window's
         * {@code alertAboveErrorRatio}, when the meter registry names it differently; it must carry
         * the label {@code slo}.
         *
         * @param maintenanceRatioMetric a Prometheus metric name; default {@value #MAINTENANCE_RATIO_METRIC}
         * @return this builder
         * @throws IllegalArgumentException if the name is not a valid metric name
         */
        public Builder maintenanceRatioMetric(String maintenanceRatioMetric) {
            this.maintenanceRatioMetric = checkName("maintenanceRatioMetric", maintenanceRatioMetric, METRIC_NAME);
            return this;
        }

        /**
         * Sets the step: the window of the increase recordings and the evaluation interval of
         * the SLI group, which also evaluates the alerts. Every alert window and the period must be whole multiples of
         * it. A shorter step follows short windows more closely and rounds exclusions less, at the
         * price of more samples per period sum ({@code period / step} per evaluation).
         *
         * @param step at least one second and whole seconds; default 1 minute
         * @return this builder
         * @throws IllegalArgumentException if the step is shorter than a second or not whole seconds
         */
        public Builder step(Duration step) {
            Objects.requireNonNull(step, "step");
            if (step.compareTo(Duration.ofSeconds(1)) < 0 || step.toNanosPart() != 0) {
                throw new IllegalArgumentException("step must be whole seconds, at least 1s, was " + step);
            }
            this.step = step;
            return this;
        }

        /**
         * Adds a label that every sum keeps ({@code sum by (label)}), so that the rules yield one
         * set of ratios, budgets and alerts per value of the label: per route, per tenant. The
         * counters must carry the label (an SLO group's trackers each export theirs). Exclusion
         * gauges are matched per instance whatever their value of the label: an exclusion that
         * an instance reports for the SLO masks all that instance's events of the SLO.
         *
         * <pre>{@code
         * PrometheusRules.builder(slo).aggregateBy("route").build();
         * // slo:sli_error:ratio_rate5m{slo="checkout", route="/pay", window="5m"} ...
         * }</pre>
         *
         * @param label a Prometheus label name other than {@code slo}, {@code kind}, {@code window},
         *     {@code severity}, {@code exclusion}, {@code pending_for}, {@code alertname} or {@code __*}
         * @return this builder
         * @throws IllegalArgumentException if the label name is invalid, reserved or already added
         */
        public Builder aggregateBy(String label) {
            checkName("aggregateBy", label, LABEL_NAME);
            if (RESERVED_LABELS.contains(label) || label.startsWith("__")) {
                throw new IllegalArgumentException("aggregateBy must not be reserved ("
                        + String.join(", ", new TreeSet<>(RESERVED_LABELS)) + ", __*), was '" + label + "'");
            }
            if (aggregateBy.contains(label)) {
                throw new IllegalArgumentException("aggregateBy must not repeat a label, was '" + label + "'");
            }
            aggregateBy.add(label);
            return this;
        }

        /**
         * Adds an equality matcher to the counter selectors, e.g. {@code job="checkout"} (the
         * recording rules sum over it and do not carry it).
         *
         * @param label a Prometheus label name other than {@code slo}, {@code kind}, {@code window}
         * @param value the value to match
         * @return this builder
         * @throws IllegalArgumentException if the label name is invalid or reserved
         */
        public Builder matcher(String label, String value) {
            checkName("label", label, LABEL_NAME);
            if (label.equals("slo")
                    || label.equals("kind")
                    || label.equals("window")
                    || label.equals("exclusion")
                    || label.startsWith("__")) {
                throw new IllegalArgumentException(
                        "label must not be slo, kind, window, exclusion or __*, was '" + label + "'");
            }
            matchers.put(label, Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Sets whether the rules hold the no-data alerts (on by default), in the group
         * {@code nines-slo-nodata-alerts-<slo>}:
         * <ul>
         *   <li>{@link #noDataAlertName()} ({@code absent_over_time}): no replica has reported the
         *       SLO's event counter for {@link #noDataAfter(Duration) noDataAfter}. Labels: the SLO's
         *       and {@code severity} ({@link #noDataSeverity(Severity)}, {@code page} by default), since
         *       a dead exporter would otherwise read as a healthy SLO whose burn-rate alerts cannot fire;</li>
         *   <li>{@link #replicaNoDataAlertName()}, severity {@code ticket}, one alert per replica (the
         *       {@link #replicaLabel(String) replica label}): a replica that reported the counter within
         *       the {@link #replicaLookback(Duration) lookback} but not within {@code noDataAfter} (a
         *       replica gone for longer than the lookback is forgotten, and so is one scaled down on
         *       purpose, once the lookback has passed), and each {@link #expectedReplicas(Collection)
         *       expected replica} with no sample within {@code noDataAfter} ({@code absent_over_time}).</li>
         * </ul>
         *
         * @param enabled whether to generate them
         * @return this builder
         */
        public Builder noDataAlerts(boolean enabled) {
            this.noDataAfter = enabled ? (noDataAfter == null ? DEFAULT_NO_DATA_AFTER : noDataAfter) : null;
            return this;
        }

        /**
         * Sets how long the event counter must go without a sample before the no-data alerts fire,
         * and turns them on. Several scrape intervals: Prometheus keeps a series for 5 minutes after
         * its last sample, so shorter delays add nothing.
         *
         * @param noDataAfter whole seconds, at least 1 minute; default 10 minutes
         * @return this builder
         * @throws IllegalArgumentException if shorter than a minute or not whole seconds
         */
        public Builder noDataAfter(Duration noDataAfter) {
            Objects.requireNonNull(noDataAfter, "noDataAfter");
            if (noDataAfter.compareTo(Duration.ofMinutes(1)) < 0 || noDataAfter.toNanosPart() != 0) {
                throw new IllegalArgumentException(
                        "noDataAfter must be whole seconds, at least 1m, was " + noDataAfter);
            }
            this.noDataAfter = noDataAfter;
            return this;
        }

        /**
         * Sets how long a replica that stopped reporting is remembered by the per-replica no-data
         * alert; it must be longer than {@link #noDataAfter(Duration)}.
         *
         * @param replicaLookback whole seconds; default 1 hour
         * @return this builder
         * @throws IllegalArgumentException if not positive or not whole seconds (and, in
         *     {@link #build()}, if not longer than {@code noDataAfter})
         */
        public Builder replicaLookback(Duration replicaLookback) {
            Arguments.positive("replicaLookback", replicaLookback);
            if (replicaLookback.toNanosPart() != 0) {
                throw new IllegalArgumentException("replicaLookback must be whole seconds, was " + replicaLookback);
            }
            this.replicaLookback = replicaLookback;
            return this;
        }

        /**
         * Sets the label that tells replicas apart on the event counter (Prometheus adds
         * {@code instance} to every scraped series).
         *
         * @param replicaLabel a Prometheus label name; default {@code instance}
         * @return this builder
         * @throws IllegalArgumentException if the name is invalid or reserved ({@code slo},
         *     {@code kind}, {@code window}, {@code severity}, ...)
         */
        public Builder replicaLabel(String replicaLabel) {
            checkName("replicaLabel", replicaLabel, LABEL_NAME);
            if (RESERVED_LABELS.contains(replicaLabel) || replicaLabel.startsWith("__")) {
                throw new IllegalArgumentException("replicaLabel must not be reserved ("
                        + String.join(", ", new TreeSet<>(RESERVED_LABELS)) + ", __*), was '" + replicaLabel + "'");
            }
            this.replicaLabel = replicaLabel;
            return this;
        }

        /**
         * Adds replicas that must report the SLO: each gets a no-data alert ({@code absent_over_time})
         * even if Prometheus has never seen it, e.g. a replica that crashed before its first scrape.
         *
         * @param replicas values of the {@link #replicaLabel(String) replica label}, not blank
         * @return this builder
         * @throws IllegalArgumentException if a value is blank or already added
         */
        public Builder expectedReplicas(Collection<String> replicas) {
            Objects.requireNonNull(replicas, "replicas");
            for (String replica : replicas) {
                Arguments.notBlank("expected replica", replica);
                checkText("expected replica", replica);
                if (expectedReplicas.contains(replica)) {
                    throw new IllegalArgumentException("expected replica must not repeat, was '" + replica + "'");
                }
                expectedReplicas.add(replica);
            }
            return this;
        }

        /**
         * Sets the severity of the SLO-wide no-data alert (the per-replica alert is always a ticket).
         *
         * @param severity the severity; default {@link Severity#PAGE}
         * @return this builder
         */
        public Builder noDataSeverity(Severity severity) {
            this.noDataSeverity = Objects.requireNonNull(severity, "severity");
            return this;
        }

        /**
         * Sets whether {@link #toYaml()} and {@link #toYaml(Iterable)} add the group
         * {@value #WATCHDOG_GROUP} with the always-firing alert {@value #WATCHDOG_ALERT} (labels
         * {@code severity: none}), once per file. Route it to a dead man's switch: when it stops
         * arriving, the monitoring itself is down.
         *
         * @param enabled whether to add it; default true
         * @return this builder
         */
        public Builder watchdog(boolean enabled) {
            this.watchdog = enabled;
            return this;
        }

        /**
         * Builds the rules.
         *
         * @return the rules
         * @throws IllegalArgumentException if an SLO label key is reserved ({@code slo},
         *     {@code window}, {@code severity}, ...) or collides with another once made a valid label
         *     name, if the SLO's name, description or a label value holds a lone surrogate, or if
         *     an alert window or the period is not a whole multiple of the step
         */
        public PrometheusRules build() {
            return new PrometheusRules(this);
        }

        private static String checkName(String field, String value, Pattern pattern) {
            Objects.requireNonNull(value, field);
            if (!pattern.matcher(value).matches()) {
                throw new IllegalArgumentException(field + " must match " + pattern + ", was '" + value + "'");
            }
            return value;
        }
    }
}
