package dev.nines.capacity.forecast;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Ordinary least squares line {@code value = intercept + slope * index} through the non-excluded points.
 * Fitted values are the line itself (not one-step-ahead forecasts); intervals are the regression
 * prediction intervals {@code sigma sqrt(1 + 1/n + (t - mean t)^2 / Sxx)} with the normal quantile.
 */
final class LinearTrendModel implements ForecastModel {

    @Override
    public String name() {
        return "LinearTrend";
    }

    @Override
    public FittedModel fit(TimeSeries series, BitSet excluded) {
        Objects.requireNonNull(series, "series");
        Objects.requireNonNull(excluded, "excluded");
        double[] x = Models.requireComplete(series, excluded);
        int n = 0;
        double meanT = 0;
        double meanY = 0;
        for (int t = 0; t < x.length; t++) {
            if (!excluded.get(t)) {
                n++;
                meanT += t;
                meanY += x[t];
            }
        }
        if (n < 3) {
            throw new IllegalArgumentException(
                    "series must have at least 3 points (not excluded) for LinearTrend, had " + n);
        }
        meanT /= n;
        meanY /= n;
        double sxx = 0;
        double sxy = 0;
        for (int t = 0; t < x.length; t++) {
            if (!excluded.get(t)) {
                sxx += (t - meanT) * (t - meanT);
                sxy += (t - meanT) * (x[t] - meanY);
            }
        }
        double slope = sxy / sxx;
        double intercept = meanY - slope * meanT;
        double[] line = new double[x.length];
        double[] res = new double[x.length];
        double sse = 0;
        for (int t = 0; t < x.length; t++) {
            line[t] = intercept + slope * t;
            if (excluded.get(t)) {
                res[t] = Double.NaN;
            } else {
                res[t] = x[t] - line[t];
                sse += res[t] * res[t];
            }
        }
        double sigma = Math.sqrt(sse / (n - 2));
        return new Fitted(series, intercept, slope, line, res, sse, sigma, n, meanT, sxx);
    }

    private static final class Fitted implements FittedModel {
        private final TimeSeries series;
        private final double intercept;
        private final double slope;
        private final TimeSeries fitted;
        private final TimeSeries residuals;
        private final double sse;
        private final double sigma;
        private final int n;
        private final double meanT;
        private final double sxx;

        Fitted(
                TimeSeries series,
                double intercept,
                double slope,
                double[] line,
                double[] res,
                double sse,
                double sigma,
                int n,
                double meanT,
                double sxx) {
            this.series = series;
            this.intercept = intercept;
            this.slope = slope;
            this.fitted = TimeSeries.of(series.start(), series.step(), line);
            this.residuals = TimeSeries.withMissing(series.start(), series.step(), res);
            this.sse = sse;
            this.sigma = sigma;
            this.n = n;
            this.meanT = meanT;
            this.sxx = sxx;
        }

        @Override
        public String description() {
            return "LinearTrend";
        }

        @Override
        public Map<String, Double> parameters() {
            Map<String, Double> p = new LinkedHashMap<>();
            p.put("intercept", intercept);
            p.put("slope", slope);
            p.put("sigma", sigma);
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

        @Override
        public Forecast forecast(int horizon, double level) {
            Models.checkHorizon(horizon);
            double z = Normal.intervalMultiplier(level);
            List<ForecastPoint> points = new ArrayList<>(horizon);
            long last = series.size() - 1L;
            for (int h = 1; h <= horizon; h++) {
                double t = last + h;
                double mean = intercept + slope * t;
                double half = z * sigma * Math.sqrt(1 + 1.0 / n + (t - meanT) * (t - meanT) / sxx);
                points.add(new ForecastPoint(series.time(last + h), mean, mean - half, mean + half));
            }
            return new Forecast("LinearTrend", level, points);
        }
    }
}
