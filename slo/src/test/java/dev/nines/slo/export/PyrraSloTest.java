package dev.nines.slo.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nines.slo.Slo;
import dev.nines.slo.SloWindow;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Checks the written resource against Pyrra's published {@code pyrra.dev/v1alpha1}
 * {@code ServiceLevelObjective} (its {@code kubernetes/api/v1alpha1} types and their
 * {@code validate()}): a name, a target that parses as a number in [1, 100] (0-1 only warns), a
 * window that is a Prometheus duration, a ratio indicator whose errors and total metrics differ and
 * are plain vector selectors (checked with promtool and by shape), and Kubernetes object names.
 */
class PyrraSloTest {

    @TempDir
    Path dir;

    static final Set<String> SPEC_KEYS =
            Set.of("description", "target", "window", "indicator", "alerting", "partial_response_strategy");
    static final Set<String> ALERTING_KEYS = Set.of("disabled", "burnrates", "absent", "name", "absentName");
    static final Pattern RFC1123 = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    /** Prometheus's model.ParseDuration. */
    static final Pattern PROM_DURATION = Pattern.compile("(\\d+y)?(\\d+w)?(\\d+d)?(\\d+h)?(\\d+m)?(\\d+s)?(\\d+ms)?");
    /** A plain vector selector: a metric name and equality matchers. */
    static final Pattern VECTOR_SELECTOR =
            Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*\\{(slo=\"(?:[^\"\\\\]|\\\\.)*\")" + "(, kind=\"bad\")?\\}");

    @SuppressWarnings("unchecked")
    static Map<String, Object> load(String yaml) {
        return (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(yaml);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> m, String key) {
        return (Map<String, Object>) m.get(key);
    }

    private Map<String, Object> conform(String yaml) throws Exception {
        Map<String, Object> doc = load(yaml);
        assertThat(doc.keySet()).containsExactly("apiVersion", "kind", "metadata", "spec");
        assertThat(doc)
                .containsEntry("apiVersion", "pyrra.dev/v1alpha1")
                .containsEntry("kind", "ServiceLevelObjective");
        assertThat((String) map(doc, "metadata").get("name")).matches(RFC1123);
        assertThat((String) map(doc, "metadata").get("namespace")).matches(RFC1123);
        Map<String, Object> spec = map(doc, "spec");
        assertThat(SPEC_KEYS).containsAll(spec.keySet());
        double target = Double.parseDouble((String) spec.get("target"));
        assertThat(target).isBetween(1.0, 100.0);
        assertThat((String) spec.get("window")).matches(PROM_DURATION).isNotEmpty();
        Map<String, Object> ratio = map(map(spec, "indicator"), "ratio");
        assertThat(map(spec, "indicator").keySet()).containsExactly("ratio");
        String errors = (String) map(ratio, "errors").get("metric");
        String total = (String) map(ratio, "total").get("metric");
        assertThat(errors).matches(VECTOR_SELECTOR).isNotEqualTo(total);
        assertThat(total).matches(VECTOR_SELECTOR);
        assertThat(ALERTING_KEYS).containsAll(map(spec, "alerting").keySet());
        Files.writeString(
                dir.resolve("metrics.yml"),
                "groups:\n  - name: pyrra\n    rules:\n"
                        + "      - record: errors\n        expr: " + PrometheusRules.yamlString(errors) + "\n"
                        + "      - record: total\n        expr: " + PrometheusRules.yamlString(total) + "\n",
                StandardCharsets.UTF_8);
        Promtool.Result result = Promtool.run(dir, "check", "rules", "metrics.yml");
        assertThat(result.exitCode()).as(result.output()).isZero();
        return doc;
    }

    @Test
    void writesARatioIndicatorWithTargetWindowGroupingAndAlertName() throws Exception {
        Slo slo = Slo.builder("Checkout Availability")
                .objective(0.999)
                .window(SloWindow.rolling(Duration.ofDays(28)))
                .description("Checkout requests that do not fail")
                .build();

        Map<String, Object> doc = conform(PyrraSlo.write(slo, "monitoring", List.of("route")));

        assertThat(map(doc, "metadata"))
                .containsEntry("name", "checkout-availability")
                .containsEntry("namespace", "monitoring");
        Map<String, Object> spec = map(doc, "spec");
        assertThat(spec)
                .containsEntry("target", "99.9")
                .containsEntry("window", "28d")
                .containsEntry("description", "Checkout requests that do not fail");
        Map<String, Object> ratio = map(map(spec, "indicator"), "ratio");
        assertThat(map(ratio, "errors"))
                .containsEntry("metric", "nines_slo_events_total{slo=\"Checkout Availability\", kind=\"bad\"}");
        assertThat(map(ratio, "total"))
                .containsEntry("metric", "nines_slo_events_total{slo=\"Checkout Availability\"}");
        assertThat(ratio.get("grouping")).isEqualTo(List.of("route"));
        assertThat(map(spec, "alerting")).containsEntry("name", "CheckoutAvailabilityErrorBudgetBurn");
    }

    @Test
    void writesHostileNamesAsValidSelectorsAndACalendarMonthAs30Days() throws Exception {
        Slo slo = Slo.builder("{{ \"x\\y\" }}\n")
                .objective(0.95)
                .window(SloWindow.calendarMonth(ZoneId.of("UTC")))
                .description("{{ plain }}")
                .build();

        Map<String, Object> doc = conform(PyrraSlo.write(slo, "obs"));

        assertThat(map(doc, "metadata")).containsEntry("name", "x-y");
        assertThat(map(doc, "spec"))
                .containsEntry("window", "30d")
                .containsEntry("target", "95")
                .containsEntry("description", "{{ plain }}");
        assertThat(map(map(map(doc, "spec"), "indicator"), "ratio")).doesNotContainKey("grouping");
    }

    @Test
    void rejectsABadNamespaceOrGroupingLabel() {
        Slo slo = Slo.builder("checkout").objective(0.99).build();
        assertThatThrownBy(() -> PyrraSlo.write(slo, "Monitoring"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("namespace must be an RFC 1123 label")
                .hasMessageEndingWith("'Monitoring'");
        assertThatThrownBy(() -> PyrraSlo.write(slo, "monitoring", List.of("route-name")))
                .hasMessage("grouping must hold Prometheus label names, was 'route-name'");
    }
}
