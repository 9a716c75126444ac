package dev.nines.capacity.forecast;

import java.time.LocalDate;
import java.util.Objects;

/**
 * The forecast peak of one day or week.
 *
 * @param periodStart the first day of the period (the day itself, or the Monday of the week)
 * @param peak the point with the highest mean in the period, with its interval
 * @param highestUpper the highest interval upper bound in the period (to plan capacity against)
 */
public record Peak(LocalDate periodStart, ForecastPoint peak, double highestUpper) {

    /**
     * Checks the peak.
     *
     * @param periodStart the first day of the period (the day itself, or the Monday of the week)
     * @param peak the point with the highest mean in the period, with its interval
     * @param highestUpper the highest interval upper bound in the period (to plan capacity against)
     * @throws NullPointerException if a reference is null
     */
    public Peak {
        Objects.requireNonNull(periodStart, "periodStart");
        Objects.requireNonNull(peak, "peak");
    }
}
