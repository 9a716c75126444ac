package dev.nines.slo.chaos;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link ChaosExperiment} spent, as of {@link #asOf()}: an immutable record, taken while it
 * runs or after it stopped.
 *
 * <p>Budget is counted in events (the SLO counts occurrences): each injection the experiment
 * granted counts as one bad event spent, whether or not the application recorded it, so
 * {@link #injections()} is an upper bound of what the experiment took from the budget.
 * {@link #badEvents()} and {@link #totalEvents()} are what the tracker recorded between the start and
 * {@code asOf}, real and injected alike. The experiment stops when it grants its last injection, so
 * the failure of that injection, recorded by the application just after, is not among them.
 *
 * @param experimentName the experiment's name
 * @param sloName the SLO it was bound to
 * @param chaosPolicyName the chaos policy it ran
 * @param status running, or why it stopped
 * @param startedAt when it started
 * @param asOf when it stopped, or when the report was taken while it runs
 * @param maxBudgetShare the share of the remaining budget it was allowed to spend, in (0, 1]
 * @param remainingBudgetAtStart the SLO's remaining error budget when it started, in events
 * @param allowedInjections {@code floor(maxBudgetShare x remainingBudgetAtStart)}, at least 0
 * @param injections the injections it granted: the budget it spent, in events
 * @param refusedInjections calls the policy chose for an injection after the experiment stopped
 *     granting them, while it was still enabled
 * @param badEvents the bad events the tracker recorded from the start to {@code asOf}
 * @param totalEvents all events the tracker recorded from the start to {@code asOf}
 * @param firingRules the burn-rate rules whose alert stopped it; empty unless {@link ExperimentStatus#ALERT_FIRING}
 */
public record ExperimentReport(
        String experimentName,
        String sloName,
        String chaosPolicyName,
        ExperimentStatus status,
        Instant startedAt,
        Instant asOf,
        double maxBudgetShare,
        double remainingBudgetAtStart,
        long allowedInjections,
        long injections,
        long refusedInjections,
        long badEvents,
        long totalEvents,
        List<String> firingRules) {

    /**
     * Copies {@code firingRules} so that the record stays immutable.
     *
     * @param experimentName the experiment's name
     * @param sloName the SLO it was bound to
     * @param chaosPolicyName the chaos policy it ran
     * @param status running, or why it stopped
     * @param startedAt when it started
     * @param asOf when it stopped, or when the report was taken
     * @param maxBudgetShare the share it was allowed to spend
     * @param remainingBudgetAtStart the remaining budget at the start, in events
     * @param allowedInjections the injections it could grant
     * @param injections the injections it granted
     * @param refusedInjections the injections refused after it stopped granting them
     * @param badEvents the bad events recorded meanwhile
     * @param totalEvents all events recorded meanwhile
     * @param firingRules the rules whose alert stopped it
     */
    public ExperimentReport {
        Objects.requireNonNull(experimentName, "experimentName");
        Objects.requireNonNull(sloName, "sloName");
        Objects.requireNonNull(chaosPolicyName, "chaosPolicyName");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(asOf, "asOf");
        firingRules = List.copyOf(firingRules);
    }

    /**
     * Returns how long the experiment ran (so far).
     *
     * @return {@code asOf - startedAt}
     */
    public Duration duration() {
        return Duration.between(startedAt, asOf);
    }

    /**
     * Returns the share of the remaining budget (at the start) the experiment spent.
     *
     * @return {@code injections / remainingBudgetAtStart}, 0 when nothing remained; at most
     *     {@code maxBudgetShare}
     */
    public double spentShare() {
        return remainingBudgetAtStart > 0 ? injections / remainingBudgetAtStart : 0.0;
    }
}
