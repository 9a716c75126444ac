package dev.nines.slo.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.nines.core.testing.TestJson;
import dev.nines.slo.Slo;
import dev.nines.slo.SloWindow;
import java.io.BufferedWriter;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The evaluation cost of a 30-day SLO's rules on 30 days of real data, beside Sloth's rule shape
 * for the same SLO on the same data in the same Prometheus. Slow (about 5 to 10 minutes), so it
 * runs only on request:
 *
 * <pre>
 * mvn -B -ntp -o test -pl slo -am -Dtest=PrometheusRuleCostTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dnines.prometheus.ruleCost=true
 * </pre>
 *
 * <p>It writes 30 days of the series three replicas export through {@code SloMetrics} (event
 * counters with diurnal traffic and a few outages, the three exclusion gauges with a weekly
 * maintenance window, the maintenance alert ratio), one sample every 30 seconds, as OpenMetrics;
 * backfills them with {@code promtool tsdb create-blocks-from openmetrics}; starts Prometheus on
 * that data and backfills the recording rules that read raw counters (Nines' step increases,
 * Sloth's 5-minute ratio) over the 30 days with {@code promtool tsdb create-blocks-from rules}, so
 * the period rules of both have 30 days of history to read. It then restarts Prometheus with both
 * rule files, every group evaluated every 5 seconds (the work of one evaluation does not depend on
 * the interval: the ranges are in the expressions), and reads
 * {@code prometheus_rule_group_last_duration_seconds} after each evaluation. Figures go to
 * {@code target/prometheus-rule-cost.txt}.
 */
@EnabledIfSystemProperty(named = "nines.prometheus.ruleCost", matches = "true")
class PrometheusRuleCostTest {

    static final int REPLICAS = 3;
    static final Duration SCRAPE = Duration.ofSeconds(30);
    static final Duration HISTORY = Duration.ofDays(30);
    static final int EVALUATIONS = 21;

    @TempDir
    Path dir;

    private Process prometheus;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void stop() throws InterruptedException {
        stopPrometheus();
    }

    static Slo slo() {
        return Slo.builder("checkout")
                .objective(0.999)
                .window(SloWindow.rolling(Duration.ofDays(30)))
                .build();
    }

    /** Sloth's rule shape for {@link #slo()} (as Sloth's generator writes it), on the same counters. */
    static String slothRules() {
        String ids = "sloth_id=\"shop-checkout\", sloth_service=\"shop\", sloth_slo=\"checkout\"";
        String labels = "      labels: {sloth_id: shop-checkout, sloth_service: shop, sloth_slo: checkout";
        StringBuilder y = new StringBuilder("groups:\n  - name: sloth-slo-sli-recordings-shop-checkout\n    rules:\n");
        for (String w : List.of("5m", "30m", "1h", "2h", "6h", "1d", "3d")) {
            y.append("    - record: slo:sli_error:ratio_rate")
                    .append(w)
                    .append('\n')
                    .append("      expr: (sum(rate(nines_slo_events_total{slo=\"checkout\",kind=\"bad\"}[")
                    .append(w)
                    .append("]))) / (sum(rate(nines_slo_events_total{slo=\"checkout\"}[")
                    .append(w)
                    .append("])))\n")
                    .append(labels)
                    .append(", sloth_window: ")
                    .append(w)
                    .append("}\n");
        }
        y.append("    - record: slo:sli_error:ratio_rate30d\n")
                .append("      expr: sum_over_time(slo:sli_error:ratio_rate5m{")
                .append(ids)
                .append("}[30d]) / ignoring (sloth_window) count_over_time(slo:sli_error:ratio_rate5m{")
                .append(ids)
                .append("}[30d])\n")
                .append(labels)
                .append(", sloth_window: 30d}\n");
        y.append("  - name: sloth-slo-meta-recordings-shop-checkout\n    rules:\n");
        String[][] meta = {
            {"slo:objective:ratio", "vector(0.999)"},
            {"slo:error_budget:ratio", "vector(1 - 0.999)"},
            {"slo:time_period:days", "vector(30)"},
            {
                "slo:current_burn_rate:ratio",
                "slo:sli_error:ratio_rate5m{" + ids + "} / on (sloth_id, sloth_slo, "
                        + "sloth_service) group_left slo:error_budget:ratio{" + ids + "}"
            },
            {
                "slo:period_burn_rate:ratio",
                "slo:sli_error:ratio_rate30d{" + ids + "} / on (sloth_id, sloth_slo, "
                        + "sloth_service) group_left slo:error_budget:ratio{" + ids + "}"
            },
            {"slo:period_error_budget_remaining:ratio", "1 - slo:period_burn_rate:ratio{" + ids + "}"},
            {"sloth_slo_info", "vector(1)"},
        };
        for (String[] rule : meta) {
            y.append("    - record: ")
                    .append(rule[0])
                    .append("\n      expr: ")
                    .append(rule[1])
                    .append('\n')
                    .append(labels)
                    .append("}\n");
        }
        y.append("  - name: sloth-slo-alerts-shop-checkout\n    rules:\n");
        String[][] alerts = {
            {"page", "5m", "1h", "14.4", "30m", "6h", "6"}, {"ticket", "2h", "1d", "3", "6h", "3d", "1"}
        };
        for (String[] a : alerts) {
            y.append("    - alert: SlothCheckoutBurn\n      expr: (max(slo:sli_error:ratio_rate")
                    .append(a[1])
                    .append('{')
                    .append(ids)
                    .append("} > (")
                    .append(a[3])
                    .append(" * 0.001)) without (sloth_window) and max(")
                    .append("slo:sli_error:ratio_rate")
                    .append(a[2])
                    .append('{')
                    .append(ids)
                    .append("} > (")
                    .append(a[3])
                    .append(" * 0.001)) without (sloth_window)) or (max(slo:sli_error:ratio_rate")
                    .append(a[4])
                    .append('{')
                    .append(ids)
                    .append("} > (")
                    .append(a[6])
                    .append(" * 0.001)) without (sloth_window) and ")
                    .append("max(slo:sli_error:ratio_rate")
                    .append(a[5])
                    .append('{')
                    .append(ids)
                    .append("} > (")
                    .append(a[6])
                    .append(" * 0.001)) without (sloth_window))\n      labels: {sloth_severity: ")
                    .append(a[0])
                    .append("}\n");
        }
        return y.toString();
    }

    /** Events per second of replica {@code r} at {@code t}: diurnal, uneven across replicas. */
    static double rate(int r, long t) {
        double day = 2 * Math.PI * (t % 86_400) / 86_400.0;
        return (100 + 60 * Math.sin(day)) * (r + 1) / 2.0;
    }

    /** Error ratio of replica {@code r} at {@code t}: 0.05%, with a 20-minute outage every 4 days. */
    static double errorRatio(int r, long t) {
        return r == 0 && t % (4 * 86_400) < 1_200 ? 0.3 : 0.0005;
    }

    /** Whether the weekly two-hour maintenance window of every replica contains {@code t}. */
    static boolean maintenance(long t) {
        return t % (7 * 86_400) >= 3 * 86_400 && t % (7 * 86_400) < 3 * 86_400 + 7_200;
    }

    /** Writes the replicas' series for [start, end) as OpenMetrics, one family after another. */
    static long writeOpenMetrics(Path file, long start, long end) throws IOException {
        long samples = 0;
        long step = SCRAPE.toSeconds();
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("# TYPE nines_slo_events counter\n");
            for (int r = 0; r < REPLICAS; r++) {
                for (String kind : List.of("good", "bad")) {
                    double count = 0;
                    for (long t = start; t < end; t += step) {
                        double events = rate(r, t) * step;
                        double bad = events * errorRatio(r, t);
                        count += kind.equals("bad") ? bad : events - bad;
                        out.write("nines_slo_events_total{instance=\"replica-" + r + "\",job=\"checkout\",kind=\""
                                + kind + "\",slo=\"checkout\"} " + Math.floor(count) + " " + t + "\n");
                        samples++;
                    }
                }
            }
            out.write("# TYPE nines_slo_excluded gauge\n");
            for (int r = 0; r < REPLICAS; r++) {
                for (String exclusion : List.of("maintenance", "force_majeure", "no_data")) {
                    for (long t = start; t < end; t += step) {
                        int value = exclusion.equals("maintenance") && maintenance(t) ? 1 : 0;
                        out.write("nines_slo_excluded{exclusion=\"" + exclusion + "\",instance=\"replica-" + r
                                + "\",job=\"checkout\",slo=\"checkout\"} " + value + " " + t + "\n");
                        samples++;
                    }
                }
            }
            out.write("# TYPE nines_slo_maintenance_alert_above_error_ratio gauge\n");
            for (int r = 0; r < REPLICAS; r++) {
                for (long t = start; t < end; t += step) {
                    out.write("nines_slo_maintenance_alert_above_error_ratio{instance=\"replica-" + r
                            + "\",job=\"checkout\",slo=\"checkout\"} " + (maintenance(t) ? "0.5" : "1") + " " + t
                            + "\n");
                    samples++;
                }
            }
            out.write("# EOF\n");
        }
        return samples;
    }

    /** The rules of {@code yaml} whose expressions read raw counters: backfilled from the raw data. */
    static String rawReadingRules(String nines, String sloth) {
        StringBuilder y = new StringBuilder("groups:\n  - name: backfill-nines\n    interval: 1m\n    rules:\n");
        for (String block : nines.split("\n      - ")) {
            if (block.contains("increase(") && block.startsWith("record:")) {
                y.append("      - ").append(block.stripTrailing()).append('\n');
            }
        }
        y.append("  - name: backfill-sloth\n    interval: 1m\n    rules:\n");
        String five = sloth.substring(
                sloth.indexOf("    - record: slo:sli_error:ratio_rate5m"),
                sloth.indexOf("    - record: slo:sli_error:ratio_rate30m"));
        y.append(five);
        return y.toString();
    }

    @Test
    void measuresTheEvaluationCostOfA30DaySloAgainstSlothsShapeOnTheSameData() throws Exception {
        Path prometheusBinary = PrometheusAgreementTest.locatePrometheus();
        Path promtool = Promtool.locate();
        long end = Instant.now().getEpochSecond() / 60 * 60;
        long start = end - HISTORY.toSeconds();
        StringBuilder figures = new StringBuilder();

        long t = System.nanoTime();
        long samples = writeOpenMetrics(dir.resolve("series.om"), start, end);
        // Large blocks: promtool reads the whole input once per block (2 hours by default).
        run(
                promtool.toString(),
                "tsdb",
                "create-blocks-from",
                "--max-block-duration=744h",
                "openmetrics",
                dir.resolve("series.om").toString(),
                dir.resolve("tsdb").toString());
        Files.delete(dir.resolve("series.om"));
        figures.append(String.format(
                Locale.ROOT,
                "Data: %d replicas, %d raw samples (30 days, one per %d s), " + "backfilled in %.0f s%n",
                REPLICAS,
                samples,
                SCRAPE.toSeconds(),
                (System.nanoTime() - t) / 1e9));

        PrometheusRules rules = PrometheusRules.builder(slo())
                .noDataAlerts(false)
                .watchdog(false)
                .build();
        String nines = rules.toYaml();
        String sloth = slothRules();
        Files.writeString(dir.resolve("backfill.yml"), rawReadingRules(nines, sloth), StandardCharsets.UTF_8);
        int port = startPrometheus(prometheusBinary, List.of());
        t = System.nanoTime();
        // Blocks of 162 hours (at most 9,720 one-minute points per range query, under Prometheus's
        // 11,000), as a compacted TSDB holds old data, instead of one 2-hour block per rule.
        run(
                promtool.toString(),
                "tsdb",
                "create-blocks-from",
                "--max-block-duration=162h",
                "rules",
                "--start=" + start,
                "--end=" + end,
                "--output-dir=" + dir.resolve("rule-blocks"),
                "--url=http://127.0.0.1:" + port,
                dir.resolve("backfill.yml").toString());
        figures.append(String.format(
                Locale.ROOT,
                "Recording rules that read raw counters backfilled over 30 days " + "in %.0f s%n",
                (System.nanoTime() - t) / 1e9));
        stopPrometheus();
        try (Stream<Path> blocks = Files.list(dir.resolve("rule-blocks"))) {
            for (Path block : blocks.toList()) {
                Files.move(block, dir.resolve("tsdb").resolve(block.getFileName()));
            }
        }

        // Both rule files, every group every 5 s: the cost of one evaluation is in its ranges.
        Files.writeString(
                dir.resolve("nines.yml"), nines.replaceAll("(?m)^    interval: .*\\n", ""), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("sloth.yml"), sloth, StandardCharsets.UTF_8);
        port = startPrometheus(prometheusBinary, List.of("nines.yml", "sloth.yml"));
        assertThat(scalar(port, "sum(count_over_time(" + rules.rawTotalIncreaseRecord() + "{slo=\"checkout\"}[30d]))"))
                .as("30 days of Nines step increases")
                .isGreaterThan(43_000);
        assertThat(scalar(port, "count(count_over_time(slo:sli_error:ratio_rate5m{sloth_slo=\"checkout\"}[30d]))"))
                .as("Sloth's 5m ratio backfilled")
                .isEqualTo(1);

        Map<String, List<Double>> durations = new TreeMap<>();
        Map<String, Double> lastSeen = new LinkedHashMap<>();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (durations.isEmpty()
                || durations.values().stream().anyMatch(d -> d.size() < EVALUATIONS)
                || durations.size() < 5) {
            if (System.nanoTime() > deadline) {
                fail("rule groups did not evaluate " + EVALUATIONS + " times within 10 minutes: " + durations);
            }
            Map<String, Double> duration = new TreeMap<>();
            Map<String, Double> evaluated = new TreeMap<>();
            for (String line : get(port, "/metrics").split("\n")) {
                if (line.startsWith("prometheus_rule_group_last_duration_seconds{")) {
                    duration.put(group(line), value(line));
                } else if (line.startsWith("prometheus_rule_group_last_evaluation_timestamp_seconds{")) {
                    evaluated.put(group(line), value(line));
                }
            }
            for (Map.Entry<String, Double> e : evaluated.entrySet()) {
                if (e.getValue() > 0 && !e.getValue().equals(lastSeen.get(e.getKey()))) {
                    lastSeen.put(e.getKey(), e.getValue());
                    durations
                            .computeIfAbsent(e.getKey(), k -> new ArrayList<>())
                            .add(duration.get(e.getKey()));
                }
            }
            Thread.sleep(1_000);
        }

        String period = scalar(port, "slo:sli_error:ratio_rate30d{slo=\"checkout\"}") + " (Nines) vs "
                + scalar(port, "slo:sli_error:ratio_rate30d{sloth_slo=\"checkout\"}") + " (Sloth)";
        figures.append("30-day error ratio: ").append(period).append('\n');
        figures.append(String.format(
                Locale.ROOT,
                "prometheus_rule_group_last_duration_seconds over %d evaluations "
                        + "after the first (median, max; ms):%n",
                EVALUATIONS - 1));
        Map<String, double[]> perSlo = new TreeMap<>();
        for (Map.Entry<String, List<Double>> e : durations.entrySet()) {
            List<Double> warm =
                    new ArrayList<>(e.getValue().subList(1, e.getValue().size()));
            warm.sort(Comparator.naturalOrder());
            double median = warm.get(warm.size() / 2) * 1e3;
            double max = warm.get(warm.size() - 1) * 1e3;
            String owner = e.getKey().startsWith("sloth") ? "Sloth" : "Nines";
            double[] sum = perSlo.computeIfAbsent(owner, k -> new double[2]);
            sum[0] += median;
            sum[1] += max;
            figures.append(String.format(Locale.ROOT, "  %-45s %9.2f %9.2f%n", e.getKey(), median, max));
        }
        figures.append("Costliest rules at the last evaluation (ms):\n");
        Map<String, Object> api = TestJson.parseObject(get(port, "/api/v1/rules"));
        List<String[]> ruleTimes = new ArrayList<>();
        for (Object g : (List<?>) ((Map<?, ?>) api.get("data")).get("groups")) {
            for (Object r : (List<?>) ((Map<?, ?>) g).get("rules")) {
                Map<?, ?> rule = (Map<?, ?>) r;
                Map<?, ?> ruleLabels = (Map<?, ?>) rule.get("labels");
                Object window = ruleLabels == null
                        ? null
                        : ruleLabels.get("window") != null ? ruleLabels.get("window") : ruleLabels.get("sloth_window");
                ruleTimes.add(new String[] {
                    (String) ((Map<?, ?>) g).get("name"),
                    rule.get("name") + (window == null ? "" : " " + window),
                    String.valueOf(rule.get("evaluationTime"))
                });
            }
        }
        ruleTimes.sort(Comparator.comparingDouble((String[] r) -> Double.parseDouble(r[2]))
                .reversed());
        for (String[] r : ruleTimes.subList(0, Math.min(8, ruleTimes.size()))) {
            figures.append(
                    String.format(Locale.ROOT, "  %-45s %-40s %9.2f%n", r[0], r[1], Double.parseDouble(r[2]) * 1e3));
        }
        int ninesRules = nines.split("\n      - (record|alert): ", -1).length - 1;
        int slothRules = sloth.split("\n    - (record|alert): ", -1).length - 1;
        figures.append(String.format(
                Locale.ROOT,
                "Per SLO: Nines %d rules, %.2f ms (max %.2f); Sloth %d rules, "
                        + "%.2f ms (max %.2f); ratio Sloth/Nines %.1f%n",
                ninesRules,
                perSlo.get("Nines")[0],
                perSlo.get("Nines")[1],
                slothRules,
                perSlo.get("Sloth")[0],
                perSlo.get("Sloth")[1],
                perSlo.get("Sloth")[0] / perSlo.get("Nines")[0]));
        System.out.print(figures);
        Files.writeString(Path.of("target", "prometheus-rule-cost.txt"), figures, StandardCharsets.UTF_8);
    }

    private static String group(String line) {
        String g = line.substring(line.indexOf("rule_group=\"") + 12);
        g = g.substring(0, g.indexOf('"'));
        return g.substring(g.indexOf(';') + 1);
    }

    private static double value(String line) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }

    private void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("command.log").toFile())
                .start();
        if (!process.waitFor(20, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            fail("timed out: " + String.join(" ", command));
        }
        assertThat(process.exitValue())
                .as(String.join(" ", command) + "\n" + Files.readString(dir.resolve("command.log")))
                .isZero();
    }

    private int startPrometheus(Path binary, List<String> ruleFiles) throws IOException, InterruptedException {
        Files.writeString(
                dir.resolve("prometheus.yml"),
                String.join(
                        "\n",
                        "global:",
                        "  evaluation_interval: 5s",
                        "rule_files: [" + String.join(", ", ruleFiles) + "]",
                        ""),
                StandardCharsets.UTF_8);
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        prometheus = new ProcessBuilder(
                        binary.toString(),
                        "--config.file=" + dir.resolve("prometheus.yml"),
                        "--storage.tsdb.path=" + dir.resolve("tsdb"),
                        "--storage.tsdb.retention.time=60d",
                        "--web.listen-address=127.0.0.1:" + port,
                        "--web.console.templates=" + dir,
                        "--web.console.libraries=" + dir)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("prometheus.log").toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline && prometheus.isAlive()) {
            try {
                if (http.send(
                                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/-/ready"))
                                                .timeout(Duration.ofSeconds(5))
                                                .build(),
                                        HttpResponse.BodyHandlers.ofString())
                                .statusCode()
                        == 200) {
                    return port;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(500);
        }
        fail("Prometheus did not start:\n" + Files.readString(dir.resolve("prometheus.log")));
        throw new AssertionError("unreachable");
    }

    private void stopPrometheus() throws InterruptedException {
        if (prometheus != null) {
            prometheus.destroy();
            if (!prometheus.waitFor(60, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly().waitFor(15, TimeUnit.SECONDS);
            }
            prometheus = null;
        }
    }

    private String get(int port, String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(60))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    @SuppressWarnings("unchecked")
    private double scalar(int port, String query) throws IOException, InterruptedException {
        Map<String, Object> body = TestJson.parseObject(
                get(port, "/api/v1/query?query=" + java.net.URLEncoder.encode(query, StandardCharsets.UTF_8)));
        List<Map<String, Object>> result =
                (List<Map<String, Object>>) ((Map<String, Object>) body.get("data")).get("result");
        assertThat(result).as(query).hasSize(1);
        return Double.parseDouble((String) ((List<Object>) result.get(0).get("value")).get(1));
    }
}
