package dev.nines.slo.export;

import dev.nines.slo.Budgeting;
import dev.nines.slo.Sli;
import dev.nines.slo.Slo;
import dev.nines.slo.SloWindow;
import dev.nines.slo.alert.BurnRateAlertPolicy;
import dev.nines.slo.alert.BurnRateRule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.common.NonPrintableStyle;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.representer.StandardRepresenter;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/** Writes OpenSLO v1 SLO documents (see {@link OpenSlo} for what is written). */
final class OpenSloWriter {

    private static final Logger LOG = LoggerFactory.getLogger(OpenSlo.class);
    private static final Pattern UNSAFE_BREAKS = Pattern.compile("[\r\u0085\u2028\u2029]");

    private OpenSloWriter() {}

    static String write(Slo slo, @Nullable BurnRateAlertPolicy policy, OpenSlo.WriteOptions options) {
        return dump(document(slo, policy, options));
    }

    private static String dump(Map<String, Object> document) {
        DumpSettings settings = DumpSettings.builder()
                .setDefaultFlowStyle(FlowStyle.BLOCK)
                .setSchema(new CoreSchema())
                .setNonPrintableStyle(NonPrintableStyle.ESCAPE)
                .setIndicatorIndent(2)
                .setIndentWithIndicator(true)
                .setWidth(Integer.MAX_VALUE)
                .setSplitLines(false)
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

    /** metadata with an RFC 1123 name, a display name and, where the name had to change, the exact one. */
    private static Map<String, Object> metadata(String name, String text, Map<String, Object> annotations) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", name);
        metadata.put("displayName", OpenSloNames.truncate(text, OpenSloNames.MAX_DISPLAY_NAME));
        Map<String, Object> all = new LinkedHashMap<>();
        if (!name.equals(text)) {
            all.put(OpenSlo.NAME, text);
        }
        all.putAll(annotations);
        if (!all.isEmpty()) {
            metadata.put("annotations", all);
        }
        return metadata;
    }

    private static Map<String, Object> document(
            Slo slo, @Nullable BurnRateAlertPolicy policy, OpenSlo.WriteOptions options) {
        for (String key : slo.labels().keySet()) {
            if (!OpenSloNames.isLabelKey(key)) {
                throw new IllegalArgumentException("label key '" + key + "' of SLO '" + slo.name() + "' is not allowed "
                        + "by OpenSLO: at most 63 characters, [a-zA-Z0-9] at both ends, [-._a-zA-Z0-9] between");
            }
        }
        String name = OpenSloNames.derive(slo.name());
        Map<String, Object> annotations = new LinkedHashMap<>();
        String description = slo.description();
        if (OpenSloNames.length(description) > OpenSloNames.MAX_DESCRIPTION) {
            LOG.warn(
                    "OpenSLO: the description of SLO '{}' has {} characters; spec.description keeps the first {}, "
                            + "annotation {} the whole text",
                    slo.name(),
                    OpenSloNames.length(description),
                    OpenSloNames.MAX_DESCRIPTION,
                    OpenSlo.DESCRIPTION);
            annotations.put(OpenSlo.DESCRIPTION, description);
            description = OpenSloNames.truncate(description, OpenSloNames.MAX_DESCRIPTION);
        }
        if (policy != null) {
            // Policy-wide settings live on the SLO: a policy without rules writes no AlertPolicy.
            annotations.put(OpenSlo.MINIMUM_EVENTS, Long.toString(policy.minimumEvents()));
            List<String> thresholds = new ArrayList<>();
            for (Double t : policy.budgetThresholds()) {
                thresholds.add(Double.toString(t));
            }
            annotations.put(OpenSlo.BUDGET_THRESHOLDS, String.join(",", thresholds));
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("apiVersion", "openslo/v1");
        doc.put("kind", "SLO");
        Map<String, Object> metadata = metadata(name, slo.name(), annotations);
        if (!slo.labels().isEmpty()) {
            metadata.put("labels", new LinkedHashMap<>(slo.labels()));
        }
        doc.put("metadata", metadata);
        Map<String, Object> spec = new LinkedHashMap<>();
        if (!description.isEmpty()) {
            spec.put("description", description);
        }
        spec.put("service", slo.labels().getOrDefault("service", name));
        spec.put("indicator", indicator(slo, name));
        spec.put("timeWindow", List.of(timeWindow(slo.window())));
        Map<String, Object> objective = new LinkedHashMap<>();
        objective.put("displayName", OpenSloNames.truncate(slo.name(), OpenSloNames.MAX_DISPLAY_NAME));
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
        if (policy != null && !policy.rules().isEmpty()) {
            spec.put("alertPolicies", alertPolicies(slo, name, policy, options));
        }
        doc.put("spec", spec);
        return doc;
    }

    private static Map<String, Object> indicator(Slo slo, String name) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", OpenSloNames.join(name, "sli"));
        if (slo.sli() instanceof Sli.LatencyThreshold) {
            metadata.put(
                    "annotations",
                    Map.of(
                            OpenSlo.LATENCY_THRESHOLD,
                            ((Sli.LatencyThreshold) slo.sli()).threshold().toString()));
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
        if (window instanceof SloWindow.Rolling rolling) {
            w.put("duration", shorthand("window", rolling.length()));
            w.put("isRolling", true);
            return w;
        }
        boolean month = window instanceof SloWindow.CalendarMonth;
        w.put("duration", month ? "1M" : "1w");
        w.put("isRolling", false);
        Map<String, Object> calendar = new LinkedHashMap<>();
        calendar.put("startTime", OpenSlo.CALENDAR_START);
        calendar.put(
                "timeZone",
                (month ? ((SloWindow.CalendarMonth) window).zone() : ((SloWindow.CalendarWeek) window).zone()).getId());
        w.put("calendar", calendar);
        return w;
    }

    /** One AlertPolicy per rule: the spec allows one condition per policy. */
    private static List<Object> alertPolicies(
            Slo slo, String sloName, BurnRateAlertPolicy policy, OpenSlo.WriteOptions options) {
        Duration period = PrometheusRules.period(slo.window());
        Set<String> used = new HashSet<>();
        List<Object> policies = new ArrayList<>();
        for (BurnRateRule rule : policy.rules()) {
            String conditionName = OpenSloNames.derive(rule.name());
            String policyName = unique(OpenSloNames.join(sloName, conditionName), used);
            Map<String, Object> conditionAnnotations = new LinkedHashMap<>();
            conditionAnnotations.put(OpenSlo.SHORT_WINDOW, shorthand("shortWindow", rule.shortWindow()));
            conditionAnnotations.put(OpenSlo.BUDGET_FRACTION, Double.toString(rule.budgetFraction()));
            Map<String, Object> condition = new LinkedHashMap<>();
            condition.put("kind", "burnrate");
            // PrometheusRules alerts on a strict burn rate > threshold, and so does SloAlerts.
            condition.put("op", "gt");
            condition.put("threshold", rule.factor(period));
            condition.put("lookbackWindow", shorthand("longWindow", rule.longWindow()));
            if (!rule.pendingFor().isZero()) {
                condition.put("alertAfter", shorthand("pendingFor", rule.pendingFor()));
            }
            Map<String, Object> conditionSpec = new LinkedHashMap<>();
            conditionSpec.put("severity", rule.severity().name().toLowerCase(Locale.ROOT));
            conditionSpec.put("condition", condition);
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("kind", "AlertCondition");
            entry.put("metadata", metadata(conditionName, rule.name(), conditionAnnotations));
            entry.put("spec", conditionSpec);

            Map<String, Object> spec = new LinkedHashMap<>();
            spec.put("alertWhenBreaching", true);
            spec.put("alertWhenResolved", false);
            spec.put("alertWhenNoData", false);
            spec.put("conditions", List.of(entry));
            spec.put(
                    "notificationTargets",
                    List.of(options.notificationTarget(rule.severity()).toYaml()));
            Map<String, Object> alertPolicy = new LinkedHashMap<>();
            alertPolicy.put("kind", "AlertPolicy");
            Map<String, Object> metadata = new LinkedHashMap<>();
            metadata.put("name", policyName);
            metadata.put(
                    "displayName",
                    OpenSloNames.truncate(slo.name() + " " + rule.name(), OpenSloNames.MAX_DISPLAY_NAME));
            alertPolicy.put("metadata", metadata);
            alertPolicy.put("spec", spec);
            policies.add(alertPolicy);
        }
        return policies;
    }

    private static String unique(String name, Set<String> used) {
        String candidate = name;
        for (int n = 2; !used.add(candidate); n++) {
            candidate = OpenSloNames.join(name, Integer.toString(n));
        }
        return candidate;
    }

    /** OpenSLO's duration shorthand in the largest whole unit of d, h, m. */
    static String shorthand(String field, Duration d) {
        if (d.isNegative() || d.isZero() || d.getNano() != 0 || d.getSeconds() % 60 != 0) {
            throw new IllegalArgumentException(
                    field + " must be a positive whole number of minutes for OpenSLO, was " + d);
        }
        long minutes = d.toMinutes();
        if (minutes % 1440 == 0) {
            return minutes / 1440 + "d";
        }
        return minutes % 60 == 0 ? minutes / 60 + "h" : minutes + "m";
    }
}
