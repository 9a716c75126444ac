package dev.nines.slo.alert;

import java.time.Duration;
import java.time.Instant;

/**
 * How many events a service is expected to record over an interval: the traffic forecast that
 * {@link NoDataWatch} consults before it calls a silence a monitoring gap (a quiet night is not
 * an outage of the exporter; a silent peak hour is).
 *
 * <p>Any forecast fits, e.g. the prediction interval of a capacity model
 * ({@code dev.nines.capacity.forecast}), summed over the interval; the lower bound of the interval
 * keeps false gaps rare:
 * <pre>{@code
 * TrafficExpectation fromForecast = (from, to) -> forecast.points().stream()
 *         .filter(p -> !p.time().isBefore(from) && p.time().isBefore(to))
 *         .mapToDouble(ForecastPoint::lower).sum();
 * }</pre>
 *
 * <p>Implementations must be thread-safe if the watch is checked from several threads, and cheap:
 * the watch calls it at most once per check.
 */
@FunctionalInterface
public interface TrafficExpectation {

    /**
     * Returns how many events the service is expected to record in {@code [from, to)}.
     *
     * @param from the start of the interval
     * @param to the end of the interval, after {@code from}
     * @return the expected number of events, not negative
     */
    double expectedEvents(Instant from, Instant to);

    /**
     * Returns a steady expectation of {@code eventsPerSecond} events every second.
     *
     * @param eventsPerSecond the rate, not negative and finite
     * @return the expectation
     * @throws IllegalArgumentException if the rate is negative or not finite
     */
    static TrafficExpectation steady(double eventsPerSecond) {
        if (!(eventsPerSecond >= 0) || Double.isInfinite(eventsPerSecond)) {
            throw new IllegalArgumentException(
                    "eventsPerSecond must be finite and not negative, was " + eventsPerSecond);
        }
        return (from, to) -> eventsPerSecond * Duration.between(from, to).toMillis() / 1000.0;
    }

    /**
     * Returns an expectation that repeats a daily profile: {@code eventsPerSecondByHour[h]} events
     * per second during hour {@code h} (UTC) of every day.
     *
     * @param eventsPerSecondByHour 24 rates, each finite and not negative
     * @return the expectation
     * @throws IllegalArgumentException if there are not 24 rates or one is negative or not finite
     */
    static TrafficExpectation dailyProfile(double... eventsPerSecondByHour) {
        if (eventsPerSecondByHour.length != 24) {
            throw new IllegalArgumentException(
                    "eventsPerSecondByHour must hold 24 rates, was " + eventsPerSecondByHour.length);
        }
        double[] rates = eventsPerSecondByHour.clone();
        for (int h = 0; h < 24; h++) {
            if (!(rates[h] >= 0) || Double.isInfinite(rates[h])) {
                throw new IllegalArgumentException(
                        "eventsPerSecondByHour[" + h + "] must be finite and not negative, was " + rates[h]);
            }
        }
        return (from, to) -> {
            long a = from.toEpochMilli();
            long b = to.toEpochMilli();
            double sum = 0;
            while (a < b) {
                long hourEnd = Math.floorDiv(a, 3_600_000L) * 3_600_000L + 3_600_000L;
                long end = Math.min(b, hourEnd);
                sum += rates[(int) Math.floorMod(Math.floorDiv(a, 3_600_000L), 24L)] * (end - a) / 1000.0;
                a = end;
            }
            return sum;
        };
    }
}
