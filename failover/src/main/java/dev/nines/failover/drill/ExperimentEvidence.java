package dev.nines.failover.drill;

import dev.nines.core.internal.Arguments;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a fault-injection experiment did during a {@link Drill}, for its {@link DrillEvidence}: the
 * experiment's own report (why injection stopped, what it was allowed to spend of the SLO's error
 * budget and what it spent, how many faults it injected) and what the steady-state probe saw.
 *
 * <p>Filled in by {@code dev.nines.failover.drill.chaos.ExperimentAction}, which runs the slo
 * module's {@code ChaosExperiment}; this record names no slo type, so evidence can be read and
 * written without slo on the class path.
 *
 * @param name the experiment's name
 * @param sloName the SLO whose error budget it spent
 * @param chaosPolicyName the chaos policy it enabled
 * @param faultKind what the policy injects ({@code FAULT}, {@code OUTCOME}, {@code LATENCY},
 *     {@code BEHAVIOR})
 * @param ending why injection stopped
 * @param firingRules the burn-rate rules whose alert stopped it; empty unless {@link
 *     Ending#ALERT_FIRING}
 * @param faultStartedAt when injection started (the experiment started)
 * @param faultStoppedAt when injection stopped
 * @param plannedFaultDuration how long the drill meant to inject, positive
 * @param maxBudgetShare the share of the remaining error budget it could spend, in (0, 1]
 * @param remainingBudgetAtStart the SLO's remaining error budget at the start, in events
 * @param allowedInjections how many injections that share allowed: {@code floor(maxBudgetShare x
 *     remainingBudgetAtStart)}, 0 if nothing remained
 * @param injections the faults it injected: the budget it spent, in events, at most {@code
 *     allowedInjections}
 * @param refusedInjections calls chosen for an injection after it stopped granting them
 * @param badEvents the bad events the SLO recorded while it injected, real and injected alike
 * @param totalEvents all events the SLO recorded while it injected
 * @param steadyState what the steady-state probe saw from the start of injection to the end of the
 *     drill
 */
public record ExperimentEvidence(
        String name,
        String sloName,
        String chaosPolicyName,
        String faultKind,
        Ending ending,
        List<String> firingRules,
        Instant faultStartedAt,
        Instant faultStoppedAt,
        Duration plannedFaultDuration,
        double maxBudgetShare,
        double remainingBudgetAtStart,
        long allowedInjections,
        long injections,
        long refusedInjections,
        long badEvents,
        long totalEvents,
        SteadyState steadyState) {

    /** Why an experiment stopped injecting. */
    public enum Ending {
        /** It injected for the planned fault duration; the drill stopped it. */
        COMPLETED,
        /** Its own maximum duration ended it (before or at the planned fault duration). */
        DEADLINE_PASSED,
        /** Its guard stopped it: its share of the remaining error budget was spent (or there was none). */
        BUDGET_SHARE_SPENT,
        /** Its guard stopped it: a burn-rate alert of the SLO fired (or was firing when it started). */
        ALERT_FIRING,
        /** Someone stopped it outside the drill. */
        STOPPED,
        /** The drill aborted it: by hand, on its timeout, or because the action failed. */
        ABORTED;

        /**
         * Returns whether the experiment ran its planned course.
         *
         * @return {@code true} for {@link #COMPLETED} and {@link #DEADLINE_PASSED}
         */
        public boolean ranAsPlanned() {
            return this == COMPLETED || this == DEADLINE_PASSED;
        }

        /**
         * Returns whether the experiment's guard cut it short to protect the SLO.
         *
         * @return {@code true} for {@link #BUDGET_SHARE_SPENT} and {@link #ALERT_FIRING}
         */
        public boolean stoppedByGuard() {
            return this == BUDGET_SHARE_SPENT || this == ALERT_FIRING;
        }
    }

    /**
     * What the steady-state probe saw. The steady state holds again after a deviation once {@code
     * healthyPollsRequired} consecutive polls are healthy; the recovery ends at the first of them.
     *
     * @param healthyPollsRequired consecutive healthy polls that confirm the steady state, at least 1
     * @param polls how often the probe ran, at least 0
     * @param unhealthyPolls how many of those polls were not healthy, at most {@code polls}
     * @param firstDeviationAt the first unhealthy poll; empty if the steady state held throughout
     * @param restoredAt the first poll of the healthy run the probe was in at the end of the drill,
     *     if that run confirmed the steady state (reached {@code healthyPollsRequired}); else empty:
     *     the steady state did not hold at the end
     * @param lastDeviation what the last unhealthy poll said; empty if none was unhealthy
     */
    public record SteadyState(
            int healthyPollsRequired,
            long polls,
            long unhealthyPolls,
            Optional<Instant> firstDeviationAt,
            Optional<Instant> restoredAt,
            Optional<String> lastDeviation) {

        /**
         * Checks the fields.
         *
         * @throws IllegalArgumentException naming the field and value if a count is out of range
         */
        public SteadyState {
            Arguments.atLeast("healthyPollsRequired", healthyPollsRequired, 1);
            Arguments.atLeast("polls", polls, 0L);
            if (unhealthyPolls < 0 || unhealthyPolls > polls) {
                throw new IllegalArgumentException(
                        "unhealthyPolls must be in [0, polls " + polls + "], was " + unhealthyPolls);
            }
            Objects.requireNonNull(firstDeviationAt, "firstDeviationAt");
            Objects.requireNonNull(restoredAt, "restoredAt");
            Objects.requireNonNull(lastDeviation, "lastDeviation");
            if (firstDeviationAt.isPresent() != (unhealthyPolls > 0)) {
                throw new IllegalArgumentException("firstDeviationAt must be present exactly when unhealthyPolls > 0,"
                        + " was " + firstDeviationAt.map(Instant::toString).orElse("none") + " with unhealthyPolls "
                        + unhealthyPolls);
            }
            if (lastDeviation.isPresent() != (unhealthyPolls > 0)) {
                throw new IllegalArgumentException("lastDeviation must be present exactly when unhealthyPolls > 0,"
                        + " was " + lastDeviation.orElse("none") + " with unhealthyPolls " + unhealthyPolls);
            }
        }

        /**
         * Returns whether the probe was healthy at every poll.
         *
         * @return {@code true} if no poll was unhealthy
         */
        public boolean heldThroughout() {
            return unhealthyPolls == 0;
        }
    }

    /**
     * Checks the fields.
     *
     * @throws IllegalArgumentException naming the field and value if a string is blank, a count is
     *     negative, the allowed injections are not the share of the remaining budget, more faults were
     *     injected than allowed, an instant is out of order, the share is outside (0, 1], or firing
     *     rules are given for another ending
     */
    public ExperimentEvidence {
        Arguments.notBlank("name", name);
        Arguments.notBlank("sloName", sloName);
        Arguments.notBlank("chaosPolicyName", chaosPolicyName);
        Arguments.notBlank("faultKind", faultKind);
        Objects.requireNonNull(ending, "ending");
        firingRules = List.copyOf(firingRules);
        Objects.requireNonNull(faultStartedAt, "faultStartedAt");
        Objects.requireNonNull(faultStoppedAt, "faultStoppedAt");
        Arguments.positive("plannedFaultDuration", plannedFaultDuration);
        Objects.requireNonNull(steadyState, "steadyState");
        if (faultStoppedAt.isBefore(faultStartedAt)) {
            throw new IllegalArgumentException(
                    "faultStoppedAt must not be before faultStartedAt " + faultStartedAt + ", was " + faultStoppedAt);
        }
        Arguments.inOpenClosed("maxBudgetShare", maxBudgetShare, 0, 1);
        if (!Double.isFinite(remainingBudgetAtStart)) {
            throw new IllegalArgumentException("remainingBudgetAtStart must be finite, was " + remainingBudgetAtStart);
        }
        Arguments.atLeast("allowedInjections", allowedInjections, 0L);
        Arguments.atLeast("injections", injections, 0L);
        Arguments.atLeast("refusedInjections", refusedInjections, 0L);
        Arguments.atLeast("badEvents", badEvents, 0L);
        Arguments.atLeast("totalEvents", totalEvents, 0L);
        // The experiment's own rule (ChaosExperiment): it may inject floor(share x remaining), none if
        // nothing remains. Checking it keeps spentShare finite and at most maxBudgetShare.
        long shareOfRemaining =
                remainingBudgetAtStart > 0 ? (long) Math.floor(maxBudgetShare * remainingBudgetAtStart) : 0;
        if (allowedInjections != shareOfRemaining) {
            throw new IllegalArgumentException("allowedInjections must be floor(maxBudgetShare " + maxBudgetShare
                    + " x remainingBudgetAtStart " + remainingBudgetAtStart + ") = " + shareOfRemaining + ", was "
                    + allowedInjections);
        }
        if (injections > allowedInjections) {
            throw new IllegalArgumentException(
                    "injections must be at most allowedInjections " + allowedInjections + ", was " + injections);
        }
        if (badEvents > totalEvents) {
            throw new IllegalArgumentException(
                    "badEvents must be at most totalEvents " + totalEvents + ", was " + badEvents);
        }
        if (!firingRules.isEmpty() && ending != Ending.ALERT_FIRING) {
            throw new IllegalArgumentException(
                    "firingRules must be empty unless ending is ALERT_FIRING, was " + firingRules + " with " + ending);
        }
        steadyState.firstDeviationAt().ifPresent(at -> notBefore("steadyState.firstDeviationAt", at, faultStartedAt));
        steadyState.restoredAt().ifPresent(at -> notBefore("steadyState.restoredAt", at, faultStartedAt));
    }

    /**
     * Returns how long faults were injected.
     *
     * @return {@code faultStoppedAt - faultStartedAt}
     */
    public Duration faultDuration() {
        return Duration.between(faultStartedAt, faultStoppedAt);
    }

    /**
     * Returns the share of the remaining error budget (at the start) the experiment spent.
     *
     * @return {@code injections / remainingBudgetAtStart}, 0 when nothing remained; at most {@code
     *     maxBudgetShare}
     */
    public double spentShare() {
        return remainingBudgetAtStart > 0 ? injections / remainingBudgetAtStart : 0.0;
    }

    private static void notBefore(String field, Instant value, Instant start) {
        if (value.isBefore(start)) {
            throw new IllegalArgumentException(
                    field + " must not be before faultStartedAt " + start + ", was " + value);
        }
    }
}
