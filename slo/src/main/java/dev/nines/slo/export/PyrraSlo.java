package dev.nines.slo.export;

import dev.nines.slo.Slo;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Writes a <a href="https://pyrra.dev">Pyrra</a> {@code ServiceLevelObjective}
 * ({@code apiVersion: pyrra.dev/v1alpha1}) for an SLO declared in code, for teams that run Pyrra's
 * Kubernetes operator or its file-system mode.
 *
 * <p>The SLO becomes a ratio indicator over the counters that
 * {@code dev.nines.slo.micrometer.SloMetrics} exports ({@code errors}:
 * {@code nines_slo_events_total{slo="...", kind="bad"}}, {@code total}:
 * {@code nines_slo_events_total{slo="..."}}, plain vector selectors as Pyrra requires), with the
 * objective as a percentage ({@code target}), the period ({@code window}, a calendar month counting
 * as 30 days as in {@link PrometheusRules#period}), the description, the alert name
 * {@link PrometheusRules} would use and, optionally, {@code grouping} labels (one SLO per route or
 * tenant, as {@link PrometheusRules.Builder#aggregateBy(String)}). Pyrra applies its own burn-rate
 * windows and knows no exclusions: for exclusion-aware rules use {@link PrometheusRules}.
 *
 * <p>Conformance: {@code metadata.name} is the SLO name made an RFC 1123 label (lowercase letters,
 * digits and {@code -}, at most 63 characters); the namespace must already be one. Pyrra treats the
 * description as plain text, so it is written as it is.
 *
 * <p>Thread-safe (no state). Bad input raises {@link IllegalArgumentException} naming the field.
 *
 * <pre>{@code
 * Files.writeString(Path.of("checkout.pyrra.yml"), PyrraSlo.write(checkout, "monitoring", List.of("route")));
 * }</pre>
 */
public final class PyrraSlo {

    /** The API version of Pyrra's custom resource. */
    public static final String API_VERSION = "pyrra.dev/v1alpha1";

    private static final Pattern RFC1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private PyrraSlo() {}

    /**
     * Returns the Pyrra {@code ServiceLevelObjective} of {@code slo}, without grouping.
     *
     * @param slo the SLO
     * @param namespace the Kubernetes namespace, an RFC 1123 label such as {@code monitoring}
     * @return the YAML text
     * @throws IllegalArgumentException if the namespace is not an RFC 1123 label, or the SLO's text
     *     holds a lone surrogate
     */
    public static String write(Slo slo, String namespace) {
        return write(slo, namespace, List.of());
    }

    /**
     * Returns the Pyrra {@code ServiceLevelObjective} of {@code slo}, one SLO per value of the
     * {@code grouping} labels.
     *
     * @param slo the SLO
     * @param namespace the Kubernetes namespace, an RFC 1123 label such as {@code monitoring}
     * @param grouping Prometheus label names the counters carry, e.g. {@code route}; may be empty
     * @return the YAML text
     * @throws IllegalArgumentException if the namespace is not an RFC 1123 label, a grouping label is
     *     not a label name, or the SLO's text holds a lone surrogate
     */
    public static String write(Slo slo, String namespace, List<String> grouping) {
        Objects.requireNonNull(slo, "slo");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(grouping, "grouping");
        if (!RFC1123_LABEL.matcher(namespace).matches()) {
            throw new IllegalArgumentException("namespace must be an RFC 1123 label ([a-z0-9]([-a-z0-9]*[a-z0-9])?, "
                    + "at most 63 characters), was '" + namespace + "'");
        }
        List<String> groups = new ArrayList<>();
        for (String label : grouping) {
            if (!LABEL_NAME.matcher(Objects.requireNonNull(label, "grouping")).matches() || label.startsWith("__")) {
                throw new IllegalArgumentException("grouping must hold Prometheus label names, was '" + label + "'");
            }
            groups.add(label);
        }
        PrometheusRules rules = PrometheusRules.of(slo); // validates the SLO's text
        String selector = PrometheusRules.EVENTS_METRIC + "{slo=" + PrometheusRules.promString(slo.name());
        StringBuilder out = new StringBuilder();
        out.append("apiVersion: ").append(API_VERSION).append('\n');
        out.append("kind: ServiceLevelObjective\n");
        out.append("metadata:\n");
        out.append("  name: ")
                .append(PrometheusRules.yamlString(SlothSpec.rfc1123Label(slo.name())))
                .append('\n');
        out.append("  namespace: ")
                .append(PrometheusRules.yamlString(namespace))
                .append('\n');
        out.append("spec:\n");
        out.append("  target: ")
                .append(PrometheusRules.yamlString(SlothSpec.percent(slo.objective())))
                .append('\n');
        out.append("  window: ")
                .append(PrometheusRules.yamlString(PrometheusRules.promDuration(PrometheusRules.period(slo.window()))))
                .append('\n');
        out.append("  description: ")
                .append(PrometheusRules.yamlString(slo.description()))
                .append('\n');
        out.append("  indicator:\n    ratio:\n");
        out.append("      errors:\n        metric: ")
                .append(PrometheusRules.yamlString(selector + ", kind=\"bad\"}"))
                .append('\n');
        out.append("      total:\n        metric: ")
                .append(PrometheusRules.yamlString(selector + "}"))
                .append('\n');
        if (!groups.isEmpty()) {
            out.append("      grouping:\n");
            for (String g : groups) {
                out.append("        - ").append(PrometheusRules.yamlString(g)).append('\n');
            }
        }
        out.append("  alerting:\n    name: ")
                .append(PrometheusRules.yamlString(rules.alertName()))
                .append('\n');
        return out.toString();
    }
}
