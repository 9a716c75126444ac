package dev.nines.capacity.scaling;

import dev.nines.capacity.forecast.Forecast;
import dev.nines.capacity.forecast.ForecastPoint;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The forecast input of predictive scaling: demand expected at an instant, as a
 * {@link ForecastPoint} (mean and prediction interval) of {@code dev.nines.capacity.forecast}, in the
 * caller's demand unit (requests per second, messages per second, ...). The autoscaler sizes for the
 * point's {@link ForecastPoint#upper() upper} bound; a negative bound needs no replicas.
 *
 * <p>{@link #of(Forecast)} adapts a fitted model's {@link Forecast}; any other forecaster can be
 * adapted with a lambda. Implementations must be side-effect free and cheap enough to be called a
 * few dozen times per decision; they are called on the thread that calls
 * {@link Autoscaler#decide(int, MetricSnapshot)}.
 *
 * <pre>{@code
 * Forecast next = HoltWinters.of(HoltWintersConfig.additive(24)).fit(hourlyRps).forecast(48, 0.95);
 * Autoscaler hpa = Autoscaler.of("checkout", config, DemandForecast.of(next), time);
 *
 * DemandForecast flat = at -> new ForecastPoint(at, 900, 800, 1200);
 * }</pre>
 */
@FunctionalInterface
public interface DemandForecast {

    /**
     * Returns the forecast demand at an instant.
     *
     * @param at the instant, not null
     * @return the forecast, not null
     */
    ForecastPoint at(Instant at);

    /**
     * Adapts a {@link Forecast}: between two of its points, mean and bounds are interpolated linearly
     * in time; before its first point the first point's values hold, after its last point the last
     * point's values hold (refit and adapt a new forecast before it runs out: the autoscaler looks
     * ahead by its warm-up time). The returned point carries the asked instant. Immutable and
     * thread-safe.
     *
     * @param forecast the forecast, its points in strictly increasing time order
     * @return the demand forecast
     * @throws IllegalArgumentException if two points are not in strictly increasing time order
     */
    static DemandForecast of(Forecast forecast) {
        Objects.requireNonNull(forecast, "forecast");
        List<ForecastPoint> points = forecast.points();
        for (int i = 1; i < points.size(); i++) {
            if (!points.get(i).time().isAfter(points.get(i - 1).time())) {
                throw new IllegalArgumentException("forecast points must be in strictly increasing time order, was "
                        + points.get(i - 1).time() + " then " + points.get(i).time() + " at index " + i);
            }
        }
        return at -> interpolate(points, Objects.requireNonNull(at, "at"));
    }

    private static ForecastPoint interpolate(List<ForecastPoint> points, Instant at) {
        ForecastPoint first = points.get(0);
        ForecastPoint last = points.get(points.size() - 1);
        if (!at.isAfter(first.time())) {
            return new ForecastPoint(at, first.mean(), first.lower(), first.upper());
        }
        if (!at.isBefore(last.time())) {
            return new ForecastPoint(at, last.mean(), last.lower(), last.upper());
        }
        int lo = 0;
        int hi = points.size() - 1;
        while (hi - lo > 1) { // invariant: points[lo].time < at < points[hi].time, or equal to one of them
            int mid = (lo + hi) >>> 1;
            if (points.get(mid).time().isAfter(at)) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        ForecastPoint a = points.get(lo);
        ForecastPoint b = points.get(hi);
        double span = java.time.Duration.between(a.time(), b.time()).toNanos();
        double w = java.time.Duration.between(a.time(), at).toNanos() / span;
        double mean = a.mean() + w * (b.mean() - a.mean());
        double lower = Math.min(mean, a.lower() + w * (b.lower() - a.lower()));
        double upper = Math.max(mean, a.upper() + w * (b.upper() - a.upper()));
        return new ForecastPoint(at, mean, lower, upper);
    }
}
