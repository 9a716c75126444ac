package dev.nines.capacity.forecast;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Rolling-origin backtesting (time-series cross-validation): fit on the first {@code initialWindow}
 * points, forecast {@code horizon} steps, compare with what happened, move the origin by {@code step}
 * and repeat while a full horizon remains. Stateless and thread-safe.
 *
 * <p>Errors of every origin and step are pooled; MASE divides the pooled MAE by one scale for the whole
 * backtest: the MAE of the one-step seasonal naive forecast ({@code y[t - seasonalPeriod]}) over the
 * points the backtest forecasts, from the first origin on ({@link Accuracy#seasonalNaiveScale} of that
 * stretch). MASE thus compares the model with the seasonal naive forecast on the same points, and the
 * seasonal naive model backtested with horizon 1 and step 1 scores exactly 1.
 *
 * <pre>{@code
 * BacktestResult r = Backtest.run(ForecastModel.seasonalNaive(24), hourly,
 *         BacktestConfig.builder().initialWindow(24 * 14).horizon(24).step(24).seasonalPeriod(24).build());
 * }</pre>
 */
public final class Backtest {

    private Backtest() {}

    /**
     * Backtests {@code model} on {@code series}.
     *
     * @param model the model
     * @param series the series; no missing points
     * @param config the backtest configuration
     * @return the pooled accuracy, per-horizon MAE and interval coverage
     * @throws IllegalArgumentException if no origin fits ({@code initialWindow + horizon > size}), the series
     *     is not longer than the seasonal period, or the model cannot fit a training window (the first
     *     window must be long enough for the model, e.g. two seasons for Holt-Winters)
     */
    public static BacktestResult run(ForecastModel model, TimeSeries series, BacktestConfig config) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(series, "series");
        Objects.requireNonNull(config, "config");
        double[] x = Models.requireComplete(series, new java.util.BitSet());
        int n = x.length;
        int horizon = config.horizon();
        if (config.initialWindow() + horizon > n) {
            throw new IllegalArgumentException("initialWindow + horizon must be at most the series size " + n + ", was "
                    + config.initialWindow() + " + " + horizon);
        }
        int m = config.seasonalPeriod();
        int from = Math.max(m, config.initialWindow());
        if (from >= n) {
            throw new IllegalArgumentException("series must be longer than seasonalPeriod " + m + " and initialWindow "
                    + config.initialWindow() + ", had " + n);
        }
        double scale = Accuracy.seasonalNaiveScale(java.util.Arrays.copyOfRange(x, from - m, n), m);
        List<Double> actual = new ArrayList<>();
        List<Double> predicted = new ArrayList<>();
        double[] absByHorizon = new double[horizon];
        int origins = 0;
        int covered = 0;
        for (int origin = config.initialWindow(); origin + horizon <= n; origin += config.step()) {
            FittedModel fit = model.fit(series.slice(0, origin));
            Forecast f = fit.forecast(horizon, config.level());
            for (int h = 1; h <= horizon; h++) {
                double a = x[origin + h - 1];
                ForecastPoint p = f.step(h);
                actual.add(a);
                predicted.add(p.mean());
                absByHorizon[h - 1] += Math.abs(a - p.mean());
                if (p.contains(a)) {
                    covered++;
                }
            }
            origins++;
        }
        double[] a = actual.stream().mapToDouble(Double::doubleValue).toArray();
        double[] p = predicted.stream().mapToDouble(Double::doubleValue).toArray();
        List<Double> maeByHorizon = new ArrayList<>(horizon);
        for (double v : absByHorizon) {
            maeByHorizon.add(v / origins);
        }
        return new BacktestResult(
                model.name(), origins, Accuracy.of(a, p, scale), maeByHorizon, (double) covered / a.length);
    }
}
