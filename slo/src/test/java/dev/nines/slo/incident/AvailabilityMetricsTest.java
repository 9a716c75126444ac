package dev.nines.slo.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AvailabilityMetricsTest {

    static final Instant MARCH = Instant.parse("2026-03-01T00:00:00Z");
    static final Instant APRIL = Instant.parse("2026-04-01T00:00:00Z");

    static Instant at(int day, int hour, int minute) {
        return MARCH.plus(Duration.ofDays(day - 1)).plus(Duration.ofHours(hour)).plus(Duration.ofMinutes(minute));
    }

    static final List<Incident> INCIDENTS = List.of(
            Incident.builder("INC-1", "api", at(3, 10, 0))
                    .detected(at(3, 10, 4))
                    .acknowledged(at(3, 10, 10))
                    .mitigated(at(3, 10, 30))
                    .resolved(at(3, 12, 0))
                    .severity(IncidentSeverity.SEV1)
                    .build(),
            Incident.builder("INC-2", "api", at(3, 10, 20))
                    .detected(at(3, 10, 22))
                    .acknowledged(at(3, 10, 26))
                    .mitigated(at(3, 10, 50))
                    .resolved(at(3, 11, 0))
                    .build(),
            Incident.builder("INC-3", "db", at(20, 0, 0))
                    .detected(at(20, 0, 6))
                    .acknowledged(at(20, 0, 8))
                    .mitigated(at(20, 1, 0))
                    .resolved(at(20, 2, 0))
                    .impactRatio(0.3)
                    .build(),
            Incident.builder("INC-4", "db", at(25, 0, 0))
                    .mitigated(at(25, 5, 0))
                    .excluded(true)
                    .build());

    @Test
    void computesUptimeAndMeanTimesOverAllServices() {
        AvailabilityMetrics m = AvailabilityMetrics.of(INCIDENTS, MARCH, APRIL);
        double period = Duration.ofDays(31).toMinutes();
        assertThat(m.scope()).isEqualTo(AvailabilityMetrics.ALL_SERVICES);
        assertThat(m.failureCount()).isEqualTo(3);
        // api: 10:00-10:50 merged = 50 min; db: 60 min at 30% = 18 min weighted
        assertThat(m.downtime()).isEqualTo(Duration.ofMinutes(110));
        assertThat(m.weightedDowntime()).isEqualTo(Duration.ofMinutes(68));
        assertThat(m.timeAvailability()).isCloseTo(1 - 110 / period, within(1e-12));
        assertThat(m.requestAvailability()).isCloseTo(1 - 68 / period, within(1e-12));
        assertThat(m.mttd()).contains(Duration.ofMinutes(4)); // (4 + 2 + 6) / 3
        assertThat(m.mtta()).contains(Duration.ofMinutes(4)); // (6 + 4 + 2) / 3
        assertThat(m.mttr()).contains(Duration.ofMinutes(40)); // (30 + 30 + 60) / 3
        assertThat(m.meanTimeToResolve()).contains(Duration.ofSeconds(5_600)); // (120 + 40 + 120) / 3 min
        assertThat(m.mtbf()).contains(Duration.ofDays(31).minusMinutes(110).dividedBy(3));
    }

    @Test
    void requestBasedAvailabilityIsAtLeastTimeBased() {
        AvailabilityMetrics m = AvailabilityMetrics.of(INCIDENTS, MARCH, APRIL);
        assertThat(m.requestAvailability()).isGreaterThan(m.timeAvailability());
    }

    @Test
    void splitsFiguresPerService() {
        Map<String, AvailabilityMetrics> byService = AvailabilityMetrics.perService(INCIDENTS, MARCH, APRIL);
        assertThat(byService).containsOnlyKeys("api", "db");
        assertThat(byService.get("api").downtime()).isEqualTo(Duration.ofMinutes(50));
        assertThat(byService.get("api").failureCount()).isEqualTo(2);
        assertThat(byService.get("db").downtime()).isEqualTo(Duration.ofMinutes(60));
        assertThat(byService.get("db").weightedDowntime()).isEqualTo(Duration.ofMinutes(18));
        assertThat(byService.get("db").failureCount()).isEqualTo(1);
        assertThat(AvailabilityMetrics.ofService("db", INCIDENTS, MARCH, APRIL)).isEqualTo(byService.get("db"));
    }

    @Test
    void withoutFailuresMeanTimesAreEmptyAndAvailabilityIsOne() {
        AvailabilityMetrics m = AvailabilityMetrics.ofService("web", INCIDENTS, MARCH, APRIL);
        assertThat(m.failureCount()).isZero();
        assertThat(m.timeAvailability()).isEqualTo(1.0);
        assertThat(m.mttr()).isEmpty();
        assertThat(m.mtbf()).isEmpty();
    }

    @Test
    void splitsAnIncidentSpanningMonthsAtTheBoundary() {
        Instant feb28 = Instant.parse("2026-02-28T23:00:00Z");
        List<Incident> incidents = List.of(Incident.outage("INC-9", "api", feb28, feb28.plus(Duration.ofHours(3))));
        List<AvailabilityMetrics> months =
                AvailabilityMetrics.perMonth(incidents, YearMonth.of(2026, 2), YearMonth.of(2026, 3), ZoneOffset.UTC);
        assertThat(months).hasSize(2);
        assertThat(months.get(0).downtime()).isEqualTo(Duration.ofHours(1));
        assertThat(months.get(0).failureCount()).isEqualTo(1);
        assertThat(months.get(1).downtime()).isEqualTo(Duration.ofHours(2));
        assertThat(months.get(1).failureCount()).isZero();
        assertThat(months.get(1).period()).isEqualTo(Duration.ofDays(31));
    }

    @Test
    void aMonthStillRunningEndsAtTheReportTime() {
        Instant mar = Instant.parse("2026-03-01T12:00:00Z");
        Instant asOf = Instant.parse("2026-03-02T00:00:00Z");
        List<Incident> incidents = List.of(Incident.outage("INC-1", "api", mar, mar.plus(Duration.ofHours(1))));
        List<AvailabilityMetrics> months = AvailabilityMetrics.perMonth(
                incidents, YearMonth.of(2026, 2), YearMonth.of(2026, 3), ZoneOffset.UTC, asOf);
        assertThat(months.get(0).period()).isEqualTo(Duration.ofDays(28));
        assertThat(months.get(1).to()).isEqualTo(asOf);
        assertThat(months.get(1).period()).isEqualTo(Duration.ofDays(1));
        assertThat(months.get(1).timeAvailability()).isCloseTo(1 - 1.0 / 24, within(1e-12));
        assertThat(months.get(1).mtbf()).contains(Duration.ofHours(23));
        assertThatThrownBy(() -> AvailabilityMetrics.perMonth(
                        incidents, YearMonth.of(2026, 3), YearMonth.of(2026, 4), ZoneOffset.UTC, asOf))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("asOf");
    }

    @Test
    void monthsFollowTheZonesCalendar() {
        List<AvailabilityMetrics> months = AvailabilityMetrics.perMonth(
                List.of(), YearMonth.of(2026, 3), YearMonth.of(2026, 3), ZoneId.of("Europe/Paris"));
        assertThat(months.get(0).from()).isEqualTo(Instant.parse("2026-02-28T23:00:00Z"));
        assertThat(months.get(0).period()).isEqualTo(Duration.ofDays(31).minusHours(1));
    }

    @Test
    void lastMonthBeforeFirstIsRejected() {
        assertThatThrownBy(() -> AvailabilityMetrics.perMonth(
                        List.of(), YearMonth.of(2026, 3), YearMonth.of(2026, 2), ZoneOffset.UTC))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("last month must not be before first 2026-03, was 2026-02");
    }
}
