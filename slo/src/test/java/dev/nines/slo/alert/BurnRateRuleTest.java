package dev.nines.slo.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class BurnRateRuleTest {

    @Test
    void factorIsBudgetFractionTimesPeriodOverLongWindow() {
        BurnRateRule rule = BurnRateRule.of("fast", Severity.PAGE, 0.02, Duration.ofHours(1), Duration.ofMinutes(5));

        assertThat(rule.factor(Duration.ofDays(30))).isCloseTo(14.4, within(1e-12));
        assertThat(rule.factor(Duration.ofDays(28))).isCloseTo(13.44, within(1e-12));
        assertThat(rule.pendingFor()).isZero();
        assertThat(rule.withPendingFor(Duration.ofMinutes(2)).pendingFor()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void rejectsInvalidRulesNamingTheField() {
        assertThatThrownBy(() -> BurnRateRule.of("r", Severity.PAGE, 0, Duration.ofHours(1), Duration.ofMinutes(5)))
                .hasMessage("budgetFraction must be in (0, 1], was 0.0");
        assertThatThrownBy(() -> BurnRateRule.of("r", Severity.PAGE, 0.1, Duration.ofHours(1), Duration.ofHours(1)))
                .hasMessage("shortWindow must be shorter than longWindow PT1H, was PT1H");
        assertThatThrownBy(() -> BurnRateRule.of("", Severity.PAGE, 0.1, Duration.ofHours(1), Duration.ofMinutes(1)))
                .hasMessageStartingWith("name must not be blank");
        assertThatThrownBy(() -> BurnRateRule.of("r", Severity.PAGE, 0.1, Duration.ZERO, Duration.ofMinutes(1)))
                .hasMessage("longWindow must be positive, was PT0S");
        assertThatThrownBy(() -> BurnRateRule.of("r", Severity.PAGE, 0.1, Duration.ofHours(1), Duration.ofMinutes(1))
                        .withPendingFor(Duration.ofSeconds(-1)))
                .hasMessage("pendingFor must not be negative, was PT-1S");
    }

    @Property(tries = 200)
    void spendingTheFactorForTheLongWindowSpendsTheBudgetFraction(
            @ForAll @DoubleRange(min = 0.01, max = 1) double fraction,
            @ForAll @IntRange(min = 1, max = 72) int hours,
            @ForAll @IntRange(min = 7, max = 90) int days) {
        BurnRateRule rule = BurnRateRule.of(
                "r", Severity.TICKET, fraction, Duration.ofHours(hours), Duration.ofMinutes(hours * 5L));
        // A burn rate of 1 spends the whole budget over the period, so factor x long / period = fraction.
        double spent = rule.factor(Duration.ofDays(days)) * hours / (days * 24.0);
        assertThat(spent).isCloseTo(fraction, within(1e-12));
    }
}
