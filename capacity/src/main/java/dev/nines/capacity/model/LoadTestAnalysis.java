package dev.nines.capacity.model;

import dev.nines.core.internal.Arguments;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import org.HdrHistogram.AbstractHistogram;

/**
 * Analysis of a stepped load test: for each load step, the latency at a percentile from its
 * HdrHistogram recording, whether it meets the latency SLO, and the knee, the highest load that
 * still meets the SLO before the first step that breaks it.
 *
 * <p>Steps are analysed in increasing load. The {@linkplain Result#kneeLoad() knee} is the load of
 * the last step meeting the SLO before the first breaking step; the
 * {@linkplain Result#interpolatedBreakLoad() break load} interpolates linearly between that step
 * and the breaking one where the percentile crosses the threshold. Latencies are in the
 * histograms' unit (whatever the recorder used, for example microseconds). Stateless and
 * thread-safe (the histograms are only read; do not record into them meanwhile).
 *
 * <pre>{@code
 * LoadTestAnalysis.Result r = LoadTestAnalysis.analyze(steps, 99.0, 250_000);  // p99 within 250 ms (in us)
 * r.kneeLoad().ifPresent(load -> System.out.println("p99 SLO holds up to " + load + " rps"));
 * }</pre>
 */
public final class LoadTestAnalysis {

    private LoadTestAnalysis() {}

    /**
     * One step of a load test.
     *
     * @param load the offered load (requests per second or concurrency), at least 0
     * @param throughput the achieved throughput in the step, at least 0
     * @param latencies the latencies recorded in the step
     */
    public record LoadStep(double load, double throughput, AbstractHistogram latencies) {
        /**
         * Validates the step.
         *
         * @throws IllegalArgumentException if a value is negative or not finite
         */
        public LoadStep {
            LittlesLaw.finite("load", load);
            LittlesLaw.finite("throughput", throughput);
            Objects.requireNonNull(latencies, "latencies");
        }
    }

    /**
     * The analysis of one step.
     *
     * @param load the offered load
     * @param throughput the achieved throughput
     * @param latencyAtPercentile the latency at the analysed percentile (0 for an empty histogram)
     * @param count how many latencies were recorded
     * @param meetsSlo whether the latency is at most the SLO threshold
     */
    public record StepResult(double load, double throughput, long latencyAtPercentile, long count, boolean meetsSlo) {}

    /**
     * The analysis of a load test.
     *
     * @param percentile the analysed percentile, in (0, 100]
     * @param sloThreshold the latency threshold
     * @param steps every step in increasing load
     * @param kneeLoad the highest load meeting the SLO before the first break; empty if the first
     *     step already breaks it
     * @param interpolatedBreakLoad where the percentile crosses the threshold between the knee and
     *     the first breaking step; empty if no step breaks or the first one does
     */
    public record Result(
            double percentile,
            long sloThreshold,
            List<StepResult> steps,
            OptionalDouble kneeLoad,
            OptionalDouble interpolatedBreakLoad) {

        /**
         * Copies the steps.
         */
        public Result {
            steps = List.copyOf(steps);
        }

        /**
         * Returns the measurements for a {@link UniversalScalabilityLaw#fit(List)} (load as concurrency),
         * skipping steps with zero load or throughput.
         *
         * @return the measurements
         */
        public List<UniversalScalabilityLaw.Measurement> measurements() {
            List<UniversalScalabilityLaw.Measurement> out = new ArrayList<>();
            for (StepResult step : steps) {
                if (step.load() >= 1.0 && step.throughput() > 0.0) {
                    out.add(new UniversalScalabilityLaw.Measurement(step.load(), step.throughput()));
                }
            }
            return out;
        }
    }

    /**
     * Analyses the steps of a load test against a latency SLO.
     *
     * @param steps the steps, not empty, in any order
     * @param percentile the percentile, in (0, 100] (99.0 = p99)
     * @param sloThreshold the highest acceptable latency at that percentile, at least 0
     * @return the analysis
     * @throws IllegalArgumentException if the steps are empty or an argument is out of range
     */
    public static Result analyze(List<LoadStep> steps, double percentile, long sloThreshold) {
        Objects.requireNonNull(steps, "steps");
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("steps must not be empty");
        }
        Arguments.inOpenClosed("percentile", percentile, 0.0, 100.0);
        Arguments.atLeast("sloThreshold", sloThreshold, 0L);
        List<LoadStep> sorted = new ArrayList<>(steps);
        sorted.sort(Comparator.comparingDouble(LoadStep::load));
        List<StepResult> results = new ArrayList<>();
        for (LoadStep step : sorted) {
            long count = step.latencies().getTotalCount();
            long latency = count == 0 ? 0L : step.latencies().getValueAtPercentile(percentile);
            results.add(new StepResult(step.load(), step.throughput(), latency, count, latency <= sloThreshold));
        }
        int firstBreak = -1;
        for (int i = 0; i < results.size(); i++) {
            if (!results.get(i).meetsSlo()) {
                firstBreak = i;
                break;
            }
        }
        OptionalDouble knee;
        OptionalDouble breakLoad = OptionalDouble.empty();
        if (firstBreak == -1) {
            knee = OptionalDouble.of(results.get(results.size() - 1).load());
        } else if (firstBreak == 0) {
            knee = OptionalDouble.empty();
        } else {
            StepResult good = results.get(firstBreak - 1);
            StepResult bad = results.get(firstBreak);
            knee = OptionalDouble.of(good.load());
            double span = (double) bad.latencyAtPercentile() - good.latencyAtPercentile();
            double fraction = span <= 0.0 ? 0.0 : (sloThreshold - good.latencyAtPercentile()) / span;
            breakLoad = OptionalDouble.of(good.load() + fraction * (bad.load() - good.load()));
        }
        return new Result(percentile, sloThreshold, results, knee, breakLoad);
    }
}
