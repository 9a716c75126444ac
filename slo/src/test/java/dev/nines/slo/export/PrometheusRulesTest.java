package dev.nines.slo.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nines.slo.Budgeting;
import dev.nines.slo.Slo;
import dev.nines.slo.SloWindow;
import dev.nines.slo.alert.BurnRateAlertPolicy;
import dev.nines.slo.alert.BurnRateRule;
import dev.nines.slo.alert.Severity;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

class PrometheusRulesTest {

    @TempDir
    Path dir;

    static Slo checkout() {
        return Slo.builder("checkout").objective(0.999).window(SloWindow.rolling(Duration.ofDays(30)))
                .description("Checkout requests that do not fail").label("team", "payments").build();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> groups(String yaml) {
        Map<String, Object> file = (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(yaml);
        return (List<Map<String, Object>>) file.get("groups");
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> rules(Map<String, Object> group) {
        return (List<Map<String, Object>>) group.get("rules");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> rule, String key) {
        return (Map<String, Object>) rule.get(key);
    }

    /** (short window, long window, factor x budget) of each clause of an alert expression. */
    static List<List<String>> clauses(String expr) {
        Matcher m = Pattern.compile("max\\(slo:sli_error:ratio_rate(\\w+)\\{slo=\"[^\"]*\"\\} > \\(([^)]*)\\)\\) "
                + "without \\(window\\)\\s+and\\s+max\\(slo:sli_error:ratio_rate(\\w+)\\{slo=\"[^\"]*\"\\} > \\(([^)]*)\\)\\)")
                .matcher(expr);
        List<List<String>> out = new ArrayList<>();
        while (m.find()) {
            assertThat(m.group(4)).isEqualTo(m.group(2));
            out.add(List.of(m.group(1), m.group(3), m.group(2)));
        }
        return out;
    }

    @Test
    void generatesSlothShapedRecordingRulesForEveryAlertWindowAndThePeriod() {
        List<Map<String, Object>> groups = groups(PrometheusRules.of(checkout()).toYaml());

        assertThat(groups).extracting(g -> g.get("name")).containsExactly("nines-slo-sli-recordings-checkout",
                "nines-slo-meta-recordings-checkout", "nines-slo-alerts-checkout");
        List<Map<String, Object>> sli = rules(groups.get(0));
        assertThat(sli).extracting(r -> r.get("record")).containsExactly("slo:sli_error:ratio_rate5m",
                "slo:sli_error:ratio_rate30m", "slo:sli_error:ratio_rate1h", "slo:sli_error:ratio_rate2h",
                "slo:sli_error:ratio_rate6h", "slo:sli_error:ratio_rate1d", "slo:sli_error:ratio_rate3d",
                "slo:sli_error:ratio_rate30d");
        assertThat(sli).extracting(r -> map(r, "labels").get("window"))
                .containsExactly("5m", "30m", "1h", "2h", "6h", "1d", "3d", "30d");
        assertThat(map(sli.get(0), "labels")).containsEntry("slo", "checkout").containsEntry("team", "payments");
        assertThat((String) sli.get(0).get("expr")).isEqualTo(
                "(sum(rate(nines_slo_events_total{slo=\"checkout\", kind=\"bad\"}[5m])))\n/\n"
                        + "(sum(rate(nines_slo_events_total{slo=\"checkout\"}[5m])))");
        // The period ratio averages the 5-minute ratio over 30 days, as Sloth does.
        assertThat((String) sli.get(7).get("expr")).isEqualTo(
                "sum_over_time(slo:sli_error:ratio_rate5m{slo=\"checkout\"}[30d])\n/ ignoring (window)\n"
                        + "count_over_time(slo:sli_error:ratio_rate5m{slo=\"checkout\"}[30d])");

        List<Map<String, Object>> meta = rules(groups.get(1));
        assertThat(meta).extracting(r -> r.get("record")).containsExactly("slo:objective:ratio",
                "slo:error_budget:ratio", "slo:time_period:days", "slo:current_burn_rate:ratio",
                "slo:period_burn_rate:ratio", "slo:period_error_budget_remaining:ratio", "nines_slo_info");
        assertThat(meta).extracting(r -> r.get("expr")).startsWith("vector(0.999)", "vector(1 - 0.999)", "vector(30)");
    }

    @Test
    void pagesAndTicketsWithTheSreWorkbookFactorsForA999SloOver30Days() {
        // Sloth, 99.9% over 30 days: page 14.4 (5m and 1h) or 6 (30m and 6h); ticket 3 (2h and 1d) or 1 (6h and 3d).
        PrometheusRules rules = PrometheusRules.of(checkout());
        List<Map<String, Object>> alerts = rules(groups(rules.toYaml()).get(2));

        assertThat(alerts).hasSize(2);
        assertThat(alerts).extracting(a -> a.get("alert")).containsOnly("CheckoutErrorBudgetBurn");
        Map<String, Object> page = alerts.get(0);
        Map<String, Object> ticket = alerts.get(1);
        assertThat(map(page, "labels")).containsEntry("severity", "page").containsEntry("slo", "checkout")
                .containsEntry("team", "payments");
        assertThat(map(ticket, "labels")).containsEntry("severity", "ticket");
        assertThat(clauses((String) page.get("expr"))).containsExactly(
                List.of("5m", "1h", "14.4 * 0.001"), List.of("30m", "6h", "6 * 0.001"));
        assertThat(clauses((String) ticket.get("expr"))).containsExactly(
                List.of("2h", "1d", "3 * 0.001"), List.of("6h", "3d", "1 * 0.001"));
        assertThat((String) page.get("expr")).contains(")\nor\n(");
        assertThat(map(page, "annotations")).containsEntry("title",
                "(page) {{$labels.slo}} SLO error budget burn rate is too fast.")
                .containsEntry("description", "Checkout requests that do not fail").containsKey("summary");
        assertThat(page).doesNotContainKey("for");
    }

    @Test
    void derivesTheFactorsFromTheSloPeriod() {
        // A 7-day period: 2% of the budget in 1 hour is a burn rate of 0.02 x 168 = 3.36.
        Slo weekly = checkout().toBuilder().window(SloWindow.calendarWeek(ZoneId.of("Europe/Paris"))).build();
        List<Map<String, Object>> groups = groups(PrometheusRules.of(weekly).toYaml());

        assertThat(clauses((String) rules(groups.get(2)).get(0).get("expr")))
                .containsExactly(List.of("5m", "1h", "3.36 * 0.001"), List.of("30m", "6h", "1.4 * 0.001"));
        assertThat(rules(groups.get(0))).extracting(r -> r.get("record")).endsWith("slo:sli_error:ratio_rate7d");
        assertThat(PrometheusRules.period(SloWindow.calendarMonth(ZoneId.of("UTC")))).isEqualTo(Duration.ofDays(30));
    }

    @Test
    void addsPendingTimeMinimumEventsAndExtraMatchers() {
        BurnRateAlertPolicy policy = BurnRateAlertPolicy.builder()
                .rule(BurnRateRule.of("fast", Severity.PAGE, 0.02, Duration.ofHours(1), Duration.ofMinutes(5))
                        .withPendingFor(Duration.ofMinutes(2)))
                .minimumEvents(100).build();
        String yaml = PrometheusRules.builder(checkout()).alertPolicy(policy).matcher("job", "shop")
                .alertName("CheckoutBurn").build().toYaml();
        List<Map<String, Object>> groups = groups(yaml);

        assertThat(rules(groups.get(0))).extracting(r -> r.get("record")).containsExactly(
                "slo:sli_error:ratio_rate5m", "slo:sli_error:ratio_rate1h", "slo:sli_error:ratio_rate30d");
        assertThat((String) rules(groups.get(0)).get(0).get("expr"))
                .contains("nines_slo_events_total{slo=\"checkout\", job=\"shop\", kind=\"bad\"}[5m]");
        Map<String, Object> alert = rules(groups.get(2)).get(0);
        assertThat(alert).containsEntry("alert", "CheckoutBurn").containsEntry("for", "2m");
        assertThat(map(alert, "labels")).containsEntry("pending_for", "2m");
        assertThat((String) alert.get("expr")).contains(
                "and on ()\n    sum(increase(nines_slo_events_total{slo=\"checkout\", job=\"shop\"}[1h])) >= 100");
    }

    @Test
    void escapesHostileNamesLabelsAndDescriptions() {
        Slo hostile = Slo.builder("a\"b\\c\nd: #e").objective(0.99).label("team-name", "x\"\ty")
                .label("9lives", "{{ $value }}").description("line1\nline2 'quoted' \"double\"").build();
        PrometheusRules rules = PrometheusRules.of(hostile);
        List<Map<String, Object>> groups = groups(rules.toYaml());

        assertThat(groups.get(0).get("name")).isEqualTo("nines-slo-sli-recordings-a\"b\\c\nd: #e");
        assertThat(map(rules(groups.get(0)).get(0), "labels")).containsEntry("slo", "a\"b\\c\nd: #e")
                .containsEntry("team_name", "x\"\ty").containsEntry("_9lives", "{{ $value }}");
        assertThat((String) rules(groups.get(0)).get(0).get("expr")).contains("{slo=\"a\\\"b\\\\c\\nd: #e\"");
        assertThat(rules.alertName()).isEqualTo("ABCDEErrorBudgetBurn");
    }

    @Test
    void rejectsReservedLabelsAndInvalidNames() {
        Slo slo = checkout().toBuilder().label("severity", "high").build();
        assertThatThrownBy(() -> PrometheusRules.of(slo)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("label key").hasMessageContaining("severity");
        assertThatThrownBy(() -> PrometheusRules.builder(checkout()).alertName("bad name"))
                .hasMessage("alertName must match [a-zA-Z_:][a-zA-Z0-9_:]*, was 'bad name'");
        assertThatThrownBy(() -> PrometheusRules.builder(checkout()).matcher("kind", "good"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("kind");
        assertThatThrownBy(() -> PrometheusRules.builder(checkout()).eventsMetric("9x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("eventsMetric");
    }

    @Test
    void formatsDurationsInTheirLargestWholeUnit() {
        assertThat(PrometheusRules.promDuration(Duration.ofMinutes(5))).isEqualTo("5m");
        assertThat(PrometheusRules.promDuration(Duration.ofMinutes(90))).isEqualTo("90m");
        assertThat(PrometheusRules.promDuration(Duration.ofDays(30))).isEqualTo("30d");
        assertThat(PrometheusRules.promDuration(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(PrometheusRules.promDuration(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThatThrownBy(() -> PrometheusRules.promDuration(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }

    // ------------------------------------------------------------------------------- promtool

    private Promtool.Result check(String yaml) throws Exception {
        Path file = dir.resolve("rules.yml");
        Files.writeString(file, yaml, StandardCharsets.UTF_8);
        return Promtool.run(dir, "check", "rules", file.toString());
    }

    @Test
    void promtoolAcceptsTheRulesOfSeveralKindsOfSlo() throws Exception {
        Slo latency = Slo.builder("search-latency").objective(0.99)
                .window(SloWindow.calendarMonth(ZoneId.of("Europe/Paris")))
                .budgeting(Budgeting.timeslices(Duration.ofMinutes(5), 0.95)).label("team-name", "x\"y").build();
        Slo hostile = Slo.builder("a\"b\\c\nd: #e").objective(0.9999).label("9lives", "{{ $value }}")
                .description("line1\nline2").build();
        BurnRateAlertPolicy custom = BurnRateAlertPolicy.sreWorkbook().toBuilder().minimumEvents(50)
                .rule(BurnRateRule.of("slow", Severity.TICKET, 0.2, Duration.ofDays(7), Duration.ofHours(12))
                        .withPendingFor(Duration.ofMinutes(30)))
                .build();
        String yaml = PrometheusRules.toYaml(List.of(PrometheusRules.of(checkout()),
                PrometheusRules.builder(latency).alertPolicy(custom).matcher("job", "search").build(),
                PrometheusRules.of(hostile)));

        Promtool.Result result = check(yaml);

        assertThat(result.exitCode()).as(result.output()).isZero();
        // 8 SLI + 7 meta + 2 alerts each for checkout and hostile; search: 10 SLI (12h and 7d added)
        // + 7 meta + 3 alerts (page, ticket, ticket pending 30m).
        assertThat(result.output()).contains("SUCCESS: 54 rules found");
    }

    @Test
    void aMissingPromtoolFailsInCiAndSkipsElsewhere() {
        String empty = dir.toString();

        assertThatThrownBy(() -> Promtool.locate(empty, "true")).isInstanceOf(AssertionError.class)
                .hasMessageContaining("apt-get install --no-install-recommends prometheus");
        assertThatThrownBy(() -> Promtool.locate(empty, null)).isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("promtool not found on PATH");
    }

    @Test
    void promtoolRejectsABrokenRuleFileSoTheCheckCanFail() throws Exception {
        Promtool.Result result = check(PrometheusRules.of(checkout()).toYaml().replace("sum(rate(", "sum(rate(("));

        assertThat(result.exitCode()).isNotZero();
    }

    @Test
    void pagesAndTicketsOnA2PercentErrorRatioOnlyWhileShortAndLongWindowsBothBurnInPromtoolUnitTests() throws Exception {
        // 2% errors burn a 99.9% budget 20 times too fast: above 14.4 (page) and 3 (ticket).
        Files.writeString(dir.resolve("rules.yml"), PrometheusRules.of(checkout()).toYaml(), StandardCharsets.UTF_8);
        String page = "(page) checkout SLO error budget burn rate is too fast.";
        String ticket = "(ticket) checkout SLO error budget burn rate is too fast.";
        String summary = "SLO 'checkout' is burning its error budget too fast";
        String description = "Checkout requests that do not fail";
        String tests = String.join("\n",
                "rule_files: [rules.yml]",
                "evaluation_interval: 1m",
                "tests:",
                "  - interval: 1m",
                "    input_series:",
                "      - series: 'nines_slo_events_total{slo=\"checkout\",kind=\"good\",instance=\"a\"}'",
                "        values: '0+490x200'",
                "      - series: 'nines_slo_events_total{slo=\"checkout\",kind=\"good\",instance=\"b\"}'",
                "        values: '0+490x200'",
                "      - series: 'nines_slo_events_total{slo=\"checkout\",kind=\"bad\",instance=\"a\"}'",
                "        values: '0+20x200'",
                "    promql_expr_test:",
                "      - expr: round(slo:current_burn_rate:ratio)",
                "        eval_time: 70m",
                "        exp_samples:",
                "          - labels: '{slo=\"checkout\",team=\"payments\",window=\"5m\"}'",
                "            value: 20",
                "    alert_rule_test:",
                "      - eval_time: 70m",
                "        alertname: CheckoutErrorBudgetBurn",
                "        exp_alerts:",
                "          - exp_labels: {slo: checkout, team: payments, severity: page}",
                "            exp_annotations: {title: '" + page + "', summary: \"" + summary
                        + "\", description: '" + description + "'}",
                "          - exp_labels: {slo: checkout, team: payments, severity: ticket}",
                "            exp_annotations: {title: '" + ticket + "', summary: \"" + summary
                        + "\", description: '" + description + "'}",
                "  - interval: 1m",
                "    input_series:",
                "      - series: 'nines_slo_events_total{slo=\"checkout\",kind=\"good\"}'",
                "        values: '0+1999x200'",
                "      - series: 'nines_slo_events_total{slo=\"checkout\",kind=\"bad\"}'",
                "        values: '0+1x200'",
                "    alert_rule_test:",
                "      - eval_time: 70m",
                "        alertname: CheckoutErrorBudgetBurn",
                "        exp_alerts: []",
                // 2% errors for an hour, then 40 clean minutes: the long windows still burn, but the
                // page's short windows (5m, 30m) have recovered, so only the ticket holds (the 'and').
                "  - interval: 1m",
                "    input_series:",
                "      - series: 'nines_slo_events_total{slo=\"checkout\",kind=\"good\"}'",
                "        values: '0+980x60 58800+1000x40'",
                "      - series: 'nines_slo_events_total{slo=\"checkout\",kind=\"bad\"}'",
                "        values: '0+20x60 1200+0x40'",
                "    alert_rule_test:",
                "      - eval_time: 50m",
                "        alertname: CheckoutErrorBudgetBurn",
                "        exp_alerts:",
                "          - exp_labels: {slo: checkout, team: payments, severity: page}",
                "            exp_annotations: {title: '" + page + "', summary: \"" + summary
                        + "\", description: '" + description + "'}",
                "          - exp_labels: {slo: checkout, team: payments, severity: ticket}",
                "            exp_annotations: {title: '" + ticket + "', summary: \"" + summary
                        + "\", description: '" + description + "'}",
                "      - eval_time: 100m",
                "        alertname: CheckoutErrorBudgetBurn",
                "        exp_alerts:",
                "          - exp_labels: {slo: checkout, team: payments, severity: ticket}",
                "            exp_annotations: {title: '" + ticket + "', summary: \"" + summary
                        + "\", description: '" + description + "'}",
                "");
        Files.writeString(dir.resolve("tests.yml"), tests, StandardCharsets.UTF_8);

        Promtool.Result result = Promtool.run(dir, "test", "rules", "tests.yml");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS");
    }
}
