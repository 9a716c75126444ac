package dev.nines.capacity.scaling;

/**
 * What one metric proposes: a replica count with the usage ratio it came from, or nothing because
 * the metric could not be used. Immutable.
 */
public sealed interface MetricProposal {

    /**
     * Returns the metric's name.
     *
     * @return the name
     */
    String metric();

    /**
     * A replica count proposed by a metric.
     *
     * @param metric the metric name
     * @param replicas the proposed replicas
     * @param usageRatio current usage divided by the target (1.0 = on target), before any
     *     adjustment for missing or unready pods
     * @param withinTolerance whether the proposal is the current count because the ratio was within
     *     tolerance or the adjustments reversed the direction
     */
    record Replicas(String metric, int replicas, double usageRatio, boolean withinTolerance)
            implements MetricProposal {}

    /**
     * A metric that gives no proposal.
     *
     * @param metric the metric name
     * @param reason why
     */
    record Invalid(String metric, String reason) implements MetricProposal {}
}
