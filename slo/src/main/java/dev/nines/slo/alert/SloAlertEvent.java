package dev.nines.slo.alert;

import java.time.Instant;

/**
 * What {@link SloAlerts} reports: alert lifecycle changes and budget-threshold crossings.
 * Exhaustive with {@code switch} over the permitted records.
 */
public sealed interface SloAlertEvent
        permits SloAlertEvent.AlertPending,
                SloAlertEvent.AlertFiring,
                SloAlertEvent.AlertResolved,
                SloAlertEvent.BudgetThresholdCrossed {

    /**
     * Returns the SLO the event is about.
     *
     * @return the SLO name
     */
    String sloName();

    /**
     * Returns when the event happened.
     *
     * @return the evaluation instant
     */
    Instant at();

    /**
     * A rule's condition started to hold; it fires once it has held for its {@code pendingFor}.
     *
     * @param sloName the SLO
     * @param rule the rule
     * @param longBurnRate the burn rate over the long window
     * @param shortBurnRate the burn rate over the short window
     * @param at when
     */
    record AlertPending(String sloName, BurnRateRule rule, double longBurnRate, double shortBurnRate, Instant at)
            implements SloAlertEvent {}

    /**
     * A rule fired.
     *
     * @param sloName the SLO
     * @param rule the rule
     * @param longBurnRate the burn rate over the long window
     * @param shortBurnRate the burn rate over the short window
     * @param at when
     */
    record AlertFiring(String sloName, BurnRateRule rule, double longBurnRate, double shortBurnRate, Instant at)
            implements SloAlertEvent {}

    /**
     * A firing rule stopped holding.
     *
     * @param sloName the SLO
     * @param rule the rule
     * @param firingSince when it fired
     * @param at when it resolved
     */
    record AlertResolved(String sloName, BurnRateRule rule, Instant firingSince, Instant at) implements SloAlertEvent {}

    /**
     * The consumed error budget reached a configured threshold.
     *
     * @param sloName the SLO
     * @param threshold the threshold crossed, e.g. 0.75
     * @param consumedRatio the consumed ratio observed
     * @param at when
     */
    record BudgetThresholdCrossed(String sloName, double threshold, double consumedRatio, Instant at)
            implements SloAlertEvent {}
}
