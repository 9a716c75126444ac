package dev.nines.slo.chaos;

import dev.nines.core.chaos.ChaosKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link ChaosExperiment} would do if it started now, computed by {@link
 * ChaosExperiment#dryRun()} without side effects: nothing is injected, the policy is not touched and
 * the experiment can still start afterwards.
 *
 * <p>{@link #blockers()} lists, in words, every reason the experiment would not inject if started
 * now (the checks {@link ChaosExperiment#start()} makes, and a policy that would choose no call);
 * {@link #wouldInject()} is {@code true} when there is none.
 *
 * @param experimentName the experiment's name
 * @param sloName the SLO whose budget it would spend
 * @param chaosPolicyName the chaos policy it would run
 * @param faultKind what the policy injects
 * @param injectionRatio the share of calls in scope the policy would inject, in [0, 1]
 * @param asOf when the plan was computed
 * @param started whether the experiment has already started (it cannot start again)
 * @param policyEnabled whether the policy is enabled outside the experiment ({@link
 *     ChaosExperiment#start()} would refuse: those injections would not be counted)
 * @param maxBudgetShare the share of the remaining budget it may spend, in (0, 1]
 * @param remainingBudget the SLO's remaining error budget now, in events
 * @param allowedInjections {@code floor(maxBudgetShare x remainingBudget)}, at least 0: what it
 *     would be allowed to inject if started now
 * @param maxDuration its maximum duration, if it has one
 * @param firingRules the burn-rate rules firing now (a firing rule stops it at once)
 */
public record ExperimentPlan(
        String experimentName,
        String sloName,
        String chaosPolicyName,
        ChaosKind faultKind,
        double injectionRatio,
        Instant asOf,
        boolean started,
        boolean policyEnabled,
        double maxBudgetShare,
        double remainingBudget,
        long allowedInjections,
        Optional<Duration> maxDuration,
        List<String> firingRules) {

    /**
     * Checks the fields and copies {@code firingRules}.
     *
     * @throws IllegalArgumentException naming the value if {@code allowedInjections} is negative
     */
    public ExperimentPlan {
        Objects.requireNonNull(experimentName, "experimentName");
        Objects.requireNonNull(sloName, "sloName");
        Objects.requireNonNull(chaosPolicyName, "chaosPolicyName");
        Objects.requireNonNull(faultKind, "faultKind");
        Objects.requireNonNull(asOf, "asOf");
        Objects.requireNonNull(maxDuration, "maxDuration");
        firingRules = List.copyOf(firingRules);
        if (allowedInjections < 0) {
            throw new IllegalArgumentException("allowedInjections must be at least 0, was " + allowedInjections);
        }
    }

    /**
     * Returns every reason the experiment would not inject if started now, in words; empty if it
     * would.
     *
     * @return the reasons, in the order {@link ChaosExperiment#start()} checks them, then the
     *     policy's injection ratio
     */
    public List<String> blockers() {
        List<String> out = new ArrayList<>();
        if (started) {
            out.add("experiment " + experimentName + " has already started: build a new one");
        }
        if (policyEnabled) {
            out.add("chaos policy " + chaosPolicyName
                    + " is enabled outside the experiment (it must be disabled before the start)");
        }
        if (!firingRules.isEmpty()) {
            out.add("burn-rate alert " + firingRules + " of SLO " + sloName + " is firing (ALERT_FIRING)");
        }
        if (allowedInjections == 0) {
            out.add(String.format(
                    Locale.ROOT,
                    "the error budget allows no injection: %.2f%% of the remaining %.2f events of SLO %s is"
                            + " less than one (BUDGET_SHARE_SPENT)",
                    100 * maxBudgetShare,
                    remainingBudget,
                    sloName));
        }
        if (injectionRatio == 0) {
            out.add("chaos policy " + chaosPolicyName + " has injectionRatio 0: it would inject nothing");
        }
        return List.copyOf(out);
    }

    /**
     * Returns whether the experiment would inject if started now.
     *
     * @return {@code true} if {@link #blockers()} is empty
     */
    public boolean wouldInject() {
        return blockers().isEmpty();
    }
}
