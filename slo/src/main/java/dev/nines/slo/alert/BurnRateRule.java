package dev.nines.slo.alert;

import dev.nines.core.internal.Arguments;
import java.time.Duration;
import java.util.Objects;

/**
 * One multi-window burn-rate alert: it holds when at least {@code budgetFraction} of the SLO
 * period's error budget would be spent over {@code longWindow} at the observed rate, confirmed by
 * the same burn rate over {@code shortWindow} (so that the alert resets soon after the problem
 * stops).
 *
 * <p>The burn-rate factor is derived, never hard-coded, so that it is right for any SLO period:
 * {@code factor = budgetFraction x period / longWindow}. For a 30-day SLO, 2% in 1 hour gives
 * 14.4, 5% in 6 hours 6, 10% in 1 day 3 and 10% in 3 days 1.
 *
 * <p>Immutable and thread-safe. Bad input raises {@link IllegalArgumentException} naming the field.
 *
 * <pre>{@code
 * BurnRateRule fastBurn = BurnRateRule.of("fast-burn", Severity.PAGE, 0.02,
 *         Duration.ofHours(1), Duration.ofMinutes(5));
 * }</pre>
 *
 * @param name the rule name, not blank
 * @param severity page or ticket
 * @param budgetFraction the fraction of the period's budget, in (0, 1]
 * @param longWindow the long window, positive
 * @param shortWindow the short, confirming window, positive and shorter than the long one
 * @param pendingFor how long the condition must hold before the alert fires; zero fires at once
 */
public record BurnRateRule(
        String name,
        Severity severity,
        double budgetFraction,
        Duration longWindow,
        Duration shortWindow,
        Duration pendingFor) {

    /**
     * Validates the rule.
     *
     * @param name the rule name, not blank
     * @param severity page or ticket
     * @param budgetFraction the fraction of the period's budget, in (0, 1]
     * @param longWindow the long window, positive
     * @param shortWindow the short, confirming window, positive and shorter than the long one
     * @param pendingFor how long the condition must hold before the alert fires; zero fires at once
     */
    public BurnRateRule {
        Arguments.notBlank("name", name);
        Objects.requireNonNull(severity, "severity");
        Arguments.inOpenClosed("budgetFraction", budgetFraction, 0, 1);
        Arguments.positive("longWindow", longWindow);
        Arguments.positive("shortWindow", shortWindow);
        if (shortWindow.compareTo(longWindow) >= 0) {
            throw new IllegalArgumentException(
                    "shortWindow must be shorter than longWindow " + longWindow + ", was " + shortWindow);
        }
        Arguments.notNegative("pendingFor", pendingFor);
    }

    /**
     * Returns a rule that fires as soon as its condition holds.
     *
     * @param name the rule name
     * @param severity page or ticket
     * @param budgetFraction the fraction of the period's budget, in (0, 1]
     * @param longWindow the long window
     * @param shortWindow the short, confirming window
     * @return the rule
     */
    public static BurnRateRule of(
            String name, Severity severity, double budgetFraction, Duration longWindow, Duration shortWindow) {
        return new BurnRateRule(name, severity, budgetFraction, longWindow, shortWindow, Duration.ZERO);
    }

    /**
     * Returns a copy that must hold for {@code pendingFor} before it fires.
     *
     * @param pendingFor the pending time, not negative
     * @return the copy
     */
    public BurnRateRule withPendingFor(Duration pendingFor) {
        return new BurnRateRule(name, severity, budgetFraction, longWindow, shortWindow, pendingFor);
    }

    /**
     * Returns the burn-rate threshold for an SLO period: {@code budgetFraction x period / longWindow}.
     *
     * @param period the SLO period, e.g. 30 days
     * @return the factor, e.g. 14.4
     */
    public double factor(Duration period) {
        Arguments.positive("period", period);
        return budgetFraction * period.toMillis() / longWindow.toMillis();
    }
}
