package dev.nines.capacity.forecast;

/** An accuracy metric to rank models by in {@link ModelSelection}; lower is better for all of them. */
public enum Metric {
    /** Mean absolute error. */
    MAE,
    /** Root mean squared error. */
    RMSE,
    /** Mean absolute percentage error (undefined when an actual value is 0). */
    MAPE,
    /** Symmetric mean absolute percentage error. */
    SMAPE,
    /** Mean absolute scaled error. */
    MASE;

    /**
     * Reads this metric from an accuracy.
     *
     * @param accuracy the accuracy
     * @return the value, possibly NaN (see {@link Accuracy})
     */
    public double of(Accuracy accuracy) {
        return switch (this) {
            case MAE -> accuracy.mae();
            case RMSE -> accuracy.rmse();
            case MAPE -> accuracy.mapePercent();
            case SMAPE -> accuracy.smapePercent();
            case MASE -> accuracy.mase();
        };
    }
}
