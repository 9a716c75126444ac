package dev.nines.capacity.forecast;

import java.util.BitSet;

/**
 * A forecasting method: {@link #fit} learns its parameters from a series and returns a
 * {@link FittedModel} that forecasts. Implementations are immutable and thread-safe; one model can
 * fit many series.
 *
 * <pre>{@code
 * ForecastModel model = ForecastModel.holtWinters(HoltWintersConfig.multiplicative(12));
 * FittedModel fit = model.fit(monthly);
 * Forecast next = fit.forecast(12);
 * }</pre>
 */
public interface ForecastModel {

    /**
     * Returns a short name, used in backtest results and model selection.
     *
     * @return the name
     */
    String name();

    /**
     * Fits the model to every point of {@code series}.
     *
     * @param series the training series; no missing points
     * @return the fitted model
     * @throws IllegalArgumentException if the series has missing points, is too short for the model,
     *     or has values the model cannot take (e.g. zero with multiplicative seasonality)
     */
    default FittedModel fit(TimeSeries series) {
        return fit(series, new BitSet());
    }

    /**
     * Fits the model ignoring the points whose index is set in {@code excluded} (past events, outages):
     * an excluded point contributes no error and the model's state moves through it as if the value
     * had been the model's own one-step forecast.
     *
     * @param series the training series; no missing points
     * @param excluded indices of points to ignore; not all of them
     * @return the fitted model
     * @throws IllegalArgumentException as {@link #fit(TimeSeries)}, or if too few points remain
     */
    FittedModel fit(TimeSeries series, BitSet excluded);

    /**
     * Returns simple exponential smoothing (level only), as R's
     * {@code HoltWinters(x, gamma = FALSE, beta = FALSE)}.
     *
     * @return the model
     */
    static HoltWinters simpleExponentialSmoothing() {
        return HoltWinters.of(HoltWintersConfig.simple());
    }

    /**
     * Returns Holt's linear trend method, as R's {@code HoltWinters(x, gamma = FALSE)}.
     *
     * @return the model
     */
    static HoltWinters holt() {
        return HoltWinters.of(HoltWintersConfig.holt());
    }

    /**
     * Returns a Holt-Winters model with the given configuration.
     *
     * @param config the configuration
     * @return the model
     */
    static HoltWinters holtWinters(HoltWintersConfig config) {
        return HoltWinters.of(config);
    }

    /**
     * Returns the seasonal naive baseline: every forecast repeats the value one period earlier.
     *
     * @param period the season length in steps, at least 1 (1 gives the naive random walk)
     * @return the model
     * @throws IllegalArgumentException if {@code period < 1}
     */
    static ForecastModel seasonalNaive(int period) {
        return new SeasonalNaiveModel(period);
    }

    /**
     * Returns the linear trend baseline: an ordinary least squares line through time.
     *
     * @return the model
     */
    static ForecastModel linearTrend() {
        return new LinearTrendModel();
    }
}
