package dev.nines.slo.export;

import dev.nines.slo.Budgeting;
import dev.nines.slo.Sli;
import dev.nines.slo.Slo;
import dev.nines.slo.SloWindow;
import dev.nines.slo.alert.BurnRateAlertPolicy;
import dev.nines.slo.alert.BurnRateRule;
import dev.nines.slo.alert.Severity;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/** Reads OpenSLO v1 SLO documents from composed YAML nodes, with the line of every error. */
final class OpenSloReader {

    private static final Pattern SHORTHAND = Pattern.compile("([1-9][0-9]{0,8})([mhdw])");

    private OpenSloReader() {}

    static OpenSlo.Document read(String yaml, OpenSlo.ReadOptions options) {
        checkSize(yaml, options.maxBytes());
        LoadSettings settings = LoadSettings.builder()
                .setSchema(new CoreSchema())
                .setAllowDuplicateKeys(false)
                .setMaxAliasesForCollections(20)
                .setAllowRecursiveKeys(false)
                .setLabel("OpenSLO")
                // One buffer for the whole (size-checked) text: with the default 1 KiB buffer the
                // stream reader copies its window again for every KiB of a long scalar, which made
                // a 1 MB scalar take seconds.
                .setCodePointLimit(Integer.MAX_VALUE)
                .setBufferSize(yaml.length() + 1)
                .build();
        BoundedParser parser = new BoundedParser(
                new ParserImpl(settings, new StreamReader(settings, yaml)), options.maxDepth(), options.maxNodes());
        Optional<Node> root;
        try {
            // The composer builds plain nodes only (its packages are exported to modules, unlike api.lowlevel).
            root = new Composer(settings, parser).getSingleNode();
        } catch (MarkedYamlEngineException e) {
            Optional<Mark> mark = e.getProblemMark().or(e::getContextMark);
            throw new OpenSloFormatException(
                    parser.path(),
                    "is not valid YAML: " + clip(e.getProblem()),
                    mark.map(m -> m.getLine() + 1).orElse(parser.line()));
        } catch (YamlEngineException e) {
            throw new OpenSloFormatException(
                    parser.path(), "is not valid YAML: " + clip(e.getMessage()), parser.line());
        }
        if (root.isEmpty()) {
            throw new OpenSloFormatException("document", "is empty", 1);
        }
        return document(mapping(root.get(), "document"));
    }

    /**
     * Rejects a document over {@code maxBytes} of UTF-8 before anything parses it, naming the
     * line where the limit is crossed. Reads at most {@code maxBytes + 1} characters.
     */
    private static void checkSize(String yaml, int maxBytes) {
        long bytes = 0;
        int line = 1;
        for (int i = 0; i < yaml.length(); i++) {
            char c = yaml.charAt(i);
            if (c < 0x80) {
                bytes++;
                if (c == '\n') {
                    line++;
                }
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < yaml.length()
                    && Character.isLowSurrogate(yaml.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
            if (bytes > maxBytes) {
                throw new OpenSloFormatException(
                        "document",
                        "must be at most " + maxBytes
                                + " bytes of UTF-8 (OpenSlo.ReadOptions.maxBytes), was more; the limit is crossed",
                        line);
            }
        }
    }

    /** Text for a message: at most 80 characters, then the length. */
    static String clip(@Nullable String text) {
        return clip(text, 80);
    }

    static String clip(@Nullable String text, int max) {
        if (text == null) {
            return "";
        }
        return text.length() <= max ? text : text.substring(0, max) + "... (" + text.length() + " characters)";
    }

    private static OpenSlo.Document document(MappingNode doc) {
        String apiVersion = string(require(doc, "apiVersion", ""), "apiVersion");
        if (!apiVersion.equals("openslo/v1")) {
            throw error(
                    get(doc, "apiVersion").orElseThrow(),
                    "apiVersion",
                    "must be openslo/v1, was '" + clip(apiVersion) + "'");
        }
        String kind = string(require(doc, "kind", ""), "kind");
        if (!kind.equals("SLO")) {
            throw error(get(doc, "kind").orElseThrow(), "kind", "must be SLO, was '" + clip(kind) + "'");
        }
        MappingNode metadata = mapping(require(doc, "metadata", ""), "metadata");
        Node nameNode = require(metadata, "name", "metadata");
        String name = string(nameNode, "metadata.name");
        Optional<String> exactName = annotation(metadata, "metadata", OpenSlo.NAME);
        if (exactName.isPresent()) {
            name = exactName.get();
            nameNode = get(metadata, "annotations").orElseThrow();
        }
        String sloName = name;
        Slo.Builder slo = guard(
                nameNode,
                exactName.isPresent() ? "metadata.annotations." + OpenSlo.NAME : "metadata.name",
                () -> Slo.builder(sloName));
        Optional<Node> labels = get(metadata, "labels");
        if (labels.isPresent()) {
            for (NodeTuple t : mapping(labels.get(), "metadata.labels").getValue()) {
                String key = string(t.getKeyNode(), "metadata.labels");
                String path = "metadata.labels." + clip(key);
                if (!OpenSloNames.isLabelKey(key)) {
                    throw error(
                            t.getKeyNode(),
                            path,
                            "is not a label key OpenSLO allows: at most 63 characters, "
                                    + "[a-zA-Z0-9] at both ends, [-._a-zA-Z0-9] between");
                }
                String value = t.getValueNode() instanceof SequenceNode
                        ? String.join(",", strings(t.getValueNode(), path))
                        : string(t.getValueNode(), path);
                guard(t.getKeyNode(), path, () -> slo.label(key, value));
            }
        }

        MappingNode spec = mapping(require(doc, "spec", ""), "spec");
        Optional<Node> description = get(spec, "description");
        if (description.isPresent()) {
            String text = string(description.get(), "spec.description");
            if (OpenSloNames.length(text) > OpenSloNames.MAX_DESCRIPTION) {
                throw error(
                        description.get(),
                        "spec.description",
                        "must be at most " + OpenSloNames.MAX_DESCRIPTION + " characters, was "
                                + OpenSloNames.length(text));
            }
            slo.description(text);
        }
        Optional<String> fullDescription = annotation(metadata, "metadata", OpenSlo.DESCRIPTION);
        if (fullDescription.isPresent()) {
            slo.description(fullDescription.get());
        }
        if (get(spec, "indicatorRef").isPresent()) {
            throw error(get(spec, "indicatorRef").get(), "spec.indicatorRef", "is not supported: inline the indicator");
        }
        slo.sli(sli(mapping(require(spec, "indicator", "spec"), "spec.indicator")));

        List<Node> windows = sequence(require(spec, "timeWindow", "spec"), "spec.timeWindow");
        if (windows.size() != 1) {
            throw error(
                    get(spec, "timeWindow").get(),
                    "spec.timeWindow",
                    "must hold exactly one window, had " + windows.size());
        }
        SloWindow window = window(mapping(windows.get(0), "spec.timeWindow[0]"), "spec.timeWindow[0]");
        slo.window(window);

        Node methodNode = require(spec, "budgetingMethod", "spec");
        String method = string(methodNode, "spec.budgetingMethod");
        List<Node> objectives = sequence(require(spec, "objectives", "spec"), "spec.objectives");
        if (objectives.size() != 1) {
            throw error(
                    get(spec, "objectives").get(),
                    "spec.objectives",
                    "must hold exactly one objective, had " + objectives.size());
        }
        MappingNode objective = mapping(objectives.get(0), "spec.objectives[0]");
        Node targetNode = require(objective, "target", "spec.objectives[0]");
        double target = number(targetNode, "spec.objectives[0].target");
        if (!(target > 0 && target < 1)) {
            throw error(targetNode, "spec.objectives[0].target", "must be in (0, 1), was " + target);
        }
        slo.objective(target);
        Node buildAt = objectives.get(0);
        String buildPath = "spec.objectives[0]";
        switch (method) {
            case "Occurrences":
                break;
            case "Timeslices": {
                Node sliceTarget = require(objective, "timeSliceTarget", "spec.objectives[0]");
                double ratio = number(sliceTarget, "spec.objectives[0].timeSliceTarget");
                Node sliceWindow = require(objective, "timeSliceWindow", "spec.objectives[0]");
                Duration length = sliceWindow(sliceWindow, "spec.objectives[0].timeSliceWindow");
                // Check each argument at its own node: a bad window is the window's fault.
                guard(sliceWindow, "spec.objectives[0].timeSliceWindow", () -> Budgeting.timeslices(length, 1.0));
                Budgeting budgeting = guard(
                        sliceTarget, "spec.objectives[0].timeSliceTarget", () -> Budgeting.timeslices(length, ratio));
                slo.budgeting(budgeting);
                buildAt = sliceWindow; // the build checks the slice against the window
                buildPath = "spec.objectives[0].timeSliceWindow";
                break;
            }
            default:
                throw error(
                        methodNode,
                        "spec.budgetingMethod",
                        "must be Occurrences or Timeslices, was '" + clip(method) + "'");
        }
        Slo built = guard(buildAt, buildPath, slo::build);

        BurnRateAlertPolicy.Builder policy = BurnRateAlertPolicy.builder();
        policySettings(metadata, "metadata", policy);
        Optional<Node> policies = get(spec, "alertPolicies");
        if (policies.isPresent()) {
            List<Node> list = sequence(policies.get(), "spec.alertPolicies");
            for (int i = 0; i < list.size(); i++) {
                String path = "spec.alertPolicies[" + i + "]";
                alertPolicy(mapping(list.get(i), path), path, window, policy);
            }
        }
        return new OpenSlo.Document(built, policy.build());
    }

    private static Sli sli(MappingNode indicator) {
        Optional<Node> metadata = get(indicator, "metadata");
        if (metadata.isPresent()) {
            Optional<String> threshold = annotation(
                    mapping(metadata.get(), "spec.indicator.metadata"),
                    "spec.indicator.metadata",
                    OpenSlo.LATENCY_THRESHOLD);
            if (threshold.isPresent()) {
                Node at = get(mapping(metadata.get(), ""), "annotations").get();
                String path = "spec.indicator.metadata.annotations." + OpenSlo.LATENCY_THRESHOLD;
                Duration d;
                try {
                    d = Duration.parse(threshold.get());
                } catch (DateTimeParseException e) {
                    throw error(
                            at,
                            path,
                            "must be an ISO-8601 duration such as PT0.3S, was '" + clip(threshold.get()) + "'");
                }
                return guard(at, path, () -> Sli.latency(d));
            }
        }
        MappingNode spec = mapping(require(indicator, "spec", "spec.indicator"), "spec.indicator.spec");
        if (get(spec, "ratioMetric").isEmpty() && get(spec, "thresholdMetric").isEmpty()) {
            throw error(spec, "spec.indicator.spec.ratioMetric", "is required");
        }
        return Sli.requestRatio();
    }

    private static SloWindow window(MappingNode w, String path) {
        Node durationNode = require(w, "duration", path);
        String duration = string(durationNode, path + ".duration");
        Node rollingNode = require(w, "isRolling", path);
        boolean rolling = bool(rollingNode, path + ".isRolling");
        if (rolling) {
            Duration length = shorthand(durationNode, path + ".duration");
            return guard(durationNode, path + ".duration", () -> SloWindow.rolling(length));
        }
        MappingNode calendar = mapping(require(w, "calendar", path), path + ".calendar");
        Node zoneNode = require(calendar, "timeZone", path + ".calendar");
        String zoneId = string(zoneNode, path + ".calendar.timeZone");
        ZoneId zone;
        try {
            zone = ZoneId.of(zoneId);
        } catch (DateTimeException e) {
            throw error(
                    zoneNode,
                    path + ".calendar.timeZone",
                    "must be a time zone such as Europe/Paris, was '" + clip(zoneId) + "'");
        }
        switch (duration) {
            case "1M":
                return SloWindow.calendarMonth(zone);
            case "1w":
                return SloWindow.calendarWeek(zone);
            default:
                throw error(
                        durationNode,
                        path + ".duration",
                        "must be 1M or 1w for a calendar window, was '" + clip(duration) + "'");
        }
    }

    private static void alertPolicy(MappingNode ap, String path, SloWindow window, BurnRateAlertPolicy.Builder policy) {
        if (get(ap, "alertPolicyRef").isPresent()) {
            throw error(
                    get(ap, "alertPolicyRef").get(), path + ".alertPolicyRef", "is not supported: inline the policy");
        }
        Optional<Node> metadata = get(ap, "metadata");
        if (metadata.isPresent()) {
            // Nines wrote these here before it wrote one policy per rule; they now live on the SLO.
            policySettings(mapping(metadata.get(), path + ".metadata"), path + ".metadata", policy);
        }
        MappingNode spec = mapping(require(ap, "spec", path), path + ".spec");
        List<Node> conditions = sequence(require(spec, "conditions", path + ".spec"), path + ".spec.conditions");
        Duration period = PrometheusRules.period(window);
        for (int i = 0; i < conditions.size(); i++) {
            String at = path + ".spec.conditions[" + i + "]";
            MappingNode c = mapping(conditions.get(i), at);
            if (get(c, "conditionRef").isPresent()) {
                throw error(
                        get(c, "conditionRef").get(), at + ".conditionRef", "is not supported: inline the condition");
            }
            BurnRateRule rule = rule(c, at, period);
            guard(c, at + ".metadata.name", () -> policy.rule(rule));
        }
    }

    /** Reads the policy-wide annotations (minimum events, budget thresholds) of {@code m}, if any. */
    private static void policySettings(MappingNode m, String path, BurnRateAlertPolicy.Builder policy) {
        String annotationsPath = path + ".annotations.";
        Optional<String> minimum = annotation(m, path, OpenSlo.MINIMUM_EVENTS);
        if (minimum.isPresent()) {
            Node at = get(m, "annotations").get();
            try {
                long value = Long.parseLong(minimum.get());
                guard(at, annotationsPath + OpenSlo.MINIMUM_EVENTS, () -> policy.minimumEvents(value));
            } catch (NumberFormatException e) {
                throw error(
                        at,
                        annotationsPath + OpenSlo.MINIMUM_EVENTS,
                        "must be a whole number, was '" + clip(minimum.get()) + "'");
            }
        }
        Optional<String> thresholds = annotation(m, path, OpenSlo.BUDGET_THRESHOLDS);
        if (thresholds.isPresent()) {
            Node at = get(m, "annotations").get();
            List<Double> values = new ArrayList<>();
            try {
                for (String t : thresholds.get().split(",", -1)) {
                    if (!t.isBlank()) {
                        values.add(Double.parseDouble(t.trim()));
                    }
                }
            } catch (NumberFormatException e) {
                throw error(
                        at,
                        annotationsPath + OpenSlo.BUDGET_THRESHOLDS,
                        "must be comma-separated numbers, was '" + clip(thresholds.get()) + "'");
            }
            guard(at, annotationsPath + OpenSlo.BUDGET_THRESHOLDS, () -> policy.budgetThresholds(values));
        }
    }

    private static BurnRateRule rule(MappingNode c, String path, Duration period) {
        MappingNode metadata = mapping(require(c, "metadata", path), path + ".metadata");
        String name = string(require(metadata, "name", path + ".metadata"), path + ".metadata.name");
        name = annotation(metadata, path + ".metadata", OpenSlo.NAME).orElse(name);
        MappingNode spec = mapping(require(c, "spec", path), path + ".spec");
        Node severityNode = require(spec, "severity", path + ".spec");
        String severityText = string(severityNode, path + ".spec.severity");
        Severity severity;
        if (severityText.equalsIgnoreCase("page")) {
            severity = Severity.PAGE;
        } else if (severityText.equalsIgnoreCase("ticket")) {
            severity = Severity.TICKET;
        } else {
            throw error(
                    severityNode, path + ".spec.severity", "must be page or ticket, was '" + clip(severityText) + "'");
        }
        String cp = path + ".spec.condition";
        MappingNode condition = mapping(require(spec, "condition", path + ".spec"), cp);
        Node kindNode = require(condition, "kind", cp);
        String kind = string(kindNode, cp + ".kind");
        if (!kind.equalsIgnoreCase("burnrate")) {
            throw error(kindNode, cp + ".kind", "must be burnrate, was '" + clip(kind) + "'");
        }
        Optional<Node> op = get(condition, "op");
        if (op.isPresent()) {
            String opText = string(op.get(), cp + ".op");
            if (!opText.equals("gte") && !opText.equals("gt")) {
                throw error(
                        op.get(),
                        cp + ".op",
                        "must be gt (or gte, read alike) for a burn rate, was '" + clip(opText) + "'");
            }
        }
        Node thresholdNode = require(condition, "threshold", cp);
        double threshold = number(thresholdNode, cp + ".threshold");
        if (!(threshold > 0)) {
            throw error(thresholdNode, cp + ".threshold", "must be positive, was " + threshold);
        }
        Node lookbackNode = require(condition, "lookbackWindow", cp);
        Duration longWindow = shorthand(lookbackNode, cp + ".lookbackWindow");
        Duration pendingFor = Duration.ZERO;
        Optional<Node> alertAfter = get(condition, "alertAfter");
        if (alertAfter.isPresent()) {
            pendingFor = shorthand(alertAfter.get(), cp + ".alertAfter");
        }
        String ap = path + ".metadata.annotations.";
        Node annotationsAt = get(metadata, "annotations").orElse(metadata);
        Duration shortWindow = longWindow.dividedBy(12);
        Optional<String> shortText = annotation(metadata, path + ".metadata", OpenSlo.SHORT_WINDOW);
        if (shortText.isPresent()) {
            shortWindow = parseShorthand(shortText.get(), annotationsAt, ap + OpenSlo.SHORT_WINDOW);
        }
        double fraction = threshold * longWindow.toMillis() / period.toMillis();
        Optional<String> fractionText = annotation(metadata, path + ".metadata", OpenSlo.BUDGET_FRACTION);
        if (fractionText.isPresent()) {
            try {
                fraction = Double.parseDouble(fractionText.get());
            } catch (NumberFormatException e) {
                throw error(
                        annotationsAt,
                        ap + OpenSlo.BUDGET_FRACTION,
                        "must be a number, was '" + clip(fractionText.get()) + "'");
            }
        }
        double budgetFraction = fraction;
        Duration shortW = shortWindow;
        Duration pending = pendingFor;
        String ruleName = name;
        return guard(c, path, () -> new BurnRateRule(ruleName, severity, budgetFraction, longWindow, shortW, pending));
    }

    // ---------------------------------------------------------------------------- node access

    private static Optional<String> annotation(MappingNode metadata, String path, String key) {
        Optional<Node> annotations = get(metadata, "annotations");
        if (annotations.isEmpty()) {
            return Optional.empty();
        }
        MappingNode m = mapping(annotations.get(), path + ".annotations");
        return get(m, key).map(n -> string(n, path + ".annotations." + key));
    }

    private static Duration sliceWindow(Node node, String path) {
        if (node instanceof ScalarNode && node.getTag().equals(Tag.INT)) {
            long seconds = (long) number(node, path);
            return guard(node, path, () -> Duration.ofSeconds(seconds));
        }
        return shorthand(node, path);
    }

    private static Duration shorthand(Node node, String path) {
        return parseShorthand(string(node, path), node, path);
    }

    private static Duration parseShorthand(String text, Node node, String path) {
        Matcher m = SHORTHAND.matcher(text);
        if (!m.matches()) {
            throw error(node, path, "must be a duration such as 5m, 1h, 30d or 1w, was '" + clip(text) + "'");
        }
        long n = Long.parseLong(m.group(1));
        switch (m.group(2)) {
            case "m":
                return Duration.ofMinutes(n);
            case "h":
                return Duration.ofHours(n);
            case "d":
                return Duration.ofDays(n);
            default:
                return Duration.ofDays(7 * n);
        }
    }

    private static Optional<Node> get(MappingNode m, String key) {
        for (NodeTuple t : m.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode
                    && ((ScalarNode) t.getKeyNode()).getValue().equals(key)) {
                return Optional.of(t.getValueNode());
            }
        }
        return Optional.empty();
    }

    private static Node require(MappingNode m, String key, String parent) {
        return get(m, key).orElseThrow(() -> error(m, parent.isEmpty() ? key : parent + "." + key, "is required"));
    }

    private static MappingNode mapping(Node node, String path) {
        if (!(node instanceof MappingNode m)) {
            throw error(node, path, "must be a mapping, was " + describe(node));
        }
        Set<String> keys = new HashSet<>();
        for (NodeTuple t : m.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode)) {
                throw error(t.getKeyNode(), path, "keys must be scalars, was " + describe(t.getKeyNode()));
            }
            String key = ((ScalarNode) t.getKeyNode()).getValue();
            if (!keys.add(key)) {
                throw error(t.getKeyNode(), path + "." + clip(key), "is duplicated");
            }
        }
        return m;
    }

    private static List<Node> sequence(Node node, String path) {
        if (!(node instanceof SequenceNode sequenceNode)) {
            throw error(node, path, "must be a sequence, was " + describe(node));
        }
        return sequenceNode.getValue();
    }

    private static List<String> strings(Node node, String path) {
        List<String> out = new ArrayList<>();
        List<Node> items = sequence(node, path);
        for (int i = 0; i < items.size(); i++) {
            out.add(string(items.get(i), path + "[" + i + "]"));
        }
        return out;
    }

    private static String string(Node node, String path) {
        if (!(node instanceof ScalarNode scalarNode) || node.getTag().equals(Tag.NULL)) {
            throw error(node, path, "must be a string, was " + describe(node));
        }
        return scalarNode.getValue();
    }

    private static double number(Node node, String path) {
        if (!(node instanceof ScalarNode scalarNode)
                || !(node.getTag().equals(Tag.FLOAT) || node.getTag().equals(Tag.INT))) {
            throw error(node, path, "must be a number, was " + describe(node));
        }
        String text = scalarNode.getValue();
        try {
            if (node.getTag().equals(Tag.INT)) {
                if (text.startsWith("0x")) {
                    return Long.parseLong(text.substring(2), 16);
                }
                return text.startsWith("0o") ? Long.parseLong(text.substring(2), 8) : Double.parseDouble(text);
            }
            String lower = text.toLowerCase(Locale.ROOT);
            if (lower.endsWith(".nan")) {
                return Double.NaN;
            }
            if (lower.endsWith(".inf")) {
                return lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            }
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw error(node, path, "must be a number, was '" + clip(text) + "'");
        }
    }

    private static boolean bool(Node node, String path) {
        if (!(node instanceof ScalarNode scalarNode) || !node.getTag().equals(Tag.BOOL)) {
            throw error(node, path, "must be true or false, was " + describe(node));
        }
        return scalarNode.getValue().equalsIgnoreCase("true");
    }

    private static String describe(Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a sequence";
        }
        Tag tag = node.getTag();
        String value = ((ScalarNode) node).getValue();
        String type = tag.equals(Tag.STR)
                ? "string"
                : tag.equals(Tag.INT)
                        ? "integer"
                        : tag.equals(Tag.FLOAT)
                                ? "number"
                                : tag.equals(Tag.BOOL) ? "boolean" : tag.equals(Tag.NULL) ? "null" : tag.getValue();
        return tag.equals(Tag.NULL) ? "null" : type + " '" + clip(value) + "'";
    }

    private static int line(Node node) {
        return node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
    }

    private static OpenSloFormatException error(Node node, String path, String problem) {
        return new OpenSloFormatException(path, problem, line(node));
    }

    /** Runs a builder step, turning its {@link IllegalArgumentException} into a located one. */
    private static <T> T guard(Node node, String path, java.util.function.Supplier<T> step) {
        try {
            return step.get();
        } catch (OpenSloFormatException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw error(node, path, "is invalid: " + clip(e.getMessage(), 240));
        }
    }
}
