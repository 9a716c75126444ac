package dev.nines.capacity.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class BacktestTest {

    private static TimeSeries series(double[] v) {
        return TimeSeries.of(TestSeries.START, Duration.ofHours(1), v);
    }

    @Property(tries = 200)
    void seasonalNaiveScoresAMaseOfExactlyOneOnItsOwnBacktest(
            @ForAll @IntRange(min = 1, max = 12) int period,
            @ForAll @IntRange(min = 3, max = 40) int extra,
            @ForAll long seed) {
        java.util.Random r = new java.util.Random(seed);
        double[] v = new double[period + 2 + extra];
        for (int t = 0; t < v.length; t++) {
            v[t] = 100 + 10 * Math.sin(t) + r.nextGaussian();
        }
        BacktestConfig config = BacktestConfig.builder()
                .initialWindow(period + 2)
                .horizon(1)
                .step(1)
                .seasonalPeriod(period)
                .build();

        BacktestResult result = Backtest.run(ForecastModel.seasonalNaive(period), series(v), config);

        assertThat(result.accuracy().mase()).isCloseTo(1.0, within(1e-12));
        assertThat(result.origins()).isEqualTo(extra);
        assertThat(result.accuracy().count()).isEqualTo(extra);
    }

    @Test
    void rollsTheOriginAndPoolsErrorsByHorizon() {
        // a random walk sampled exactly: the naive model is right except where the walk turns
        double[] v = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        BacktestConfig config = BacktestConfig.builder()
                .initialWindow(4)
                .horizon(3)
                .step(2)
                .seasonalPeriod(1)
                .build();

        BacktestResult naive = Backtest.run(ForecastModel.seasonalNaive(1), series(v), config);
        BacktestResult line = Backtest.run(ForecastModel.linearTrend(), series(v), config);

        // origins at 4, 6 (8 + 3 > 10): naive misses by h at step h
        assertThat(naive.origins()).isEqualTo(2);
        assertThat(naive.maeByHorizon()).containsExactly(1.0, 2.0, 3.0);
        assertThat(naive.accuracy().mae()).isEqualTo(2);
        assertThat(naive.accuracy().mase()).isEqualTo(2);
        assertThat(line.accuracy().mae()).isCloseTo(0, within(1e-9));
        assertThat(line.model()).isEqualTo("LinearTrend");
    }

    @Test
    void measuresIntervalCoverageNearTheNominalLevelOnNoise() {
        java.util.Random r = new java.util.Random(7);
        double[] v = new double[400];
        for (int t = 0; t < v.length; t++) {
            v[t] = 50 + r.nextGaussian();
        }
        BacktestResult result = Backtest.run(
                ForecastModel.linearTrend(),
                series(v),
                BacktestConfig.builder()
                        .initialWindow(100)
                        .horizon(5)
                        .step(5)
                        .level(0.9)
                        .build());

        assertThat(result.intervalCoverageRatio()).isBetween(0.85, 0.95);
    }

    @Test
    void refusesABacktestWithNoOrigin() {
        BacktestConfig config =
                BacktestConfig.builder().initialWindow(8).horizon(3).build();

        assertThatThrownBy(() -> Backtest.run(ForecastModel.linearTrend(), series(new double[10]), config))
                .hasMessage("initialWindow + horizon must be at most the series size 10, was 8 + 3");
    }

    @Test
    void configValidatesAndDerivesVariants() {
        BacktestConfig c = BacktestConfig.ofDefaults();

        assertThat(c.initialWindow()).isEqualTo(24);
        assertThat(c.horizon()).isEqualTo(1);
        assertThat(c.step()).isEqualTo(1);
        assertThat(c.seasonalPeriod()).isEqualTo(1);
        assertThat(c.level()).isEqualTo(0.95);
        assertThat(c.toBuilder().horizon(24).build().horizon()).isEqualTo(24);
        assertThatThrownBy(() -> BacktestConfig.builder().horizon(0)).hasMessage("horizon must be at least 1, was 0");
        assertThatThrownBy(() -> BacktestConfig.builder().level(1)).hasMessage("level must be in (0, 1), was 1.0");
    }
}
