package dev.nines.examples.chaos;

import dev.nines.core.chaos.ChaosConfig;
import dev.nines.core.chaos.ChaosPolicy;
import dev.nines.core.pipeline.Pipeline;
import dev.nines.core.pipeline.Resilience;
import dev.nines.core.retry.Retry;
import dev.nines.core.retry.RetryConfig;
import dev.nines.core.time.ManualTimeSource;
import dev.nines.slo.Slo;
import dev.nines.slo.SloTracker;
import dev.nines.slo.SloWindow;
import dev.nines.slo.alert.BurnRateAlertPolicy;
import dev.nines.slo.alert.SloAlerts;
import dev.nines.slo.chaos.ChaosExperiment;
import dev.nines.slo.chaos.ExperimentReport;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Embedding example: a game day that injects payment-provider outages into a checkout service and
 * may spend at most a tenth of the checkout SLO's remaining error budget.
 *
 * <p>The checkout calls its payment provider through a pipeline with a retry and a chaos policy
 * (innermost, standing in for the provider). The checkout SLO (99.5% over 30 days) has 1,000 bad
 * events allowed by its 200,000 events of history, 400 of them spent: 600 left, so the experiment
 * may inject 60 faults. It injects into 5% of the payment calls, is stopped by the SLO's burn-rate
 * alerts (evaluated every 30 seconds) if they fire, and stops itself once its 60 are spent. The
 * report shows what it spent and what the SLO saw: the retry absorbs almost every injected fault.
 *
 * <p>The simulation runs on a manual clock, seeded, so every run prints the same report at once.
 * Run it with {@code java -cp examples/target/nines-demo.jar
 * dev.nines.examples.chaos.ChaosExperimentExample}.
 */
public final class ChaosExperimentExample {

    /** The share of the remaining error budget the experiment may spend. */
    public static final double MAX_BUDGET_SHARE = 0.10;
    /** The share of payment calls the chaos policy injects into. */
    public static final double INJECTION_RATIO = 0.05;
    /** The share of payment calls that fail by themselves. */
    public static final double NATURAL_FAILURE_RATIO = 0.002;

    private ChaosExperimentExample() {}

    /**
     * Runs the example and prints its report.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        run(System.out);
    }

    /**
     * Runs the game day: at most one simulated hour of checkouts, ten a second.
     *
     * @param out where the report is printed
     * @return the experiment's report
     */
    public static ExperimentReport run(PrintStream out) {
        ManualTimeSource time = ManualTimeSource.at(Instant.parse("2026-06-01T09:00:00Z"));
        Slo slo = Slo.builder("checkout")
                .objective(0.995)
                .window(SloWindow.rolling(Duration.ofDays(30)))
                .build();
        SloTracker tracker = SloTracker.create(slo, time);
        tracker.record(199_600, 400); // yesterday: 1,000 bad events allowed, 400 spent
        time.advance(Duration.ofDays(1));
        SloAlerts alerts = SloAlerts.of(tracker, BurnRateAlertPolicy.sreWorkbook(), time);

        SplittableRandom chaosRandom = new SplittableRandom(2026);
        ChaosPolicy outage = ChaosPolicy.of(
                "payments-outage",
                ChaosConfig.builder()
                        .fault(() -> new IllegalStateException("payment provider unreachable (injected)"))
                        .injectionRatio(INJECTION_RATIO)
                        .randomSource(chaosRandom::nextDouble)
                        .enabled(false) // until the experiment starts
                        .build(),
                time,
                time::advanceNanos);
        Retry retry = Retry.of(
                "payments",
                RetryConfig.builder()
                        .maxAttempts(3)
                        .waitDuration(Duration.ofMillis(20))
                        .build(),
                time,
                time::advanceNanos);
        Pipeline<String> payments =
                Resilience.<String>pipeline().retry(retry).chaos(outage).build();
        SplittableRandom provider = new SplittableRandom(7);
        Supplier<String> pay = payments.decorateSupplier(() -> {
            if (provider.nextDouble() < NATURAL_FAILURE_RATIO) {
                throw new IllegalStateException("payment declined by the provider");
            }
            return "receipt";
        });

        ChaosExperiment experiment = ChaosExperiment.builder("payments-outage-game-day")
                .policy(outage)
                .tracker(tracker)
                .alerts(alerts)
                .maxBudgetShare(MAX_BUDGET_SHARE)
                .maxDuration(Duration.ofHours(1))
                .build();
        experiment.start();
        for (int tenth = 0; experiment.isRunning(); tenth++) {
            try {
                String unused = pay.get(); // only whether the payment succeeded counts here
                tracker.recordGood();

            } catch (RuntimeException failure) {
                tracker.recordBad(); // injected or not: the customer's checkout failed
            }
            time.advance(Duration.ofMillis(100));
            if (tenth % 300 == 299) {
                alerts.evaluate();
                experiment.tick();
            }
        }
        ExperimentReport report = experiment.report();
        print(report, out);
        return report;
    }

    /**
     * Prints a report in a few lines.
     *
     * @param report the report
     * @param out where to print
     */
    static void print(ExperimentReport report, PrintStream out) {
        out.printf(
                Locale.ROOT,
                "Chaos experiment %s on SLO %s: %s after %ds%n",
                report.experimentName(),
                report.sloName(),
                report.status(),
                report.duration().toSeconds());
        out.printf(
                Locale.ROOT,
                "  budget left at the start: %.0f bad events; allowed %.0f%% of it: %d injections%n",
                report.remainingBudgetAtStart(),
                report.maxBudgetShare() * 100,
                report.allowedInjections());
        out.printf(
                Locale.ROOT,
                "  spent: %d injections (%.1f%% of the budget left)%n",
                report.injections(),
                report.spentShare() * 100);
        out.printf(
                Locale.ROOT,
                "  the SLO recorded %d bad of %d checkouts meanwhile: the retry absorbed %d injected faults%n",
                report.badEvents(),
                report.totalEvents(),
                Math.max(0, report.injections() - report.badEvents()));
        if (!report.firingRules().isEmpty()) {
            out.printf(Locale.ROOT, "  stopped by the alert %s%n", String.join(", ", report.firingRules()));
        }
    }
}
