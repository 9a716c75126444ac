package dev.nines.slo.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nines.core.time.ManualTimeSource;
import dev.nines.slo.Slo;
import dev.nines.slo.SloTracker;
import dev.nines.slo.SloWindow;
import dev.nines.slo.alert.BurnRateAlertPolicy;
import dev.nines.slo.alert.BurnRateRule;
import dev.nines.slo.alert.Severity;
import dev.nines.slo.exclusion.Exclusion;
import dev.nines.slo.exclusion.ExclusionKind;
import dev.nines.slo.export.PrometheusRules;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SloMetricsTest {

    private final ManualTimeSource time = ManualTimeSource.at(Instant.parse("2026-03-01T00:00:00Z"));
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private static Slo slo(String name) {
        return Slo.builder(name)
                .objective(0.999)
                .window(SloWindow.rolling(Duration.ofDays(30)))
                .build();
    }

    private double gauge(String name, String slo) {
        return meters.get(name).tag("slo", slo).gauge().value();
    }

    private double counter(String slo, String kind) {
        return meters.get("nines.slo.events")
                .tag("slo", slo)
                .tag("kind", kind)
                .functionCounter()
                .count();
    }

    @Test
    void countsEveryGoodAndBadEventCumulatively() {
        SloTracker tracker = SloTracker.create(slo("checkout"), time);
        SloMetrics.of(tracker).bindTo(meters);
        assertThat(counter("checkout", "good")).isZero();

        tracker.record(990, 10);
        time.advance(Duration.ofDays(40)); // older than the window: still counted, counters never fall
        tracker.recordGood();
        tracker.recordBad();

        assertThat(counter("checkout", "good")).isEqualTo(991);
        assertThat(counter("checkout", "bad")).isEqualTo(11);
    }

    @Test
    void exposesBudgetComplianceAndBurnRatePerWindow() {
        // SRE workbook: 99.9% over 30 days; a 1.44% error ratio over the last hour burns at 14.4.
        SloTracker tracker = SloTracker.create(slo("checkout"), time);
        SloMetrics.of(tracker).bindTo(meters);
        time.advance(Duration.ofHours(2));
        tracker.record(98_560, 1_440);
        time.advance(Duration.ofMinutes(1));

        assertThat(gauge("nines.slo.compliance.ratio", "checkout")).isCloseTo(0.9856, within(1e-12));
        assertThat(gauge("nines.slo.budget.remaining.ratio", "checkout")).isCloseTo(1 - 14.4, within(1e-9));
        assertThat(meters.get("nines.slo.burn.rate")
                        .tag("slo", "checkout")
                        .tag("window", "1h")
                        .gauge()
                        .value())
                .isCloseTo(14.4, within(1e-9));
        assertThat(meters.get("nines.slo.burn.rate")
                        .tag("slo", "checkout")
                        .tag("window", "5m")
                        .gauge()
                        .value())
                .isCloseTo(14.4, within(1e-9));
        assertThat(meters.get("nines.slo.burn.rate").gauges()).hasSize(7);
    }

    @Test
    void exposesTheWindowsOfTheSreWorkbookPolicyShortestFirst() {
        SloMetrics metrics = SloMetrics.of(SloTracker.create(slo("a"), time));

        assertThat(metrics.windows())
                .containsExactly(
                        Duration.ofMinutes(5),
                        Duration.ofMinutes(30),
                        Duration.ofHours(1),
                        Duration.ofHours(2),
                        Duration.ofHours(6),
                        Duration.ofDays(1),
                        Duration.ofDays(3));
        assertThat(metrics.windows())
                .extracting(SloMetrics::windowTag)
                .containsExactly("5m", "30m", "1h", "2h", "6h", "1d", "3d");
    }

    @Test
    void bindsSeveralTrackersWithTheWindowsOfACustomPolicy() {
        BurnRateAlertPolicy policy = BurnRateAlertPolicy.builder()
                .rule(BurnRateRule.of("fast", Severity.PAGE, 0.02, Duration.ofMinutes(90), Duration.ofSeconds(90)))
                .build();
        SloTracker checkout = SloTracker.create(slo("checkout"), time);
        SloTracker search = SloTracker.create(slo("search"), time);
        SloMetrics.of(List.of(checkout, search), policy).bindTo(meters);
        search.recordBad();

        assertThat(meters.get("nines.slo.burn.rate").tag("slo", "search").gauges())
                .extracting(g -> g.getId().getTag("window"))
                .containsExactlyInAnyOrder("90s", "90m");
        assertThat(counter("search", "bad")).isEqualTo(1);
        assertThat(counter("checkout", "bad")).isZero();
    }

    @Test
    void prometheusExposesTheNamesTheGeneratedRulesQuery() {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        SloTracker tracker = SloTracker.create(slo("checkout"), time);
        SloMetrics.of(tracker).bindTo(prometheus);
        tracker.record(7, 3);

        String scrape = prometheus.scrape();

        assertThat(scrape)
                .contains("nines_slo_events_total{kind=\"good\",slo=\"checkout\"} 7.0")
                .contains("nines_slo_events_total{kind=\"bad\",slo=\"checkout\"} 3.0")
                .contains("nines_slo_budget_remaining_ratio{slo=\"checkout\"}")
                .contains("nines_slo_compliance_ratio{slo=\"checkout\"} 0.7")
                .contains("nines_slo_burn_rate{slo=\"checkout\",window=\"5m\"}")
                .contains("nines_slo_excluded{exclusion=\"maintenance\",slo=\"checkout\"} 0.0");
    }

    private double excluded(String kind) {
        return meters.get("nines.slo.excluded")
                .tag("slo", "checkout")
                .tag("exclusion", kind)
                .gauge()
                .value();
    }

    @Test
    void reportsEachKindOfExclusionAsAZeroOrOneGaugeWhileItContainsThePresent() {
        Instant start = time.now().plus(Duration.ofHours(1));
        Slo slo = slo("checkout").toBuilder()
                .exclusion(Exclusion.maintenance(start, start.plus(Duration.ofMinutes(30)), "upgrade"))
                .build();
        SloTracker tracker = SloTracker.create(slo, time);
        SloMetrics.of(tracker).bindTo(meters);
        assertThat(meters.get("nines.slo.excluded").gauges())
                .extracting(g -> g.getId().getTag("exclusion"))
                .containsExactlyInAnyOrder("maintenance", "force_majeure", "no_data");
        assertThat(excluded("maintenance")).isZero();

        time.advance(Duration.ofHours(1));
        assertThat(excluded("maintenance")).isEqualTo(1.0);
        assertThat(excluded("force_majeure")).isZero();

        time.advance(Duration.ofMinutes(30)); // the end is exclusive
        assertThat(excluded("maintenance")).isZero();

        tracker.exclude(
                Exclusion.forceMajeure(time.now().minusSeconds(5), time.now().plusSeconds(60), "power"));
        tracker.markNoData(time.now(), time.now().plusSeconds(1), "scraper down");
        assertThat(excluded("force_majeure")).isEqualTo(1.0);
        assertThat(excluded("no_data")).isEqualTo(1.0);
        time.advance(Duration.ofSeconds(1));
        assertThat(excluded("no_data")).isZero();
        assertThat(tracker.hasActiveExclusion(ExclusionKind.FORCE_MAJEURE)).isTrue();
    }

    @Test
    void exportsTheAlertRatioOfTheMaintenanceWindowInEffectTheLowestOfOverlappingOnesAndOneOutside() {
        Instant start = time.now().plus(Duration.ofMinutes(10));
        SloTracker tracker = SloTracker.create(slo("checkout"), time);
        tracker.exclude(Exclusion.maintenance(start, start.plus(Duration.ofMinutes(30)), "upgrade")
                .withAlertAboveErrorRatio(0.5));
        tracker.exclude(Exclusion.maintenance(
                        start.plus(Duration.ofMinutes(20)), start.plus(Duration.ofMinutes(40)), "failover drill")
                .withAlertAboveErrorRatio(0.2));
        SloMetrics.of(tracker).bindTo(meters);
        Gauge ratio = meters.get("nines.slo.maintenance.alert.above.error.ratio")
                .tag("slo", "checkout")
                .gauge();

        assertThat(ratio.value()).isEqualTo(1.0);
        time.advance(Duration.ofMinutes(10));
        assertThat(ratio.value()).isEqualTo(0.5);
        time.advance(Duration.ofMinutes(20));
        assertThat(ratio.value()).isEqualTo(0.2);
        time.advance(Duration.ofMinutes(20)); // both ended
        assertThat(ratio.value()).isEqualTo(1.0);

        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        SloMetrics.of(tracker).bindTo(prometheus);
        assertThat(prometheus.scrape()).contains(PrometheusRules.MAINTENANCE_RATIO_METRIC + "{slo=\"checkout\"} 1.0");
    }

    @Test
    void aForceMajeureDeclaredAfterTheFactNeverRaisesTheGaugeSoPrometheusKeepsTheEventsTheTrackerExcludes() {
        SloTracker tracker = SloTracker.create(slo("checkout"), time);
        SloMetrics.of(tracker).bindTo(meters);
        time.advance(Duration.ofHours(2));
        Instant outage = time.now();
        tracker.record(900, 100);
        time.advance(Duration.ofMinutes(30));

        tracker.exclude(Exclusion.forceMajeure(outage, outage.plus(Duration.ofMinutes(10)), "region power loss"));

        // The tracker drops the outage at once; the gauge Prometheus sampled stayed 0 throughout and
        // reads 0 now, and the counters never fall: the rules keep counting those 100 bad events.
        assertThat(tracker.counts(Duration.ofHours(1)).total()).isZero();
        assertThat(excluded("force_majeure")).isZero();
        assertThat(counter("checkout", "bad")).isEqualTo(100);
    }

    @Test
    void unbindingOneMeterRegistryRemovesItsMetersAndLeavesTheOthers() {
        SloMetrics metrics = SloMetrics.of(SloTracker.create(slo("checkout"), time));
        io.micrometer.core.instrument.simple.SimpleMeterRegistry shortLived =
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        io.micrometer.core.instrument.simple.SimpleMeterRegistry kept =
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        metrics.bindTo(shortLived);
        metrics.bindTo(kept);
        assertThat(shortLived.getMeters()).isNotEmpty();
        assertThat(metrics.unbindFrom(shortLived)).isTrue();
        assertThat(shortLived.getMeters()).isEmpty();
        assertThat(kept.getMeters()).isNotEmpty();
        metrics.close();
        assertThat(kept.getMeters()).isEmpty();
    }
}
