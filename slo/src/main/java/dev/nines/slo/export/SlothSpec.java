package dev.nines.slo.export;

import dev.nines.slo.Slo;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Writes a <a href="https://sloth.dev">Sloth</a> {@code prometheus/v1} spec for SLOs declared in
 * code, for teams that already generate their rules with Sloth ({@code sloth generate -i spec.yml}).
 *
 * <p>Each SLO becomes one entry of {@code slos:} with an events SLI over the counters that
 * {@code dev.nines.slo.micrometer.SloMetrics} exports:
 * {@code sum(rate(nines_slo_events_total{slo="...", kind="bad"}[{{.window}}]))} over
 * {@code sum(rate(nines_slo_events_total{slo="..."}[{{.window}}]))}, the objective as a percentage,
 * the SLO's labels and description, and page and ticket alerts labelled {@code severity: page} and
 * {@code severity: ticket} under the alert name {@link PrometheusRules} would use. Sloth's spec has
 * no period and no alert policy: Sloth applies its own (30 days by default, {@code --default-slo-period}
 * changes it; the SRE Workbook's multi-window, multi-burn-rate alerts). Sloth averages short-window
 * ratios over the period and knows no exclusions: for exact, exclusion-aware rules use
 * {@link PrometheusRules}.
 *
 * <p>Conformance: the service and SLO names become RFC 1123 labels (lowercase letters, digits and
 * {@code -}, at most 63 characters) as Sloth's IDs need; label keys become Prometheus label names
 * and labels with empty values are left out (Sloth requires a value). Sloth runs the queries through
 * Go's {@code text/template}, so every <code>&#123;</code> of the SLO name inside a PromQL string is
 * written as the escape {@code \x7b}; and since Sloth copies the SLO labels into alert templates as
 * well as recording rules, a label value containing <code>&#123;&#123;</code> is rejected (no text is
 * right for both). Annotations, which only alerts carry, are escaped for Go templates.
 *
 * <p>Thread-safe (no state). Bad input raises {@link IllegalArgumentException} naming the field.
 *
 * <pre>{@code
 * Files.writeString(Path.of("checkout.sloth.yml"), SlothSpec.write("checkout", List.of(availability, latency)));
 * }</pre>
 */
public final class SlothSpec {

    /** The spec version Sloth expects in {@code version:}. */
    public static final String VERSION = "prometheus/v1";

    private SlothSpec() {}

    /**
     * Returns the Sloth spec of {@code slos}, all of one service.
     *
     * @param service the service the SLOs belong to; made an RFC 1123 label
     * @param slos at least one SLO; their names must stay distinct once made RFC 1123 labels
     * @return the YAML text
     * @throws IllegalArgumentException if {@code slos} is empty, two names collide, a label value
     *     contains <code>&#123;&#123;</code>, or a text holds a lone surrogate
     */
    public static String write(String service, List<Slo> slos) {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(slos, "slos");
        if (slos.isEmpty()) {
            throw new IllegalArgumentException("slos must not be empty, was []");
        }
        StringBuilder out = new StringBuilder();
        out.append("version: ").append(PrometheusRules.yamlString(VERSION)).append('\n');
        out.append("service: ")
                .append(PrometheusRules.yamlString(rfc1123Label(service)))
                .append('\n');
        out.append("slos:\n");
        Set<String> names = new HashSet<>();
        for (Slo slo : slos) {
            Objects.requireNonNull(slo, "slo");
            PrometheusRules rules = PrometheusRules.of(slo); // validates text and label keys
            String name = rfc1123Label(slo.name());
            if (!names.add(name)) {
                throw new IllegalArgumentException("slo names must stay distinct as Sloth names, was '" + slo.name()
                        + "' (becomes '" + name + "' like another)");
            }
            out.append("  - name: ").append(PrometheusRules.yamlString(name)).append('\n');
            out.append("    objective: ").append(percent(slo.objective())).append('\n');
            if (!slo.description().isEmpty()) {
                out.append("    description: ")
                        .append(PrometheusRules.yamlString(slo.description()))
                        .append('\n');
            }
            Map<String, String> labels = new TreeMap<>();
            for (Map.Entry<String, String> e : slo.labels().entrySet()) {
                if (e.getValue().contains("{{")) {
                    throw new IllegalArgumentException("label '" + e.getKey() + "' value must not contain '{{' "
                            + "(Sloth copies it into recording rules and alert templates alike), was '"
                            + e.getValue() + "'");
                }
                if (!e.getValue().isEmpty()) {
                    labels.put(PrometheusRules.labelName(e.getKey()), e.getValue());
                }
            }
            if (!labels.isEmpty()) {
                out.append("    labels:\n");
                labels.forEach((k, v) -> out.append("      ")
                        .append(k)
                        .append(": ")
                        .append(PrometheusRules.yamlString(v))
                        .append('\n'));
            }
            String selector =
                    PrometheusRules.EVENTS_METRIC + "{slo=" + templateSafe(PrometheusRules.promString(slo.name()));
            out.append("    sli:\n      events:\n");
            out.append("        error_query: ")
                    .append(PrometheusRules.yamlString("sum(rate(" + selector + ", kind=\"bad\"}[{{.window}}]))"))
                    .append('\n');
            out.append("        total_query: ")
                    .append(PrometheusRules.yamlString("sum(rate(" + selector + "}[{{.window}}]))"))
                    .append('\n');
            out.append("    alerting:\n");
            out.append("      name: ")
                    .append(PrometheusRules.yamlString(rules.alertName()))
                    .append('\n');
            out.append("      annotations:\n        summary: ")
                    .append(PrometheusRules.yamlString("SLO '" + PrometheusRules.goTemplateText(slo.name())
                            + "' is burning its error budget too fast"))
                    .append('\n');
            out.append("      page_alert:\n        labels:\n          severity: \"page\"\n");
            out.append("      ticket_alert:\n        labels:\n          severity: \"ticket\"\n");
        }
        return out.toString();
    }

    /** Writes every <code>&#123;</code> of a PromQL string literal as the escape {@code \x7b}, so no Go template action starts. */
    static String templateSafe(String promString) {
        return promString.replace("{", "\\x7b");
    }

    /** The objective as Sloth's percentage, e.g. 99.9, without binary noise. */
    static String percent(double objective) {
        BigDecimal p =
                new BigDecimal(Double.toString(objective)).movePointRight(2).stripTrailingZeros();
        return p.scale() < 0 ? p.setScale(0).toPlainString() : p.toPlainString();
    }

    /**
     * Makes {@code text} an RFC 1123 label: lowercase letters, digits and {@code -}, starting and
     * ending with a letter or digit, at most 63 characters; other runs of characters become one
     * {@code -}. Empty results become {@code slo}.
     */
    static String rfc1123Label(String text) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = Character.toLowerCase(text.charAt(i));
            boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
            if (ok) {
                b.append(c);
            } else if (b.length() > 0 && b.charAt(b.length() - 1) != '-') {
                b.append('-');
            }
        }
        String s = b.length() > 63 ? b.substring(0, 63) : b.toString();
        while (s.endsWith("-")) {
            s = s.substring(0, s.length() - 1);
        }
        return s.isEmpty() ? "slo" : s.toLowerCase(Locale.ROOT);
    }
}
