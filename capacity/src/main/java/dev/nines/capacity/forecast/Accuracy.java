package dev.nines.capacity.forecast;

import java.util.Objects;

/**
 * Forecast accuracy over a set of (actual, forecast) pairs.
 *
 * <p>MAPE and sMAPE are percentages (0..100 for sMAPE, 0..infinity for MAPE). MAPE is {@link Double#NaN}
 * when an actual value is 0 (it is undefined there); sMAPE counts a pair where actual and forecast are
 * both 0 as a 0% error. MASE divides the MAE by a scale, normally the in-sample MAE of the seasonal naive
 * one-step forecast ({@link #seasonalNaiveScale}); it is NaN when the scale is 0. Below 1 beats the
 * seasonal naive forecast.
 *
 * <pre>{@code
 * Accuracy a = Accuracy.of(actual, predicted, Accuracy.seasonalNaiveScale(training, 24));
 * a.mase();
 * }</pre>
 *
 * @param count the number of pairs
 * @param mae the mean absolute error
 * @param rmse the root mean squared error
 * @param mapePercent the mean absolute percentage error, in percent
 * @param smapePercent the symmetric mean absolute percentage error {@code mean(2|a-f| / (|a|+|f|))}, in percent
 * @param mase the mean absolute scaled error
 */
public record Accuracy(int count, double mae, double rmse, double mapePercent, double smapePercent, double mase) {

    /**
     * Computes every metric.
     *
     * @param actual the actual values
     * @param forecast the forecasts, same length
     * @param scale the MASE scale, finite and &gt;= 0
     * @return the accuracy
     * @throws IllegalArgumentException if the arrays are empty, differ in length or hold non-finite values,
     *     or the scale is negative or not finite
     */
    public static Accuracy of(double[] actual, double[] forecast, double scale) {
        Objects.requireNonNull(actual, "actual");
        Objects.requireNonNull(forecast, "forecast");
        if (actual.length != forecast.length) {
            throw new IllegalArgumentException(
                    "actual and forecast must have the same length, were " + actual.length + " and " + forecast.length);
        }
        if (actual.length == 0) {
            throw new IllegalArgumentException("actual must not be empty");
        }
        if (!Double.isFinite(scale) || scale < 0) {
            throw new IllegalArgumentException("scale must be a finite number >= 0, was " + scale);
        }
        double abs = 0;
        double sq = 0;
        double ape = 0;
        double sape = 0;
        boolean zeroActual = false;
        for (int i = 0; i < actual.length; i++) {
            double a = actual[i];
            double f = forecast[i];
            if (!Double.isFinite(a) || !Double.isFinite(f)) {
                throw new IllegalArgumentException(
                        "pair " + i + " must be finite, was actual " + a + ", forecast " + f);
            }
            double e = Math.abs(a - f);
            abs += e;
            sq += e * e;
            if (a == 0) {
                zeroActual = true;
            } else {
                ape += e / Math.abs(a);
            }
            double denominator = Math.abs(a) + Math.abs(f);
            if (denominator > 0) {
                sape += 2 * e / denominator;
            }
        }
        int n = actual.length;
        double mae = abs / n;
        return new Accuracy(
                n,
                mae,
                Math.sqrt(sq / n),
                zeroActual ? Double.NaN : 100 * ape / n,
                100 * sape / n,
                scale > 0 ? mae / scale : Double.NaN);
    }

    /**
     * Returns the in-sample MAE of the seasonal naive one-step forecast, {@code mean |y[t] - y[t - period]|}:
     * the usual MASE scale (Hyndman and Koehler, 2006).
     *
     * @param values the series, longer than {@code period}
     * @param period the season length, at least 1 (1 for the naive random walk)
     * @return the scale
     * @throws IllegalArgumentException if {@code values.length <= period} or {@code period < 1}
     */
    public static double seasonalNaiveScale(double[] values, int period) {
        Objects.requireNonNull(values, "values");
        if (period < 1) {
            throw new IllegalArgumentException("period must be at least 1, was " + period);
        }
        if (values.length <= period) {
            throw new IllegalArgumentException(
                    "values must be longer than period " + period + ", had " + values.length);
        }
        double sum = 0;
        for (int t = period; t < values.length; t++) {
            sum += Math.abs(values[t] - values[t - period]);
        }
        return sum / (values.length - period);
    }
}
