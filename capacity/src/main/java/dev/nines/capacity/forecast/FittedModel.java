package dev.nines.capacity.forecast;

import java.util.Map;

/**
 * A model fitted to a series: its parameters, its in-sample one-step errors, and forecasts from the
 * end of the series. Immutable and thread-safe.
 */
public interface FittedModel {

    /**
     * Returns a short description of the model, e.g. {@code "HoltWinters(multiplicative, period=12)"}.
     *
     * @return the description
     */
    String description();

    /**
     * Returns the fitted parameters by name, in a stable order (e.g. alpha, beta, gamma, then the final
     * level, trend and seasonal states).
     *
     * @return the parameters
     */
    Map<String, Double> parameters();

    /**
     * Returns the series the model was fitted to.
     *
     * @return the training series
     */
    TimeSeries series();

    /**
     * Returns the in-sample one-step-ahead forecasts (the fitted values). They start at the first point
     * the model can predict (e.g. after the first season for Holt-Winters).
     *
     * @return the fitted values, aligned to the training series' instants
     */
    TimeSeries fitted();

    /**
     * Returns the in-sample one-step errors {@code actual - fitted}, aligned like {@link #fitted()}.
     * Points excluded from fitting (events) are marked missing.
     *
     * @return the residuals
     */
    TimeSeries residuals();

    /**
     * Returns the sum of squared one-step errors: the objective the parameters minimise.
     *
     * @return the SSE
     */
    double sse();

    /**
     * Forecasts {@code horizon} steps with 95% prediction intervals.
     *
     * @param horizon the number of steps, at least 1
     * @return the forecast
     * @throws IllegalArgumentException if {@code horizon < 1}
     */
    default Forecast forecast(int horizon) {
        return forecast(horizon, 0.95);
    }

    /**
     * Forecasts {@code horizon} steps with prediction intervals at {@code level}.
     *
     * @param horizon the number of steps, at least 1
     * @param level the interval coverage probability, in (0, 1)
     * @return the forecast
     * @throws IllegalArgumentException if {@code horizon < 1} or {@code level} is outside (0, 1)
     */
    Forecast forecast(int horizon, double level);
}
