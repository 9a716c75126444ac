package dev.nines.capacity.forecast;

import java.util.List;
import java.util.Objects;

/**
 * Point forecasts with prediction intervals for consecutive future steps. Immutable.
 *
 * <pre>{@code
 * Forecast f = fit.forecast(24 * 7, 0.95);
 * double peak = f.points().stream().mapToDouble(ForecastPoint::upper).max().orElseThrow();
 * }</pre>
 *
 * @param model a description of the model that produced it
 * @param level the probability that an interval covers the actual value, in (0, 1)
 * @param points one point per step, in time order; not empty
 */
public record Forecast(String model, double level, List<ForecastPoint> points) {

    /**
     * Checks and copies the forecast.
     *
     * @param model a description of the model that produced it
     * @param level the probability that an interval covers the actual value, in (0, 1)
     * @param points one point per step, in time order; not empty
     * @throws IllegalArgumentException if {@code points} is empty or {@code level} is outside (0, 1)
     */
    public Forecast {
        Objects.requireNonNull(model, "model");
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("level must be in (0, 1), was " + level);
        }
        points = List.copyOf(points);
        if (points.isEmpty()) {
            throw new IllegalArgumentException("points must not be empty");
        }
    }

    /**
     * Returns the number of steps.
     *
     * @return the horizon
     */
    public int horizon() {
        return points.size();
    }

    /**
     * Returns the point for step {@code h} (1-based, as forecasters count).
     *
     * @param h from 1 to {@link #horizon()}
     * @return the point
     * @throws IndexOutOfBoundsException if {@code h} is out of range
     */
    public ForecastPoint step(int h) {
        return points.get(h - 1);
    }

    /**
     * Returns the point forecasts as an array.
     *
     * @return the means, one per step
     */
    public double[] means() {
        double[] out = new double[points.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = points.get(i).mean();
        }
        return out;
    }
}
