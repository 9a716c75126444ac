package dev.nines.slo.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nines.core.time.ManualTimeSource;
import dev.nines.slo.Slo;
import dev.nines.slo.SloSnapshot;
import dev.nines.slo.SloTracker;
import dev.nines.slo.SloWindow;
import dev.nines.slo.alert.AlertState;
import dev.nines.slo.alert.AlertStatus;
import dev.nines.slo.alert.BurnRateAlertPolicy;
import dev.nines.slo.alert.Severity;
import dev.nines.slo.alert.SloAlerts;
import dev.nines.slo.exclusion.Exclusion;
import dev.nines.slo.micrometer.SloMetrics;
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
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated alerts evaluation by evaluation in promtool, against the in-process
 * {@link SloAlerts} on the same events.
 *
 * <p>Two replicas, each a tracker on a {@link ManualTimeSource} bound to {@link SloMetrics}, play a
 * script minute by minute: each minute's events are recorded just before the minute ends, then
 * the clock reaches the minute and every exported meter is sampled (what a scrape at that instant
 * reads: counters, exclusion gauges, the maintenance alert ratio). The samples are promtool's
 * input series, evaluated every minute with a 1-minute step; at each minute the in-process
 * {@code SloAlerts} evaluates the merged trackers. For every minute the test expects exactly the
 * alerts {@code SloAlerts} fires, so Prometheus pages and tickets at the same evaluation as the
 * in-process alerts, never one later.
 *
 * <p>The one documented difference is Prometheus's rounding of exclusions to whole steps: the step
 * during which a maintenance window ends is dropped whole (a scrape in it saw the gauge at 1). The
 * in-process reference gets the same rounding, as a force-majeure exclusion over that minute that
 * no scrape sees (it contains no sampled instant, so it exports nothing).
 */
class PrometheusRulesAlertTimingTest {

    @TempDir
    Path dir;

    static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
    static final int EVENTS_PER_MINUTE = 997; // not round: no window's error ratio lands exactly on a threshold

    static Slo slo() {
        return Slo.builder("checkout")
                .objective(0.999)
                .window(SloWindow.rolling(Duration.ofDays(30)))
                .description("Checkout requests that do not fail")
                .label("team", "payments")
                .build();
    }

    /** A phase of the script: {@code minutes} long, with each replica's error ratio. */
    record Phase(int minutes, double errorsA, double errorsB) {}

    /** A maintenance window from minute {@code from} to {@code to} (scrapes at from+1..to see it). */
    record Maintenance(int from, int to, double alertAboveErrorRatio) {}

    /** What each minute of a script fired: in-process and the generated promtool expectations. */
    record Played(List<Severity[]> firing, String tests) {}

    /**
     * Plays the script on two trackers, returns the in-process alerts per minute and a promtool test
     * group expecting them.
     */
    static Played play(List<Phase> phases, Maintenance maintenance, BurnRateAlertPolicy policy) {
        Slo slo = slo();
        ManualTimeSource time = ManualTimeSource.at(T0);
        List<SloTracker> trackers = List.of(SloTracker.create(slo, time), SloTracker.create(slo, time));
        List<SimpleMeterRegistry> meters = List.of(new SimpleMeterRegistry(), new SimpleMeterRegistry());
        for (int r = 0; r < 2; r++) {
            if (maintenance != null) {
                trackers.get(r)
                        .exclude(Exclusion.maintenance(
                                        minute(maintenance.from()).plusMillis(1),
                                        minute(maintenance.to()).plusMillis(1),
                                        "upgrade")
                                .withAlertAboveErrorRatio(maintenance.alertAboveErrorRatio()));
                // Prometheus drops the step during which the window ends (see the class comment).
                trackers.get(r)
                        .exclude(Exclusion.forceMajeure(
                                minute(maintenance.to()).plusMillis(1), minute(maintenance.to() + 1), "step rounding"));
            }
            SloMetrics.of(List.of(trackers.get(r)), policy).bindTo(meters.get(r));
        }
        Map<String, List<String>> series = new TreeMap<>();
        List<Severity[]> firing = new ArrayList<>();
        StringBuilder expectations = new StringBuilder();
        int minute = 0;
        sample(meters, series);
        firing.add(new Severity[0]);
        for (Phase phase : phases) {
            for (int i = 0; i < phase.minutes(); i++) {
                minute++;
                time.advanceTo(minute(minute).minusMillis(1));
                double[] errors = {phase.errorsA(), phase.errorsB()};
                for (int r = 0; r < 2; r++) {
                    long bad = Math.round(EVENTS_PER_MINUTE * errors[r]);
                    trackers.get(r).record(EVENTS_PER_MINUTE - bad, bad);
                }
                time.advanceTo(minute(minute));
                sample(meters, series);
                List<SloSnapshot> snapshots = new ArrayList<>();
                for (SloTracker tracker : trackers) {
                    snapshots.add(tracker.snapshot());
                }
                SloTracker fleet =
                        SloTracker.restore(slo, ManualTimeSource.at(time.now()), SloSnapshot.mergeAll(snapshots));
                TreeSet<Severity> fired = new TreeSet<>();
                for (AlertStatus status : SloAlerts.of(fleet, policy, ManualTimeSource.at(time.now()))
                        .evaluate()) {
                    if (status.state() == AlertState.FIRING) {
                        fired.add(status.rule().severity());
                    }
                }
                firing.add(fired.toArray(new Severity[0]));
                expectations
                        .append("      - eval_time: ")
                        .append(minute)
                        .append("m\n")
                        .append("        alertname: CheckoutErrorBudgetBurn\n")
                        .append("        exp_alerts:")
                        .append(fired.isEmpty() ? " []\n" : "\n");
                for (Severity severity : fired) {
                    String s = severity.name().toLowerCase(Locale.ROOT);
                    expectations
                            .append("          - exp_labels: {slo: checkout, team: payments, severity: ")
                            .append(s)
                            .append("}\n            exp_annotations: {title: '(")
                            .append(s)
                            .append(") checkout SLO error budget burn rate is too fast.', summary: \"SLO 'checkout' is "
                                    + "burning its error budget too fast\", description: 'Checkout requests that do not "
                                    + "fail'}\n");
                }
            }
        }
        StringBuilder tests = new StringBuilder("  - interval: 1m\n    input_series:\n");
        series.forEach((id, values) -> tests.append("      - series: \"")
                .append(id)
                .append("\"\n")
                .append("        values: '")
                .append(String.join(" ", values))
                .append("'\n"));
        tests.append("    alert_rule_test:\n").append(expectations);
        return new Played(firing, tests.toString());
    }

    static Instant minute(int minute) {
        return T0.plus(Duration.ofMinutes(minute));
    }

    /** Appends what a scrape of each replica reads now to {@code series}, keyed by series selector. */
    static void sample(List<SimpleMeterRegistry> meters, Map<String, List<String>> series) {
        for (int r = 0; r < meters.size(); r++) {
            for (Meter meter : meters.get(r).getMeters()) {
                String name = meter.getId().getName();
                if (!name.equals("nines.slo.events")
                        && !name.equals("nines.slo.excluded")
                        && !name.equals("nines.slo.maintenance.alert.above.error.ratio")) {
                    continue;
                }
                StringBuilder id = new StringBuilder(name.replace('.', '_'))
                        .append(name.equals("nines.slo.events") ? "_total{" : "{");
                for (Tag tag : meter.getId().getTags()) {
                    id.append(tag.getKey())
                            .append("=\\\"")
                            .append(tag.getValue())
                            .append("\\\",");
                }
                id.append("instance=\\\"").append((char) ('a' + r)).append("\\\"}");
                double value = meter.measure().iterator().next().getValue();
                series.computeIfAbsent(id.toString(), k -> new ArrayList<>())
                        .add(value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value));
            }
        }
    }

    static Promtool.Result promtool(Path dir, BurnRateAlertPolicy policy, List<String> testGroups) throws Exception {
        Files.writeString(
                dir.resolve("rules.yml"),
                PrometheusRules.builder(slo()).alertPolicy(policy).build().toYaml(),
                StandardCharsets.UTF_8);
        Files.writeString(
                dir.resolve("tests.yml"),
                "rule_files: [rules.yml]\nevaluation_interval: 1m\ntests:\n" + String.join("", testGroups),
                StandardCharsets.UTF_8);
        return Promtool.run(dir, "test", "rules", "tests.yml");
    }

    static int firstMinuteFiring(Played played, Severity severity) {
        for (int m = 0; m < played.firing().size(); m++) {
            if (List.of(played.firing().get(m)).contains(severity)) {
                return m;
            }
        }
        return -1;
    }

    @Test
    void pagesAtTheSameEvaluationAsTheInProcessAlertsNotOneStepLater() throws Exception {
        // 99.9% over 30 days, SRE Workbook: page when the 30m and 6h error ratios exceed 6 x 0.1%
        // (or 5m and 1h exceed 14.4 x 0.1%). An hour at 1 bad event per replica and minute (1,994
        // events a minute), then replica a fails 199 of its 997: 200 bad a minute. k minutes in,
        // the 30m window holds 60 + 198k bad of 59,820 (above 0.6% from k = 2) and the 6h window,
        // which holds every minute since the start, 120 + 198k bad of 1,994 x (60 + k): 0.5735% at
        // k = 3, 0.7128% at k = 4. Both page at minute 64, none at 63.
        List<Phase> script = List.of(new Phase(60, 0.001, 0.001), new Phase(30, 0.2, 0.001));
        BurnRateAlertPolicy policy = BurnRateAlertPolicy.sreWorkbook();
        Played played = play(script, null, policy);
        int page = firstMinuteFiring(played, Severity.PAGE);

        Promtool.Result result = promtool(dir, policy, List.of(played.tests()));

        assertThat(page).as("in-process page minute").isEqualTo(64);
        assertThat(played.firing().get(page - 1)).as("not a minute before").doesNotContain(Severity.PAGE);
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS");
    }

    @Test
    void duringMaintenanceAlertsOnlyAboveTheWindowsAlertRatioJudgedOnAllEventsAsTheTrackerDoes() throws Exception {
        BurnRateAlertPolicy policy = BurnRateAlertPolicy.sreWorkbook();
        // Maintenance from minute 60 to 100 that alerts above 5% errors: 3% errors inside stay
        // silent, 30% page (judged on all events, excluded ones included); with the default ratio
        // of 1 nothing alerts inside the window.
        List<Phase> script = List.of(
                new Phase(65, 0.001, 0.001),
                new Phase(15, 0.03, 0.03),
                new Phase(15, 0.3, 0.3),
                new Phase(25, 0.001, 0.001));
        Played alerting = play(script, new Maintenance(60, 100, 0.05), policy);
        Played silent = play(script, new Maintenance(60, 100, 1.0), policy);

        Promtool.Result result = promtool(dir, policy, List.of(alerting.tests(), silent.tests()));

        int page = firstMinuteFiring(alerting, Severity.PAGE);
        assertThat(page).as("pages inside the window once errors exceed 5%").isBetween(81, 95);
        for (int m = 61; m <= 80; m++) {
            assertThat(alerting.firing().get(m))
                    .as("minute %d, 3%% errors under a 5%% alert ratio", m)
                    .isEmpty();
        }
        for (int m = 61; m <= 100; m++) {
            assertThat(silent.firing().get(m)).as("minute %d, default ratio", m).isEmpty();
        }
        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    @Provide
    Arbitrary<List<Phase>> scripts() {
        Arbitrary<Double> ratio = Arbitraries.of(0.0, 0.001, 0.005, 0.02, 0.05, 0.2, 0.6);
        return Combinators.combine(Arbitraries.integers().between(3, 40), ratio, ratio)
                .as(Phase::new)
                .list()
                .ofMinSize(3)
                .ofMaxSize(7);
    }

    @Provide
    Arbitrary<Maintenance> maintenances() {
        return Combinators.combine(
                        Arbitraries.integers().between(5, 90),
                        Arbitraries.integers().between(2, 50),
                        Arbitraries.of(1.0, 0.5, 0.1, 0.03, 0.004))
                .as((from, length, ratio) -> new Maintenance(from, from + length, ratio))
                .injectNull(0.2);
    }

    /**
     * Random scripts, maintenance windows and alert ratios, and a policy with a minimum event count:
     * at every minute promtool fires exactly what the in-process alerts fire.
     */
    @Property(tries = 8)
    void promtoolFiresExactlyWhatTheInProcessAlertsFireAtEveryEvaluation(
            @ForAll("scripts") List<Phase> script,
            @ForAll("maintenances") Maintenance maintenance,
            @ForAll boolean minimumEvents)
            throws Exception {
        BurnRateAlertPolicy policy = minimumEvents
                ? BurnRateAlertPolicy.sreWorkbook().toBuilder()
                        .minimumEvents(40_000)
                        .build()
                : BurnRateAlertPolicy.sreWorkbook();
        Played played = play(script, maintenance, policy);
        Path work = Files.createTempDirectory("nines-timing");
        try {
            Promtool.Result result = promtool(work, policy, List.of(played.tests()));

            assertThat(result.exitCode()).as(result.output()).isZero();
        } finally {
            for (String file : List.of("rules.yml", "tests.yml")) {
                Files.deleteIfExists(work.resolve(file));
            }
            Files.delete(work);
        }
    }
}
