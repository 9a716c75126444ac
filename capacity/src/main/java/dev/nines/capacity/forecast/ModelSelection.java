package dev.nines.capacity.forecast;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The result of choosing a model for a series by backtest error: every candidate is backtested with
 * the same configuration and ranked by one metric (lower is better; ties keep the candidates' order).
 *
 * <pre>{@code
 * ModelSelection choice = ModelSelection.select(hourly,
 *         List.of(ForecastModel.seasonalNaive(24), ForecastModel.holtWinters(HoltWintersConfig.additive(24))),
 *         backtestConfig, Metric.MASE);
 * FittedModel fit = choice.best().fit(hourly);
 * }</pre>
 *
 * @param best the model with the lowest metric
 * @param metric the metric used
 * @param ranking the backtest results, best first
 */
public record ModelSelection(ForecastModel best, Metric metric, List<BacktestResult> ranking) {

    /**
     * Checks and copies the selection.
     *
     * @param best the model with the lowest metric
     * @param metric the metric used
     * @param ranking the backtest results, best first
     * @throws NullPointerException if a reference is null
     */
    public ModelSelection {
        Objects.requireNonNull(best, "best");
        Objects.requireNonNull(metric, "metric");
        ranking = List.copyOf(ranking);
    }

    /**
     * Backtests every candidate and picks the best.
     *
     * @param series the series
     * @param candidates the models; at least one
     * @param config the backtest configuration
     * @param metric the metric to minimise
     * @return the selection
     * @throws IllegalArgumentException if there is no candidate, a candidate cannot be backtested, or the
     *     metric is undefined (NaN) for a candidate (e.g. MAPE with zero actual values)
     */
    public static ModelSelection select(
            TimeSeries series, List<? extends ForecastModel> candidates, BacktestConfig config, Metric metric) {
        Objects.requireNonNull(series, "series");
        Objects.requireNonNull(candidates, "candidates");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(metric, "metric");
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("candidates must not be empty");
        }
        List<BacktestResult> results = new ArrayList<>();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            BacktestResult r = Backtest.run(candidates.get(i), series, config);
            if (Double.isNaN(metric.of(r.accuracy()))) {
                throw new IllegalArgumentException(
                        metric + " is undefined for " + r.model() + " on this series; choose another metric");
            }
            results.add(r);
            order.add(i);
        }
        order.sort(Comparator.comparingDouble(i -> metric.of(results.get(i).accuracy())));
        List<BacktestResult> ranking = new ArrayList<>();
        for (int i : order) {
            ranking.add(results.get(i));
        }
        return new ModelSelection(candidates.get(order.get(0)), metric, ranking);
    }
}
