package dev.nines.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

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
    void theOutageConsumesAboutHalfOfAWeeksBudgetAndTheMaintenanceWindowNone() {
        // 7 days of ~1M checkouts allow ~7,600 failures at 99.9%; a 4-minute outage in the early
        // afternoon fails ~3,000 and the background ~600 more.
        assertThat(week.budgetConsumedRatio()).isBetween(0.3, 0.8);
        assertThat(week.excludedRequests()).isGreaterThan(0);
        assertThat(week.excludedBadRequests()).isGreaterThan(0).isLessThanOrEqualTo(week.excludedRequests());
        assertThat(week.goodRequests() + week.badRequests() + week.excludedRequests()).isEqualTo(week.requests());
        assertThat(week.compliance()).isBetween(0.999, 1.0);
    }

    @Test
    void burnRateAlertsFireDuringTheOutageAndAllResolve() {
        assertThat(week.alertsFired()).isGreaterThanOrEqualTo(1);
        assertThat(week.alertsResolved()).isEqualTo(week.alertsFired());
        assertThat(week.timeline()).anySatisfy(e -> assertThat(e.text()).startsWith("ALERT page-2%-1h"));
        assertThat(week.timeline()).noneSatisfy(e -> {
            assertThat(e.kind()).isEqualTo("alert");
            assertThat(e.at()).isBetween(Scenario.of(7).maintenanceStart(), Scenario.of(7).maintenanceEnd().plusSeconds(3600));
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
        assertThat(week.forecastPeakPerSecond()).isBetween(0.8 * week.observedPeakPerSecond(),
                2.0 * week.observedPeakPerSecond());
        assertThat(week.forecastPeakUpperPerSecond()).isGreaterThanOrEqualTo(week.forecastPeakPerSecond());
        assertThat(week.replicasNextMonth()).extracting(DemoResult.RegionReplicas::region)
                .containsExactly("eu-west-1", "eu-central-1");
        assertThat(week.totalReplicasNextMonth()).isGreaterThanOrEqualTo(
                week.replicasNow().stream().mapToInt(DemoResult.RegionReplicas::replicas).sum());
        assertThat(week.series().forecastMean()).hasSize(7 * 24);
    }

    @Test
    void theDatabaseFailsOverOnceAdvancingTheEpochAndFencesTheDeposedPrimary() throws Exception {
        assertThat(week.failovers()).isEqualTo(1);
        assertThat(week.epochAfter()).isEqualTo(week.epochBefore() + 1);
        assertThat(week.staleWritesRejected()).isEqualTo(3);
        assertThat(week.timeline()).anySatisfy(e -> assertThat(e.text()).startsWith("database failed over eu-west-1 -> eu-central-1"));
        // Three failed probes, 10 s apart, before promotion: the 3-hour region failure costs only
        // the checkouts of those 20 seconds, a few percent of the week's budget.
        int hour = (int) Duration.between(Scenario.START, Scenario.of(7).regionFailureStart()).toHours();
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
        assertThat(CheckoutDemo.auditLogPath(Path.of("out", "r.html"))).isEqualTo(Path.of("out", "r-failover-audit.jsonl"));
        assertThat(CheckoutDemo.auditLogPath(Path.of("report"))).isEqualTo(Path.of("report-failover-audit.jsonl"));
    }

    @Test
    void printsProgressEveryDayAndAReadableSummary() {
        assertThat(output).contains("day   1/7").contains("day   7/7")
                .contains("Summary").contains("Error budget").contains("Alerts").contains("Forecast")
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
        assertThat(html.getElementsByTagNameNS("http://www.w3.org/2000/svg", "svg").getLength()).isGreaterThanOrEqualTo(3);
        assertThat(html.getElementsByTagNameNS("http://www.w3.org/2000/svg", "path").getLength()).isGreaterThanOrEqualTo(3);
        String text = Files.readString(report);
        assertThat(text).doesNotContain("<script").doesNotContain("https://").doesNotContain("<link");
        // The SLO/SLA report (burn-down, SLA months, incidents) comes first, then the demo's sections.
        assertThat(text).contains("Error budget: checkout-availability").contains("INC-1").contains("INC-2");
        assertThat(text.indexOf("Demo summary")).isGreaterThan(text.indexOf("Error budget: checkout-availability"));
        assertThat(text).contains("Traffic forecast").contains("database failed over");
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
