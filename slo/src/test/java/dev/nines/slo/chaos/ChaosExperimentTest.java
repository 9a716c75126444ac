package dev.nines.slo.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nines.core.chaos.ChaosConfig;
import dev.nines.core.chaos.ChaosPolicy;
import dev.nines.core.chaos.InjectedFault;
import dev.nines.core.time.ManualTimeSource;
import dev.nines.slo.Budgeting;
import dev.nines.slo.Slo;
import dev.nines.slo.SloTracker;
import dev.nines.slo.SloWindow;
import dev.nines.slo.alert.BurnRateAlertPolicy;
import dev.nines.slo.alert.BurnRateRule;
import dev.nines.slo.alert.Severity;
import dev.nines.slo.alert.SloAlerts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ChaosExperimentTest {

    private final ManualTimeSource time = ManualTimeSource.at(Instant.parse("2026-03-01T00:00:00Z"));
    private final Slo slo = Slo.builder("checkout")
            .objective(0.99)
            .window(SloWindow.rolling(Duration.ofDays(30)))
            .build();
    private final SloTracker tracker = SloTracker.create(slo, time);

    /** A policy that injects its default fault into {@code ratio} of the calls, seeded, disabled. */
    private ChaosPolicy outage(double ratio, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        return ChaosPolicy.of(
                "checkout-outage",
                ChaosConfig.builder()
                        .fault()
                        .injectionRatio(ratio)
                        .enabled(false)
                        .randomSource(random::nextDouble)
                        .build(),
                time,
                time::advanceNanos);
    }

    /** One request through the chaos policy, recorded against the SLO as the application would. */
    private boolean serve(ChaosPolicy chaos) {
        try {
            chaos.executeSupplier(() -> "receipt");
            tracker.recordGood();
            return false;
        } catch (RuntimeException failure) {
            tracker.recordBad();
            return InjectedFault.isInjected(failure);
        }
    }

    @Test
    void spendsExactlyItsShareOfTheRemainingBudgetThenStopsItself() {
        tracker.record(10_000, 0); // 1% of 10,000 events: 100 bad events allowed, none spent
        ChaosPolicy chaos = outage(0.5, 42);
        ChaosExperiment experiment = ChaosExperiment.builder("game-day")
                .policy(chaos)
                .tracker(tracker)
                .maxBudgetShare(0.2)
                .build();
        List<ExperimentReport> stopped = new ArrayList<>();
        experiment.onStopped(stopped::add);

        experiment.start();
        assertThat(experiment.isRunning()).isTrue();
        assertThat(chaos.isEnabled()).isTrue();
        assertThat(chaos.isGuarded()).isTrue();
        int injected = 0;
        int lastInjectedAt = -1;
        for (int i = 0; i < 1_000; i++) {
            if (serve(chaos)) {
                injected++;
                lastInjectedAt = i;
            }
            time.advance(Duration.ofMillis(100));
        }

        assertThat(injected).isEqualTo(20);
        assertThat(lastInjectedAt)
                .as("the share is spent early at a ratio of one half")
                .isLessThan(100);
        assertThat(experiment.isRunning()).isFalse();
        assertThat(chaos.isEnabled()).isFalse();
        ExperimentReport report = experiment.report();
        assertThat(report.status()).isEqualTo(ExperimentStatus.BUDGET_SHARE_SPENT);
        assertThat(report.status().stoppedItself()).isTrue();
        assertThat(report.remainingBudgetAtStart()).isCloseTo(100.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(report.allowedInjections()).isEqualTo(20);
        assertThat(report.injections()).isEqualTo(20);
        assertThat(report.spentShare()).isCloseTo(0.2, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(report.badEvents())
                .as("the injections recorded as bad up to the stop, at the grant of the last one")
                .isEqualTo(19);
        assertThat(report.totalEvents()).isLessThan(100);
        assertThat(report.firingRules()).isEmpty();
        assertThat(report.startedAt()).isEqualTo(Instant.parse("2026-03-01T00:00:00Z"));
        assertThat(report.duration()).isEqualTo(Duration.ofMillis(100L * lastInjectedAt));
        assertThat(stopped).containsExactly(report);
        assertThat(experiment.stop())
                .as("stopping again returns the final report")
                .isSameAs(report);
        assertThat(tracker.totalBad()).isEqualTo(20);
    }

    @Test
    void stopsItselfWhenABurnRateAlertFires() {
        tracker.record(100_000, 0); // 1,000 bad events allowed
        time.advance(Duration.ofHours(2)); // the history leaves the alert's windows
        SloAlerts alerts = SloAlerts.of(
                tracker,
                BurnRateAlertPolicy.builder()
                        .rule(BurnRateRule.of(
                                "page-2%-1h", Severity.PAGE, 0.02, Duration.ofHours(1), Duration.ofMinutes(5)))
                        .minimumEvents(50)
                        .build(),
                time);
        ChaosPolicy chaos = outage(0.3, 7);
        ChaosExperiment experiment = ChaosExperiment.builder("game-day")
                .policy(chaos)
                .tracker(tracker)
                .alerts(alerts)
                .maxBudgetShare(1.0)
                .build();

        experiment.start();
        int injected = 0;
        int evaluations = 0;
        for (int second = 0; second < 600 && experiment.isRunning(); second++) {
            if (serve(chaos)) {
                injected++;
            }
            time.advance(Duration.ofSeconds(1));
            if (second % 30 == 29) {
                alerts.evaluate();
                evaluations++;
            }
        }

        ExperimentReport report = experiment.report();
        assertThat(report.status()).isEqualTo(ExperimentStatus.ALERT_FIRING);
        assertThat(report.firingRules()).containsExactly("page-2%-1h");
        assertThat(evaluations)
                .as("the first evaluation with 50 events fires: 30%% errors burn 30x")
                .isEqualTo(2);
        assertThat(report.injections()).isEqualTo(injected).isPositive().isLessThan(report.allowedInjections());
        assertThat(report.allowedInjections()).isEqualTo(1_000);
        assertThat(chaos.isEnabled()).isFalse();
        assertThat(serve(chaos)).as("nothing is injected once stopped").isFalse();
    }

    @Test
    void doesNotInjectWhenAnAlertIsAlreadyFiring() {
        tracker.record(1_000, 500);
        SloAlerts alerts = SloAlerts.of(
                tracker,
                BurnRateAlertPolicy.builder()
                        .rule(BurnRateRule.of(
                                "page-2%-1h", Severity.PAGE, 0.02, Duration.ofHours(1), Duration.ofMinutes(5)))
                        .build(),
                time);
        alerts.evaluate();
        ChaosPolicy chaos = outage(1, 1);
        ChaosExperiment experiment = ChaosExperiment.builder("game-day")
                .policy(chaos)
                .tracker(tracker)
                .alerts(alerts)
                .maxBudgetShare(1.0)
                .build();

        experiment.start();

        assertThat(experiment.isRunning()).isFalse();
        assertThat(chaos.isEnabled()).isFalse();
        ExperimentReport report = experiment.report();
        assertThat(report.status()).isEqualTo(ExperimentStatus.ALERT_FIRING);
        assertThat(report.firingRules()).containsExactly("page-2%-1h");
        assertThat(report.injections()).isZero();
    }

    @Test
    void doesNotInjectWhenNoBudgetIsLeft() {
        tracker.record(1_000, 10); // 10 allowed, 10 spent
        ChaosPolicy chaos = outage(1, 1);
        ChaosExperiment experiment = ChaosExperiment.builder("game-day")
                .policy(chaos)
                .tracker(tracker)
                .build();

        experiment.start();

        assertThat(serve(chaos)).isFalse();
        ExperimentReport report = experiment.report();
        assertThat(report.status()).isEqualTo(ExperimentStatus.BUDGET_SHARE_SPENT);
        assertThat(report.allowedInjections()).isZero();
        assertThat(report.spentShare()).isZero();
    }

    @Test
    void stopsItselfAtItsDeadlineOnAnInjectionOrATick() {
        tracker.record(1_000_000, 0);
        ChaosPolicy chaos = outage(1, 1);
        ChaosExperiment byInjection = ChaosExperiment.builder("by-injection")
                .policy(chaos)
                .tracker(tracker)
                .maxDuration(Duration.ofMinutes(1))
                .build();
        byInjection.start();
        assertThat(serve(chaos)).isTrue();
        time.advance(Duration.ofMinutes(1));
        assertThat(serve(chaos)).isFalse();
        assertThat(byInjection.report().status()).isEqualTo(ExperimentStatus.DEADLINE_PASSED);
        assertThat(byInjection.report().injections()).isEqualTo(1);
        assertThat(byInjection.report().duration()).isEqualTo(Duration.ofMinutes(1));

        ChaosExperiment byTick = ChaosExperiment.builder("by-tick")
                .policy(chaos)
                .tracker(tracker)
                .maxDuration(Duration.ofMinutes(1))
                .build();
        byTick.start();
        time.advance(Duration.ofSeconds(59));
        assertThat(byTick.tick()).isTrue();
        time.advance(Duration.ofSeconds(1));
        assertThat(byTick.tick()).isFalse();
        assertThat(byTick.report().status()).isEqualTo(ExperimentStatus.DEADLINE_PASSED);
        assertThat(chaos.isEnabled()).isFalse();
    }

    @Test
    void runsAsAUnitStartStopReport() {
        tracker.record(10_000, 0);
        ChaosPolicy chaos = outage(0.5, 3);
        ChaosExperiment experiment = ChaosExperiment.builder("drill")
                .policy(chaos)
                .tracker(tracker)
                .maxBudgetShare(0.5)
                .build();
        assertThatThrownBy(experiment::report)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("chaos experiment 'drill' has not started");
        assertThatThrownBy(experiment::stop).isInstanceOf(IllegalStateException.class);

        experiment.start();
        for (int i = 0; i < 10; i++) {
            serve(chaos);
        }
        ExperimentReport running = experiment.report();
        ExperimentReport stopped = experiment.stop();

        assertThat(running.status()).isEqualTo(ExperimentStatus.RUNNING);
        assertThat(stopped.status()).isEqualTo(ExperimentStatus.STOPPED);
        assertThat(stopped.status().stoppedItself()).isFalse();
        assertThat(stopped.injections()).isEqualTo(running.injections()).isBetween(1L, 10L);
        assertThat(stopped.totalEvents()).isEqualTo(10);
        assertThat(chaos.isEnabled()).isFalse();
        assertThat(experiment.report()).isSameAs(stopped);
        assertThatThrownBy(experiment::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("chaos experiment 'drill' has already started: build a new one");
    }

    @Test
    void refusesAPolicyThatIsAlreadyInjecting() {
        ChaosPolicy chaos = outage(1, 1);
        chaos.enable();
        ChaosExperiment experiment = ChaosExperiment.builder("game-day")
                .policy(chaos)
                .tracker(tracker)
                .build();

        assertThatThrownBy(experiment::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("must be disabled before experiment 'game-day' starts, was enabled");
    }

    @Test
    void badConfigurationIsRefusedNamingTheFieldAndTheValue() {
        ChaosExperiment.Builder builder = ChaosExperiment.builder("game-day");

        assertThatThrownBy(() -> builder.maxBudgetShare(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxBudgetShare must be in (0, 1], was 0.0");
        assertThatThrownBy(() -> builder.maxBudgetShare(1.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxBudgetShare must be in (0, 1], was 1.5");
        assertThatThrownBy(() -> builder.maxBudgetShare(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxBudgetShare must be in (0, 1], was NaN");
        assertThatThrownBy(() -> builder.maxDuration(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxDuration must be positive, was PT0S");
        assertThatThrownBy(() -> ChaosExperiment.builder(""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("name must not be blank, was \"\"");
        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("policy must be set, was none");
        builder.policy(outage(1, 1));
        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tracker must be set, was none");

        SloTracker slices = SloTracker.create(
                slo.toBuilder()
                        .budgeting(Budgeting.timeslices(Duration.ofMinutes(1), 0.95))
                        .build(),
                time);
        assertThatThrownBy(() -> builder.tracker(slices).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("tracker must count occurrences")
                .hasMessageContaining("Timeslices[sliceLength=PT1M, sliceTarget=0.95]");

        SloTracker other = SloTracker.create(slo.toBuilder().build(), time);
        assertThatThrownBy(() -> builder.tracker(tracker)
                        .alerts(SloAlerts.of(other, BurnRateAlertPolicy.sreWorkbook(), time))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("alerts must watch the experiment's tracker");
    }

    @Test
    void concurrentCallsNeverSpendMoreThanTheShare() throws InterruptedException {
        tracker.record(100_000, 0); // 1,000 allowed
        ChaosPolicy chaos = ChaosPolicy.of(
                "contended",
                ChaosConfig.builder().fault().injectionRatio(1).enabled(false).build(),
                time,
                time::advanceNanos);
        ChaosExperiment experiment = ChaosExperiment.builder("contended")
                .policy(chaos)
                .tracker(tracker)
                .maxBudgetShare(0.5)
                .build();
        experiment.start();
        int threads = 4;
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger injected = new AtomicInteger();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < 1_000; i++) {
                    try {
                        chaos.executeSupplier(() -> "ok");
                    } catch (RuntimeException failure) {
                        injected.incrementAndGet();
                    }
                }
            });
            worker.start();
            workers.add(worker);
        }
        start.countDown();
        for (Thread worker : workers) {
            worker.join();
        }

        assertThat(injected).hasValue(500);
        ExperimentReport report = experiment.report();
        assertThat(report.injections()).isEqualTo(500);
        assertThat(report.status()).isEqualTo(ExperimentStatus.BUDGET_SHARE_SPENT);
        assertThat(chaos.metrics().numberOfInjections()).isEqualTo(500);
    }
}
