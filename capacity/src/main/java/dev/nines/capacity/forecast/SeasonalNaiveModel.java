package dev.nines.capacity.forecast;

import dev.nines.core.internal.Arguments;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Seasonal naive: the forecast for a step is the value one period earlier (the last observed season
 * repeated). Intervals: {@code sigma * sqrt(k + 1)} for the {@code k}-th repeat of the season, with
 * {@code sigma} the root mean square of the one-step errors.
 */
final class SeasonalNaiveModel implements ForecastModel {

    private final int period;

    SeasonalNaiveModel(int period) {
        this.period = Arguments.atLeast("period", period, 1);
    }

    @Override
    public String name() {
        return period == 1 ? "Naive" : "SeasonalNaive(period=" + period + ")";
    }

    @Override
    public FittedModel fit(TimeSeries series, BitSet excluded) {
        Objects.requireNonNull(series, "series");
        Objects.requireNonNull(excluded, "excluded");
        double[] x = Models.requireComplete(series, excluded);
        int n = x.length;
        if (n < period + 2) {
            throw new IllegalArgumentException(
                    "series must have at least " + (period + 2) + " points for " + name() + ", had " + n);
        }
        double[] clean = HoltWintersFilter.interpolateExcluded(x, excluded.get(0, period));
        double[] xhat = new double[n - period];
        double[] res = new double[n - period];
        double sse = 0;
        int kept = 0;
        for (int t = period; t < n; t++) {
            double forecast = clean[t - period];
            xhat[t - period] = forecast;
            if (excluded.get(t)) {
                clean[t] = forecast;
                res[t - period] = Double.NaN;
            } else {
                double e = x[t] - forecast;
                res[t - period] = e;
                sse += e * e;
                kept++;
            }
        }
        if (kept < 1) {
            throw new IllegalArgumentException("at least 1 one-step error must remain after exclusions");
        }
        double[] lastSeason = java.util.Arrays.copyOfRange(clean, n - period, n);
        double sigma = Math.sqrt(sse / kept);
        return new Fitted(name(), series, period, xhat, res, sse, sigma, lastSeason);
    }

    private static final class Fitted implements FittedModel {
        private final String name;
        private final TimeSeries series;
        private final TimeSeries fitted;
        private final TimeSeries residuals;
        private final double sse;
        private final double sigma;
        private final double[] lastSeason;

        Fitted(
                String name,
                TimeSeries series,
                int period,
                double[] xhat,
                double[] res,
                double sse,
                double sigma,
                double[] lastSeason) {
            this.name = name;
            this.series = series;
            this.fitted = TimeSeries.of(series.time(period), series.step(), xhat);
            this.residuals = TimeSeries.withMissing(series.time(period), series.step(), res);
            this.sse = sse;
            this.sigma = sigma;
            this.lastSeason = lastSeason;
        }

        @Override
        public String description() {
            return name;
        }

        @Override
        public Map<String, Double> parameters() {
            Map<String, Double> p = new LinkedHashMap<>();
            p.put("period", (double) lastSeason.length);
            p.put("sigma", sigma);
            return java.util.Collections.unmodifiableMap(p);
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
            int m = lastSeason.length;
            List<ForecastPoint> points = new ArrayList<>(horizon);
            long last = series.size() - 1L;
            for (int h = 1; h <= horizon; h++) {
                double mean = lastSeason[(h - 1) % m];
                int k = (h - 1) / m;
                double half = z * sigma * Math.sqrt(k + 1.0);
                points.add(new ForecastPoint(series.time(last + h), mean, mean - half, mean + half));
            }
            return new Forecast(name, level, points);
        }
    }
}
