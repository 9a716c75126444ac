package dev.nines.slo.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nines.slo.Sli;
import dev.nines.slo.Slo;
import dev.nines.slo.SloWindow;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SlaAlignmentTest {

    static final Sla SLA = Sla.builder("api-sla").objective(0.9995).build();

    static Slo slo(double objective, SloWindow window) {
        return Slo.builder("api").objective(objective).window(window).build();
    }

    @Test
    void sloOf999BackingA9995SlaIsFlaggedWithItsMargin() {
        SlaAlignment alignment = SlaAlignment.check(slo(0.999, SloWindow.rolling(Duration.ofDays(28))), SLA);
        assertThat(alignment.isAligned()).isFalse();
        assertThat(alignment.objectiveMargin()).isCloseTo(-0.0005, within(1e-15));
        assertThat(alignment.problems())
                .containsExactly(
                        "objective: SLO api at 99.9% is not stricter than SLA api-sla at 99.95% by a positive margin"
                                + " (margin -0.05%)");
    }

    @Test
    void equalObjectivesAreNotStricter() {
        assertThat(SlaAlignment.check(slo(0.9995, SloWindow.calendarMonth(ZoneOffset.UTC)), SLA)
                        .isAligned())
                .isFalse();
    }

    @Test
    void stricterSloOverTheSameMonthIsAligned() {
        SlaAlignment alignment = SlaAlignment.check(slo(0.9999, SloWindow.calendarMonth(ZoneOffset.UTC)), SLA);
        assertThat(alignment.isAligned()).isTrue();
        assertThat(alignment.objectiveMargin()).isCloseTo(0.0004, within(1e-15));
    }

    @Test
    void requiredMarginIsEnforced() {
        Slo slo = slo(0.9997, SloWindow.calendarWeek(ZoneOffset.UTC));
        assertThat(SlaAlignment.check(slo, SLA, 0.0002).isAligned()).isTrue();
        assertThat(SlaAlignment.check(slo, SLA, 0.0003).problems())
                .singleElement()
                .asString()
                .contains("by at least 0.03%")
                .contains("margin 0.02%");
        assertThatThrownBy(() -> SlaAlignment.check(slo, SLA, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("minimumMargin must be in (0, 1), was 0.0");
    }

    @Test
    void rollingWindowLongerThanAMonthIsFlagged() {
        assertThat(SlaAlignment.check(slo(0.9999, SloWindow.rolling(Duration.ofDays(30))), SLA)
                        .problems())
                .singleElement()
                .asString()
                .startsWith("window: SLO api rolls over 30 days");
    }

    @Test
    void calendarMonthInAnotherZoneIsFlagged() {
        assertThat(SlaAlignment.check(slo(0.9999, SloWindow.calendarMonth(ZoneId.of("America/New_York"))), SLA)
                        .problems())
                .singleElement()
                .asString()
                .startsWith("window:");
    }

    @Test
    void latencySlaNeedsALatencySloNoLooser() {
        Sla latencySla =
                SLA.toBuilder().sli(Sli.latency(Duration.ofMillis(500))).build();
        SloWindow month = SloWindow.calendarMonth(ZoneOffset.UTC);
        Slo ratio = slo(0.9999, month);
        Slo loose = ratio.toBuilder().sli(Sli.latency(Duration.ofMillis(800))).build();
        Slo tight = ratio.toBuilder().sli(Sli.latency(Duration.ofMillis(300))).build();
        assertThat(SlaAlignment.check(ratio, latencySla).problems())
                .singleElement()
                .asString()
                .startsWith("sli:");
        assertThat(SlaAlignment.check(loose, latencySla).problems())
                .singleElement()
                .asString()
                .contains("looser");
        assertThat(SlaAlignment.check(tight, latencySla).isAligned()).isTrue();
        assertThat(SlaAlignment.check(tight, SLA).problems())
                .singleElement()
                .asString()
                .startsWith("sli:");
    }
}
