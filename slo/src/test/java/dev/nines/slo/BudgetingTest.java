package dev.nines.slo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BudgetingTest {

    @Test
    void occurrencesIsASingleValue() {
        assertThat(Budgeting.occurrences()).isSameAs(Budgeting.occurrences()).hasToString("Occurrences");
    }

    @Test
    void timeslicesNeedWholeMinutesUpToADayAndATargetInZeroOne() {
        assertThat(Budgeting.timeslices(Duration.ofMinutes(5), 1.0))
                .isEqualTo(new Budgeting.Timeslices(Duration.ofMinutes(5), 1.0));
        assertThatThrownBy(() -> Budgeting.timeslices(Duration.ofSeconds(90), 0.9))
                .hasMessage("sliceLength must be a whole number of minutes up to PT24H, was PT1M30S");
        assertThatThrownBy(() -> Budgeting.timeslices(Duration.ofDays(2), 0.9))
                .hasMessageStartingWith("sliceLength must be a whole number");
        assertThatThrownBy(() -> Budgeting.timeslices(Duration.ZERO, 0.9))
                .hasMessage("sliceLength must be positive, was PT0S");
        assertThatThrownBy(() -> Budgeting.timeslices(Duration.ofMinutes(1), 0.0))
                .hasMessage("sliceTarget must be in (0, 1], was 0.0");
    }
}
