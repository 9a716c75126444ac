package dev.nines.capacity.scaling;

/**
 * An event of an {@link Autoscaler}: one per decision. Immutable records.
 */
public sealed interface AutoscalerEvent {

    /**
     * Returns the autoscaler's name.
     *
     * @return the name
     */
    String autoscaler();

    /**
     * Returns the decision.
     *
     * @return the decision
     */
    ScalingDecision decision();

    /**
     * The decision changes the replica count.
     *
     * @param autoscaler the autoscaler's name
     * @param decision the decision
     */
    record Rescaled(String autoscaler, ScalingDecision decision) implements AutoscalerEvent {}

    /**
     * The decision keeps the replica count.
     *
     * @param autoscaler the autoscaler's name
     * @param decision the decision
     */
    record Held(String autoscaler, ScalingDecision decision) implements AutoscalerEvent {}
}
