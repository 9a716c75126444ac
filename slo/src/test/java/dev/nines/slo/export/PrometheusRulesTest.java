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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

class PrometheusRulesTest {

    @TempDir
    Path dir;

    static Slo checkout() {
        return Slo.builder("checkout")
                .objective(0.999)
                .window(SloWindow.rolling(Duration.ofDays(30)))
                .description("Checkout requests that do not fail")
                .label("team", "payments")
                .build();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> groups(String yaml) {
        Map<String, Object> file =
                (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(yaml);
        return (List<Map<String, Object>>) file.get("groups");
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> rules(Map<String, Object> group) {
        return (List<Map<String, Object>>) group.get("rules");
    }

    /** The recording rules of a group, in order. */
    static List<Map<String, Object>> records(Map<String, Object> group) {
        return rules(group).stream().filter(r -> r.containsKey("record")).toList();
    }

    /** The alerts of a rule file: they follow the recordings in the SLI group (the first). */
    static List<Map<String, Object>> alerts(String yaml) {
        return rules(groups(yaml).get(0)).stream()
                .filter(r -> r.containsKey("alert"))
                .toList();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> rule, String key) {
        return (Map<String, Object>) rule.get(key);
    }

    /** (short window, long window, factor x budget) of each clause of an alert expression. */
    static List<List<String>> clauses(String expr) {
        Matcher m = Pattern.compile(
                        "max\\(slo:sli_error:ratio_rate(\\w+)\\{slo=\"[^\"]*\"\\} > \\(([^)]*)\\)\\) "
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
    void recordsStepIncreasesAndRatioOfSumsForEveryAlertWindowAndThePeriod() {
        List<Map<String, Object>> groups = groups(PrometheusRules.of(checkout()).toYaml());

        assertThat(groups)
                .extracting(g -> g.get("name"))
                .containsExactly(
                        "nines-slo-sli-checkout",
                        "nines-slo-meta-recordings-checkout",
                        "nines-slo-nodata-alerts-checkout",
                        "nines-watchdog");
        // The SLI group runs at the step, so consecutive step increases tile time without overlap.
        assertThat(groups.get(0)).containsEntry("interval", "1m");
        assertThat(groups.get(1)).doesNotContainKey("interval");
        List<Map<String, Object>> sli = rules(groups.get(0));
        // The recordings, then the alerts that read them, in one group: no lag between groups.
        assertThat(sli)
                .extracting(r -> r.containsKey("alert") ? "alert" : r.get("record"))
                .containsExactly(
                        "slo:sli_bad_events:increase1m",
                        "slo:sli_events:increase1m",
                        "slo:sli_raw_bad_events:increase1m",
                        "slo:sli_raw_events:increase1m",
                        "slo:sli_error:ratio_rate5m",
                        "slo:sli_error:ratio_rate30m",
                        "slo:sli_error:ratio_rate1h",
                        "slo:sli_error:ratio_rate2h",
                        "slo:sli_error:ratio_rate6h",
                        "slo:sli_error:ratio_rate1d",
                        "slo:sli_error:ratio_rate3d",
                        "slo:sli_error:ratio_rate30d",
                        "slo:current_burn_rate:ratio",
                        "slo:period_burn_rate:ratio",
                        "slo:period_error_budget_remaining:ratio",
                        "alert",
                        "alert");
        assertThat(sli.subList(4, 12))
                .extracting(r -> map(r, "labels").get("window"))
                .containsExactly("5m", "30m", "1h", "2h", "6h", "1d", "3d", "30d");
        assertThat(map(sli.get(0), "labels"))
                .containsEntry("slo", "checkout")
                .containsEntry("team", "payments")
                .doesNotContainKey("window");
        assertThat((String) sli.get(0).get("expr"))
                .isEqualTo("sum (\n"
                        + "  increase(nines_slo_events_total{slo=\"checkout\", kind=\"bad\"}[1m])\n"
                        + "  unless ignoring (kind, exclusion)\n"
                        + "  (max_over_time(nines_slo_excluded{slo=\"checkout\"}[1m]) > 0)\n)");
        assertThat((String) sli.get(1).get("expr")).contains("increase(nines_slo_events_total{slo=\"checkout\"}[1m])");
        // The raw increases keep the excluded events: the alerts judge maintenance windows on them.
        assertThat((String) sli.get(2).get("expr"))
                .isEqualTo("sum (\n" + "  increase(nines_slo_events_total{slo=\"checkout\", kind=\"bad\"}[1m])\n)");
        assertThat((String) sli.get(3).get("expr"))
                .isEqualTo("sum (\n" + "  increase(nines_slo_events_total{slo=\"checkout\"}[1m])\n)");
        // Ratio of sums; a range of w - step/2 holds exactly w/step step samples.
        assertThat((String) sli.get(4).get("expr"))
                .isEqualTo("sum_over_time(slo:sli_bad_events:increase1m{slo=\"checkout\"}[270s])\n/\n"
                        + "sum_over_time(slo:sli_events:increase1m{slo=\"checkout\"}[270s])");
        assertThat((String) sli.get(11).get("expr"))
                .isEqualTo("sum_over_time(slo:sli_bad_events:increase1m{slo=\"checkout\"}[2591970s])\n/\n"
                        + "sum_over_time(slo:sli_events:increase1m{slo=\"checkout\"}[2591970s])");

        assertThat(sli.subList(12, 15))
                .extracting(r -> r.get("record"))
                .containsExactly(
                        "slo:current_burn_rate:ratio",
                        "slo:period_burn_rate:ratio",
                        "slo:period_error_budget_remaining:ratio");
        assertThat((String) sli.get(13).get("expr"))
                .isEqualTo("slo:sli_error:ratio_rate30d{slo=\"checkout\"}\n/ (1 - 0.999)");

        List<Map<String, Object>> meta = rules(groups.get(1));
        assertThat(meta)
                .extracting(r -> r.get("record"))
                .containsExactly(
                        "slo:objective:ratio", "slo:error_budget:ratio", "slo:time_period:days", "nines_slo_info");
        assertThat(meta).extracting(r -> r.get("expr")).startsWith("vector(0.999)", "vector(1 - 0.999)", "vector(30)");
    }

    @Test
    void pagesAndTicketsWithTheSreWorkbookFactorsForA999SloOver30Days() {
        // Sloth, 99.9% over 30 days: page 14.4 (5m and 1h) or 6 (30m and 6h); ticket 3 (2h and 1d) or 1 (6h and 3d).
        PrometheusRules rules = PrometheusRules.of(checkout());
        List<Map<String, Object>> alerts = alerts(rules.toYaml());

        assertThat(alerts).hasSize(2);
        assertThat(alerts).extracting(a -> a.get("alert")).containsOnly("CheckoutErrorBudgetBurn");
        Map<String, Object> page = alerts.get(0);
        Map<String, Object> ticket = alerts.get(1);
        assertThat(map(page, "labels"))
                .containsEntry("severity", "page")
                .containsEntry("slo", "checkout")
                .containsEntry("team", "payments");
        assertThat(map(ticket, "labels")).containsEntry("severity", "ticket");
        assertThat(clauses((String) page.get("expr")))
                .containsExactly(List.of("5m", "1h", "14.4 * 0.001"), List.of("30m", "6h", "6 * 0.001"));
        assertThat(clauses((String) ticket.get("expr")))
                .containsExactly(List.of("2h", "1d", "3 * 0.001"), List.of("6h", "3d", "1 * 0.001"));
        assertThat((String) page.get("expr")).contains(")\n    or\n    (");
        assertThat(map(page, "annotations"))
                .containsEntry("title", "(page) {{$labels.slo}} SLO error budget burn rate is too fast.")
                .containsEntry("description", "Checkout requests that do not fail")
                .containsKey("summary");
        assertThat(page).doesNotContainKey("for");
    }

    @Test
    void derivesTheFactorsFromTheSloPeriod() {
        // A 7-day period: 2% of the budget in 1 hour is a burn rate of 0.02 x 168 = 3.36.
        Slo weekly = checkout().toBuilder()
                .window(SloWindow.calendarWeek(ZoneId.of("Europe/Paris")))
                .build();
        List<Map<String, Object>> groups = groups(PrometheusRules.of(weekly).toYaml());

        assertThat(clauses((String)
                        alerts(PrometheusRules.of(weekly).toYaml()).get(0).get("expr")))
                .containsExactly(List.of("5m", "1h", "3.36 * 0.001"), List.of("30m", "6h", "1.4 * 0.001"));
        assertThat(rules(groups.get(0))).extracting(r -> r.get("record")).contains("slo:sli_error:ratio_rate7d");
        assertThat((String) rules(groups.get(0)).get(0).get("expr")).doesNotContain("7d"); // no long raw range
        assertThat(PrometheusRules.period(SloWindow.calendarMonth(ZoneId.of("UTC"))))
                .isEqualTo(Duration.ofDays(30));
    }

    @Test
    void addsPendingTimeMinimumEventsAndExtraMatchers() {
        BurnRateAlertPolicy policy = BurnRateAlertPolicy.builder()
                .rule(BurnRateRule.of("fast", Severity.PAGE, 0.02, Duration.ofHours(1), Duration.ofMinutes(5))
                        .withPendingFor(Duration.ofMinutes(2)))
                .minimumEvents(100)
                .build();
        String yaml = PrometheusRules.builder(checkout())
                .alertPolicy(policy)
                .matcher("job", "shop")
                .alertName("CheckoutBurn")
                .build()
                .toYaml();
        List<Map<String, Object>> groups = groups(yaml);

        assertThat(records(groups.get(0)))
                .extracting(r -> r.get("record"))
                .containsExactly(
                        "slo:sli_bad_events:increase1m",
                        "slo:sli_events:increase1m",
                        "slo:sli_raw_bad_events:increase1m",
                        "slo:sli_raw_events:increase1m",
                        "slo:sli_error:ratio_rate5m",
                        "slo:sli_error:ratio_rate1h",
                        "slo:sli_error:ratio_rate30d",
                        "slo:current_burn_rate:ratio",
                        "slo:period_burn_rate:ratio",
                        "slo:period_error_budget_remaining:ratio");
        assertThat((String) rules(groups.get(0)).get(0).get("expr"))
                .contains("nines_slo_events_total{slo=\"checkout\", job=\"shop\", kind=\"bad\"}[1m]")
                .contains("nines_slo_excluded{slo=\"checkout\", job=\"shop\"}[1m]");
        Map<String, Object> alert = alerts(yaml).get(0);
        assertThat(alert).containsEntry("alert", "CheckoutBurn").containsEntry("for", "2m");
        assertThat(map(alert, "labels")).containsEntry("pending_for", "2m");
        String maintenance = "(max by (slo) (nines_slo_excluded{slo=\"checkout\", job=\"shop\", "
                + "exclusion=\"maintenance\"}) > 0)";
        assertThat((String) alert.get("expr"))
                .contains("and\n      sum_over_time(slo:sli_events:increase1m{slo=\"checkout\"}[3570s]) >= 100")
                .contains("and\n      sum_over_time(slo:sli_raw_events:increase1m{slo=\"checkout\"}[3570s]) >= 100")
                .contains("unless on (slo)\n  " + maintenance)
                .contains("> on (slo) group_left ()\n      min by (slo) (nines_slo_maintenance_alert_above_error_ratio"
                        + "{slo=\"checkout\", job=\"shop\"})")
                .endsWith("and on (slo)\n  " + maintenance + "\n)");
    }

    @Test
    void escapesHostileNamesLabelsAndDescriptions() {
        Slo hostile = Slo.builder("a\"b\\c\nd: #e")
                .objective(0.99)
                .label("team-name", "x\"\ty")
                .label("9lives", "{{ $value }}")
                .description("line1\nline2 'quoted' \"double\"")
                .build();
        PrometheusRules rules = PrometheusRules.of(hostile);
        List<Map<String, Object>> groups = groups(rules.toYaml());

        assertThat(groups.get(0).get("name")).isEqualTo("nines-slo-sli-a\"b\\c\nd: #e");
        assertThat(map(rules(groups.get(0)).get(0), "labels"))
                .containsEntry("slo", "a\"b\\c\nd: #e")
                .containsEntry("team_name", "x\"\ty")
                .containsEntry("_9lives", "{{ $value }}");
        assertThat((String) rules(groups.get(0)).get(0).get("expr")).contains("{slo=\"a\\\"b\\\\c\\nd: #e\"");
        assertThat(rules.alertName()).isEqualTo("ABCDEErrorBudgetBurn");
    }

    @Test
    void rejectsReservedLabelsAndInvalidNames() {
        Slo slo = checkout().toBuilder().label("severity", "high").build();
        assertThatThrownBy(() -> PrometheusRules.of(slo))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("label key")
                .hasMessageContaining("severity");
        assertThatThrownBy(() -> PrometheusRules.builder(checkout()).alertName("bad name"))
                .hasMessage("alertName must match [a-zA-Z_:][a-zA-Z0-9_:]*, was 'bad name'");
        assertThatThrownBy(() -> PrometheusRules.builder(checkout()).matcher("kind", "good"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("kind");
        assertThatThrownBy(() -> PrometheusRules.builder(checkout()).eventsMetric("9x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("eventsMetric");
    }

    @Test
    void formatsDurationsInTheirLargestWholeUnit() {
        assertThat(PrometheusRules.promDuration(Duration.ofMinutes(5))).isEqualTo("5m");
        assertThat(PrometheusRules.promDuration(Duration.ofMinutes(90))).isEqualTo("90m");
        assertThat(PrometheusRules.promDuration(Duration.ofDays(30))).isEqualTo("30d");
        assertThat(PrometheusRules.promDuration(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(PrometheusRules.promDuration(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThatThrownBy(() -> PrometheusRules.promDuration(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ------------------------------------------------------------------------------- promtool

    private Promtool.Result check(String yaml) throws Exception {
        Path file = dir.resolve("rules.yml");
        Files.writeString(file, yaml, StandardCharsets.UTF_8);
        return Promtool.run(dir, "check", "rules", file.toString());
    }

    @Test
    void promtoolAcceptsTheRulesOfSeveralKindsOfSlo() throws Exception {
        Slo latency = Slo.builder("search-latency")
                .objective(0.99)
                .window(SloWindow.calendarMonth(ZoneId.of("Europe/Paris")))
                .budgeting(Budgeting.timeslices(Duration.ofMinutes(5), 0.95))
                .label("team-name", "x\"y")
                .build();
        Slo hostile = Slo.builder("a\"b\\c\nd: #e")
                .objective(0.9999)
                .label("9lives", "{{ $value }}")
                .description("line1\nline2")
                .build();
        BurnRateAlertPolicy custom = BurnRateAlertPolicy.sreWorkbook().toBuilder()
                .minimumEvents(50)
                .rule(BurnRateRule.of("slow", Severity.TICKET, 0.2, Duration.ofDays(7), Duration.ofHours(12))
                        .withPendingFor(Duration.ofMinutes(30)))
                .build();
        String yaml = PrometheusRules.toYaml(List.of(
                PrometheusRules.of(checkout()),
                PrometheusRules.builder(latency)
                        .alertPolicy(custom)
                        .matcher("job", "search")
                        .build(),
                PrometheusRules.of(hostile)));

        Promtool.Result result = check(yaml);

        assertThat(result.exitCode()).as(result.output()).isZero();
        // 4 increases + 8 ratios + 3 burn/budget + 2 alerts + 4 meta each for checkout and hostile;
        // search: 4 + 10 ratios (12h and 7d added) + 3 + 3 alerts (page, ticket, ticket 30m) + 4;
        // plus 2 no-data alerts each, and one watchdog for the file.
        assertThat(result.output()).contains("SUCCESS: 73 rules found");
    }

    @Test
    void aMissingPromtoolFailsInCiAndSkipsElsewhere() {
        String empty = dir.toString();

        assertThatThrownBy(() -> Promtool.locate(empty, "true"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("apt-get install --no-install-recommends prometheus");
        assertThatThrownBy(() -> Promtool.locate(empty, null))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("promtool not found on PATH");
    }

    @Test
    void promtoolRejectsABrokenRuleFileSoTheCheckCanFail() throws Exception {
        Promtool.Result result = check(PrometheusRules.of(checkout()).toYaml().replace("increase(", "increase(("));

        assertThat(result.exitCode()).isNotZero();
    }

    @Test
    void pagesAndTicketsOnA2PercentErrorRatioOnlyWhileShortAndLongWindowsBothBurnInPromtoolUnitTests()
            throws Exception {
        // 2% errors burn a 99.9% budget 20 times too fast: above 14.4 (page) and 3 (ticket).
        Files.writeString(
                dir.resolve("rules.yml"), PrometheusRules.of(checkout()).toYaml(), StandardCharsets.UTF_8);
        String page = "(page) checkout SLO error budget burn rate is too fast.";
        String ticket = "(ticket) checkout SLO error budget burn rate is too fast.";
        String summary = "SLO 'checkout' is burning its error budget too fast";
        String description = "Checkout requests that do not fail";
        String tests = String.join(
                "\n",
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
                "            exp_annotations: {title: '" + page + "', summary: \"" + summary + "\", description: '"
                        + description + "'}",
                "          - exp_labels: {slo: checkout, team: payments, severity: ticket}",
                "            exp_annotations: {title: '" + ticket + "', summary: \"" + summary + "\", description: '"
                        + description + "'}",
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
                "            exp_annotations: {title: '" + page + "', summary: \"" + summary + "\", description: '"
                        + description + "'}",
                "          - exp_labels: {slo: checkout, team: payments, severity: ticket}",
                "            exp_annotations: {title: '" + ticket + "', summary: \"" + summary + "\", description: '"
                        + description + "'}",
                "      - eval_time: 100m",
                "        alertname: CheckoutErrorBudgetBurn",
                "        exp_alerts:",
                "          - exp_labels: {slo: checkout, team: payments, severity: ticket}",
                "            exp_annotations: {title: '" + ticket + "', summary: \"" + summary + "\", description: '"
                        + description + "'}",
                "");
        Files.writeString(dir.resolve("tests.yml"), tests, StandardCharsets.UTF_8);

        Promtool.Result result = Promtool.run(dir, "test", "rules", "tests.yml");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS");
    }

    /** The annotations of the checkout SLO's alerts, as a YAML flow map. */
    private static String annotations(String severity) {
        return "{title: '(" + severity + ") checkout SLO error budget burn rate is too fast.', "
                + "summary: \"SLO 'checkout' is burning its error budget too fast\", "
                + "description: 'Checkout requests that do not fail'}";
    }

    private Promtool.Result promtoolTest(String rules, String... lines) throws Exception {
        Files.writeString(dir.resolve("rules.yml"), rules, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("tests.yml"), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return Promtool.run(dir, "test", "rules", "tests.yml");
    }

    @Test
    void thePeriodRatioIsBadOverTotalEventsEvenWhenTrafficVariesInPromtoolUnitTests() throws Exception {
        // 10 minutes at 1000 events/min with 10% errors, then 50 minutes at 10 events/min, all good:
        // 1000 bad of 10,500 events = 9.5238%. Sloth's average of 5-minute ratios would say 1.7%.
        Promtool.Result result = promtoolTest(
                PrometheusRules.of(checkout()).toYaml(),
                "rule_files: [rules.yml]",
                "evaluation_interval: 1m",
                "tests:",
                "  - interval: 1m",
                "    input_series:",
                "      - series: 'nines_slo_events_total{slo=\"checkout\",kind=\"good\"}'",
                "        values: '0+900x10 9010+10x59'",
                "      - series: 'nines_slo_events_total{slo=\"checkout\",kind=\"bad\"}'",
                "        values: '0+100x10 1000x59'",
                "    promql_expr_test:",
                "      - expr: round(slo:sli_error:ratio_rate30d * 1e6)",
                "        eval_time: 60m",
                "        exp_samples:",
                "          - labels: '{slo=\"checkout\",team=\"payments\",window=\"30d\"}'",
                "            value: 95238",
                "      - expr: round(slo:period_error_budget_remaining:ratio * 1e3)",
                "        eval_time: 60m",
                "        exp_samples:",
                "          - labels: '{slo=\"checkout\",team=\"payments\",window=\"30d\"}'",
                "            value: -94238",
                // The 1h window at 65m has lost the first 5 steps: 500 bad of 5 x 1000 + 55 x 10.
                "      - expr: round(slo:sli_error:ratio_rate1h * 1e6)",
                "        eval_time: 65m",
                "        exp_samples:",
                "          - labels: '{slo=\"checkout\",team=\"payments\",window=\"1h\"}'",
                "            value: 90090");

        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    @Test
    void excludesEventsWhileAnInstanceReportsAnExclusionAndSuppressesAlertsDuringMaintenanceInPromtool()
            throws Exception {
        String page =
                "{slo: checkout, team: payments, severity: page}\n            exp_annotations: " + annotations("page");
        String ticket = "{slo: checkout, team: payments, severity: ticket}\n            exp_annotations: "
                + annotations("ticket");
        Promtool.Result result = promtoolTest(
                PrometheusRules.of(checkout()).toYaml(),
                "rule_files: [rules.yml]",
                "evaluation_interval: 1m",
                "tests:",
                // Instance a fails 2% of its requests during a maintenance window (minutes 30-49);
                // instance b serves cleanly throughout: none of a's failures count, nothing alerts.
                "  - interval: 1m",
                "    input_series:",
                "      - series: 'nines_slo_events_total{slo=\"checkout\",kind=\"good\",instance=\"a\"}'",
                "        values: '0+980x100'",
                "      - series: 'nines_slo_events_total{slo=\"checkout\",kind=\"bad\",instance=\"a\"}'",
                "        values: '0x30 20+20x19 400x49'",
                "      - series: 'nines_slo_excluded{slo=\"checkout\",exclusion=\"maintenance\",instance=\"a\"}'",
                "        values: '0x29 1x19 0x51'",
                "      - series: 'nines_slo_excluded{slo=\"checkout\",exclusion=\"no_data\",instance=\"a\"}'",
                "        values: '0x100'",
                "      - series: 'nines_slo_events_total{slo=\"checkout\",kind=\"good\",instance=\"b\"}'",
                "        values: '0+1000x100'",
                "      - series: 'nines_slo_events_total{slo=\"checkout\",kind=\"bad\",instance=\"b\"}'",
                "        values: '0x100'",
                "    promql_expr_test:",
                "      - expr: slo:sli_error:ratio_rate5m",
                "        eval_time: 45m",
                "        exp_samples:",
                "          - labels: 'slo:sli_error:ratio_rate5m{slo=\"checkout\",team=\"payments\",window=\"5m\"}'",
                "            value: 0",
                "      - expr: slo:sli_error:ratio_rate30d",
                "        eval_time: 90m",
                "        exp_samples:",
                "          - labels: 'slo:sli_error:ratio_rate30d{slo=\"checkout\",team=\"payments\",window=\"30d\"}'",
                "            value: 0",
                "    alert_rule_test:",
                "      - eval_time: 45m",
                "        alertname: CheckoutErrorBudgetBurn",
                "        exp_alerts: []",
                "      - eval_time: 60m",
                "        alertname: CheckoutErrorBudgetBurn",
                "        exp_alerts: []",
                // An outage from minute 0 to 40 overlaps a maintenance window (minutes 30-49): it
                // pages before the window, is silent inside it, and after it only the events outside
                // the window count (2% over minutes 1-29): the ticket holds, the 5m and 30m windows
                // are clean, so the page does not.
                "  - interval: 1m",
                "    input_series:",
                "      - series: 'nines_slo_events_total{slo=\"checkout\",kind=\"good\",instance=\"a\"}'",
                "        values: '0+980x100'",
                "      - series: 'nines_slo_events_total{slo=\"checkout\",kind=\"bad\",instance=\"a\"}'",
                "        values: '0+20x40 800x60'",
                "      - series: 'nines_slo_excluded{slo=\"checkout\",exclusion=\"maintenance\",instance=\"a\"}'",
                "        values: '0x29 1x19 0x51'",
                "    alert_rule_test:",
                "      - eval_time: 25m",
                "        alertname: CheckoutErrorBudgetBurn",
                "        exp_alerts:",
                "          - exp_labels: " + page,
                "          - exp_labels: " + ticket,
                "      - eval_time: 35m",
                "        alertname: CheckoutErrorBudgetBurn",
                "        exp_alerts: []",
                "      - eval_time: 60m",
                "        alertname: CheckoutErrorBudgetBurn",
                "        exp_alerts:",
                "          - exp_labels: " + ticket);

        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    @Test
    void aggregatesByAnExtraLabelSoEachRouteGetsItsOwnRatiosAndAlertsInPromtool() throws Exception {
        String yaml =
                PrometheusRules.builder(checkout()).aggregateBy("route").build().toYaml();
        assertThat((String) rules(groups(yaml).get(0)).get(0).get("expr"))
                .startsWith("sum by (route) (")
                .contains("unless ignoring (kind, exclusion, route)");

        Promtool.Result result = promtoolTest(
                yaml,
                "rule_files: [rules.yml]",
                "evaluation_interval: 1m",
                "tests:",
                "  - interval: 1m",
                "    input_series:",
                "      - series: 'nines_slo_events_total{slo=\"checkout\",kind=\"good\",route=\"/pay\",instance=\"a\"}'",
                "        values: '0+980x100'",
                "      - series: 'nines_slo_events_total{slo=\"checkout\",kind=\"bad\",route=\"/pay\",instance=\"a\"}'",
                "        values: '0+20x100'",
                "      - series: 'nines_slo_events_total{slo=\"checkout\",kind=\"good\",route=\"/pay\",instance=\"b\"}'",
                "        values: '0+1000x100'",
                "      - series: 'nines_slo_events_total{slo=\"checkout\",kind=\"good\",route=\"/cart\",instance=\"a\"}'",
                "        values: '0+1000x100'",
                "      - series: 'nines_slo_events_total{slo=\"checkout\",kind=\"bad\",route=\"/cart\",instance=\"a\"}'",
                "        values: '0x100'",
                "    promql_expr_test:",
                "      - expr: round(slo:sli_error:ratio_rate1h * 1e4)",
                "        eval_time: 70m",
                "        exp_samples:",
                "          - labels: '{slo=\"checkout\",team=\"payments\",route=\"/pay\",window=\"1h\"}'",
                "            value: 100",
                "          - labels: '{slo=\"checkout\",team=\"payments\",route=\"/cart\",window=\"1h\"}'",
                "            value: 0",
                "    alert_rule_test:",
                "      - eval_time: 70m",
                "        alertname: CheckoutErrorBudgetBurn",
                "        exp_alerts:",
                "          - exp_labels: {slo: checkout, team: payments, route: /pay, severity: page}",
                "            exp_annotations: " + annotations("page"),
                "          - exp_labels: {slo: checkout, team: payments, route: /pay, severity: ticket}",
                "            exp_annotations: " + annotations("ticket"));

        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    @Test
    void rejectsWindowsThatAreNotMultiplesOfTheStepAndReservedOrCollidingLabels() {
        assertThatThrownBy(() -> PrometheusRules.builder(checkout())
                        .step(Duration.ofMinutes(7))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("period must be a whole multiple of the step 7m, was 30d");
        assertThatThrownBy(() -> PrometheusRules.builder(checkout())
                        .step(Duration.ofMinutes(10))
                        .build())
                .hasMessage("window must be a whole multiple of the step 10m, was 5m");
        assertThatThrownBy(() -> PrometheusRules.builder(checkout()).step(Duration.ofMillis(1500)))
                .hasMessageContaining("step must be whole seconds");
        assertThatThrownBy(() -> PrometheusRules.builder(checkout()).aggregateBy("kind"))
                .hasMessageContaining("aggregateBy must not be reserved")
                .hasMessageContaining("'kind'");
        assertThatThrownBy(() ->
                        PrometheusRules.builder(checkout()).aggregateBy("team").build())
                .hasMessageContaining("aggregateBy")
                .hasMessageContaining("'team'");
        Slo colliding =
                checkout().toBuilder().label("a-b", "1").label("a.b", "2").build();
        assertThatThrownBy(() -> PrometheusRules.of(colliding))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("label keys must stay distinct")
                .hasMessageContaining("a_b");
        Slo surrogate = checkout().toBuilder().description("broken \ud800 text").build();
        assertThatThrownBy(() -> PrometheusRules.of(surrogate))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("description must be valid Unicode");
        Slo surrogateLabel = checkout().toBuilder().label("team", "x\udc00").build();
        assertThatThrownBy(() -> PrometheusRules.of(surrogateLabel))
                .hasMessageStartingWith("label 'team' value must be valid Unicode");
    }

    @Test
    void escapesGoTemplateActionsInAlertLabelsAndAnnotationsSoTheyExpandToTheText() throws Exception {
        Slo slo = Slo.builder("{{ .Value }}")
                .objective(0.999)
                .label("owner", "{{{{$x}}")
                .description("{{ template \"x\" }} and {{- end }}")
                .build();
        String yaml = PrometheusRules.of(slo).toYaml();
        Map<String, Object> alert = alerts(yaml).get(0);

        assertThat(map(alert, "labels"))
                .containsEntry("slo", "{{ \"{{\" }} .Value }}")
                .containsEntry("owner", "{{ \"{{\" }}{{ \"{{\" }}$x}}");
        assertThat(map(alert, "annotations"))
                .containsEntry("description", "{{ \"{{\" }} template \"x\" }} and {{ \"{{\" }}- end }}");
        // Prometheus expands them back to the SLO's own text: promtool's unit test compares the result.
        Promtool.Result result = promtoolTest(
                yaml,
                "rule_files: [rules.yml]",
                "evaluation_interval: 1m",
                "tests:",
                "  - interval: 1m",
                "    input_series:",
                "      - series: 'nines_slo_events_total{slo=\"{{ .Value }}\",kind=\"bad\"}'",
                "        values: '0+100x100'",
                "    alert_rule_test:",
                "      - eval_time: 70m",
                "        alertname: ValueErrorBudgetBurn",
                "        exp_alerts:",
                "          - exp_labels: {slo: '{{ .Value }}', owner: '{{{{$x}}', severity: page}",
                "            exp_annotations:",
                "              title: '(page) {{ .Value }} SLO error budget burn rate is too fast.'",
                "              summary: \"SLO '{{ .Value }}' is burning its error budget too fast\"",
                "              description: '{{ template \"x\" }} and {{- end }}'",
                "          - exp_labels: {slo: '{{ .Value }}', owner: '{{{{$x}}', severity: ticket}",
                "            exp_annotations:",
                "              title: '(ticket) {{ .Value }} SLO error budget burn rate is too fast.'",
                "              summary: \"SLO '{{ .Value }}' is burning its error budget too fast\"",
                "              description: '{{ template \"x\" }} and {{- end }}'");

        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    // ------------------------------------------------------------------- hostile text, property

    /** Text that breaks naive YAML, PromQL or Go templates, mixed with ordinary characters. */
    static Arbitrary<String> hostileText(int minLength) {
        Arbitrary<String> pieces = Arbitraries.oneOf(
                Arbitraries.of(
                        "{{",
                        "}}",
                        "{{-",
                        "-}}",
                        "{{/*",
                        "*/}}",
                        "{{ end }}",
                        "{{ .Value }}",
                        "{{$labels.slo}}",
                        "{{ template \"x\" }}",
                        "${x}",
                        "\"",
                        "'",
                        "\\",
                        "\n",
                        "\r",
                        "\t",
                        ": ",
                        " #",
                        "- ",
                        "|",
                        ">",
                        "&a",
                        "*a",
                        "!tag",
                        "%",
                        "@",
                        "`",
                        "\u0000",
                        "\u0085",
                        "\u2028",
                        "\ufeff",
                        "\ud83d\ude00",
                        "é",
                        "---",
                        "...",
                        "[",
                        "]",
                        "{",
                        "}",
                        ",",
                        "?"),
                Arbitraries.strings().withCharRange(' ', '~').ofMinLength(1).ofMaxLength(6),
                Arbitraries.strings().all().ofMinLength(1).ofMaxLength(2));
        return pieces.list().ofMinSize(minLength).ofMaxSize(8).map(l -> String.join("", l));
    }

    static boolean hasLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    /** One hostile SLO: name, description, up to three labels. */
    static Arbitrary<Slo> hostileSlo() {
        Arbitrary<Map<String, String>> labels =
                Arbitraries.maps(hostileText(1), hostileText(1)).ofMaxSize(3);
        return Combinators.combine(hostileText(1).filter(t -> !t.isBlank()), hostileText(0), labels)
                .as((name, description, l) -> {
                    Slo.Builder b = Slo.builder(name).objective(0.999).description(description);
                    l.forEach((k, v) -> {
                        if (!k.isBlank()) {
                            b.label(k, v);
                        }
                    });
                    return b.build();
                });
    }

    /** Whether the rules must reject the SLO, by the documented rules (a reference model). */
    static boolean mustReject(Slo slo) {
        if (hasLoneSurrogate(slo.name()) || hasLoneSurrogate(slo.description())) {
            return true;
        }
        Set<String> keys = new HashSet<>();
        for (Map.Entry<String, String> e : slo.labels().entrySet()) {
            String key = PrometheusRules.labelName(e.getKey());
            if (!keys.add(key)
                    || key.startsWith("__")
                    || Set.of("slo", "window", "severity", "kind", "exclusion", "pending_for", "alertname")
                            .contains(key)
                    || hasLoneSurrogate(e.getValue())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Batches of hostile SLOs: each is rejected with an IllegalArgumentException naming the field
     * exactly when the documented rules say so; the rules of all others pass promtool check rules,
     * and promtool's unit test shows their alerts expand every label and annotation to the SLO's
     * own text (one promtool run per batch).
     */
    @Property(tries = 6)
    void promtoolAcceptsAndExpandsToTheirOwnTextTheRulesOfHostileSlos(@ForAll("hostileSlos") List<Slo> batch)
            throws Exception {
        List<PrometheusRules> accepted = new ArrayList<>();
        List<Slo> acceptedSlos = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Slo slo : batch) {
            if (!names.add(slo.name())) {
                continue; // group names must differ within one file
            }
            PrometheusRules rules;
            try {
                rules = PrometheusRules.builder(slo)
                        .alertName("Slo" + accepted.size() + "Burn")
                        .build();
            } catch (IllegalArgumentException e) {
                assertThat(mustReject(slo))
                        .as("rejected %s: %s", slo, e.getMessage())
                        .isTrue();
                assertThat(e.getMessage())
                        .matches("(?s)(slo name|description|label '.*' value|label key|label keys).*");
                continue;
            }
            assertThat(mustReject(slo)).as("accepted %s", slo).isFalse();
            accepted.add(rules);
            acceptedSlos.add(slo);
        }
        Assume.that(!accepted.isEmpty());
        Path work = Files.createTempDirectory("nines-promtool");
        try {
            Files.writeString(work.resolve("rules.yml"), PrometheusRules.toYaml(accepted), StandardCharsets.UTF_8);
            Promtool.Result check = Promtool.run(work, "check", "rules", "rules.yml");
            assertThat(check.exitCode()).as(check.output()).isZero();

            StringBuilder tests = new StringBuilder("rule_files: [rules.yml]\nevaluation_interval: 1m\ntests:\n"
                    + "  - interval: 1m\n    input_series:\n");
            for (Slo slo : acceptedSlos) {
                tests.append("      - series: ")
                        .append(PrometheusRules.yamlString(PrometheusRules.EVENTS_METRIC + "{slo="
                                + PrometheusRules.promString(slo.name()) + ",kind=\"bad\"}"))
                        .append("\n        values: '0+10x80'\n");
            }
            tests.append("    alert_rule_test:\n");
            for (int i = 0; i < acceptedSlos.size(); i++) {
                Slo slo = acceptedSlos.get(i);
                tests.append("      - eval_time: 70m\n        alertname: Slo")
                        .append(i)
                        .append("Burn\n")
                        .append("        exp_alerts:\n");
                for (String severity : List.of("page", "ticket")) {
                    tests.append("          - exp_labels:\n              severity: ")
                            .append(severity)
                            .append('\n')
                            .append("              slo: ")
                            .append(PrometheusRules.yamlString(slo.name()))
                            .append('\n');
                    for (Map.Entry<String, String> e : slo.labels().entrySet()) {
                        tests.append("              ")
                                .append(PrometheusRules.labelName(e.getKey()))
                                .append(": ")
                                .append(PrometheusRules.yamlString(e.getValue()))
                                .append('\n');
                    }
                    tests.append("            exp_annotations:\n              title: ")
                            .append(PrometheusRules.yamlString(
                                    "(" + severity + ") " + slo.name() + " SLO error budget burn rate is too fast."))
                            .append("\n              summary: ")
                            .append(PrometheusRules.yamlString(
                                    "SLO '" + slo.name() + "' is burning its error budget too fast"))
                            .append('\n');
                    if (!slo.description().isEmpty()) {
                        tests.append("              description: ")
                                .append(PrometheusRules.yamlString(slo.description()))
                                .append('\n');
                    }
                }
            }
            Files.writeString(work.resolve("tests.yml"), tests.toString(), StandardCharsets.UTF_8);
            Promtool.Result test = Promtool.run(work, "test", "rules", "tests.yml");
            assertThat(test.exitCode()).as(test.output()).isZero();
        } finally {
            try (var files = Files.list(work)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.delete(f);
                }
            }
            Files.delete(work);
        }
    }

    @Provide
    Arbitrary<List<Slo>> hostileSlos() {
        return hostileSlo().list().ofMinSize(10).ofMaxSize(30);
    }
}
