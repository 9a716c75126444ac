package dev.nines.capacity.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelSelectionTest {

    @Test
    void picksHoltWintersForASeasonalSeriesWithTrendAndRanksEveryCandidate() {
        TimeSeries air = TestSeries.airPassengers();
        List<ForecastModel> candidates = List.of(
                ForecastModel.seasonalNaive(12),
                ForecastModel.linearTrend(),
                ForecastModel.holtWinters(HoltWintersConfig.multiplicative(12)));
        BacktestConfig config = BacktestConfig.builder()
                .initialWindow(96)
                .horizon(12)
                .step(12)
                .seasonalPeriod(12)
                .build();

        ModelSelection choice = ModelSelection.select(air, candidates, config, Metric.MASE);

        assertThat(choice.best().name()).isEqualTo("HoltWinters(multiplicative, period=12)");
        assertThat(choice.ranking())
                .extracting(BacktestResult::model)
                .hasSize(3)
                .first()
                .isEqualTo(choice.best().name());
        assertThat(choice.ranking().get(0).accuracy().mase())
                .isLessThan(choice.ranking().get(1).accuracy().mase());
        assertThat(choice.ranking().get(0).accuracy().mase()).isLessThan(1); // beats seasonal naive
    }

    @Test
    void picksTheLineForALinearSeries() {
        double[] v = new double[60];
        for (int t = 0; t < v.length; t++) {
            v[t] = 3 * t + 10 + (t % 2 == 0 ? 0.5 : -0.5);
        }
        TimeSeries s = TimeSeries.of(TestSeries.START, Duration.ofDays(1), v);

        ModelSelection choice = ModelSelection.select(
                s,
                List.of(ForecastModel.seasonalNaive(1), ForecastModel.linearTrend()),
                BacktestConfig.builder().initialWindow(30).horizon(7).build(),
                Metric.RMSE);

        assertThat(choice.best().name()).isEqualTo("LinearTrend");
        assertThat(choice.metric()).isEqualTo(Metric.RMSE);
    }

    @Test
    void refusesNoCandidatesAndUndefinedMetrics() {
        TimeSeries zeros = TimeSeries.of(TestSeries.START, Duration.ofDays(1), new double[] {0, 1, 0, 1, 0, 1, 0, 1});
        BacktestConfig config = BacktestConfig.builder().initialWindow(4).build();

        assertThatThrownBy(() -> ModelSelection.select(zeros, List.of(), config, Metric.MAE))
                .hasMessage("candidates must not be empty");
        assertThatThrownBy(
                        () -> ModelSelection.select(zeros, List.of(ForecastModel.linearTrend()), config, Metric.MAPE))
                .hasMessage("MAPE is undefined for LinearTrend on this series; choose another metric");
    }
}
