package dev.nines.slo.export;

import dev.nines.core.internal.OptionalDependencies;
import dev.nines.slo.Budgeting;
import dev.nines.slo.Sli;
import dev.nines.slo.Slo;
import dev.nines.slo.SloWindow;
import dev.nines.slo.alert.BurnRateAlertPolicy;
import dev.nines.slo.alert.BurnRateRule;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.common.NonPrintableStyle;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.representer.StandardRepresenter;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Writes an {@link Slo} (and its {@link BurnRateAlertPolicy}) as an OpenSLO v1 document and reads
 * it back.
 *
 * <p>The document is one {@code kind: SLO} with everything inline: the indicator (a
 * {@code ratioMetric} of good over total events, whose Prometheus queries are the counters that
 * {@code SloMetrics} exports), the {@code timeWindow} (rolling, or calendar {@code 1M} / {@code 1w}
 * with its time zone), the {@code budgetingMethod} ({@code Occurrences} or {@code Timeslices}
 * with {@code timeSliceTarget} and {@code timeSliceWindow}), one objective ({@code target}) and one
 * {@code AlertPolicy} with a {@code burnrate} {@code AlertCondition} per rule ({@code threshold} =
 * the burn-rate factor for the period, {@code lookbackWindow} = the long window,
 * {@code alertAfter} = the pending time). What OpenSLO cannot say is kept in
 * {@code nines.dev/...} metadata annotations, so that a write-read round trip is exact: the short
 * window and budget fraction of each rule, the policy's minimum events and budget thresholds, the
 * latency threshold of a latency SLI. Exclusions are not written. Durations must be whole minutes.
 *
 * <p>Reading is safe for untrusted input: snakeyaml-engine (YAML 1.2) composes the document into
 * plain nodes and never instantiates classes named by the document. Documents written by other
 * tools are read as far as they map onto an {@code Slo}: a missing {@code nines.dev/short-window}
 * defaults to the long window / 12 (the SRE Workbook's ratio) and a missing
 * {@code nines.dev/budget-fraction} is derived from the threshold; references
 * ({@code indicatorRef}, {@code alertPolicyRef}, {@code conditionRef}) are not resolved. A
 * malformed document raises {@link OpenSloFormatException} naming the field and the line.
 *
 * <p>Needs the optional dependency {@code org.snakeyaml:snakeyaml-engine}. Stateless and
 * thread-safe.
 *
 * <pre>{@code
 * String yaml = OpenSlo.write(slo, BurnRateAlertPolicy.sreWorkbook());
 * OpenSlo.Document doc = OpenSlo.read(yaml);       // OpenSloFormatException if malformed
 * SloTracker tracker = SloTracker.create(doc.slo(), TimeSource.system());
 * }</pre>
 */
public final class OpenSlo {

    static final String ANNOTATION_PREFIX = "nines.dev/";
    static final String SHORT_WINDOW = ANNOTATION_PREFIX + "short-window";
    static final String BUDGET_FRACTION = ANNOTATION_PREFIX + "budget-fraction";
    static final String MINIMUM_EVENTS = ANNOTATION_PREFIX + "minimum-events";
    static final String BUDGET_THRESHOLDS = ANNOTATION_PREFIX + "budget-thresholds";
    static final String LATENCY_THRESHOLD = ANNOTATION_PREFIX + "latency-threshold";
    private static final Pattern UNSAFE_BREAKS = Pattern.compile("[\r\u0085\u2028\u2029]");
    /** The calendar start written for calendar windows: a Monday, the first of a month. */
    static final String CALENDAR_START = "2024-01-01 00:00:00";

    private OpenSlo() {
    }

    /**
     * An SLO read from an OpenSLO document, with its alert policy.
     *
     * @param slo the SLO
     * @param alertPolicy the alert policy; without rules when the document has none
     */
    public record Document(Slo slo, BurnRateAlertPolicy alertPolicy) {
        /**
         * Validates the components.
         *
         * @param slo the SLO
         * @param alertPolicy the alert policy
         */
        public Document {
            Objects.requireNonNull(slo, "slo");
            Objects.requireNonNull(alertPolicy, "alertPolicy");
        }
    }

    /**
     * Writes {@code slo} as an OpenSLO v1 document without alert policy.
     *
     * @param slo the SLO
     * @return the YAML text
     * @throws IllegalArgumentException if a duration is not a whole number of minutes
     */
    public static String write(Slo slo) {
        requireSnakeYaml();
        return dump(document(Objects.requireNonNull(slo, "slo"), null));
    }

    /**
     * Writes {@code slo} and {@code policy} as an OpenSLO v1 document.
     *
     * @param slo the SLO
     * @param policy the alert policy, written as an inline {@code AlertPolicy}
     * @return the YAML text
     * @throws IllegalArgumentException if a duration (window, rule window, pending time) is not a
     *     whole number of minutes
     */
    public static String write(Slo slo, BurnRateAlertPolicy policy) {
        requireSnakeYaml();
        return dump(document(Objects.requireNonNull(slo, "slo"), Objects.requireNonNull(policy, "policy")));
    }

    /**
     * Reads an OpenSLO v1 {@code SLO} document.
     *
     * @param yaml the document text (one YAML document)
     * @return the SLO and its alert policy
     * @throws OpenSloFormatException if the text is not YAML, or a field is missing, of the wrong
     *     type or out of range
     */
    public static Document read(String yaml) {
        requireSnakeYaml();
        return OpenSloReader.read(Objects.requireNonNull(yaml, "yaml"));
    }

    /**
     * Reads an OpenSLO v1 {@code SLO} document from {@code in}, to its end (not closed).
     *
     * @param in the reader
     * @return the SLO and its alert policy
     * @throws IOException if reading fails
     * @throws OpenSloFormatException if the document is malformed
     */
    public static Document read(Reader in) throws IOException {
        Objects.requireNonNull(in, "in");
        StringWriter text = new StringWriter();
        in.transferTo(text);
        return read(text.toString());
    }

    /** Fails with a message naming the artifact when snakeyaml-engine is missing. */
    private static void requireSnakeYaml() {
        OptionalDependencies.require("OpenSlo", "nines-slo", OptionalDependencies.SNAKEYAML_ENGINE,
                "org.snakeyaml.engine.v2.api.Dump", OpenSlo.class);
    }

    // --------------------------------------------------------------------------------- writing

    private static String dump(Map<String, Object> document) {
        DumpSettings settings = DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK)
                .setSchema(new CoreSchema()).setNonPrintableStyle(NonPrintableStyle.ESCAPE)
                .setIndicatorIndent(2).setIndentWithIndicator(true).setWidth(Integer.MAX_VALUE).setSplitLines(false)
                .build();
        return new Dump(settings, new Representer(settings)).dumpToString(document);
    }

    /**
     * Double-quotes strings holding a carriage return or a Unicode line break (NEL, LS, PS): the
     * emitter writes them as literal blocks that its own YAML 1.2 parser reads differently.
     */
    private static final class Representer extends StandardRepresenter {
        Representer(DumpSettings settings) {
            super(settings);
        }

        @Override
        protected Node representScalar(Tag tag, String value, ScalarStyle style) {
            if (Tag.STR.equals(tag) && UNSAFE_BREAKS.matcher(value).find()) {
                return super.representScalar(tag, value, ScalarStyle.DOUBLE_QUOTED);
            }
            return super.representScalar(tag, value, style);
        }
    }

    private static Map<String, Object> document(Slo slo, BurnRateAlertPolicy policy) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("apiVersion", "openslo/v1");
        doc.put("kind", "SLO");
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", slo.name());
        if (!slo.labels().isEmpty()) {
            metadata.put("labels", new LinkedHashMap<>(slo.labels()));
        }
        doc.put("metadata", metadata);
        Map<String, Object> spec = new LinkedHashMap<>();
        if (!slo.description().isEmpty()) {
            spec.put("description", slo.description());
        }
        spec.put("service", slo.labels().getOrDefault("service", slo.name()));
        spec.put("indicator", indicator(slo));
        spec.put("timeWindow", List.of(timeWindow(slo.window())));
        Map<String, Object> objective = new LinkedHashMap<>();
        objective.put("displayName", slo.name());
        objective.put("target", slo.objective());
        if (slo.budgeting() instanceof Budgeting.Timeslices) {
            Budgeting.Timeslices slices = (Budgeting.Timeslices) slo.budgeting();
            spec.put("budgetingMethod", "Timeslices");
            objective.put("timeSliceTarget", slices.sliceTarget());
            objective.put("timeSliceWindow", shorthand("timeSliceWindow", slices.sliceLength()));
        } else {
            spec.put("budgetingMethod", "Occurrences");
        }
        spec.put("objectives", List.of(objective));
        if (policy != null) {
            spec.put("alertPolicies", List.of(alertPolicy(slo, policy)));
        }
        doc.put("spec", spec);
        return doc;
    }

    private static Map<String, Object> indicator(Slo slo) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", slo.name() + "-sli");
        if (slo.sli() instanceof Sli.LatencyThreshold) {
            metadata.put("annotations",
                    Map.of(LATENCY_THRESHOLD, ((Sli.LatencyThreshold) slo.sli()).threshold().toString()));
        }
        String selector = "{slo=" + PrometheusRules.promString(slo.name());
        Map<String, Object> ratio = new LinkedHashMap<>();
        ratio.put("counter", true);
        ratio.put("good", metricSource("sum(" + PrometheusRules.EVENTS_METRIC + selector + ", kind=\"good\"})"));
        ratio.put("total", metricSource("sum(" + PrometheusRules.EVENTS_METRIC + selector + "})"));
        Map<String, Object> indicator = new LinkedHashMap<>();
        indicator.put("metadata", metadata);
        indicator.put("spec", Map.of("ratioMetric", ratio));
        return indicator;
    }

    private static Map<String, Object> metricSource(String query) {
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("type", "Prometheus");
        source.put("spec", Map.of("query", query));
        return Map.of("metricSource", source);
    }

    private static Map<String, Object> timeWindow(SloWindow window) {
        Map<String, Object> w = new LinkedHashMap<>();
        if (window instanceof SloWindow.Rolling) {
            w.put("duration", shorthand("window", ((SloWindow.Rolling) window).length()));
            w.put("isRolling", true);
            return w;
        }
        boolean month = window instanceof SloWindow.CalendarMonth;
        w.put("duration", month ? "1M" : "1w");
        w.put("isRolling", false);
        Map<String, Object> calendar = new LinkedHashMap<>();
        calendar.put("startTime", CALENDAR_START);
        calendar.put("timeZone", (month ? ((SloWindow.CalendarMonth) window).zone()
                : ((SloWindow.CalendarWeek) window).zone()).getId());
        w.put("calendar", calendar);
        return w;
    }

    private static Map<String, Object> alertPolicy(Slo slo, BurnRateAlertPolicy policy) {
        Duration period = PrometheusRules.period(slo.window());
        List<Object> conditions = new ArrayList<>();
        for (BurnRateRule rule : policy.rules()) {
            Map<String, Object> metadata = new LinkedHashMap<>();
            metadata.put("name", rule.name());
            Map<String, Object> annotations = new LinkedHashMap<>();
            annotations.put(SHORT_WINDOW, shorthand("shortWindow", rule.shortWindow()));
            annotations.put(BUDGET_FRACTION, Double.toString(rule.budgetFraction()));
            metadata.put("annotations", annotations);
            Map<String, Object> condition = new LinkedHashMap<>();
            condition.put("kind", "burnrate");
            condition.put("op", "gte");
            condition.put("threshold", rule.factor(period));
            condition.put("lookbackWindow", shorthand("longWindow", rule.longWindow()));
            if (!rule.pendingFor().isZero()) {
                condition.put("alertAfter", shorthand("pendingFor", rule.pendingFor()));
            }
            Map<String, Object> spec = new LinkedHashMap<>();
            spec.put("severity", rule.severity().name().toLowerCase(Locale.ROOT));
            spec.put("condition", condition);
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("kind", "AlertCondition");
            entry.put("metadata", metadata);
            entry.put("spec", spec);
            conditions.add(entry);
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", slo.name() + "-burn-rate");
        Map<String, Object> annotations = new LinkedHashMap<>();
        annotations.put(MINIMUM_EVENTS, Long.toString(policy.minimumEvents()));
        List<String> thresholds = new ArrayList<>();
        for (Double t : policy.budgetThresholds()) {
            thresholds.add(Double.toString(t));
        }
        annotations.put(BUDGET_THRESHOLDS, String.join(",", thresholds));
        metadata.put("annotations", annotations);
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("alertWhenBreaching", true);
        spec.put("alertWhenResolved", false);
        spec.put("alertWhenNoData", false);
        spec.put("conditions", conditions);
        spec.put("notificationTargets", List.of());
        Map<String, Object> alertPolicy = new LinkedHashMap<>();
        alertPolicy.put("kind", "AlertPolicy");
        alertPolicy.put("metadata", metadata);
        alertPolicy.put("spec", spec);
        return alertPolicy;
    }

    /** OpenSLO's duration shorthand in the largest whole unit of d, h, m. */
    static String shorthand(String field, Duration d) {
        if (d.isNegative() || d.isZero() || d.getNano() != 0 || d.getSeconds() % 60 != 0) {
            throw new IllegalArgumentException(field + " must be a positive whole number of minutes for OpenSLO, was " + d);
        }
        long minutes = d.toMinutes();
        if (minutes % 1440 == 0) {
            return minutes / 1440 + "d";
        }
        return minutes % 60 == 0 ? minutes / 60 + "h" : minutes + "m";
    }
}
