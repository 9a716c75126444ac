package dev.nines.slo.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nines.slo.Slo;
import dev.nines.slo.SloWindow;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Checks the written spec against Sloth's published {@code prometheus/v1} format: the fields of
 * its spec types ({@code pkg/prometheus/api/v1}), the version line its loader detects, and the
 * validation its model applies (objective in (0, 100], Prometheus label keys and non-empty values,
 * a required alert name, queries that are Go templates using {@code {{.window}}} and, rendered,
 * valid PromQL, checked here with promtool).
 */
class SlothSpecTest {

    @TempDir
    Path dir;

    /** The keys Sloth's prometheus/v1 spec types declare, per level. */
    static final Set<String> SPEC_KEYS = Set.of("version", "service", "labels", "slos");

    static final Set<String> SLO_KEYS = Set.of("name", "objective", "description", "labels", "sli", "alerting");
    static final Set<String> ALERTING_KEYS = Set.of("name", "labels", "annotations", "page_alert", "ticket_alert");
    static final Set<String> ALERT_KEYS = Set.of("disable", "labels", "annotations");
    static final Pattern SLOTH_VERSION_LINE = Pattern.compile("(?m)^version: +['\"]?prometheus/v1['\"]?\\r?\\n? *$");
    static final Pattern RFC1123 = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    static Slo checkout() {
        return Slo.builder("checkout-availability")
                .objective(0.999)
                .window(SloWindow.rolling(Duration.ofDays(30)))
                .description("Checkout requests that do not fail")
                .label("team", "payments")
                .build();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> load(String yaml) {
        return (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(yaml);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> m, String key) {
        return (Map<String, Object>) m.get(key);
    }

    /** Sloth's published format and validation, as a checker; returns the queries to check with promtool. */
    @SuppressWarnings("unchecked")
    static List<String> conform(String yaml) {
        assertThat(SLOTH_VERSION_LINE.matcher(yaml).find())
                .as("Sloth detects the spec type")
                .isTrue();
        Map<String, Object> spec = load(yaml);
        assertThat(SPEC_KEYS).containsAll(spec.keySet());
        assertThat(spec.get("version")).isEqualTo("prometheus/v1");
        assertThat((String) spec.get("service")).matches(RFC1123);
        List<Map<String, Object>> slos = (List<Map<String, Object>>) spec.get("slos");
        assertThat(slos).isNotEmpty();
        List<String> queries = new ArrayList<>();
        for (Map<String, Object> slo : slos) {
            assertThat(SLO_KEYS).containsAll(slo.keySet());
            assertThat((String) slo.get("name")).matches(RFC1123);
            assertThat(((Number) slo.get("objective")).doubleValue())
                    .isGreaterThan(0)
                    .isLessThanOrEqualTo(100);
            labels(map(slo, "labels"));
            Map<String, Object> sli = map(slo, "sli");
            assertThat(sli.keySet()).containsExactly("events");
            Map<String, Object> events = map(sli, "events");
            assertThat(events.keySet()).containsExactlyInAnyOrder("error_query", "total_query");
            for (Object q : events.values()) {
                String query = (String) q;
                assertThat(query).contains("{{.window}}");
                String rendered = query.replace("{{.window}}", "1m"); // what Sloth's validation renders
                assertThat(rendered).as("no other Go template action").doesNotContain("{{");
                queries.add(rendered);
            }
            Map<String, Object> alerting = map(slo, "alerting");
            assertThat(ALERTING_KEYS).containsAll(alerting.keySet());
            assertThat((String) alerting.get("name")).matches(METRIC_NAME);
            labels(map(alerting, "labels"));
            labels(map(alerting, "annotations"));
            for (String alert : List.of("page_alert", "ticket_alert")) {
                Map<String, Object> a = map(alerting, alert);
                assertThat(ALERT_KEYS).containsAll(a.keySet());
                labels(map(a, "labels"));
            }
        }
        return queries;
    }

    static void labels(Map<String, Object> labels) {
        if (labels == null) {
            return;
        }
        labels.forEach((k, v) -> {
            assertThat(k).matches(LABEL_NAME).isNotEqualTo("__name__");
            assertThat((String) v).isNotEmpty();
        });
    }

    private void promtoolAccepts(List<String> queries) throws Exception {
        StringBuilder file = new StringBuilder("groups:\n  - name: sloth-queries\n    rules:\n");
        for (int i = 0; i < queries.size(); i++) {
            file.append("      - record: q")
                    .append(i)
                    .append("\n        expr: ")
                    .append(PrometheusRules.yamlString(queries.get(i)))
                    .append('\n');
        }
        Files.writeString(dir.resolve("queries.yml"), file.toString(), StandardCharsets.UTF_8);
        Promtool.Result result = Promtool.run(dir, "check", "rules", "queries.yml");
        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    @Test
    void writesAnEventsSliObjectiveLabelsAndPageAndTicketAlertsPerSlo() throws Exception {
        Slo latency = Slo.builder("Search Latency").objective(0.99).build();
        String yaml = SlothSpec.write("Shop Checkout", List.of(checkout(), latency));

        List<String> queries = conform(yaml);
        Map<String, Object> spec = load(yaml);
        assertThat(spec.get("service")).isEqualTo("shop-checkout");
        @SuppressWarnings("unchecked")
        Map<String, Object> first = ((List<Map<String, Object>>) spec.get("slos")).get(0);
        assertThat(first)
                .containsEntry("name", "checkout-availability")
                .containsEntry("description", "Checkout requests that do not fail");
        assertThat(first.get("objective")).isEqualTo(99.9);
        assertThat(map(first, "labels")).containsExactly(Map.entry("team", "payments"));
        assertThat(map(map(first, "sli"), "events"))
                .containsEntry(
                        "error_query",
                        "sum(rate(nines_slo_events_total{slo=\"checkout-availability\", kind=\"bad\"}[{{.window}}]))")
                .containsEntry(
                        "total_query", "sum(rate(nines_slo_events_total{slo=\"checkout-availability\"}[{{.window}}]))");
        assertThat(map(first, "alerting")).containsEntry("name", "CheckoutAvailabilityErrorBudgetBurn");
        assertThat(map(map(map(first, "alerting"), "page_alert"), "labels")).containsEntry("severity", "page");
        assertThat(map(map(map(first, "alerting"), "ticket_alert"), "labels")).containsEntry("severity", "ticket");
        @SuppressWarnings("unchecked")
        Map<String, Object> second = ((List<Map<String, Object>>) spec.get("slos")).get(1);
        assertThat(second).containsEntry("name", "search-latency").containsEntry("objective", 99);
        promtoolAccepts(queries);
    }

    @Test
    void keepsHostileNamesOutOfGoTemplateActionsAndConformant() throws Exception {
        Slo hostile = Slo.builder("{{ .Value }}\"\\x")
                .objective(0.9995)
                .label("a-b", "x\"y")
                .description("{{ template \"x\" }}")
                .build();
        String yaml = SlothSpec.write("{{svc}}", List.of(hostile));

        List<String> queries = conform(yaml);
        assertThat(queries.get(0))
                .isEqualTo(
                        "sum(rate(nines_slo_events_total{slo=\"\\x7b\\x7b .Value }}\\\"\\\\x\", kind=\"bad\"}[1m]))");
        @SuppressWarnings("unchecked")
        Map<String, Object> slo = ((List<Map<String, Object>>) load(yaml).get("slos")).get(0);
        assertThat(slo.get("name")).isEqualTo("value-x");
        assertThat(map(map(slo, "alerting"), "annotations").get("summary"))
                .isEqualTo("SLO '{{ \"{{\" }} .Value }}\"\\x' is burning its error budget too fast");
        assertThat(load(yaml).get("service")).isEqualTo("svc");
        promtoolAccepts(queries);
    }

    @Test
    void rejectsCollidingNamesTemplateLabelValuesAndNoSlos() {
        Slo a = Slo.builder("Checkout").objective(0.99).build();
        Slo b = Slo.builder("checkout!").objective(0.99).build();
        assertThatThrownBy(() -> SlothSpec.write("shop", List.of(a, b)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("slo names must stay distinct")
                .hasMessageContaining("'checkout!'");
        Slo templated =
                Slo.builder("x").objective(0.99).label("owner", "{{ $x }}").build();
        assertThatThrownBy(() -> SlothSpec.write("shop", List.of(templated)))
                .hasMessageStartingWith("label 'owner' value must not contain '{{'");
        assertThatThrownBy(() -> SlothSpec.write("shop", List.of())).hasMessage("slos must not be empty, was []");
        assertThat(SlothSpec.rfc1123Label("-".repeat(5) + "A".repeat(80)))
                .hasSize(63)
                .matches(RFC1123);
        assertThat(SlothSpec.rfc1123Label("***")).isEqualTo("slo");
    }
}
