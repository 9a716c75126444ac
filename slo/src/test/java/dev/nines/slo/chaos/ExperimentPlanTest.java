package dev.nines.slo.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nines.core.chaos.ChaosConfig;
import dev.nines.core.chaos.ChaosKind;
import dev.nines.core.chaos.ChaosPolicy;
import dev.nines.core.time.ManualTimeSource;
import dev.nines.slo.Slo;
import dev.nines.slo.SloTracker;
import dev.nines.slo.SloWindow;
import dev.nines.slo.alert.BurnRateAlertPolicy;
import dev.nines.slo.alert.BurnRateRule;
import dev.nines.slo.alert.Severity;
import dev.nines.slo.alert.SloAlerts;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Scale;
import org.junit.jupiter.api.Test;

class ExperimentPlanTest {

    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

    private final ManualTimeSource time = ManualTimeSource.at(T0);
    private final SloTracker tracker = SloTracker.create(
            Slo.builder("checkout")
                    .objective(0.99)
                    .window(SloWindow.rolling(Duration.ofDays(30)))
                    .build(),
            time);

    private ChaosPolicy outage(double ratio) {
        return ChaosPolicy.of(
                "checkout-outage",
                ChaosConfig.builder()
                        .fault()
                        .injectionRatio(ratio)
                        .enabled(false)
                        .build(),
                time);
    }

    private SloAlerts alerts() {
        return SloAlerts.of(
                tracker,
                BurnRateAlertPolicy.builder()
                        .rule(BurnRateRule.of(
                                "page-2%-1h", Severity.PAGE, 0.02, Duration.ofHours(1), Duration.ofMinutes(5)))
                        .build(),
                time);
    }

    @Test
    void aDryRunReportsWhatTheStartWouldAllowAndChangesNothing() {
        tracker.record(10_000, 0); // 100 events of budget
        ChaosPolicy chaos = outage(0.05);
        ChaosExperiment experiment = ChaosExperiment.builder("game-day")
                .policy(chaos)
                .tracker(tracker)
                .maxBudgetShare(0.25)
                .maxDuration(Duration.ofMinutes(30))
                .build();

        ExperimentPlan plan = experiment.dryRun();

        assertThat(plan.experimentName()).isEqualTo("game-day");
        assertThat(plan.sloName()).isEqualTo("checkout");
        assertThat(plan.chaosPolicyName()).isEqualTo("checkout-outage");
        assertThat(plan.faultKind()).isEqualTo(ChaosKind.FAULT);
        assertThat(plan.injectionRatio()).isEqualTo(0.05);
        assertThat(plan.asOf()).isEqualTo(T0);
        assertThat(plan.remainingBudget()).isCloseTo(100.0, within(1e-9));
        assertThat(plan.allowedInjections()).isEqualTo(25);
        assertThat(plan.maxDuration()).contains(Duration.ofMinutes(30));
        assertThat(plan.firingRules()).isEmpty();
        assertThat(plan.blockers()).isEmpty();
        assertThat(plan.wouldInject()).isTrue();
        assertThat(chaos.isEnabled()).isFalse();
        assertThat(chaos.metrics().numberOfInjections()).isZero();
        assertThat(experiment.isRunning()).isFalse();
        assertThatThrownBy(experiment::report)
                .as("the dry run did not start the experiment")
                .isInstanceOf(IllegalStateException.class);

        experiment.start();
        assertThat(experiment.report().allowedInjections()).isEqualTo(plan.allowedInjections());
        assertThat(experiment.dryRun().blockers())
                .containsExactly("experiment game-day has already started: build a new one");
    }

    @Test
    void aDryRunNamesEveryReasonTheStartWouldNotInject() {
        tracker.record(1_000, 500); // budget overspent, the 2% rule fires
        SloAlerts alerts = alerts();
        alerts.evaluate();
        ChaosPolicy chaos = outage(0);
        chaos.enable();
        ChaosExperiment experiment = ChaosExperiment.builder("game-day")
                .policy(chaos)
                .tracker(tracker)
                .alerts(alerts)
                .build();

        ExperimentPlan plan = experiment.dryRun();

        assertThat(plan.wouldInject()).isFalse();
        assertThat(plan.firingRules()).containsExactly("page-2%-1h");
        assertThat(plan.allowedInjections()).isZero();
        assertThat(plan.policyEnabled()).isTrue();
        assertThat(plan.maxDuration()).isEmpty();
        assertThat(plan.blockers())
                .containsExactly(
                        "chaos policy checkout-outage is enabled outside the experiment (it must be disabled before"
                                + " the start)",
                        "burn-rate alert [page-2%-1h] of SLO checkout is firing (ALERT_FIRING)",
                        "the error budget allows no injection: 10.00% of the remaining -485.00 events of SLO checkout"
                                + " is less than one (BUDGET_SHARE_SPENT)",
                        "chaos policy checkout-outage has injectionRatio 0: it would inject nothing");
        assertThat(chaos.isEnabled())
                .as("the dry run left the policy as it was")
                .isTrue();
    }

    @Test
    void aPlanRefusesANegativeAllowance() {
        assertThatThrownBy(() -> new ExperimentPlan(
                        "e", "s", "p", ChaosKind.FAULT, 1, T0, false, false, 1, 0, -1, Optional.empty(), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("allowedInjections must be at least 0, was -1");
    }

    /**
     * Differential: the dry run predicts the start exactly (the allowance, and whether it injects),
     * and changes nothing the start then reads.
     */
    @Property(tries = 300)
    void aDryRunPredictsTheStart(
            @ForAll @IntRange(min = 0, max = 5_000) int good,
            @ForAll @IntRange(min = 0, max = 200) int bad,
            @ForAll @DoubleRange(min = 0.001, max = 1.0) @Scale(3) double share,
            @ForAll boolean withAlerts) {
        ManualTimeSource clock = ManualTimeSource.at(T0);
        SloTracker t = SloTracker.create(
                Slo.builder("checkout")
                        .objective(0.99)
                        .window(SloWindow.rolling(Duration.ofDays(30)))
                        .build(),
                clock);
        t.record(good, bad);
        ChaosPolicy chaos = ChaosPolicy.of(
                "p",
                ChaosConfig.builder().fault().injectionRatio(1).enabled(false).build(),
                clock);
        ChaosExperiment.Builder b =
                ChaosExperiment.builder("e").policy(chaos).tracker(t).maxBudgetShare(share);
        if (withAlerts) {
            SloAlerts alerts = SloAlerts.of(
                    t,
                    BurnRateAlertPolicy.builder()
                            .rule(BurnRateRule.of(
                                    "page", Severity.PAGE, 0.02, Duration.ofHours(1), Duration.ofMinutes(5)))
                            .build(),
                    clock);
            alerts.evaluate();
            b.alerts(alerts);
        }
        ChaosExperiment experiment = b.build();
        long goodBefore = t.totalGood();
        long badBefore = t.totalBad();

        ExperimentPlan plan = experiment.dryRun();

        assertThat(chaos.isEnabled()).isFalse();
        assertThat(chaos.metrics().numberOfInjections()).isZero();
        assertThat(t.totalGood()).isEqualTo(goodBefore);
        assertThat(t.totalBad()).isEqualTo(badBefore);
        experiment.start();
        ExperimentReport report = experiment.report();
        assertThat(report.allowedInjections()).isEqualTo(plan.allowedInjections());
        assertThat(report.remainingBudgetAtStart()).isEqualTo(plan.remainingBudget());
        assertThat(report.status() == ExperimentStatus.RUNNING).isEqualTo(plan.wouldInject());
        if (!plan.firingRules().isEmpty()) {
            assertThat(report.status()).isEqualTo(ExperimentStatus.ALERT_FIRING);
            assertThat(report.firingRules()).isEqualTo(plan.firingRules().subList(0, 1));
        }
    }
}
