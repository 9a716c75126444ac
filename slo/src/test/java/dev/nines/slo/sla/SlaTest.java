package dev.nines.slo.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nines.slo.SliCounts;
import dev.nines.slo.incident.Incident;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class SlaTest {

    static final YearMonth APRIL = YearMonth.of(2026, 4); // 30 days
    static final Instant T = Instant.parse("2026-04-10T10:00:00Z");

    static final Sla SLA = Sla.builder("storage")
            .objective(0.9995)
            .creditTable(CreditTable.builder()
                    .creditBelow(0.9995, 0.10)
                    .creditBelow(0.99, 0.25)
                    .creditBelow(0.95, 1.0)
                    .build())
            .build();

    static Incident outage(String id, Instant start, Duration length) {
        return Incident.outage(id, "storage", start, start.plus(length));
    }

    @Test
    void exactly9995PercentMeetsTheSlaWithoutCredit() {
        // 30 days x 0.05% = 21.6 minutes, split across two overlapping incidents.
        List<Incident> incidents = List.of(
                outage("a", T, Duration.ofMinutes(15)),
                outage("b", T.plus(Duration.ofMinutes(10)), Duration.ofSeconds(696)));
        SlaMonth month = SLA.evaluate(APRIL, incidents, List.of());
        assertThat(month.countedDowntime()).isEqualTo(Duration.ofSeconds(1_296));
        assertThat(month.met()).isTrue();
        assertThat(month.creditRatio()).isZero();
        assertThat(month.availability()).isCloseTo(0.9995, within(1e-12));
    }

    @Test
    void oneMillisecondMoreOwesTheFirstCredit() {
        SlaMonth month = SLA.evaluate(APRIL, List.of(outage("a", T, Duration.ofMillis(1_296_001))), List.of());
        assertThat(month.met()).isFalse();
        assertThat(month.creditRatio()).isEqualTo(0.10);
        assertThat(month.isCreditOwed()).isTrue();
    }

    @Test
    void exactly99PercentOwesTenPercentAndBelowOwesTwentyFive() {
        Duration onePercent = Duration.ofDays(30).dividedBy(100); // 7.2 hours
        assertThat(SLA.evaluate(APRIL, List.of(outage("a", T, onePercent)), List.of())
                        .creditRatio())
                .isEqualTo(0.10);
        assertThat(SLA.evaluate(APRIL, List.of(outage("a", T, onePercent.plusMillis(1))), List.of())
                        .creditRatio())
                .isEqualTo(0.25);
        Duration fivePercent = Duration.ofDays(30).dividedBy(20);
        assertThat(SLA.evaluate(APRIL, List.of(outage("a", T, fivePercent)), List.of())
                        .creditRatio())
                .isEqualTo(0.25);
        assertThat(SLA.evaluate(APRIL, List.of(outage("a", T, fivePercent.plusMillis(1))), List.of())
                        .creditRatio())
                .isEqualTo(1.0);
    }

    @Test
    void partialOutagesAreWeightedUnlessTheContractSaysOtherwise() {
        // 30% failing for 60 minutes weighs 18 minutes: within 21.6.
        Incident partial = Incident.builder("p", "storage", T)
                .mitigated(T.plus(Duration.ofHours(1)))
                .impactRatio(0.3)
                .build();
        assertThat(SLA.evaluate(APRIL, List.of(partial), List.of()).met()).isTrue();
        SlaMonth strict =
                SLA.toBuilder().weightPartialOutages(false).build().evaluate(APRIL, List.of(partial), List.of());
        assertThat(strict.met()).isFalse();
        assertThat(strict.countedDowntime()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void maintenanceAnnouncedInTimeIsExcludedAndLateNoticeIsNot() {
        Incident upgrade = outage("m", T, Duration.ofHours(2));
        SlaExclusion announced =
                SlaExclusion.maintenance(T, T.plus(Duration.ofHours(2)), T.minus(Duration.ofDays(5)), "upgrade");
        SlaMonth ok = SLA.evaluate(APRIL, List.of(upgrade), List.of(announced));
        assertThat(ok.met()).isTrue();
        assertThat(ok.excludedDowntime()).isEqualTo(Duration.ofHours(2));
        assertThat(ok.countedDowntime()).isZero();

        SlaExclusion late =
                SlaExclusion.maintenance(T, T.plus(Duration.ofHours(2)), T.minus(Duration.ofDays(1)), "upgrade");
        SlaMonth breached = SLA.evaluate(APRIL, List.of(upgrade), List.of(late));
        assertThat(breached.met()).isFalse();
        assertThat(breached.rejectedExclusions()).containsExactly(late);
        assertThat(breached.creditRatio()).isEqualTo(0.10);
    }

    @Test
    void forceMajeureIsExcludedOnlyWithTheClause() {
        Incident flood = outage("f", T, Duration.ofHours(1));
        SlaExclusion fm =
                SlaExclusion.forceMajeure(T.minus(Duration.ofMinutes(30)), T.plus(Duration.ofMinutes(30)), "flood");
        assertThat(SLA.evaluate(APRIL, List.of(flood), List.of(fm)).countedDowntime())
                .isEqualTo(Duration.ofMinutes(30));
        assertThat(SLA.toBuilder()
                        .forceMajeureExcluded(false)
                        .build()
                        .evaluate(APRIL, List.of(flood), List.of(fm))
                        .countedDowntime())
                .isEqualTo(Duration.ofHours(1));
    }

    @Test
    void monthsFollowTheSlasZone() {
        Sla paris = SLA.toBuilder().zone(ZoneId.of("Europe/Paris")).build();
        SlaMonth march = paris.evaluate(YearMonth.of(2026, 3), List.of(), List.of());
        assertThat(march.from()).isEqualTo(Instant.parse("2026-02-28T23:00:00Z"));
        assertThat(march.to()).isEqualTo(Instant.parse("2026-03-31T22:00:00Z"));
    }

    @Test
    void evaluatesARangeOfMonths() {
        List<SlaMonth> months = SLA.evaluate(
                YearMonth.of(2026, 3), YearMonth.of(2026, 5), List.of(outage("a", T, Duration.ofHours(1))), List.of());
        assertThat(months)
                .extracting(SlaMonth::month)
                .containsExactly(YearMonth.of(2026, 3), APRIL, YearMonth.of(2026, 5));
        assertThat(months).extracting(SlaMonth::met).containsExactly(true, false, true);
    }

    @Test
    void requestCountsAreComparedExactly() {
        assertThat(SLA.evaluate(APRIL, new SliCounts(19_990, 10)).met()).isTrue(); // 99.95% exactly
        assertThat(SLA.evaluate(APRIL, new SliCounts(19_989, 11)).creditRatio()).isEqualTo(0.10);
        assertThat(SLA.evaluate(APRIL, SliCounts.EMPTY).met()).isTrue();
    }

    @Test
    void badDefinitionsAreRejectedNamingTheField() {
        assertThatThrownBy(() -> Sla.builder("x").objective(1.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("objective must be in (0, 1), was 1.0");
        assertThatThrownBy(() -> Sla.builder("x").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("objective of SLA x");
        assertThatThrownBy(() -> Sla.builder("x")
                        .objective(0.99)
                        .creditTable(
                                CreditTable.builder().creditBelow(0.999, 0.1).build())
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("credit threshold of SLA x");
        assertThatThrownBy(() -> SlaExclusion.forceMajeure(T, T, "flood"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SLA exclusion 'flood'");
    }

    @Test
    void measuresOnlyTheObservedPartOfAMonthAndMarksItPartial() {
        // 30 minutes down on 10 April; observed 1 to 11 April: 30 min of 10 days, not of 30 days
        List<Incident> down = List.of(Incident.builder("I", "storage", T)
                .mitigated(T.plus(Duration.ofMinutes(30)))
                .build());
        Instant first = Instant.parse("2026-04-01T00:00:00Z");
        SlaMonth soFar = SLA.evaluate(APRIL, first, first.plus(Duration.ofDays(10)), down, List.of());
        assertThat(soFar.partial()).isTrue();
        assertThat(soFar.observed()).isEqualTo(Duration.ofDays(10));
        assertThat(soFar.availability()).isCloseTo(1 - 30.0 / (10 * 1440), within(1e-12));
        assertThat(soFar.met()).isFalse();
        SlaMonth whole =
                SLA.evaluate(APRIL, first.minus(Duration.ofDays(3)), first.plus(Duration.ofDays(40)), down, List.of());
        assertThat(whole.partial()).isFalse();
        assertThat(whole).isEqualTo(SLA.evaluate(APRIL, down, List.of()));
        assertThatThrownBy(() -> SLA.evaluate(
                        APRIL, first.plus(Duration.ofDays(40)), first.plus(Duration.ofDays(41)), down, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("observed part of 2026-04");
        assertThat(whole.observedOnly(first, first.plus(Duration.ofDays(1))).partial())
                .isTrue();
    }
}
