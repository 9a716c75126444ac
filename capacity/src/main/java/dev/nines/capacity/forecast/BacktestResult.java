package dev.nines.capacity.forecast;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of a rolling-origin backtest of one model on one series.
 *
 * @param model the model's name
 * @param origins the number of forecast origins
 * @param accuracy the accuracy over every forecast step of every origin
 * @param maeByHorizon the MAE of the 1-step, 2-step, ... forecasts
 * @param intervalCoverageRatio the share of actual values inside their prediction interval, in [0, 1]
 */
public record BacktestResult(
        String model, int origins, Accuracy accuracy, List<Double> maeByHorizon, double intervalCoverageRatio) {

    /**
     * Checks and copies the result.
     *
     * @param model the model's name
     * @param origins the number of forecast origins
     * @param accuracy the accuracy over every forecast step of every origin
     * @param maeByHorizon the MAE of the 1-step, 2-step, ... forecasts
     * @param intervalCoverageRatio the share of actual values inside their prediction interval, in [0, 1]
     * @throws NullPointerException if a reference is null
     */
    public BacktestResult {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(accuracy, "accuracy");
        maeByHorizon = List.copyOf(maeByHorizon);
    }
}
