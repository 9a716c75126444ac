package dev.nines.slo.alert;

import java.time.Instant;

/**
 * The state of one rule after an evaluation.
 *
 * @param rule the rule
 * @param state inactive, pending or firing
 * @param factor the burn-rate threshold for the current SLO period
 * @param longBurnRate the burn rate over the long window
 * @param shortBurnRate the burn rate over the short window
 * @param suppressed whether a maintenance window held the rule back
 * @param since when the rule entered its state
 */
public record AlertStatus(
        BurnRateRule rule,
        AlertState state,
        double factor,
        double longBurnRate,
        double shortBurnRate,
        boolean suppressed,
        Instant since) {}
