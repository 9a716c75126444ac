package dev.nines.capacity.scaling;

import java.time.Duration;
import java.time.Instant;

/**
 * Why an autoscaling step produced its count: one link of a {@link ScalingDecision#trail()}.
 * Immutable records; switch over them exhaustively.
 */
public sealed interface ScalingReason {

    /**
     * The metrics' recommendation: the largest proposal among the metrics.
     *
     * @param metric the metric that proposed it
     * @param replicas the proposal (the current count when within tolerance)
     * @param usageRatio the metric's usage divided by its target
     */
    record MetricsProposal(String metric, int replicas, double usageRatio) implements ScalingReason {}

    /**
     * A metric could not be read and the others propose no scale-up: Kubernetes holds the count.
     *
     * @param metric the first unusable metric
     * @param cause why it is unusable
     */
    record MetricsUnavailable(String metric, String cause) implements ScalingReason {}

    /**
     * The target was scaled to zero by hand while {@code minReplicas > 0}: autoscaling is off.
     */
    record ScalingDisabled() implements ScalingReason {}

    /**
     * The current count is above the maximum and is brought down to it.
     *
     * @param maxReplicas the effective maximum
     */
    record CurrentAboveMax(int maxReplicas) implements ScalingReason {}

    /**
     * The current count is below the minimum and is brought up to it.
     *
     * @param minReplicas the minimum
     */
    record CurrentBelowMin(int minReplicas) implements ScalingReason {}

    /**
     * The forecast peak within the warm-up time needs more replicas than the metrics recommend.
     *
     * @param peakAt when the forecast peak is
     * @param peakDemand the forecast demand there (upper bound)
     * @param replicas the replicas that demand needs
     */
    record PredictivePreScale(Instant peakAt, double peakDemand, int replicas) implements ScalingReason {}

    /**
     * The stabilization window changed the recommendation (highest in the window for scale-down,
     * lowest for scale-up).
     *
     * @param recommendation the recommendation before stabilization
     * @param stabilized the stabilized count
     */
    record Stabilized(int recommendation, int stabilized) implements ScalingReason {}

    /**
     * A scale-up policy limited the change.
     *
     * @param limit the most replicas the policies allow now
     */
    record ScaleUpLimited(int limit) implements ScalingReason {}

    /**
     * A scale-down policy limited the change.
     *
     * @param limit the fewest replicas the policies allow now
     */
    record ScaleDownLimited(int limit) implements ScalingReason {}

    /**
     * The count was lowered to {@code maxReplicas}.
     *
     * @param maxReplicas the maximum
     */
    record ClampedToMax(int maxReplicas) implements ScalingReason {}

    /**
     * The count was raised to {@code minReplicas}.
     *
     * @param minReplicas the minimum
     */
    record ClampedToMin(int minReplicas) implements ScalingReason {}

    /**
     * Safeguard: the count was lowered to the hard maximum.
     *
     * @param hardMaxReplicas the hard maximum
     */
    record HardMaxCapped(int hardMaxReplicas) implements ScalingReason {}

    /**
     * Safeguard: the count was lowered to what the budget affords (never below {@code minReplicas}).
     *
     * @param affordableReplicas {@code floor(budgetPerHour / costPerReplicaHour)}, at least the minimum
     * @param budgetPerHour the budget
     */
    record BudgetCapped(int affordableReplicas, double budgetPerHour) implements ScalingReason {}

    /**
     * Safeguard: the change was limited to the maximum step per period.
     *
     * @param maxStep the most replicas added or removed per period
     * @param period the period
     * @param limit the count allowed now
     */
    record StepLimited(int maxStep, Duration period, int limit) implements ScalingReason {}

    /**
     * Safeguard: the metric source is stale, empty or recovering, so the count is held.
     *
     * @param cause what is wrong with the metrics
     */
    record MetricsFrozen(String cause) implements ScalingReason {}

    /**
     * Safeguard: a metric jumped beyond its recent range and the jump is not yet confirmed, so the
     * count is held.
     *
     * @param metric the metric
     * @param usageRatio its new usage ratio
     * @param confirmations how many consecutive decisions have seen the jump
     * @param required how many are needed to accept it
     */
    record AnomalyUnconfirmed(String metric, double usageRatio, int confirmations, int required)
            implements ScalingReason {}
}
