package dev.nines.slo.export;

import static dev.nines.slo.export.PrometheusRulesTest.checkout;
import static dev.nines.slo.export.PrometheusRulesTest.groups;
import static dev.nines.slo.export.PrometheusRulesTest.map;
import static dev.nines.slo.export.PrometheusRulesTest.rules;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nines.slo.Slo;
import dev.nines.slo.alert.Severity;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The no-data alerts and the watchdog of {@link PrometheusRules} (issue 22, "watching the watcher"). */
class PrometheusNoDataRulesTest {

    @TempDir
    Path dir;

    private static final String NO_DATA_ANNOTATIONS = "{title: '(page) checkout SLO has no data.', summary: "
            + "\"No replica has reported the events of SLO 'checkout' for 10m: its burn-rate alerts cannot fire\", "
            + "description: 'Checkout requests that do not fail'}";

    private static String replicaAnnotations(String replica) {
        return "{title: '(ticket) checkout SLO has no data from replica " + replica + ".', summary: \"Replica "
                + replica + " has not reported the events of SLO 'checkout' for 10m: the SLO ratios leave its "
                + "traffic out\"}";
    }

    private static final String WATCHDOG_ANNOTATIONS = "{title: 'Watchdog: the alerting pipeline is alive.', "
            + "summary: \"This alert always fires. Route it to a dead man's switch that pages when it stops "
            + "arriving: then Prometheus, its rules or Alertmanager are down.\"}";

    private Promtool.Result promtoolTest(String rules, String... tests) throws Exception {
        Files.writeString(dir.resolve("rules.yml"), rules, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("tests.yml"), String.join("\n", tests) + "\n", StandardCharsets.UTF_8);
        return Promtool.run(dir, "test", "rules", "tests.yml");
    }

    @Test
    void addsANoDataAlertPerSloAndPerReplicaAndOneWatchdogPerFile() {
        PrometheusRules rules =
                PrometheusRules.builder(checkout()).matcher("job", "shop").build();
        List<Map<String, Object>> groups = groups(rules.toYaml());

        assertThat(groups)
                .extracting(g -> g.get("name"))
                .endsWith("nines-slo-nodata-alerts-checkout", "nines-watchdog");
        List<Map<String, Object>> noData = rules(groups.get(2));
        assertThat(noData).extracting(r -> r.get("alert")).containsExactly("CheckoutNoData", "CheckoutReplicaNoData");
        assertThat(rules.noDataAlertName()).isEqualTo("CheckoutNoData");
        assertThat(rules.replicaNoDataAlertName()).isEqualTo("CheckoutReplicaNoData");
        assertThat((String) noData.get(0).get("expr"))
                .isEqualTo("absent_over_time(nines_slo_events_total{slo=\"checkout\", job=\"shop\"}[10m])");
        assertThat(map(noData.get(0), "labels"))
                .containsEntry("slo", "checkout")
                .containsEntry("team", "payments")
                .containsEntry("severity", "page");
        assertThat(map(noData.get(0), "annotations")).containsKeys("title", "summary", "description");
        assertThat((String) noData.get(1).get("expr"))
                .isEqualTo(
                        "group by (slo, instance) (max_over_time(nines_slo_events_total{slo=\"checkout\", job=\"shop\"}[1h]))\n"
                                + "unless\n"
                                + "group by (slo, instance) (max_over_time(nines_slo_events_total{slo=\"checkout\", "
                                + "job=\"shop\"}[10m]))");
        assertThat(map(noData.get(1), "labels"))
                .containsEntry("severity", "ticket")
                .containsEntry("team", "payments");
        List<Map<String, Object>> watchdog = rules(groups.get(3));
        assertThat(watchdog).hasSize(1);
        assertThat(watchdog.get(0)).containsEntry("alert", "NinesWatchdog").containsEntry("expr", "vector(1)");
        assertThat(map(watchdog.get(0), "labels")).containsExactlyEntriesOf(Map.of("severity", "none"));

        // Several SLOs in one file: a no-data group each, one watchdog.
        Slo search = Slo.builder("search").objective(0.99).build();
        List<Map<String, Object>> both = groups(PrometheusRules.toYaml(List.of(rules, PrometheusRules.of(search))));
        assertThat(both)
                .extracting(g -> g.get("name"))
                .filteredOn(n -> ((String) n).contains("nodata") || n.equals("nines-watchdog"))
                .containsExactly(
                        "nines-slo-nodata-alerts-checkout", "nines-slo-nodata-alerts-search", "nines-watchdog");
    }

    @Test
    void leavesOutTheNoDataAlertsAndTheWatchdogWhenAsked() {
        PrometheusRules rules = PrometheusRules.builder(checkout())
                .noDataAlerts(false)
                .watchdog(false)
                .build();

        assertThat(groups(rules.toYaml()))
                .extracting(g -> g.get("name"))
                .containsExactly("nines-slo-sli-checkout", "nines-slo-meta-recordings-checkout");
        assertThat(rules.noDataAfter()).isEmpty();
        assertThat(PrometheusRules.builder(checkout())
                        .noDataAlerts(false)
                        .noDataAlerts(true)
                        .build()
                        .noDataAfter())
                .contains(Duration.ofMinutes(10));
    }

    @Test
    void expectedReplicasGetAnAbsentOverTimeClauseEach() {
        String yaml = PrometheusRules.builder(checkout())
                .replicaLabel("pod")
                .expectedReplicas(List.of("p-1", "p-2"))
                .noDataAfter(Duration.ofMinutes(5))
                .noDataSeverity(Severity.TICKET)
                .build()
                .toYaml();
        List<Map<String, Object>> noData = rules(groups(yaml).get(2));

        assertThat((String) noData.get(1).get("expr"))
                .contains("group by (slo, pod) (absent_over_time(nines_slo_events_total{slo=\"checkout\", "
                        + "pod=\"p-1\"}[5m]))")
                .contains("pod=\"p-2\"}[5m]))")
                .contains("unless\ngroup by (slo, pod) (max_over_time(");
        assertThat(map(noData.get(0), "labels")).containsEntry("severity", "ticket");
        assertThat(map(noData.get(1), "annotations"))
                .containsEntry("title", "(ticket) {{$labels.slo}} SLO has no data from replica {{$labels.pod}}.");
    }

    @Test
    void rejectsBadNoDataSettingsNamingTheFieldAndValue() {
        assertThatThrownBy(() -> PrometheusRules.builder(checkout()).noDataAfter(Duration.ofSeconds(30)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("noDataAfter must be whole seconds, at least 1m, was PT30S");
        assertThatThrownBy(() -> PrometheusRules.builder(checkout())
                        .replicaLookback(Duration.ofMinutes(10))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("replicaLookback must be longer than noDataAfter 10m, was 10m");
        assertThatThrownBy(() -> PrometheusRules.builder(checkout()).replicaLabel("severity"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("replicaLabel must not be reserved")
                .hasMessageContaining("'severity'");
        assertThatThrownBy(() ->
                        PrometheusRules.builder(checkout()).replicaLabel("team").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("replicaLabel must differ from the SLO's label keys [team], was 'team'");
        assertThatThrownBy(() -> PrometheusRules.builder(checkout())
                        .aggregateBy("instance")
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("replicaLabel must differ from the aggregateBy labels [instance], was 'instance'");
        assertThat(PrometheusRules.builder(checkout())
                        .aggregateBy("instance")
                        .noDataAlerts(false)
                        .build()
                        .aggregateBy())
                .containsExactly("instance");
        assertThatThrownBy(() -> PrometheusRules.builder(checkout()).expectedReplicas(List.of("a", "a")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected replica must not repeat, was 'a'");
        assertThatThrownBy(() -> PrometheusRules.builder(checkout()).expectedReplicas(List.of(" ")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected replica");
    }

    @Test
    void promtoolFiresTheReplicaAlertWhenOneReplicaStopsAndTheSloAlertWhenAllDo() throws Exception {
        assertPasses(promtoolTest(
                PrometheusRules.of(checkout()).toYaml(),
                "rule_files: [rules.yml]",
                "evaluation_interval: 1m",
                "tests:",
                // Replica b stops reporting after 20 minutes; a carries on.
                "  - interval: 1m",
                "    input_series:",
                "      - series: 'nines_slo_events_total{slo=\"checkout\",kind=\"good\",instance=\"a\"}'",
                "        values: '0+100x120'",
                "      - series: 'nines_slo_events_total{slo=\"checkout\",kind=\"good\",instance=\"b\"}'",
                "        values: '0+100x20'",
                "    alert_rule_test:",
                "      - eval_time: 15m",
                "        alertname: CheckoutReplicaNoData",
                "        exp_alerts: []",
                "      - eval_time: 25m", // b's last sample is within 10m: no alert yet
                "        alertname: CheckoutReplicaNoData",
                "        exp_alerts: []",
                "      - eval_time: 35m",
                "        alertname: CheckoutReplicaNoData",
                "        exp_alerts:",
                "          - exp_labels: {slo: checkout, team: payments, instance: b, severity: ticket}",
                "            exp_annotations: " + replicaAnnotations("b"),
                "      - eval_time: 35m", // a still reports: the SLO has data
                "        alertname: CheckoutNoData",
                "        exp_alerts: []",
                "      - eval_time: 85m", // b left the 1h lookback: forgotten
                "        alertname: CheckoutReplicaNoData",
                "        exp_alerts: []",
                "      - eval_time: 5m",
                "        alertname: NinesWatchdog",
                "        exp_alerts:",
                "          - exp_labels: {severity: none}",
                "            exp_annotations: " + WATCHDOG_ANNOTATIONS,
                // Both replicas stop after 20 minutes: the SLO has no data, and each replica alerts.
                "  - interval: 1m",
                "    input_series:",
                "      - series: 'nines_slo_events_total{slo=\"checkout\",kind=\"good\",instance=\"a\"}'",
                "        values: '0+100x20'",
                "      - series: 'nines_slo_events_total{slo=\"checkout\",kind=\"bad\",instance=\"b\"}'",
                "        values: '0+1x20'",
                "    alert_rule_test:",
                "      - eval_time: 25m",
                "        alertname: CheckoutNoData",
                "        exp_alerts: []",
                "      - eval_time: 35m",
                "        alertname: CheckoutNoData",
                "        exp_alerts:",
                "          - exp_labels: {slo: checkout, team: payments, severity: page}",
                "            exp_annotations: " + NO_DATA_ANNOTATIONS,
                "      - eval_time: 35m",
                "        alertname: CheckoutReplicaNoData",
                "        exp_alerts:",
                "          - exp_labels: {slo: checkout, team: payments, instance: a, severity: ticket}",
                "            exp_annotations: " + replicaAnnotations("a"),
                "          - exp_labels: {slo: checkout, team: payments, instance: b, severity: ticket}",
                "            exp_annotations: " + replicaAnnotations("b"),
                "      - eval_time: 100m", // still no data long after the replicas are forgotten
                "        alertname: CheckoutNoData",
                "        exp_alerts:",
                "          - exp_labels: {slo: checkout, team: payments, severity: page}",
                "            exp_annotations: " + NO_DATA_ANNOTATIONS,
                "      - eval_time: 100m",
                "        alertname: NinesWatchdog",
                "        exp_alerts:",
                "          - exp_labels: {severity: none}",
                "            exp_annotations: " + WATCHDOG_ANNOTATIONS));
    }

    @Test
    void promtoolFiresForAnExpectedReplicaThatNeverReported() throws Exception {
        String yaml = PrometheusRules.builder(checkout())
                .expectedReplicas(List.of("a", "c"))
                .build()
                .toYaml();
        assertPasses(promtoolTest(
                yaml,
                "rule_files: [rules.yml]",
                "evaluation_interval: 1m",
                "tests:",
                "  - interval: 1m",
                "    input_series:",
                "      - series: 'nines_slo_events_total{slo=\"checkout\",kind=\"good\",instance=\"a\"}'",
                "        values: '0+100x60'",
                "    alert_rule_test:",
                "      - eval_time: 30m",
                "        alertname: CheckoutReplicaNoData",
                "        exp_alerts:",
                "          - exp_labels: {slo: checkout, team: payments, instance: c, severity: ticket}",
                "            exp_annotations: " + replicaAnnotations("c"),
                "      - eval_time: 30m",
                "        alertname: CheckoutNoData",
                "        exp_alerts: []"));
    }

    @Test
    void promtoolExpandsHostileSloTextInTheNoDataAlertsToItself() throws Exception {
        Slo hostile = Slo.builder("{{ .Value }} \"x\"")
                .objective(0.999)
                .label("owner", "{{$labels.slo}}")
                .build();
        String yaml = PrometheusRules.builder(hostile).watchdog(false).build().toYaml();
        Promtool.Result check = Promtool.run(writeRules(yaml), "check", "rules", "rules.yml");
        assertThat(check.exitCode()).as(check.output()).isZero();
        // 21 SLO rules with the SRE Workbook policy (4 step increases, 8 ratios, 3 burn/budget, 2 alerts, 4 meta) + 2
        // no-data.
        assertThat(check.output()).contains("SUCCESS: 23 rules found");

        assertPasses(promtoolTest(
                yaml,
                "rule_files: [rules.yml]",
                "evaluation_interval: 1m",
                "tests:",
                "  - interval: 1m",
                "    input_series: []",
                "    alert_rule_test:",
                "      - eval_time: 1m",
                "        alertname: ValueXNoData",
                "        exp_alerts:",
                "          - exp_labels: {slo: '{{ .Value }} \"x\"', owner: '{{$labels.slo}}', severity: page}",
                "            exp_annotations:",
                "              title: '(page) {{ .Value }} \"x\" SLO has no data.'",
                "              summary: \"No replica has reported the events of SLO '{{ .Value }} \\\"x\\\"' for 10m: "
                        + "its burn-rate alerts cannot fire\""));
    }

    private static void assertPasses(Promtool.Result result) {
        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    private Path writeRules(String yaml) throws Exception {
        Files.writeString(dir.resolve("rules.yml"), yaml, StandardCharsets.UTF_8);
        return dir;
    }
}
