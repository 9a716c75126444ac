package dev.nines.slo.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nines.core.time.ManualTimeSource;
import dev.nines.slo.SliCounts;
import dev.nines.slo.Slo;
import dev.nines.slo.SloTracker;
import dev.nines.slo.SloWindow;
import dev.nines.slo.incident.Incident;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VendorSlaReportTest {

    static final Sla VENDOR = Sla.builder("object-store")
            .objective(0.999)
            .creditTable(CreditTable.builder()
                    .creditBelow(0.999, 0.10)
                    .creditBelow(0.99, 0.25)
                    .build())
            .build();

    @Test
    void reportsBreachedMonthsAndTheCreditsToClaim() {
        Instant feb = Instant.parse("2026-02-10T00:00:00Z");
        Instant mar = Instant.parse("2026-03-10T00:00:00Z");
        List<Incident> ours = List.of(
                Incident.outage("V-1", "object-store", feb, feb.plus(Duration.ofHours(2))), // 99.70%
                Incident.outage("V-2", "object-store", mar, mar.plus(Duration.ofHours(8)))); // 98.92%
        VendorSlaReport report = VendorSlaReport.fromIncidents(
                VENDOR, YearMonth.of(2026, 1), YearMonth.of(2026, 3), ours, List.of(), 1_000.0);
        assertThat(report.months()).hasSize(3);
        assertThat(report.breaches())
                .extracting(VendorBreach::month)
                .containsExactly(YearMonth.of(2026, 2), YearMonth.of(2026, 3));
        assertThat(report.breaches().get(0).creditAmount()).isEqualTo(100.0);
        assertThat(report.breaches().get(1).creditAmount()).isEqualTo(250.0);
        assertThat(report.breaches().get(1).measuredAvailability()).isCloseTo(1 - 8.0 / (31 * 24), within(1e-12));
        assertThat(report.totalCredit()).isEqualTo(350.0);
    }

    @Test
    void aMonthStillRunningAtTheReportTimeIsMeasuredUpToItAndMarkedPartial() {
        Instant mar = Instant.parse("2026-03-02T00:00:00Z");
        Instant asOf = Instant.parse("2026-03-03T00:00:00Z"); // two days into March
        List<Incident> ours = List.of(Incident.outage("V-1", "object-store", mar, mar.plus(Duration.ofMinutes(30))));
        VendorSlaReport report = VendorSlaReport.fromIncidents(
                VENDOR, YearMonth.of(2026, 2), YearMonth.of(2026, 3), asOf, ours, List.of(), 1_000.0);
        SlaMonth february = report.months().get(0);
        SlaMonth march = report.months().get(1);
        assertThat(february.partial()).isFalse();
        assertThat(february.availability()).isEqualTo(1.0);
        assertThat(march.partial()).isTrue();
        assertThat(march.to()).isEqualTo(asOf);
        // Half an hour down in the two observed days (98.96%): a breach so far.
        assertThat(march.availability()).isCloseTo(1 - 0.5 / 48, within(1e-12));
        assertThat(report.breaches()).extracting(VendorBreach::month).containsExactly(YearMonth.of(2026, 3));
        // Read over the whole month, the 29 days still to come would count as up time (99.93%, met).
        SlaMonth whole = VendorSlaReport.fromIncidents(
                        VENDOR, YearMonth.of(2026, 3), YearMonth.of(2026, 3), ours, List.of(), 1_000.0)
                .months()
                .get(0);
        assertThat(whole.availability()).isCloseTo(1 - 0.5 / (31 * 24), within(1e-12));
        assertThat(whole.met()).isTrue();
        assertThatThrownBy(() -> VendorSlaReport.fromIncidents(
                        VENDOR, YearMonth.of(2026, 3), YearMonth.of(2026, 4), asOf, ours, List.of(), 1_000.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("asOf")
                .hasMessageContaining("2026-04");
    }

    @Test
    void vendorMaintenanceWithNoticeIsNotABreach() {
        Instant feb = Instant.parse("2026-02-10T00:00:00Z");
        VendorSlaReport report = VendorSlaReport.fromIncidents(
                VENDOR,
                YearMonth.of(2026, 2),
                YearMonth.of(2026, 2),
                List.of(Incident.outage("V-1", "object-store", feb, feb.plus(Duration.ofHours(2)))),
                List.of(SlaExclusion.maintenance(
                        feb, feb.plus(Duration.ofHours(2)), feb.minus(Duration.ofDays(7)), "planned")),
                1_000.0);
        assertThat(report.breaches()).isEmpty();
        assertThat(report.totalCredit()).isZero();
    }

    @Test
    void verifiesMonthlyCountsInMonthOrder() {
        VendorSlaReport report = VendorSlaReport.fromCounts(
                VENDOR,
                Map.of(
                        YearMonth.of(2026, 2), new SliCounts(9_980, 20),
                        YearMonth.of(2026, 1), new SliCounts(9_990, 10)),
                500.0);
        assertThat(report.months())
                .extracting(SlaMonth::month)
                .containsExactly(YearMonth.of(2026, 1), YearMonth.of(2026, 2));
        assertThat(report.breaches()).singleElement().satisfies(b -> {
            assertThat(b.month()).isEqualTo(YearMonth.of(2026, 2));
            assertThat(b.creditAmount()).isEqualTo(50.0);
        });
    }

    @Test
    void verifiesTheCurrentMonthFromATracker() {
        ManualTimeSource time = ManualTimeSource.at(Instant.parse("2026-03-01T00:00:00Z"));
        SloTracker calls = SloTracker.create(
                Slo.builder("object-store-calls")
                        .objective(0.999)
                        .window(SloWindow.calendarMonth(ZoneOffset.UTC))
                        .build(),
                time);
        calls.record(9_850, 150); // 98.5%
        time.advance(Duration.ofDays(3));
        VendorSlaReport report = VendorSlaReport.fromTracker(VENDOR, calls, 1_000.0);
        assertThat(report.months())
                .singleElement()
                .satisfies(m -> assertThat(m.month()).isEqualTo(YearMonth.of(2026, 3)));
        assertThat(report.breaches())
                .singleElement()
                .satisfies(b -> assertThat(b.creditRatio()).isEqualTo(0.25));
    }

    @Test
    void theCurrentMonthFromATrackerIsPartialAndEndsNow() {
        // As the SLO report (issue 18, item 15): a month still running covers only the time observed.
        ManualTimeSource time = ManualTimeSource.at(Instant.parse("2026-03-01T00:00:00Z"));
        SloTracker calls = SloTracker.create(
                Slo.builder("object-store-calls")
                        .objective(0.999)
                        .window(SloWindow.calendarMonth(ZoneOffset.UTC))
                        .build(),
                time);
        calls.record(10_000, 0);
        time.advance(Duration.ofDays(3));

        SlaMonth march =
                VendorSlaReport.fromTracker(VENDOR, calls, 1_000.0).months().get(0);

        assertThat(march.partial()).isTrue();
        assertThat(march.from()).isEqualTo(Instant.parse("2026-03-01T00:00:00Z"));
        assertThat(march.to()).isEqualTo(Instant.parse("2026-03-04T00:00:00Z"));
        assertThat(march.met()).isTrue();
    }

    @Test
    void trackerOnAnotherWindowAndNegativeFeeAreRejected() {
        SloTracker rolling = SloTracker.create(
                Slo.builder("calls").objective(0.999).build(),
                ManualTimeSource.at(Instant.parse("2026-03-01T00:00:00Z")));
        assertThatThrownBy(() -> VendorSlaReport.fromTracker(VENDOR, rolling, 1.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("window of tracker calls");
        assertThatThrownBy(() -> VendorSlaReport.fromCounts(VENDOR, Map.of(), -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("monthlyFee must be a finite number at least 0.0, was -1.0");
    }
}
