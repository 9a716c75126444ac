package dev.nines.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nines.core.circuitbreaker.CircuitBreakerEvent;
import dev.nines.failover.FailoverEvent;
import dev.nines.slo.incident.AvailabilityMetrics;
import dev.nines.slo.incident.IncidentSeverity;
import dev.nines.slo.incident.IncidentSignal;
import dev.nines.slo.incident.RecordedIncident;
import dev.nines.slo.incident.TimelineEntry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class CheckoutDemoTest {

    @TempDir
    static Path dir;

    static DemoResult week;
    static String output;
    static Path report;

    @BeforeAll
    static void runAWeek() throws Exception {
        report = dir.resolve("report.html");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            week = CheckoutDemo.run(new DemoOptions(7, 7, report, false), out);
        }
        output = bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theRecorderRecordsTheOutageWithItsTimelineMttaAndMttr() {
        Scenario scenario = Scenario.of(7);
        List<RecordedIncident> incidents = week.sloReport().timelines();
        assertThat(incidents).extracting(RecordedIncident::id).containsExactly("INC-1", "INC-2", "INC-3");

        // The provider outage: opened by the breaker, joined by the page, attributed to payments.
        RecordedIncident outage = incidents.get(0);
        assertThat(outage.service()).isEqualTo("payments");
        assertThat(outage.components()).containsExactly("payments", "checkout");
        assertThat(outage.state()).isEqualTo(RecordedIncident.State.RESOLVED);
        assertThat(outage.severity()).isEqualTo(IncidentSeverity.SEV1);
        assertThat(outage.start())
                .isBetween(scenario.outageStart(), scenario.outageStart().plusSeconds(60));
        assertThat(outage.detected()).isEqualTo(outage.start());
        List<TimelineEntry> timeline = outage.timeline();
        assertThat(timeline).extracting(TimelineEntry::at).isSorted();
        assertThat(timeline.get(0).kind()).isEqualTo(TimelineEntry.Kind.OPENED);
        assertThat(timeline.get(0).cause().event()).isInstanceOf(CircuitBreakerEvent.StateTransition.class);
        assertThat(timeline).anySatisfy(e -> {
            assertThat(e.cause().kind()).isEqualTo(IncidentSignal.Kind.BURN_RATE_ALERT);
            assertThat(e.cause().effect()).isEqualTo(IncidentSignal.Effect.FAILING);
            assertThat(e.what()).contains("alert page-2%-1h (PAGE) firing");
        });
        assertThat(timeline.get(timeline.size() - 1).kind()).isEqualTo(TimelineEntry.Kind.RESOLVED);
        // MTTA: the on-call acknowledges 3 minutes after detection, at the next whole simulated minute.
        TimelineEntry ack = timeline.stream()
                .filter(e -> e.kind() == TimelineEntry.Kind.ACKNOWLEDGED)
                .findFirst()
                .orElseThrow();
        assertThat(ack.cause().event()).isEqualTo("on-call");
        assertThat(outage.timeToAcknowledge()).contains(Duration.between(outage.detected(), ack.at()));
        assertThat(outage.timeToAcknowledge().orElseThrow()).isBetween(Duration.ofMinutes(3), Duration.ofMinutes(4));
        // MTTR: mitigated when the breaker closed on the provider's first good answers after the outage.
        Instant closed = timeline.stream()
                .filter(e -> e.what().endsWith("HALF_OPEN -> CLOSED"))
                .findFirst()
                .orElseThrow()
                .at();
        assertThat(outage.mitigated()).contains(closed);
        assertThat(closed).isAfterOrEqualTo(scenario.outageEnd());
        assertThat(outage.timeToMitigate().orElseThrow())
                .isBetween(
                        scenario.outageLength().minusSeconds(60),
                        scenario.outageLength().plusMinutes(2));

        // The breaker opening in the announced maintenance: recorded, but excluded by the on-call.
        RecordedIncident maintenance = incidents.get(1);
        assertThat(maintenance.excluded()).isTrue();
        assertThat(maintenance.start()).isBetween(scenario.maintenanceStart(), scenario.maintenanceEnd());

        // The database failover: a failure already over when reported, start 20 s before the promotion.
        RecordedIncident failover = incidents.get(2);
        assertThat(failover.service()).isEqualTo("orders-db");
        assertThat(failover.timeline().get(0).cause().event()).isInstanceOf(FailoverEvent.FailedOver.class);
        Duration timeToFailover =
                ((FailoverEvent.FailedOver) failover.timeline().get(0).cause().event()).timeToFailover();
        assertThat(failover.timeToMitigate()).contains(timeToFailover);
        assertThat(failover.start()).isAfterOrEqualTo(scenario.regionFailureStart());

        // The report takes them as they are: the excluded one counts nowhere.
        AvailabilityMetrics overall = week.sloReport().overall();
        assertThat(overall.failureCount()).isEqualTo(2);
        assertThat(overall.mttr())
                .contains(outage.timeToMitigate()
                        .orElseThrow()
                        .plus(timeToFailover)
                        .dividedBy(2));
    }

    @Test
    void theOutageConsumesAboutHalfOfAWeeksBudgetAndTheMaintenanceWindowNone() {
        // 7 days of ~1M checkouts allow ~7,600 failures at 99.9%; a 4-minute outage in the early
        // afternoon fails ~3,000 and the background ~600 more.
        assertThat(week.budgetConsumedRatio()).isBetween(0.3, 0.8);
        assertThat(week.excludedRequests()).isGreaterThan(0);
        assertThat(week.excludedBadRequests()).isGreaterThan(0).isLessThanOrEqualTo(week.excludedRequests());
        assertThat(week.goodRequests() + week.badRequests() + week.excludedRequests())
                .isEqualTo(week.requests());
        assertThat(week.compliance()).isBetween(0.999, 1.0);
    }

    @Test
    void burnRateAlertsFireDuringTheOutageAndAllResolve() {
        assertThat(week.alertsFired()).isGreaterThanOrEqualTo(1);
        assertThat(week.alertsResolved()).isEqualTo(week.alertsFired());
        assertThat(week.timeline()).anySatisfy(e -> assertThat(e.text()).contains("alert page-2%-1h (PAGE) firing"));
        assertThat(week.timeline()).noneSatisfy(e -> {
            assertThat(e.kind()).isEqualTo("alert");
            assertThat(e.at())
                    .isBetween(
                            Scenario.of(7).maintenanceStart(),
                            Scenario.of(7).maintenanceEnd().plusSeconds(3600));
        });
    }

    @Test
    void theBreakerOpensTheStaleCacheAnswersAndTheRetryBudgetStopsRetries() {
        assertThat(week.breakerOpenings()).isEqualTo(2);
        assertThat(week.staleQuotes()).isGreaterThan(0);
        assertThat(week.retries()).isGreaterThan(0);
        assertThat(week.retriesRefusedByBudget()).isGreaterThan(0);
    }

    @Test
    void theForecastAndReplicasFollowTheTraffic() {
        assertThat(week.forecastPeakPerSecond())
                .isBetween(0.8 * week.observedPeakPerSecond(), 2.0 * week.observedPeakPerSecond());
        assertThat(week.forecastPeakUpperPerSecond()).isGreaterThanOrEqualTo(week.forecastPeakPerSecond());
        assertThat(week.replicasNextMonth())
                .extracting(DemoResult.RegionReplicas::region)
                .containsExactly("eu-west-1", "eu-central-1");
        assertThat(week.totalReplicasNextMonth())
                .isGreaterThanOrEqualTo(week.replicasNow().stream()
                        .mapToInt(DemoResult.RegionReplicas::replicas)
                        .sum());
        assertThat(week.series().forecastMean()).hasSize(7 * 24);
    }

    @Test
    void theDatabaseFailsOverOnceAdvancingTheEpochAndFencesTheDeposedPrimary() throws Exception {
        assertThat(week.failovers()).isEqualTo(1);
        assertThat(week.epochAfter()).isEqualTo(week.epochBefore() + 1);
        assertThat(week.staleWritesRejected()).isEqualTo(3);
        assertThat(week.timeline())
                .anySatisfy(e -> assertThat(e.text()).contains("database failed over eu-west-1 -> eu-central-1"));
        // Three failed probes, 10 s apart, before promotion: the 3-hour region failure costs only
        // the checkouts of those 20 seconds, a few percent of the week's budget.
        int hour = (int) Duration.between(Scenario.START, Scenario.of(7).regionFailureStart())
                .toHours();
        double allowed = (1 - week.objective()) * (week.goodRequests() + week.badRequests());
        assertThat(week.series().badPerHour()[hour]).isGreaterThan(0).isLessThan(0.05 * allowed);
        assertThat(week.auditRecords()).isGreaterThanOrEqualTo(2);
        List<String> audit = Files.readAllLines(CheckoutDemo.auditLogPath(report));
        assertThat(audit).hasSize(week.auditRecords());
        assertThat(audit).allSatisfy(line -> assertThat(line).startsWith("{").endsWith("}"));
        assertThat(String.join("\n", audit)).contains("eu-central-1");
    }

    @Test
    void namesTheAuditLogAfterTheReport() {
        assertThat(CheckoutDemo.auditLogPath(Path.of("out", "r.html")))
                .isEqualTo(Path.of("out", "r-failover-audit.jsonl"));
        assertThat(CheckoutDemo.auditLogPath(Path.of("report"))).isEqualTo(Path.of("report-failover-audit.jsonl"));
    }

    @Test
    void printsProgressEveryDayAndAReadableSummary() {
        assertThat(output)
                .contains("day   1/7")
                .contains("day   7/7")
                .contains("Summary")
                .contains("Error budget")
                .contains("Alerts")
                .contains("Forecast")
                .contains("Replicas next period")
                .contains("Report: " + report.toAbsolutePath().normalize())
                .contains("Failover audit log: ");
    }

    @Test
    void writesAWellFormedSelfContainedReportWithCharts() throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        Document html = factory.newDocumentBuilder().parse(report.toFile());

        assertThat(html.getDocumentElement().getLocalName()).isEqualTo("html");
        assertThat(html.getElementsByTagNameNS("http://www.w3.org/2000/svg", "svg")
                        .getLength())
                .isGreaterThanOrEqualTo(3);
        assertThat(html.getElementsByTagNameNS("http://www.w3.org/2000/svg", "path")
                        .getLength())
                .isGreaterThanOrEqualTo(3);
        String text = Files.readString(report);
        assertThat(text).doesNotContain("<script").doesNotContain("https://").doesNotContain("<link");
        // The SLO/SLA report (burn-down, SLA months, incidents) comes first, then the demo's sections.
        assertThat(text)
                .contains("Error budget: checkout-availability")
                .contains("INC-1")
                .contains("INC-2");
        assertThat(text.indexOf("Demo summary")).isGreaterThan(text.indexOf("Error budget: checkout-availability"));
        assertThat(text).contains("Traffic forecast").contains("database failed over");
    }

    @Test
    void reportChartsShowTheForecastIntervalAsABandWithLegendsTicksAndAnAvailabilityKey() throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Document html = factory.newDocumentBuilder().parse(report.toFile());
        XPath x = XPathFactory.newInstance().newXPath();

        // the 95% interval: one closed, filled path over the forecast days (7 of them: upper then lower back)
        NodeList band = (NodeList) x.evaluate(
                "//*[@id='chart-forecast']/*[@data-series='forecast-interval']", html, XPathConstants.NODESET);
        assertThat(band.getLength()).isEqualTo(1);
        Element path = (Element) band.item(0);
        assertThat(path.getAttribute("fill")).isNotEqualTo("none");
        assertThat(Double.parseDouble(path.getAttribute("fill-opacity"))).isGreaterThanOrEqualTo(0.2);
        assertThat(path.getAttribute("d")).endsWith("Z").matches("M[^M]*");
        assertThat(path.getAttribute("d").split("L")).hasSize(2 * week.series().forecastMean().length / 24);
        for (String chart : List.of("chart-checkouts", "chart-failures", "chart-forecast")) {
            double ticks = (Double) x.evaluate(
                    "count(//*[@id='" + chart + "']/*[@data-axis='y']/*[@data-tick])", html, XPathConstants.NUMBER);
            assertThat(ticks).as(chart).isBetween(4.0, 9.0);
        }
        // every event marker drawn has a legend entry
        NodeList markers = (NodeList) x.evaluate("//*[@data-marker]", html, XPathConstants.NODESET);
        assertThat(markers.getLength()).isGreaterThan(0);
        for (int i = 0; i < markers.getLength(); i++) {
            String kind = ((Element) markers.item(i)).getAttribute("data-marker");
            assertThat((Double) x.evaluate(
                            "count(//*[@data-legend='chart']/*[@data-legend-item='" + kind + "'])",
                            html,
                            XPathConstants.NUMBER))
                    .as(kind)
                    .isGreaterThan(0);
        }
        assertThat((Double) x.evaluate(
                        "count(//*[@data-legend-item='95% prediction interval of the peak hour'])",
                        html, XPathConstants.NUMBER))
                .isEqualTo(1.0);
        assertThat((Double) x.evaluate(
                        "count(//*[@id='availability-key']/*[local-name()='dt'])", html, XPathConstants.NUMBER))
                .isEqualTo(4.0);
        assertThat((Double) x.evaluate("count(//*[@data-label='objective'])", html, XPathConstants.NUMBER))
                .isEqualTo(1.0);
        // the week started on 2 November: November is partial, and the period ends at the end of the run
        assertThat(Files.readString(report))
                .contains("2026-11-02 00:00 to 2026-11-09 00:00")
                .contains("so far")
                .contains("(partial: Nov 2 00:00 to Nov 9 00:00 (7d 0h))");
    }

    @Test
    void theSameSeedGivesTheSameRun(@TempDir Path other) throws Exception {
        DemoResult a = CheckoutDemo.run(new DemoOptions(11, 3, other.resolve("a.html"), false), silent());
        DemoResult b = CheckoutDemo.run(new DemoOptions(11, 3, other.resolve("b.html"), false), silent());

        assertThat(b.requests()).isEqualTo(a.requests());
        assertThat(b.badRequests()).isEqualTo(a.badRequests());
        assertThat(b.timeline()).isEqualTo(a.timeline());
        assertThat(Summary.render(b)).isEqualTo(Summary.render(a));
    }

    private static PrintStream silent() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }
}
