package dev.nines.slo.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nines.core.testing.TestJson;
import dev.nines.core.time.ManualTimeSource;
import dev.nines.slo.SliCounts;
import dev.nines.slo.Slo;
import dev.nines.slo.SloTracker;
import dev.nines.slo.SloWindow;
import dev.nines.slo.incident.Incident;
import dev.nines.slo.incident.IncidentSeverity;
import dev.nines.slo.sla.CreditTable;
import dev.nines.slo.sla.Sla;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class SloReportTest {

    static final Instant MARCH = Instant.parse("2026-03-01T00:00:00Z");

    static final Sla SLA = Sla.builder("checkout-sla").objective(0.9995)
            .creditTable(CreditTable.builder().creditBelow(0.9995, 0.10).creditBelow(0.99, 0.25).build()).build();

    static final List<Incident> INCIDENTS = List.of(
            Incident.builder("INC-1", "checkout", Instant.parse("2026-01-12T08:00:00Z"))
                    .detected(Instant.parse("2026-01-12T08:05:00Z")).mitigated(Instant.parse("2026-01-12T09:00:00Z"))
                    .severity(IncidentSeverity.SEV1).build(),
            Incident.builder("INC-2", "payments", Instant.parse("2026-02-03T10:00:00Z"))
                    .mitigated(Instant.parse("2026-02-03T10:10:00Z")).impactRatio(0.3).build(),
            Incident.builder("INC-3", "checkout", Instant.parse("2026-03-05T22:00:00Z"))
                    .mitigated(Instant.parse("2026-03-05T22:20:00Z")).severity(IncidentSeverity.SEV3).build());

    /** A tracker 20 days into March: 1,000 events a day, 2 bad a day, 20 bad on day 10. */
    static SloTracker tracker() {
        ManualTimeSource time = ManualTimeSource.at(MARCH);
        Slo slo = Slo.builder("checkout").objective(0.999).window(SloWindow.calendarMonth(ZoneOffset.UTC)).build();
        SloTracker tracker = SloTracker.create(slo, time);
        for (int day = 0; day < 20; day++) {
            tracker.record(day == 10 ? 980 : 998, day == 10 ? 20 : 2);
            time.advance(Duration.ofDays(1));
        }
        return tracker;
    }

    static Document parse(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    static NodeList select(Document doc, String xpath) throws Exception {
        XPath x = XPathFactory.newInstance().newXPath();
        return (NodeList) x.evaluate(xpath, doc, XPathConstants.NODESET);
    }

    @Test
    void simpleEntryPointCoversTheMonthsFromTheFirstIncidentToNow() {
        SloReport report = SloReport.of("Checkout Q1", tracker(), SLA, INCIDENTS);
        assertThat(report.firstMonth()).isEqualTo(YearMonth.of(2026, 1));
        assertThat(report.lastMonth()).isEqualTo(YearMonth.of(2026, 3));
        assertThat(report.generatedAt()).isEqualTo(Instant.parse("2026-03-21T00:00:00Z"));
        assertThat(report.slaMonths()).extracting(m -> m.met()).containsExactly(false, true, false);
        assertThat(report.slaMonths().get(0).creditRatio()).isEqualTo(0.10);   // 60 min down in January
        // March, the tracker's calendar month, is measured from its events: 58 bad of 20,000.
        assertThat(report.slaMonths().get(2).availability()).isEqualTo(1 - 58 / 20_000.0);
        assertThat(report.slaMonths().get(2).creditRatio()).isEqualTo(0.10);
        assertThat(report.incidents()).extracting(Incident::id).containsExactly("INC-1", "INC-2", "INC-3");
        assertThat(report.perService()).containsOnlyKeys("checkout", "payments");
    }

    @Test
    void incidentBasedSlaMonthsAreKeptWhenTheTrackerIsNotOnTheSlasMonth() {
        ManualTimeSource time = ManualTimeSource.at(MARCH);
        SloTracker rolling = SloTracker.create(Slo.builder("checkout").objective(0.999)
                .window(SloWindow.rolling(Duration.ofDays(28))).build(), time);
        rolling.record(0, 1_000);
        time.advance(Duration.ofDays(2));
        SloReport report = SloReport.of("Checkout", rolling, SLA, INCIDENTS);
        assertThat(report.slaMonths().get(2).met()).isTrue();
        assertThat(report.slaMonths().get(2).countedDowntime()).isEqualTo(Duration.ofMinutes(20));
    }

    @Test
    void measuredSlaMonthOutsideTheReportIsIgnored() {
        SloReport report = SloReport.builder("x").months(YearMonth.of(2026, 1), YearMonth.of(2026, 1))
                .sla(SLA, List.of()).slaMonth(SLA.evaluate(YearMonth.of(2026, 5), new SliCounts(0, 10))).build();
        assertThat(report.slaMonths()).singleElement().satisfies(m -> assertThat(m.met()).isTrue());
    }

    @Test
    void burnDownFollowsTheTrackersBudget() {
        SloSection section = SloSection.of(tracker(), 21);
        assertThat(section.burnDown()).hasSize(21);
        assertThat(section.burnDown().get(0).remainingRatio()).isEqualTo(1.0);
        // Day by day: 20,000 events, 58 bad, 20 allowed: 1 - 58 / 20 = -1.9 at the end.
        assertThat(section.burnDown().get(20).remainingRatio()).isCloseTo(section.errorBudget().remainingRatio(),
                within(1e-9));
        assertThat(section.errorBudget().remainingRatio()).isCloseTo(1 - 58 / 20.0, within(1e-9));
        // After 10 days: 10,000 events, 20 bad, 10 allowed.
        assertThat(section.burnDown().get(10).remainingRatio()).isCloseTo(1 - 20 / 10.0, within(1e-9));
        assertThat(section.windowEnd()).isEqualTo(Instant.parse("2026-04-01T00:00:00Z"));
    }

    @Test
    void htmlIsWellFormedXhtmlWithoutScripts() throws Exception {
        String html = SloReport.of("Checkout Q1", tracker(), SLA, INCIDENTS).toHtml();
        Document doc = parse(html);
        assertThat(doc.getDocumentElement().getLocalName()).isEqualTo("html");
        assertThat(select(doc, "//*[local-name()='script']").getLength()).isZero();
        assertThat(select(doc, "//@*[local-name()='src' or local-name()='href' or starts-with(local-name(), 'on')]")
                .getLength()).isZero();
        assertThat(select(doc, "//*[local-name()='svg']").getLength()).isEqualTo(3);
    }

    @Test
    void burnDownChartHasOnePolylinePointPerSample() throws Exception {
        SloReport report = SloReport.of("Checkout Q1", tracker(), SLA, INCIDENTS);
        Document doc = parse(report.toHtml());
        NodeList lines = select(doc, "//*[@id='chart-burn-down']/*[@data-series='remaining-budget']");
        assertThat(lines.getLength()).isEqualTo(1);
        String[] points = ((Element) lines.item(0)).getAttribute("points").split(" ");
        assertThat(points).hasSize(SloSection.DEFAULT_POINTS);
        assertThat(points[0]).isEqualTo(HtmlRenderer.LEFT + "," + HtmlRenderer.TOP);   // 100% at the window start
        assertThat(select(doc, "//*[@id='chart-burn-down']/*[@data-series='zero']").getLength()).isEqualTo(1);
    }

    @Test
    void availabilityChartHasABarPerMonthAndTheObjective() throws Exception {
        SloReport report = SloReport.of("Checkout Q1", tracker(), SLA, INCIDENTS);
        Document doc = parse(report.toHtml());
        NodeList bars = select(doc, "//*[@id='chart-availability']/*[@data-series='availability']");
        assertThat(bars.getLength()).isEqualTo(3);
        for (int i = 0; i < 3; i++) {
            Element bar = (Element) bars.item(i);
            assertThat(bar.getAttribute("data-month")).isEqualTo(YearMonth.of(2026, 1 + i).toString());
            assertThat(Double.parseDouble(bar.getAttribute("data-value")))
                    .isEqualTo(report.slaMonths().get(i).availability());
        }
        Element objective = (Element) select(doc, "//*[@id='chart-availability']/*[@data-series='objective']").item(0);
        assertThat(objective.getAttribute("data-value")).isEqualTo("0.9995");
    }

    @Test
    void timelineHasABarPerIncident() throws Exception {
        Document doc = parse(SloReport.of("Checkout Q1", tracker(), SLA, INCIDENTS).toHtml());
        NodeList bars = select(doc, "//*[@id='chart-incidents']/*[@data-series='incidents']");
        assertThat(bars.getLength()).isEqualTo(3);
        assertThat(((Element) bars.item(2)).getAttribute("data-incident")).isEqualTo("INC-3");
    }

    @Test
    void reportWithoutSloOrIncidentsStillRenders() throws Exception {
        SloReport report = SloReport.builder("Empty").months(YearMonth.of(2026, 1), YearMonth.of(2026, 1)).build();
        Document doc = parse(report.toHtml());
        assertThat(select(doc, "//*[@id='chart-burn-down']").getLength()).isZero();
        assertThat(select(doc, "//*[@id='chart-availability']/*[@data-series='availability']").getLength()).isEqualTo(1);
        assertThat(report.toText()).contains("none");
        assertThat(TestJson.parseWithDoubles(report.toJson())).isInstanceOf(Map.class);
    }

    @Test
    void hostileTitleIsEscapedInHtmlAndJson() throws Exception {
        String title = "<script>alert('x')</script> & \"q\" \u0001 \uD800 \u2028 \uD83D\uDE00";
        Incident weird = Incident.outage("</rect><b>", "a&b", Instant.parse("2026-01-02T00:00:00Z"),
                Instant.parse("2026-01-02T01:00:00Z"));
        SloReport report = SloReport.builder(title).months(YearMonth.of(2026, 1), YearMonth.of(2026, 1))
                .sla(SLA, List.of()).incidents(List.of(weird)).build();
        Document doc = parse(report.toHtml());
        assertThat(select(doc, "//*[local-name()='h1']").item(0).getTextContent())
                .isEqualTo("<script>alert('x')</script> & \"q\" \uFFFD \uFFFD \u2028 \uD83D\uDE00");
        assertThat(((Element) select(doc, "//*[@data-series='incidents']").item(0)).getAttribute("data-incident"))
                .isEqualTo("</rect><b>");
        @SuppressWarnings("unchecked")
        Map<String, Object> json = (Map<String, Object>) TestJson.parseWithDoubles(report.toJson());
        assertThat(json.get("title")).isEqualTo(title);
    }

    @Property(tries = 200)
    void anyTitleYieldsValidJsonAndXml(@ForAll String title) throws Exception {
        String t = "t" + title;
        SloReport report = SloReport.builder(t).months(YearMonth.of(2026, 1), YearMonth.of(2026, 1)).build();
        @SuppressWarnings("unchecked")
        Map<String, Object> json = (Map<String, Object>) TestJson.parseWithDoubles(report.toJson());
        assertThat(json.get("title")).isEqualTo(t);
        assertThat(parse(report.toHtml()).getDocumentElement().getLocalName()).isEqualTo("html");
    }

    @Test
    void jsonCarriesTheFigures() {
        SloReport report = SloReport.of("Checkout Q1", tracker(), SLA, INCIDENTS);
        @SuppressWarnings("unchecked")
        Map<String, Object> json = (Map<String, Object>) TestJson.parseWithDoubles(report.toJson());
        @SuppressWarnings("unchecked")
        Map<String, Object> sla = (Map<String, Object>) json.get("sla");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> months = (List<Map<String, Object>>) sla.get("months");
        assertThat(months).hasSize(3);
        assertThat(months.get(0)).containsEntry("month", "2026-01").containsEntry("met", false)
                .containsEntry("creditRatio", 0.1).containsEntry("countedDowntimeSeconds", 3600.0);
        @SuppressWarnings("unchecked")
        Map<String, Object> slo = (Map<String, Object>) json.get("slo");
        assertThat((List<?>) slo.get("burnDown")).hasSize(SloSection.DEFAULT_POINTS);
        assertThat(slo).containsEntry("objective", 0.999);
        assertThat((List<?>) json.get("incidents")).hasSize(3);
        @SuppressWarnings("unchecked")
        Map<String, Object> availability = (Map<String, Object>) json.get("availability");
        assertThat(availability).containsEntry("failureCount", 3.0).containsEntry("downtimeSeconds", 5400.0);
    }

    @Test
    void textSummarisesSloSlaAndIncidents() {
        String text = SloReport.of("Checkout Q1", tracker(), SLA, INCIDENTS).toText();
        assertThat(text).startsWith("Checkout Q1\n===========\nPeriod: 2026-01 to 2026-03 (UTC)\n")
                .contains("SLO checkout").contains("Objective:           99.900%")
                .contains("2026-01   99.866%       1h 00m      NO      10%")
                .contains("INC-2  SEV2  payments  2026-02-03 10:00  10m 00s  30.000% of requests");
    }

    @Test
    void monthsMustBeSet() {
        assertThatThrownBy(() -> SloReport.builder("x").build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("months of report x must be set, was unset");
        assertThatThrownBy(() -> SloReport.builder(" ")).isInstanceOf(IllegalArgumentException.class);
    }
}
