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
import dev.nines.slo.sla.CriticalityTier;
import dev.nines.slo.sla.DrillResult;
import dev.nines.slo.sla.ServiceProfile;
import dev.nines.slo.sla.Sla;
import dev.nines.slo.sla.SlaMonth;
import dev.nines.slo.sla.TierFinding;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    static final Sla SLA = Sla.builder("checkout-sla")
            .objective(0.9995)
            .creditTable(CreditTable.builder()
                    .creditBelow(0.9995, 0.10)
                    .creditBelow(0.99, 0.25)
                    .build())
            .build();

    static final List<Incident> INCIDENTS = List.of(
            Incident.builder("INC-1", "checkout", Instant.parse("2026-01-12T08:00:00Z"))
                    .detected(Instant.parse("2026-01-12T08:05:00Z"))
                    .mitigated(Instant.parse("2026-01-12T09:00:00Z"))
                    .severity(IncidentSeverity.SEV1)
                    .build(),
            Incident.builder("INC-2", "payments", Instant.parse("2026-02-03T10:00:00Z"))
                    .mitigated(Instant.parse("2026-02-03T10:10:00Z"))
                    .impactRatio(0.3)
                    .build(),
            Incident.builder("INC-3", "checkout", Instant.parse("2026-03-05T22:00:00Z"))
                    .mitigated(Instant.parse("2026-03-05T22:20:00Z"))
                    .severity(IncidentSeverity.SEV3)
                    .build());

    /** A tracker 20 days into March: 1,000 events a day, 2 bad a day, 20 bad on day 10. */
    static SloTracker tracker() {
        ManualTimeSource time = ManualTimeSource.at(MARCH);
        Slo slo = Slo.builder("checkout")
                .objective(0.999)
                .window(SloWindow.calendarMonth(ZoneOffset.UTC))
                .build();
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
        assertThat(report.slaMonths().get(0).creditRatio()).isEqualTo(0.10); // 60 min down in January
        // March, the tracker's calendar month, is measured from its events: 58 bad of 20,000.
        assertThat(report.slaMonths().get(2).availability()).isEqualTo(1 - 58 / 20_000.0);
        assertThat(report.slaMonths().get(2).creditRatio()).isEqualTo(0.10);
        assertThat(report.incidents()).extracting(Incident::id).containsExactly("INC-1", "INC-2", "INC-3");
        assertThat(report.perService()).containsOnlyKeys("checkout", "payments");
    }

    @Test
    void incidentBasedSlaMonthsAreKeptWhenTheTrackerIsNotOnTheSlasMonth() {
        ManualTimeSource time = ManualTimeSource.at(MARCH);
        SloTracker rolling = SloTracker.create(
                Slo.builder("checkout")
                        .objective(0.999)
                        .window(SloWindow.rolling(Duration.ofDays(28)))
                        .build(),
                time);
        rolling.record(0, 1_000);
        time.advance(Duration.ofDays(6));
        SloReport report = SloReport.of("Checkout", rolling, SLA, INCIDENTS);
        // March so far (6 days) from the incidents, not from the tracker's 1,000 bad events
        assertThat(report.slaMonths().get(2).countedDowntime()).isEqualTo(Duration.ofMinutes(20));
        assertThat(report.slaMonths().get(2).partial()).isTrue();
        assertThat(report.slaMonths().get(2).availability()).isCloseTo(1 - 20.0 / (6 * 1440), within(1e-12));
    }

    @Test
    void measuredSlaMonthOutsideTheReportIsIgnored() {
        SloReport report = SloReport.builder("x")
                .months(YearMonth.of(2026, 1), YearMonth.of(2026, 1))
                .sla(SLA, List.of())
                .slaMonth(SLA.evaluate(YearMonth.of(2026, 5), new SliCounts(0, 10)))
                .build();
        assertThat(report.slaMonths())
                .singleElement()
                .satisfies(m -> assertThat(m.met()).isTrue());
    }

    @Test
    void burnDownFollowsTheTrackersBudget() {
        SloSection section = SloSection.of(tracker(), 21);
        assertThat(section.burnDown()).hasSize(21);
        assertThat(section.burnDown().get(0).remainingRatio()).isEqualTo(1.0);
        // Day by day: 20,000 events, 58 bad, 20 allowed: 1 - 58 / 20 = -1.9 at the end.
        assertThat(section.burnDown().get(20).remainingRatio())
                .isCloseTo(section.errorBudget().remainingRatio(), within(1e-9));
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
                        .getLength())
                .isZero();
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
        assertThat(points[0]).isEqualTo(HtmlRenderer.LEFT + "," + HtmlRenderer.TOP); // 100% at the window start
        assertThat(select(doc, "//*[@id='chart-burn-down']/*[@data-series='zero']")
                        .getLength())
                .isEqualTo(1);
    }

    @Test
    void availabilityChartHasABarPerMonthAndTheObjective() throws Exception {
        SloReport report = SloReport.of("Checkout Q1", tracker(), SLA, INCIDENTS);
        Document doc = parse(report.toHtml());
        NodeList bars = select(doc, "//*[@id='chart-availability']/*[@data-series='availability']");
        assertThat(bars.getLength()).isEqualTo(3);
        for (int i = 0; i < 3; i++) {
            Element bar = (Element) bars.item(i);
            assertThat(bar.getAttribute("data-month"))
                    .isEqualTo(YearMonth.of(2026, 1 + i).toString());
            assertThat(Double.parseDouble(bar.getAttribute("data-value")))
                    .isEqualTo(report.slaMonths().get(i).availability());
        }
        Element objective = (Element) select(doc, "//*[@id='chart-availability']/*[@data-series='objective']")
                .item(0);
        assertThat(objective.getAttribute("data-value")).isEqualTo("0.9995");
    }

    @Test
    void timelineHasABarPerIncident() throws Exception {
        Document doc =
                parse(SloReport.of("Checkout Q1", tracker(), SLA, INCIDENTS).toHtml());
        NodeList bars = select(doc, "//*[@id='chart-incidents']/*[@data-series='incidents']");
        assertThat(bars.getLength()).isEqualTo(3);
        assertThat(((Element) bars.item(2)).getAttribute("data-incident")).isEqualTo("INC-3");
    }

    @Test
    void reportWithoutSloOrIncidentsStillRenders() throws Exception {
        SloReport report = SloReport.builder("Empty")
                .months(YearMonth.of(2026, 1), YearMonth.of(2026, 1))
                .build();
        Document doc = parse(report.toHtml());
        assertThat(select(doc, "//*[@id='chart-burn-down']").getLength()).isZero();
        assertThat(select(doc, "//*[@id='chart-availability']/*[@data-series='availability']")
                        .getLength())
                .isEqualTo(1);
        assertThat(report.toText()).contains("none");
        assertThat(TestJson.parseWithDoubles(report.toJson())).isInstanceOf(Map.class);
    }

    @Test
    void hostileTitleIsEscapedInHtmlAndJson() throws Exception {
        String title = "<script>alert('x')</script> & \"q\" \u0001 \uD800 \u2028 \uD83D\uDE00";
        Incident weird = Incident.outage(
                "</rect><b>", "a&b", Instant.parse("2026-01-02T00:00:00Z"), Instant.parse("2026-01-02T01:00:00Z"));
        SloReport report = SloReport.builder(title)
                .months(YearMonth.of(2026, 1), YearMonth.of(2026, 1))
                .sla(SLA, List.of())
                .incidents(List.of(weird))
                .build();
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
        SloReport report = SloReport.builder(t)
                .months(YearMonth.of(2026, 1), YearMonth.of(2026, 1))
                .build();
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
        assertThat(months.get(0))
                .containsEntry("month", "2026-01")
                .containsEntry("met", false)
                .containsEntry("creditRatio", 0.1)
                .containsEntry("countedDowntimeSeconds", 3600.0);
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
        assertThat(text)
                .startsWith(
                        "Checkout Q1\n===========\nPeriod: 2026-01-01 00:00 to 2026-03-21 00:00 (UTC, 79d 0h observed)\n")
                .contains(
                        "2026-03   99.710%       0s          NO      10%  PARTIAL: Mar 1 00:00 to Mar 21 00:00 (20d 0h) so far")
                .contains("SLO checkout")
                .contains("Objective:           99.900%")
                .contains("2026-01   99.866%       1h 00m      NO      10%")
                .contains("INC-2  SEV2  payments  2026-02-03 10:00  10m 00s  30.000% of requests");
    }

    @Test
    void monthsMustBeSet() {
        assertThatThrownBy(() -> SloReport.builder("x").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("months of report x must be set, was unset");
        assertThatThrownBy(() -> SloReport.builder(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    // The 30-day demo: observed from Mon 2 Nov 2026 to Wed 2 Dec 2026 00:00, one outage of 1 h 10 min
    // in November and nothing in December. Before the fix the period ran to 1 Jan 2027: headline availability
    // 99.991% while November alone read 99.982%, MTBF "60d 23h", and December "100.000%, SLA met".
    static SloReport demoLike() {
        Instant start = Instant.parse("2026-11-02T00:00:00Z");
        List<Incident> outage = List.of(Incident.builder("INC-1", "payments", Instant.parse("2026-11-11T14:00:00Z"))
                .mitigated(Instant.parse("2026-11-11T15:10:00Z"))
                .severity(IncidentSeverity.SEV2)
                .build());
        Sla sla = Sla.builder("checkout-sla").objective(0.995).build();
        return SloReport.builder("demo")
                .months(YearMonth.of(2026, 11), YearMonth.of(2026, 12))
                .observedFrom(start)
                .sla(sla, List.of())
                .incidents(outage)
                .generatedAt(start.plus(Duration.ofDays(30)))
                .build();
    }

    @Test
    void periodEndsAtTheReportTimeAndStartsWhereObservationStarted() {
        SloReport report = demoLike();
        assertThat(report.from()).isEqualTo(Instant.parse("2026-11-02T00:00:00Z"));
        assertThat(report.to()).isEqualTo(Instant.parse("2026-12-02T00:00:00Z"));
        assertThat(report.isPartial(YearMonth.of(2026, 11))).isTrue();
        assertThat(report.isPartial(YearMonth.of(2026, 12))).isTrue();
        // 70 minutes down in 30 observed days, 29 of them in November
        assertThat(report.overall().timeAvailability()).isCloseTo(1 - 70.0 / (30 * 1440), within(1e-12));
        assertThat(report.monthlyAvailability().get(0).timeAvailability())
                .isCloseTo(1 - 70.0 / (29 * 1440), within(1e-12));
        assertThat(report.monthlyAvailability().get(1).period()).isEqualTo(Duration.ofDays(1));
        // MTBF over the observed time: 30 days less 70 minutes, one failure
        assertThat(report.overall().mtbf()).contains(Duration.ofDays(30).minusMinutes(70));
        SlaMonth december = report.slaMonths().get(1);
        assertThat(december.partial()).isTrue();
        assertThat(december.from()).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
        assertThat(december.to()).isEqualTo(Instant.parse("2026-12-02T00:00:00Z"));
        assertThat(report.slaMonths().get(0).availability()).isCloseTo(1 - 70.0 / (29 * 1440), within(1e-12));
    }

    @Test
    void partialMonthsAreMarkedInTextJsonAndHtml() throws Exception {
        SloReport report = demoLike();
        assertThat(report.toText())
                .contains("MTBF:                29d 22h (observed uptime per incident)")
                .contains(
                        "2026-12   100.000%      0s          yes     -  PARTIAL: Dec 1 00:00 to Dec 2 00:00 (1d 0h) so far")
                .doesNotContain("60d");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> months = (List<Map<String, Object>>)
                ((Map<String, Object>) ((Map<String, Object>) TestJson.parseWithDoubles(report.toJson())).get("sla"))
                        .get("months");
        assertThat(months.get(1)).containsEntry("partial", true).containsEntry("to", "2026-12-02T00:00:00Z");
        Document doc = parse(report.toHtml());
        NodeList partialRows = select(doc, "//*[local-name()='tr'][@data-partial='true']");
        assertThat(partialRows.getLength()).isEqualTo(2);
        assertThat(partialRows.item(1).getTextContent())
                .contains("2026-12")
                .contains("partial")
                .contains("so far")
                .contains("100.000%");
        assertThat(select(doc, "//*[@id='chart-availability']/*[@data-partial='true']")
                        .getLength())
                .isEqualTo(2);
    }

    @Test
    void nothingAfterTheReportTimeIsCounted() {
        List<Incident> later = List.of(Incident.builder("INC-9", "checkout", Instant.parse("2026-03-25T00:00:00Z"))
                .mitigated(Instant.parse("2026-03-25T01:00:00Z"))
                .build());
        SloReport report = SloReport.builder("x")
                .months(YearMonth.of(2026, 3), YearMonth.of(2026, 3))
                .sla(SLA, List.of())
                .incidents(later)
                .generatedAt(Instant.parse("2026-03-21T00:00:00Z"))
                .build();
        assertThat(report.incidents()).isEmpty();
        assertThat(report.overall().failureCount()).isZero();
        assertThat(report.slaMonths().get(0).countedDowntime()).isZero();
        assertThatThrownBy(() -> SloReport.builder("x")
                        .months(YearMonth.of(2026, 3), YearMonth.of(2026, 4))
                        .generatedAt(Instant.parse("2026-03-21T00:00:00Z"))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("generatedAt");
        assertThatThrownBy(() -> SloReport.builder("x")
                        .months(YearMonth.of(2026, 3), YearMonth.of(2026, 3))
                        .observedFrom(Instant.parse("2026-04-02T00:00:00Z"))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("observedFrom");
    }

    @Property(tries = 200)
    void headlineFiguresAreTheTimeWeightedSumOfTheMonths(
            @ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 80) int startDay,
            @ForAll @net.jqwik.api.constraints.IntRange(min = 1, max = 120) int observedDays,
            @ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 200) int incidentDay,
            @ForAll @net.jqwik.api.constraints.IntRange(min = 1, max = 3000) int minutes) {
        Instant start = Instant.parse("2026-01-01T00:00:00Z")
                .plus(Duration.ofDays(startDay))
                .plusSeconds(3600L * (startDay % 24));
        Instant end = start.plus(Duration.ofDays(observedDays));
        Instant incidentStart = Instant.parse("2026-01-01T00:00:00Z").plus(Duration.ofDays(incidentDay));
        List<Incident> incidents = List.of(Incident.builder("I", "s", incidentStart)
                .mitigated(incidentStart.plus(Duration.ofMinutes(minutes)))
                .impactRatio(0.5)
                .build());
        SloReport report = SloReport.builder("p")
                .months(
                        YearMonth.from(start.atZone(ZoneOffset.UTC)),
                        YearMonth.from(end.minusNanos(1).atZone(ZoneOffset.UTC)))
                .observedFrom(start)
                .sla(SLA, List.of())
                .incidents(incidents)
                .generatedAt(end)
                .build();
        assertThat(report.overall().period()).isEqualTo(Duration.between(start, end));
        Duration observed = Duration.ZERO;
        Duration down = Duration.ZERO;
        double weighted = 0;
        for (int i = 0; i < report.monthlyAvailability().size(); i++) {
            var m = report.monthlyAvailability().get(i);
            observed = observed.plus(m.period());
            down = down.plus(m.downtime());
            weighted += m.requestAvailability() * m.period().toNanos();
            assertThat(report.slaMonths().get(i).observed()).isEqualTo(m.period());
            YearMonth month = report.firstMonth().plusMonths(i);
            boolean whole = m.period()
                    .equals(Duration.between(
                            month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant(),
                            month.plusMonths(1)
                                    .atDay(1)
                                    .atStartOfDay(ZoneOffset.UTC)
                                    .toInstant()));
            assertThat(report.isPartial(month)).isEqualTo(!whole);
            assertThat(report.slaMonths().get(i).partial()).isEqualTo(!whole);
        }
        assertThat(observed).isEqualTo(Duration.between(start, end));
        assertThat(down).isEqualTo(report.overall().downtime());
        assertThat(report.overall().requestAvailability()).isCloseTo(weighted / observed.toNanos(), within(1e-12));
    }

    @Test
    void chartsHaveYAxisTicksAnObjectiveLabelLegendsAndAnAvailabilityKey() throws Exception {
        Document doc =
                parse(SloReport.of("Checkout Q1", tracker(), SLA, INCIDENTS).toHtml());
        for (String chart : List.of("chart-burn-down", "chart-availability")) {
            NodeList ticks = select(doc, "//*[@id='" + chart + "']/*[@data-axis='y']/*[@data-tick]");
            assertThat(ticks.getLength()).as(chart).isBetween(4, 8);
            assertThat(select(doc, "//*[@id='" + chart + "']/*[@data-axis='y']/*[@class='tick']")
                            .getLength())
                    .isEqualTo(ticks.getLength());
            assertThat(select(doc, "//*[@id='" + chart + "']/*[@data-axis='y']/*[@class='axis-title']")
                            .getLength())
                    .isEqualTo(1);
        }
        NodeList objective = select(doc, "//*[@id='chart-availability']/*[@data-label='objective']");
        assertThat(objective.getLength()).isEqualTo(1);
        assertThat(objective.item(0).getTextContent()).isEqualTo("SLA objective 99.950%");
        assertThat(select(doc, "//*[@data-legend='incidents']/*").getLength()).isGreaterThanOrEqualTo(5);
        assertThat(select(doc, "//*[@data-legend='availability']/*").getLength())
                .isGreaterThanOrEqualTo(3);
        NodeList key = select(doc, "//*[@id='availability-key']/*[local-name()='dt']");
        assertThat(key.getLength()).isEqualTo(4);
        assertThat(key.item(0).getTextContent()).startsWith("(A) Availability from incidents");
        assertThat(key.item(2).getTextContent()).contains("2026-01 99.866%").contains("2026-03 99.710% (partial)");
        assertThat(key.item(3).getTextContent()).contains("checkout ").contains("payments ");
        assertThat(key.item(1).getTextContent()).startsWith("(B) SLO compliance");
        assertThat(key.item(2).getTextContent()).startsWith("(C) SLA availability per month");
        assertThat(key.item(3).getTextContent()).startsWith("(D) Availability per service");
    }

    @Test
    void ticksAreRoundAndCoverTheRange() {
        assertThat(HtmlRenderer.ticks(0.999, 1.0))
                .containsExactly(new double[] {0.999, 0.9992, 0.9994, 0.9996, 0.9998, 1.0}, within(1e-12));
        assertThat(HtmlRenderer.ticks(-1.9, 1.0))
                .containsExactly(new double[] {-1.5, -1.0, -0.5, 0, 0.5, 1.0}, within(1e-12));
    }

    @Test
    void theReportListsTheLatestDrillPerSystemAndFlagsOverdueOnes() {
        CriticalityTier tier0 = CriticalityTier.defaults().get(0);
        Instant generated = Instant.parse("2026-03-20T00:00:00Z");
        List<DrillResult> drills = List.of(
                new DrillResult(
                        "orders-db",
                        "switchover",
                        false,
                        Instant.parse("2025-10-01T10:00:00Z"),
                        DrillResult.Outcome.PASSED,
                        Optional.of(Duration.ofSeconds(35)),
                        "512 bytes",
                        "d/orders-1.json"),
                new DrillResult(
                        "orders-db",
                        "switchover",
                        true,
                        Instant.parse("2026-03-10T10:00:00Z"),
                        DrillResult.Outcome.REHEARSED,
                        Optional.empty(),
                        "0 bytes",
                        "d/orders-2.json"),
                new DrillResult(
                        "ledger-db",
                        "switchover",
                        false,
                        Instant.parse("2026-03-01T10:00:00Z"),
                        DrillResult.Outcome.PASSED,
                        Optional.of(Duration.ofSeconds(50)),
                        "PT0S",
                        "d/ledger-1.json"));
        SloReport report = SloReport.builder("drills")
                .months(YearMonth.of(2026, 3), YearMonth.of(2026, 3))
                .generatedAt(generated)
                .drills(drills, List.of(ServiceProfile.of("orders-db", tier0), ServiceProfile.of("ledger-db", tier0)))
                .build();
        assertThat(report.lastDrills())
                .extracting(DrillResult::evidence)
                .containsExactly("d/ledger-1.json", "d/orders-2.json");
        assertThat(report.drillFindings()).singleElement().satisfies(f -> {
            assertThat(f.service()).isEqualTo("orders-db");
            assertThat(f.kind()).isEqualTo(TierFinding.Kind.DRILL_OVERDUE);
        });
        assertThat(report.toText())
                .contains("Drills (latest per system)")
                .contains(
                        "ledger-db  switchover  2026-03-01 10:00  PASSED  recovery 50s  data loss PT0S  d/ledger-1.json")
                .contains("orders-db  switchover (dry run)  2026-03-10 10:00  REHEARSED  recovery n/a")
                .contains("! orders-db (tier-0) last passed a real recovery drill (switchover) 169.6 days ago");
        @SuppressWarnings("unchecked") // parsed JSON objects are maps
        Map<String, Object> json = (Map<String, Object>) TestJson.parseWithDoubles(report.toJson());
        assertThat((List<?>) json.get("drills")).hasSize(2);
        assertThat((List<?>) json.get("drillFindings"))
                .singleElement()
                .satisfies(f -> assertThat(((Map<?, ?>) f).get("kind")).isEqualTo("DRILL_OVERDUE"));
        assertThat(report.toHtml()).contains("<h2>Drills</h2>").contains("data-kind=\"DRILL_OVERDUE\"");
    }
}
