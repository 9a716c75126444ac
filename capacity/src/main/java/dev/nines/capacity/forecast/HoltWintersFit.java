package dev.nines.capacity.forecast;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fitted {@link HoltWinters} model: smoothing parameters, final states (R's {@code coefficients}),
 * in-sample one-step errors, and forecasts with R's prediction intervals. Immutable and thread-safe.
 *
 * <pre>{@code
 * HoltWintersFit fit = ForecastModel.holtWinters(HoltWintersConfig.additive(168)).fit(hourly);
 * Forecast week = fit.forecast(168);
 * }</pre>
 */
public final class HoltWintersFit implements FittedModel {

    private final String description;
    private final HoltWintersConfig config;
    private final TimeSeries series;
    private final double alpha;
    private final double beta;
    private final double gamma;
    private final double sse;
    private final double level;
    private final double trend;
    private final double[] seasonals;
    private final TimeSeries fitted;
    private final TimeSeries residuals;
    private final double residualVariance;
    private final int evaluations;
    private final boolean converged;

    HoltWintersFit(
            String description,
            HoltWintersConfig config,
            TimeSeries series,
            BitSet excluded,
            HoltWintersFilter filter,
            double alpha,
            double beta,
            double gamma,
            double sse,
            int evaluations,
            boolean converged) {
        this.description = description;
        this.config = config;
        this.series = series;
        this.alpha = alpha;
        this.beta = config.hasTrend() ? beta : 0;
        this.gamma = config.seasonality() != Seasonality.NONE ? gamma : 0;
        this.sse = sse;
        this.evaluations = evaluations;
        this.converged = converged;
        int len = filter.len;
        this.level = filter.level[len];
        this.trend = config.hasTrend() ? filter.slope[len] : 0;
        if (config.seasonality() != Seasonality.NONE) {
            this.seasonals = java.util.Arrays.copyOfRange(filter.season, len, len + filter.period);
        } else {
            this.seasonals = new double[0];
        }
        double[] xhat = filter.xhat.clone();
        double[] res = new double[len];
        for (int i = 0; i < len; i++) {
            int t = filter.start + i;
            res[i] = excluded.get(t) ? Double.NaN : filter.x[t] - xhat[i];
        }
        this.fitted = TimeSeries.of(series.time(filter.start), series.step(), xhat);
        this.residuals = TimeSeries.withMissing(series.time(filter.start), series.step(), res);
        this.residualVariance = Models.sampleVariance(res);
    }

    /**
     * Returns alpha, the level smoothing parameter.
     *
     * @return alpha in [0, 1]
     */
    public double alpha() {
        return alpha;
    }

    /**
     * Returns beta, the trend smoothing parameter (0 without a trend).
     *
     * @return beta in [0, 1]
     */
    public double beta() {
        return beta;
    }

    /**
     * Returns gamma, the seasonal smoothing parameter (0 without seasonality).
     *
     * @return gamma in [0, 1]
     */
    public double gamma() {
        return gamma;
    }

    /**
     * Returns the level at the end of the series (R's coefficient {@code a}).
     *
     * @return the level
     */
    public double level() {
        return level;
    }

    /**
     * Returns the trend per step at the end of the series (R's coefficient {@code b}; 0 without a trend).
     *
     * @return the trend
     */
    public double trend() {
        return trend;
    }

    /**
     * Returns the seasonal factors for the next {@code period} steps, starting with the step after the
     * end of the series (R's coefficients {@code s1 ... sp}); empty without seasonality.
     *
     * @return a copy of the seasonal factors
     */
    public double[] seasonals() {
        return seasonals.clone();
    }

    /**
     * Returns the configuration the model was fitted with.
     *
     * @return the configuration
     */
    public HoltWintersConfig config() {
        return config;
    }

    /**
     * Returns how many times the optimiser evaluated the SSE (0 when every parameter was fixed).
     *
     * @return the number of evaluations
     */
    public int optimizerEvaluations() {
        return evaluations;
    }

    /**
     * Tells whether the optimiser stopped on its convergence test rather than its iteration limit.
     *
     * @return true if converged
     */
    public boolean converged() {
        return converged;
    }

    /**
     * Returns the sample variance of the one-step errors (denominator {@code n - 1}), as R's
     * {@code var(residuals(fit))}.
     *
     * @return the variance
     */
    public double residualVariance() {
        return residualVariance;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public Map<String, Double> parameters() {
        Map<String, Double> p = new LinkedHashMap<>();
        p.put("alpha", alpha);
        if (config.hasTrend()) {
            p.put("beta", beta);
        }
        if (config.seasonality() != Seasonality.NONE) {
            p.put("gamma", gamma);
        }
        p.put("level", level);
        if (config.hasTrend()) {
            p.put("trend", trend);
        }
        for (int i = 0; i < seasonals.length; i++) {
            p.put("season" + (i + 1), seasonals[i]);
        }
        return Collections.unmodifiableMap(p);
    }

    @Override
    public TimeSeries series() {
        return series;
    }

    @Override
    public TimeSeries fitted() {
        return fitted;
    }

    @Override
    public TimeSeries residuals() {
        return residuals;
    }

    @Override
    public double sse() {
        return sse;
    }

    /**
     * Returns the point forecast {@code h} steps after the end of the series.
     *
     * @param h at least 1
     * @return {@code (level + h * trend)} plus or times the seasonal factor of that step
     * @throws IllegalArgumentException if {@code h < 1}
     */
    public double pointForecast(int h) {
        Models.checkHorizon(h);
        double base = level + h * trend;
        return switch (config.seasonality()) {
            case NONE -> base;
            case ADDITIVE -> base + seasonals[(h - 1) % seasonals.length];
            case MULTIPLICATIVE -> base * seasonals[(h - 1) % seasonals.length];
        };
    }

    /**
     * Returns the forecast variance {@code h} steps ahead by R's {@code predict.HoltWinters} formula
     * (see {@link HoltWinters} for the one place we differ).
     *
     * @param h at least 1
     * @return the variance
     * @throws IllegalArgumentException if {@code h < 1}
     */
    public double forecastVariance(int h) {
        Models.checkHorizon(h);
        int f = Math.max(1, seasonals.length);
        if (config.seasonality() != Seasonality.MULTIPLICATIVE) {
            double sum = 1;
            for (int j = 1; j < h; j++) {
                double p = psi(j, f);
                sum += p * p;
            }
            return residualVariance * sum;
        }
        int rel = 1 + (h - 1) % f;
        double sum = 0;
        for (int j = 0; j < h; j++) {
            int other = Math.floorMod(rel - j, f);
            double ratio = seasonals[rel - 1] / seasonals[(other == 0 ? f : other) - 1];
            double term = psi(j, f) * ratio;
            sum += term * term;
        }
        return residualVariance * sum;
    }

    private double psi(int j, int f) {
        return alpha * (1 + j * beta) + (j % f == 0 ? gamma * (1 - alpha) : 0);
    }

    @Override
    public Forecast forecast(int horizon, double level) {
        Models.checkHorizon(horizon);
        double z = Normal.intervalMultiplier(level);
        List<ForecastPoint> points = new ArrayList<>(horizon);
        long last = series.size() - 1L;
        for (int h = 1; h <= horizon; h++) {
            double mean = pointForecast(h);
            double half = z * Math.sqrt(forecastVariance(h));
            points.add(new ForecastPoint(series.time(last + h), mean, mean - half, mean + half));
        }
        return new Forecast(description, level, points);
    }

    @Override
    public String toString() {
        return description + "[alpha=" + alpha + ", beta=" + beta + ", gamma=" + gamma + ", sse=" + sse + "]";
    }
}
