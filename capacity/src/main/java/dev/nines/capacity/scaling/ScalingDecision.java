package dev.nines.capacity.scaling;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One autoscaling decision: the count to run and why. The {@link #reason()} is the step that
 * fixed the count (the last of the {@link #trail()}); the trail lists every step that changed or
 * held it, in order. Immutable.
 *
 * @param at when the decision was made
 * @param currentReplicas the count before
 * @param desiredReplicas the count to run
 * @param reason the step that fixed the count
 * @param trail every step in order, ending with {@code reason}
 * @param proposals what each metric proposed (empty when the metrics were frozen)
 */
public record ScalingDecision(
        Instant at,
        int currentReplicas,
        int desiredReplicas,
        ScalingReason reason,
        List<ScalingReason> trail,
        List<MetricProposal> proposals) {

    /**
     * Validates and copies the decision.
     *
     * @throws NullPointerException if an argument is null
     */
    public ScalingDecision {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(reason, "reason");
        trail = List.copyOf(trail);
        proposals = List.copyOf(proposals);
    }

    /**
     * Returns whether the decision changes the count.
     *
     * @return {@code desiredReplicas != currentReplicas}
     */
    public boolean isChange() {
        return desiredReplicas != currentReplicas;
    }

    /**
     * Returns the change in replicas.
     *
     * @return {@code desiredReplicas - currentReplicas}
     */
    public int delta() {
        return desiredReplicas - currentReplicas;
    }
}
