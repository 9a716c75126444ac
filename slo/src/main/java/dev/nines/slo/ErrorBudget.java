package dev.nines.slo;

/**
 * The error budget of an SLO over its current window. Units are events for
 * {@link Budgeting#occurrences()} and slices for {@link Budgeting#timeslices}.
 *
 * <p>{@code allowed = (1 - objective) x counted units}; {@code consumed} is the number of bad
 * units; {@code remaining = allowed - consumed} (negative once the budget is overspent).
 * {@code consumedRatio = consumed / allowed} (0 when nothing is allowed yet) and
 * {@code remainingRatio = 1 - consumedRatio} (negative once overspent).
 *
 * @param allowed the units the objective allows to be bad so far
 * @param consumed the bad units
 * @param remaining {@code allowed - consumed}
 * @param consumedRatio {@code consumed / allowed}
 * @param remainingRatio {@code 1 - consumedRatio}
 */
public record ErrorBudget(
        double allowed, double consumed, double remaining, double consumedRatio, double remainingRatio) {

    static ErrorBudget of(double objective, double units, double badUnits) {
        double allowed = (1.0 - objective) * units;
        double consumedRatio = allowed > 0 ? badUnits / allowed : 0.0;
        return new ErrorBudget(allowed, badUnits, allowed - badUnits, consumedRatio, 1.0 - consumedRatio);
    }

    /**
     * Returns whether the budget is spent: {@code consumed > 0} and {@code remaining <= 0}.
     *
     * @return whether nothing is left
     */
    public boolean isExhausted() {
        return consumed > 0 && remaining <= 0;
    }
}
