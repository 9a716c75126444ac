package dev.nines.slo.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BurnRateAlertPolicyTest {

    @Test
    void sreWorkbookFactorsAre144_6_3_1ForThirtyDays() {
        // Google SRE Workbook, "Alerting on SLOs", table 5-8: 2%/1h/5m -> 14.4, 5%/6h/30m -> 6,
        // 10%/1d/2h -> 3 (ticket), 10%/3d/6h -> 1 (ticket), for a 30-day SLO.
        BurnRateAlertPolicy policy = BurnRateAlertPolicy.sreWorkbook();
        Duration period = Duration.ofDays(30);

        assertThat(policy.rules())
                .extracting(r -> r.factor(period))
                .satisfiesExactly(
                        f -> assertThat(f).isCloseTo(14.4, within(1e-9)),
                        f -> assertThat(f).isCloseTo(6.0, within(1e-9)),
                        f -> assertThat(f).isCloseTo(3.0, within(1e-9)),
                        f -> assertThat(f).isCloseTo(1.0, within(1e-9)));
        assertThat(policy.rules())
                .extracting(BurnRateRule::severity)
                .containsExactly(Severity.PAGE, Severity.PAGE, Severity.TICKET, Severity.TICKET);
        assertThat(policy.rules())
                .extracting(BurnRateRule::shortWindow)
                .containsExactly(
                        Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(6));
        assertThat(policy.minimumEvents()).isZero();
        assertThat(policy.budgetThresholds()).containsExactly(0.5, 0.75, 0.9, 1.0);
        assertThat(BurnRateAlertPolicy.ofDefaults()).isSameAs(policy);
    }

    @Test
    void customPoliciesDeriveFromTheWorkbookOrStartEmpty() {
        BurnRateAlertPolicy custom = BurnRateAlertPolicy.sreWorkbook().toBuilder()
                .minimumEvents(100)
                .budgetThresholds(List.of(1.0, 0.25))
                .rule(BurnRateRule.of("extra", Severity.TICKET, 0.5, Duration.ofDays(7), Duration.ofHours(12)))
                .build();

        assertThat(custom.rules()).hasSize(5);
        assertThat(custom.minimumEvents()).isEqualTo(100);
        assertThat(custom.budgetThresholds()).containsExactly(0.25, 1.0);
        assertThat(BurnRateAlertPolicy.builder().build().rules()).isEmpty();
        assertThat(custom.toBuilder().clearRules().build().rules()).isEmpty();
        assertThat(custom.toString()).contains("extra");
    }

    @Test
    void rejectsDuplicateRuleNamesAndBadSettings() {
        assertThatThrownBy(() -> BurnRateAlertPolicy.sreWorkbook().toBuilder()
                        .rule(BurnRateRule.of(
                                "page-2%-1h", Severity.PAGE, 0.1, Duration.ofHours(1), Duration.ofMinutes(1))))
                .hasMessage("rule name must be unique, was page-2%-1h");
        assertThatThrownBy(() -> BurnRateAlertPolicy.builder().minimumEvents(-1))
                .hasMessage("minimumEvents must be at least 0, was -1");
        assertThatThrownBy(() -> BurnRateAlertPolicy.builder().budgetThresholds(List.of(0.0)))
                .hasMessage("budgetThreshold must be in (0, 10], was 0.0");
    }
}
