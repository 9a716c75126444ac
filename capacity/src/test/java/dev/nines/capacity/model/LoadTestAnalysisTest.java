package dev.nines.capacity.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LoadTestAnalysisTest {

    /** 1,000 latencies: 99% at {@code typical}, 1% at {@code tail} (microseconds). */
    private static Histogram latencies(long typical, long tail) {
        Histogram h = new Histogram(3_600_000_000L, 3);
        h.recordValueWithCount(typical, 990);
        h.recordValueWithCount(tail, 10);
        return h;
    }

    @Test
    void findsTheKneeWhereTheP99SloBreaks() {
        List<LoadTestAnalysis.LoadStep> steps = List.of(
                new LoadTestAnalysis.LoadStep(400, 400, latencies(20_000, 90_000)),
                new LoadTestAnalysis.LoadStep(100, 100, latencies(10_000, 50_000)),
                new LoadTestAnalysis.LoadStep(200, 200, latencies(12_000, 60_000)),
                new LoadTestAnalysis.LoadStep(800, 610, latencies(80_000, 400_000)),
                new LoadTestAnalysis.LoadStep(1600, 590, latencies(300_000, 900_000)));
        // p99 of 990 x typical + 10 x tail is the typical value (the 990th of 1,000).
        LoadTestAnalysis.Result r = LoadTestAnalysis.analyze(steps, 99.0, 50_000);
        assertThat(r.steps())
                .extracting(LoadTestAnalysis.StepResult::load)
                .containsExactly(100.0, 200.0, 400.0, 800.0, 1600.0);
        assertThat(r.steps())
                .extracting(LoadTestAnalysis.StepResult::meetsSlo)
                .containsExactly(true, true, true, false, false);
        assertThat(r.kneeLoad()).hasValue(400.0);
        // p99 goes from 20 ms at 400 rps to 80 ms at 800 rps: 50 ms is crossed halfway, at 600 rps.
        assertThat(r.interpolatedBreakLoad().getAsDouble()).isCloseTo(600.0, within(5.0));
        assertThat(r.measurements()).hasSize(5);
        // p99.9 includes the tail: already broken at the first step.
        LoadTestAnalysis.Result strict = LoadTestAnalysis.analyze(steps, 99.95, 50_000);
        assertThat(strict.kneeLoad()).isEmpty();
        assertThat(strict.interpolatedBreakLoad()).isEmpty();
    }

    @Test
    void reportsTheLastStepAsTheKneeWhenNothingBreaks() {
        LoadTestAnalysis.Result r = LoadTestAnalysis.analyze(
                List.of(
                        new LoadTestAnalysis.LoadStep(10, 10, latencies(1_000, 2_000)),
                        new LoadTestAnalysis.LoadStep(20, 20, new Histogram(3))),
                99.0,
                5_000);
        assertThat(r.kneeLoad()).hasValue(20.0);
        assertThat(r.steps().get(1).count()).isZero();
        assertThat(r.interpolatedBreakLoad()).isEmpty();
    }

    @Test
    void rejectsEmptyStepsAndBadPercentiles() {
        assertThatThrownBy(() -> LoadTestAnalysis.analyze(List.of(), 99.0, 1)).hasMessage("steps must not be empty");
        assertThatThrownBy(() -> LoadTestAnalysis.analyze(
                        List.of(new LoadTestAnalysis.LoadStep(1, 1, new Histogram(3))), 0.0, 1))
                .hasMessageContaining("percentile");
    }
}
