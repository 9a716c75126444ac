/**
 * Autoscaling: the Kubernetes HorizontalPodAutoscaler replica calculation and scaling behaviour
 * ({@link dev.nines.capacity.scaling.ReplicaCalculator}, {@link dev.nines.capacity.scaling.Autoscaler}),
 * safeguards against runaway scaling (hard max, step limit, budget cap, metric-source circuit
 * breaker, anomaly confirmation) and predictive pre-scaling from a
 * {@link dev.nines.capacity.scaling.DemandForecast}. Every decision carries its
 * {@link dev.nines.capacity.scaling.ScalingReason}.
 */
@NullMarked
package dev.nines.capacity.scaling;

import org.jspecify.annotations.NullMarked;
