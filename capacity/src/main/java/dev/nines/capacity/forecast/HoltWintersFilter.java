package dev.nines.capacity.forecast;

import java.util.BitSet;

/**
 * The Holt-Winters recursions and start values, following R's {@code stats::HoltWinters} (C routine
 * {@code HoltWinters} and the R code around it, R 4.2):
 * <ul>
 *   <li>simple exponential smoothing: level starts at {@code x[0]}, the first one-step error is at {@code x[1]};
 *   <li>Holt: level {@code x[1]}, trend {@code x[1] - x[0]}, first error at {@code x[2]};
 *   <li>seasonal: {@code decompose()} of the first {@code startPeriods * period} points (centred moving
 *       average, seasonal figure = mean detrended value per position, normalised to sum 0 or mean 1);
 *       level and trend are the intercept and slope of a least-squares line through the moving
 *       average against 1, 2, ...; the season starts from the figure; first error at {@code x[period]}.
 * </ul>
 * Not thread-safe: it reuses its state arrays across runs.
 */
final class HoltWintersFilter {

    final double[] x;
    final int n;
    final int period;
    final boolean trend;
    final boolean seasonal;
    final boolean multiplicative;
    final int start;
    final int len;
    final BitSet excluded;
    final double level0;
    final double trend0;
    final double[] season0;

    final double[] level;
    final double[] slope;
    final double[] season;
    final double[] xhat;

    HoltWintersFilter(double[] x, HoltWintersConfig config, BitSet excluded) {
        this.x = x;
        this.n = x.length;
        this.trend = config.hasTrend();
        this.seasonal = config.seasonality() != Seasonality.NONE;
        this.multiplicative = config.seasonality() == Seasonality.MULTIPLICATIVE;
        this.period = seasonal ? config.period() : 1;
        this.excluded = excluded;
        double[] init = interpolateExcluded(x, excluded);
        if (!seasonal) {
            this.start = trend ? 2 : 1;
            this.level0 = trend ? init[1] : init[0];
            this.trend0 = trend ? init[1] - init[0] : 0;
            this.season0 = new double[0];
        } else {
            this.start = period;
            int window = config.startPeriods() * period;
            double[] movingAverage = centredMovingAverage(init, window, period);
            double[] figure = seasonalFigure(init, movingAverage, window, period, multiplicative);
            double[] line = regressOnIndex(movingAverage);
            this.level0 = line[0];
            this.trend0 = trend ? line[1] : 0;
            this.season0 = figure;
        }
        this.len = n - start;
        this.level = new double[len + 1];
        this.slope = new double[len + 1];
        this.season = new double[len + period];
        this.xhat = new double[len];
    }

    /** Runs the recursions with the given parameters and returns the SSE of the non-excluded one-step errors. */
    double run(double alpha, double beta, double gamma) {
        double a = Math.max(0, Math.min(1, alpha));
        double b = trend ? Math.max(0, Math.min(1, beta)) : 0;
        double g = seasonal ? Math.max(0, Math.min(1, gamma)) : 0;
        double[] lv = level;
        double[] tr = slope;
        double[] se = season;
        lv[0] = level0;
        tr[0] = trend0;
        if (seasonal) {
            System.arraycopy(season0, 0, se, 0, period);
        }
        double neutral = multiplicative ? 1 : 0;
        boolean anyExcluded = !excluded.isEmpty();
        double sse = 0;
        for (int i = start; i < n; i++) {
            int i0 = i - start + 1;
            int s0 = i0 + period - 1;
            double st = seasonal ? se[s0 - period] : neutral;
            double base = lv[i0 - 1] + tr[i0 - 1];
            double forecast = multiplicative ? base * st : base + st;
            xhat[i0 - 1] = forecast;
            double xi = x[i];
            if (anyExcluded && excluded.get(i)) {
                xi = forecast;
            } else {
                double res = xi - forecast;
                sse += res * res;
            }
            double newLevel = multiplicative ? a * (xi / st) + (1 - a) * base : a * (xi - st) + (1 - a) * base;
            lv[i0] = newLevel;
            if (trend) {
                tr[i0] = b * (newLevel - lv[i0 - 1]) + (1 - b) * tr[i0 - 1];
            }
            if (seasonal) {
                se[s0] = multiplicative ? g * (xi / newLevel) + (1 - g) * st : g * (xi - newLevel) + (1 - g) * st;
            }
        }
        return sse;
    }

    /** R's decompose(): centred moving average over the first {@code window} points, NaN where undefined. */
    static double[] centredMovingAverage(double[] x, int window, int period) {
        double[] ma = new double[window];
        java.util.Arrays.fill(ma, Double.NaN);
        int half = period / 2;
        boolean even = period % 2 == 0;
        for (int t = half; t + half < window; t++) {
            double sum = 0;
            for (int j = -half; j <= half; j++) {
                double w = even && (j == -half || j == half) ? 0.5 : 1;
                sum += w * x[t + j];
            }
            ma[t] = sum / period;
        }
        return ma;
    }

    /** R's decompose() seasonal figure: mean detrended value per position, centred (additive) or normalised (multiplicative). */
    static double[] seasonalFigure(double[] x, double[] ma, int window, int period, boolean multiplicative) {
        double[] figure = new double[period];
        for (int i = 0; i < period; i++) {
            double sum = 0;
            int count = 0;
            for (int t = i; t < window; t += period) {
                if (!Double.isNaN(ma[t])) {
                    sum += multiplicative ? x[t] / ma[t] : x[t] - ma[t];
                    count++;
                }
            }
            figure[i] = sum / count;
        }
        double mean = 0;
        for (double v : figure) {
            mean += v;
        }
        mean /= period;
        for (int i = 0; i < period; i++) {
            figure[i] = multiplicative ? figure[i] / mean : figure[i] - mean;
        }
        return figure;
    }

    /** Least-squares line through the defined moving-average values against 1, 2, ...: {intercept, slope}. */
    static double[] regressOnIndex(double[] ma) {
        int m = 0;
        double sumT = 0;
        double sumY = 0;
        for (double v : ma) {
            if (!Double.isNaN(v)) {
                m++;
                sumT += m;
                sumY += v;
            }
        }
        double meanT = sumT / m;
        double meanY = sumY / m;
        double sxy = 0;
        double sxx = 0;
        int t = 0;
        for (double v : ma) {
            if (!Double.isNaN(v)) {
                t++;
                sxy += (t - meanT) * (v - meanY);
                sxx += (t - meanT) * (t - meanT);
            }
        }
        double slope = sxx == 0 ? 0 : sxy / sxx;
        return new double[] {meanY - slope * meanT, slope};
    }

    /** Replaces excluded points by linear interpolation between kept neighbours (for start values only). */
    static double[] interpolateExcluded(double[] x, BitSet excluded) {
        if (excluded.isEmpty()) {
            return x;
        }
        double[] out = x.clone();
        int n = x.length;
        int i = excluded.nextSetBit(0);
        while (i >= 0 && i < n) {
            int end = excluded.nextClearBit(i);
            int left = i - 1;
            int right = Math.min(end, n);
            for (int k = i; k < right; k++) {
                if (left < 0) {
                    out[k] = right < n ? x[right] : x[k];
                } else if (right >= n) {
                    out[k] = x[left];
                } else {
                    double w = (double) (k - left) / (right - left);
                    out[k] = x[left] + w * (x[right] - x[left]);
                }
            }
            i = excluded.nextSetBit(end);
        }
        return out;
    }
}
