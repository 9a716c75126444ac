package dev.nines.slo.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nines.core.time.ManualTimeSource;
import dev.nines.slo.Slo;
import dev.nines.slo.SloGroup;
import dev.nines.slo.SloWindow;
import dev.nines.slo.micrometer.SloGroupMetrics;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An SLO group end to end in promtool: the series one instance's {@link SloGroupMetrics} exports,
 * sampled every minute, fed to the rules aggregated {@code by} the group's label.
 */
class SloGroupRulesTest {

    @TempDir
    Path dir;

    @Test
    void rulesAggregatedByTheGroupsLabelGiveEachMemberTheErrorRatioOfItsTracker() throws Exception {
        ManualTimeSource time = ManualTimeSource.at(Instant.parse("2026-03-01T00:00:00Z"));
        Slo slo = Slo.builder("checkout")
                .objective(0.999)
                .window(SloWindow.rolling(Duration.ofDays(30)))
                .build();
        SloGroup group = SloGroup.create(slo, "route", 10, time);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        SloGroupMetrics.of(group).bindTo(meters);
        group.tracker("/pay");
        group.tracker("/cart");
        Map<String, List<String>> series = new TreeMap<>();
        for (int minute = 0; minute <= 70; minute++) {
            for (Meter meter : meters.getMeters()) {
                String name = meter.getId().getName();
                if (name.equals("nines.slo.events") || name.equals("nines.slo.excluded")) {
                    StringBuilder id = new StringBuilder(name.replace('.', '_'))
                            .append(name.equals("nines.slo.events") ? "_total{" : "{");
                    for (Tag tag : meter.getId().getTags()) {
                        id.append(tag.getKey())
                                .append("=\\\"")
                                .append(tag.getValue())
                                .append("\\\",");
                    }
                    id.append("instance=\\\"a\\\"}");
                    double value = meter.measure().iterator().next().getValue();
                    series.computeIfAbsent(id.toString(), k -> new ArrayList<>())
                            .add(String.valueOf((long) value));
                }
            }
            group.tracker("/pay").record(980, 20);
            group.tracker("/cart").record(1_000, 0);
            time.advance(Duration.ofMinutes(1));
        }
        assertThat(group.tracker("/pay").burnRate(Duration.ofHours(1)))
                .isEqualTo(20.0 / 1000 / (1 - 0.999), org.assertj.core.api.Assertions.within(1e-9));

        String rules = PrometheusRules.builder(group.slo())
                .aggregateBy(group.label())
                .build()
                .toYaml();
        List<String> lines = new ArrayList<>(List.of(
                "rule_files: [rules.yml]",
                "evaluation_interval: 1m",
                "tests:",
                "  - interval: 1m",
                "    input_series:"));
        series.forEach((id, values) -> {
            lines.add("      - series: \"" + id + "\"");
            lines.add("        values: '" + String.join(" ", values) + "'");
        });
        lines.addAll(List.of(
                "    promql_expr_test:",
                "      - expr: round(slo:sli_error:ratio_rate1h * 1e4)",
                "        eval_time: 70m",
                "        exp_samples:",
                "          - labels: '{slo=\"checkout\",route=\"/pay\",window=\"1h\"}'",
                "            value: 200",
                "          - labels: '{slo=\"checkout\",route=\"/cart\",window=\"1h\"}'",
                "            value: 0"));
        Files.writeString(dir.resolve("rules.yml"), rules, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("tests.yml"), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);

        Promtool.Result result = Promtool.run(dir, "test", "rules", "tests.yml");

        assertThat(series.keySet())
                .anyMatch(id -> id.contains("route=\\\"/pay\\\"") && id.contains("kind=\\\"bad\\\""));
        assertThat(result.exitCode()).as(result.output()).isZero();
    }
}
