package dev.nines.slo.report;

import java.time.Instant;
import java.util.Objects;

/**
 * One point of an error-budget burn-down: the share of the budget left at an instant.
 *
 * @param at the instant
 * @param remainingRatio the remaining budget, 1 untouched, 0 spent, negative overspent
 */
public record BudgetPoint(Instant at, double remainingRatio) {

    /**
     * Validates the point.
     *
     * @param at the instant
     * @param remainingRatio the remaining budget, finite
     */
    public BudgetPoint {
        Objects.requireNonNull(at, "at");
        if (!Double.isFinite(remainingRatio)) {
            throw new IllegalArgumentException("remainingRatio at " + at + " must be finite, was " + remainingRatio);
        }
    }
}
