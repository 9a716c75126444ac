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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Prometheus recording and alert rules for one {@link Slo}, shaped as Sloth generates them, over
 * the event counters that {@code dev.nines.slo.micrometer.SloMetrics} exports
 * ({@code nines_slo_events_total{slo="...",kind="good"|"bad"}}), so that the fleet-wide view of an
 * SLO declared in code lives in Prometheus.
 *
 * <p>Three rule groups:
 * <ul>
 *   <li>{@code nines-slo-sli-recordings-<slo>}: {@code slo:sli_error:ratio_rate<w>}, the error
 *       ratio summed over every instance, for every long and short window of the alert policy
 *       (5m, 30m, 1h, 2h, 6h, 1d, 3d for {@link BurnRateAlertPolicy#sreWorkbook()}) from
 *       {@code rate()}, and for the SLO period as the average of the shortest window's ratio over
 *       the period (as Sloth does);</li>
 *   <li>{@code nines-slo-meta-recordings-<slo>}: {@code slo:objective:ratio},
 *       {@code slo:error_budget:ratio}, {@code slo:time_period:days},
 *       {@code slo:current_burn_rate:ratio}, {@code slo:period_burn_rate:ratio},
 *       {@code slo:period_error_budget_remaining:ratio} and {@code nines_slo_info};</li>
 *   <li>{@code nines-slo-alerts-<slo>}: one multi-window, multi-burn-rate alert per severity (and
 *       pending time): for each of its rules, the short and the long window's error ratio both
 *       above {@code factor x (1 - objective)} ({@code and}), the rules joined by {@code or}. For a
 *       30-day SLO and the SRE Workbook policy: page on 14.4 (5m and 1h) or 6 (30m and 6h),
 *       ticket on 3 (2h and 1d) or 1 (6h and 3d). With {@code minimumEvents > 0} a rule also needs
 *       that many events in its long window.</li>
 * </ul>
 * Every rule carries the labels {@code slo} (and {@code window} on SLI rules) plus the SLO's
 * labels (keys made valid Prometheus label names: other characters become {@code _}); alerts add
 * {@code severity} ({@code page} or {@code ticket}; rules with a pending time become separate alerts
 * labelled {@code pending_for}) and the annotations {@code title},
 * {@code summary} and, if the SLO has one, {@code description}.
 *
 * <p>Prometheus has no calendar windows: a calendar month counts as 30 days and a calendar week as
 * 7 days (Sloth's default period). Exclusions are not applied in Prometheus: the counters include
 * events in maintenance windows.
 *
 * <p>Immutable and thread-safe. Bad input raises {@link IllegalArgumentException} naming the field.
 *
 * <pre>{@code
 * String yaml = PrometheusRules.builder(slo)
 *         .alertPolicy(BurnRateAlertPolicy.sreWorkbook())
 *         .matcher("job", "checkout")          // optional extra selector on the counters
 *         .build()
 *         .toYaml();                            // promtool check rules accepts it
 * }</pre>
 */
public final class PrometheusRules {

    /** The Prometheus name of the event counter that {@code SloMetrics} registers. */
    public static final String EVENTS_METRIC = "nines_slo_events_total";

    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Set<String> RESERVED_LABELS = Set.of("slo", "window", "severity");

    private final Slo slo;
    private final BurnRateAlertPolicy policy;
    private final String alertName;
    private final String eventsMetric;
    private final Map<String, String> matchers;
    private final Duration period;
    private final List<Duration> windows;
    private final Map<String, String> labels;

    private PrometheusRules(Builder b) {
        this.slo = b.slo;
        this.policy = b.policy;
        this.alertName = b.alertName != null ? b.alertName : defaultAlertName(b.slo.name());
        this.eventsMetric = b.eventsMetric;
        this.matchers = new LinkedHashMap<>(b.matchers);
        this.period = period(b.slo.window());
        TreeSet<Duration> w = new TreeSet<>();
        for (BurnRateRule rule : policy.rules()) {
            w.add(rule.shortWindow());
            w.add(rule.longWindow());
        }
        this.windows = List.copyOf(w);
        Map<String, String> l = new TreeMap<>();
        for (Map.Entry<String, String> e : slo.labels().entrySet()) {
            String key = labelName(e.getKey());
            if (RESERVED_LABELS.contains(key) || key.startsWith("__")) {
                throw new IllegalArgumentException(
                        "label key must not be reserved (slo, window, severity, __*), was '" + e.getKey() + "'");
            }
            l.put(key, e.getValue());
        }
        this.labels = l;
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
        if (window instanceof SloWindow.Rolling) {
            return ((SloWindow.Rolling) window).length();
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
        if (duration.getNano() % 1_000_000 != 0) {
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
     * Returns the rules as a Prometheus rule file ({@code groups:} with three groups).
     *
     * @return the YAML text
     */
    public String toYaml() {
        StringBuilder out = new StringBuilder("groups:\n");
        appendGroups(out);
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
        for (PrometheusRules r : rules) {
            Objects.requireNonNull(r, "rules").appendGroups(out);
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

    private void appendGroups(StringBuilder out) {
        String sel = "{slo=" + promString(slo.name()) + "}"; // recording rules carry no matcher labels
        String shortest = promDuration(windows.isEmpty() ? Duration.ofMinutes(5) : windows.get(0));
        List<Rule> sli = new ArrayList<>();
        List<Duration> all = new ArrayList<>(windows);
        if (windows.isEmpty()) {
            all.add(Duration.ofMinutes(5));
        }
        for (Duration w : all) {
            String d = promDuration(w);
            sli.add(Rule.record("slo:sli_error:ratio_rate" + d,
                    "(sum(rate(" + eventsMetric + selector(Map.of("kind", "bad")) + "[" + d + "])))\n/\n"
                            + "(sum(rate(" + eventsMetric + selector(Map.of()) + "[" + d + "])))",
                    sliLabels(d)));
        }
        String p = promDuration(period);
        if (!all.contains(period)) {
            String base = "slo:sli_error:ratio_rate" + shortest + sel + "[" + p + "]";
            sli.add(Rule.record("slo:sli_error:ratio_rate" + p,
                    "sum_over_time(" + base + ")\n/ ignoring (window)\ncount_over_time(" + base + ")", sliLabels(p)));
        }
        appendGroup(out, "nines-slo-sli-recordings-" + slo.name(), sli);

        String budget = decimal(BigDecimal.ONE.subtract(new BigDecimal(Double.toString(slo.objective()))));
        String objective = decimal(new BigDecimal(Double.toString(slo.objective())));
        List<Rule> meta = new ArrayList<>();
        meta.add(Rule.record("slo:objective:ratio", "vector(" + objective + ")", sloLabels()));
        meta.add(Rule.record("slo:error_budget:ratio", "vector(1 - " + objective + ")", sloLabels()));
        meta.add(Rule.record("slo:time_period:days",
                "vector(" + decimal(BigDecimal.valueOf(period.toMillis()).divide(BigDecimal.valueOf(86_400_000L),
                        MathContext.DECIMAL64)) + ")", sloLabels()));
        meta.add(Rule.record("slo:current_burn_rate:ratio", "slo:sli_error:ratio_rate" + shortest + sel
                + "\n/ on (slo) group_left\nslo:error_budget:ratio" + sel, sloLabels()));
        meta.add(Rule.record("slo:period_burn_rate:ratio", "slo:sli_error:ratio_rate" + p + sel
                + "\n/ on (slo) group_left\nslo:error_budget:ratio" + sel, sloLabels()));
        meta.add(Rule.record("slo:period_error_budget_remaining:ratio", "1 - slo:period_burn_rate:ratio" + sel,
                sloLabels()));
        Map<String, String> info = sloLabels();
        info.put("nines_objective", objective);
        info.put("nines_period", p);
        meta.add(Rule.record("nines_slo_info", "vector(1)", info));
        appendGroup(out, "nines-slo-meta-recordings-" + slo.name(), meta);

        List<Rule> alerts = new ArrayList<>();
        Map<String, List<BurnRateRule>> bySeverity = new LinkedHashMap<>();
        for (Severity severity : Severity.values()) {
            for (BurnRateRule rule : policy.rules()) {
                if (rule.severity() == severity) {
                    bySeverity.computeIfAbsent(severity + "/" + rule.pendingFor(), k -> new ArrayList<>()).add(rule);
                }
            }
        }
        for (List<BurnRateRule> group : bySeverity.values()) {
            StringBuilder expr = new StringBuilder();
            for (BurnRateRule rule : group) {
                if (expr.length() > 0) {
                    expr.append("\nor\n");
                }
                String threshold = "(" + decimal(new BigDecimal(Double.toString(rule.factor(period))))
                        + " * " + budget + ")";
                expr.append("(\n    max(slo:sli_error:ratio_rate").append(promDuration(rule.shortWindow())).append(sel)
                        .append(" > ").append(threshold).append(") without (window)\n    and\n")
                        .append("    max(slo:sli_error:ratio_rate").append(promDuration(rule.longWindow())).append(sel)
                        .append(" > ").append(threshold).append(") without (window)");
                if (policy.minimumEvents() > 0) {
                    expr.append("\n    and on ()\n    sum(increase(").append(eventsMetric).append(selector(Map.of()))
                            .append("[").append(promDuration(rule.longWindow())).append("])) >= ")
                            .append(policy.minimumEvents());
                }
                expr.append("\n)");
            }
            String severity = group.get(0).severity().name().toLowerCase(Locale.ROOT);
            Map<String, String> l = sloLabels();
            l.put("severity", severity);
            if (!group.get(0).pendingFor().isZero()) {
                l.put("pending_for", promDuration(group.get(0).pendingFor())); // keeps the alerts of a severity apart
            }
            Map<String, String> annotations = new LinkedHashMap<>();
            annotations.put("title", "(" + severity + ") {{$labels.slo}} SLO error budget burn rate is too fast.");
            annotations.put("summary", "SLO '" + slo.name() + "' is burning its error budget too fast");
            if (!slo.description().isEmpty()) {
                annotations.put("description", slo.description());
            }
            alerts.add(new Rule(null, alertName, expr.toString(), group.get(0).pendingFor(), l, annotations));
        }
        if (!alerts.isEmpty()) {
            appendGroup(out, "nines-slo-alerts-" + slo.name(), alerts);
        }
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

    private static final class Rule {
        final String record;
        final String alert;
        final String expr;
        final Duration pendingFor;
        final Map<String, String> labels;
        final Map<String, String> annotations;

        Rule(String record, String alert, String expr, Duration pendingFor, Map<String, String> labels,
             Map<String, String> annotations) {
            this.record = record;
            this.alert = alert;
            this.expr = expr;
            this.pendingFor = pendingFor;
            this.labels = labels;
            this.annotations = annotations;
        }

        static Rule record(String name, String expr, Map<String, String> labels) {
            return new Rule(name, null, expr, Duration.ZERO, labels, Map.of());
        }
    }

    private static void appendGroup(StringBuilder out, String name, List<Rule> rules) {
        out.append("  - name: ").append(yamlString(name)).append("\n    rules:\n");
        for (Rule rule : rules) {
            if (rule.record != null) {
                out.append("      - record: ").append(yamlString(rule.record)).append('\n');
            } else {
                out.append("      - alert: ").append(yamlString(rule.alert)).append('\n');
            }
            out.append("        expr: |-\n");
            for (String line : rule.expr.split("\n", -1)) {
                out.append("          ").append(line).append('\n');
            }
            if (!rule.pendingFor.isZero()) {
                out.append("        for: ").append(promDuration(rule.pendingFor)).append('\n');
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
            out.append("          ").append(e.getKey()).append(": ").append(yamlString(e.getValue())).append('\n');
        }
    }

    // -------------------------------------------------------------------------------- escaping

    /** A YAML double-quoted scalar: any string, printable in the file. */
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
            } else if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029' || c == '\ufeff'
                    || Character.isSurrogate(c)) {
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

    /** Builds {@link PrometheusRules}; not thread-safe. */
    public static final class Builder {
        private final Slo slo;
        private BurnRateAlertPolicy policy = BurnRateAlertPolicy.sreWorkbook();
        private String alertName;
        private String eventsMetric = EVENTS_METRIC;
        private final Map<String, String> matchers = new TreeMap<>();

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
            if (label.equals("slo") || label.equals("kind") || label.equals("window") || label.startsWith("__")) {
                throw new IllegalArgumentException("label must not be slo, kind, window or __*, was '" + label + "'");
            }
            matchers.put(label, Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Builds the rules.
         *
         * @return the rules
         * @throws IllegalArgumentException if an SLO label key is reserved ({@code slo},
         *     {@code window}, {@code severity}) once made a valid label name
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
