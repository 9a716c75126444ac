package dev.nines.capacity.scaling;

import java.time.Instant;

/**
 * The forecast input of predictive scaling: demand expected at an instant, with an upper bound.
 *
 * <p>Deliberately small so any forecaster (for example the one in {@code dev.nines.capacity.forecast})
 * can be adapted with a lambda. Implementations must be side-effect free and cheap enough to be
 * called a few dozen times per decision; they are called on the thread that calls
 * {@link Autoscaler#decide(int, MetricSnapshot)}.
 *
 * <pre>{@code
 * DemandForecast forecast = at -> new ForecastPoint(expectedRps(at), upperRps(at));
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
}
