package dev.nines.capacity.forecast;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The capacity questions asked of a forecast: the peak of each day or week, the growth from month to
 * month, and when a threshold is crossed. Stateless and thread-safe.
 *
 * <pre>{@code
 * Forecast f = fit.forecast(24 * 90);
 * List<Peak> daily = ForecastQuestions.dailyPeaks(f, ZoneOffset.UTC);
 * ThresholdCrossing c = ForecastQuestions.thresholdCrossing(f, 12_000);  // e.g. requests/s one cluster serves
 * }</pre>
 */
public final class ForecastQuestions {

    private ForecastQuestions() {}

    /**
     * Returns the peak of each calendar day in {@code zone} that the forecast touches, in time order.
     *
     * @param forecast the forecast
     * @param zone the time zone that defines days
     * @return one peak per day
     */
    public static List<Peak> dailyPeaks(Forecast forecast, ZoneId zone) {
        Objects.requireNonNull(zone, "zone");
        return peaks(forecast, t -> t.atZone(zone).toLocalDate());
    }

    /**
     * Returns the peak of each ISO week (Monday to Sunday) in {@code zone} that the forecast touches.
     *
     * @param forecast the forecast
     * @param zone the time zone that defines days
     * @return one peak per week, keyed by its Monday
     */
    public static List<Peak> weeklyPeaks(Forecast forecast, ZoneId zone) {
        Objects.requireNonNull(zone, "zone");
        return peaks(
                forecast, t -> t.atZone(zone).toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)));
    }

    private static List<Peak> peaks(Forecast forecast, Function<Instant, LocalDate> period) {
        Objects.requireNonNull(forecast, "forecast");
        Map<LocalDate, ForecastPoint> best = new LinkedHashMap<>();
        Map<LocalDate, Double> upper = new LinkedHashMap<>();
        for (ForecastPoint p : forecast.points()) {
            LocalDate key = period.apply(p.time());
            ForecastPoint current = best.get(key);
            if (current == null || p.mean() > current.mean()) {
                best.put(key, p);
            }
            upper.merge(key, p.upper(), Math::max);
        }
        List<Peak> out = new ArrayList<>(best.size());
        best.forEach((day, p) -> out.add(new Peak(day, p, Objects.requireNonNull(upper.get(day), "upper"))));
        return out;
    }

    /**
     * Returns the growth of each complete calendar month in {@code zone} over the previous complete month,
     * using the mean point forecast of each month. A month is complete when the forecast covers all its
     * steps (the step is the distance between the first two points); partial months would mix the
     * season into the growth.
     *
     * @param forecast the forecast, at least two points
     * @param zone the time zone that defines months
     * @return the growth of the second and later complete months, in order
     * @throws IllegalArgumentException if the forecast has fewer than two points
     */
    public static List<MonthlyGrowth> monthlyGrowth(Forecast forecast, ZoneId zone) {
        Objects.requireNonNull(forecast, "forecast");
        Objects.requireNonNull(zone, "zone");
        if (forecast.horizon() < 2) {
            throw new IllegalArgumentException("forecast must have at least 2 points, had " + forecast.horizon());
        }
        Duration step =
                Duration.between(forecast.step(1).time(), forecast.step(2).time());
        Instant first = forecast.step(1).time();
        Instant endExclusive = forecast.step(forecast.horizon()).time().plus(step);
        Map<YearMonth, double[]> sums = new LinkedHashMap<>();
        for (ForecastPoint p : forecast.points()) {
            double[] acc = sums.computeIfAbsent(YearMonth.from(p.time().atZone(zone)), m -> new double[2]);
            acc[0] += p.mean();
            acc[1]++;
        }
        List<MonthlyGrowth> out = new ArrayList<>();
        double previous = Double.NaN;
        for (Map.Entry<YearMonth, double[]> e : sums.entrySet()) {
            YearMonth month = e.getKey();
            Instant monthStart = month.atDay(1).atStartOfDay(zone).toInstant();
            Instant monthEnd = month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant();
            boolean complete = !first.isAfter(monthStart) && !endExclusive.isBefore(monthEnd);
            if (!complete) {
                previous = Double.NaN;
                continue;
            }
            double mean = e.getValue()[0] / e.getValue()[1];
            if (!Double.isNaN(previous)) {
                out.add(new MonthlyGrowth(month, mean, mean / previous - 1));
            }
            previous = mean;
        }
        return out;
    }

    /**
     * Returns when the forecast first reaches {@code threshold}, with the early date (upper bound) and
     * the late date (lower bound).
     *
     * @param forecast the forecast
     * @param threshold the capacity threshold, finite
     * @return the crossing
     * @throws IllegalArgumentException if {@code threshold} is not finite
     */
    public static ThresholdCrossing thresholdCrossing(Forecast forecast, double threshold) {
        Objects.requireNonNull(forecast, "forecast");
        if (!Double.isFinite(threshold)) {
            throw new IllegalArgumentException("threshold must be finite, was " + threshold);
        }
        Optional<Instant> earliest = Optional.empty();
        Optional<Instant> expected = Optional.empty();
        Optional<Instant> latest = Optional.empty();
        for (ForecastPoint p : forecast.points()) {
            if (earliest.isEmpty() && p.upper() >= threshold) {
                earliest = Optional.of(p.time());
            }
            if (expected.isEmpty() && p.mean() >= threshold) {
                expected = Optional.of(p.time());
            }
            if (latest.isEmpty() && p.lower() >= threshold) {
                latest = Optional.of(p.time());
                break;
            }
        }
        return new ThresholdCrossing(threshold, earliest, expected, latest);
    }
}
