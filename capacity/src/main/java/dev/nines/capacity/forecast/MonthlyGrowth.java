package dev.nines.capacity.forecast;

import java.time.YearMonth;
import java.util.Objects;

/**
 * The forecast growth of one calendar month over the previous one.
 *
 * @param month the month
 * @param meanForecast the mean of the point forecasts in the month
 * @param growthRatio {@code meanForecast / previous month's meanForecast - 1} (0.05 = +5%)
 */
public record MonthlyGrowth(YearMonth month, double meanForecast, double growthRatio) {

    /**
     * Checks the growth.
     *
     * @param month the month
     * @param meanForecast the mean of the point forecasts in the month
     * @param growthRatio {@code meanForecast / previous month's meanForecast - 1} (0.05 = +5%)
     * @throws NullPointerException if {@code month} is null
     */
    public MonthlyGrowth {
        Objects.requireNonNull(month, "month");
    }
}
