/**
 * Chaos experiments as drills: {@link dev.nines.failover.drill.chaos.ExperimentAction} runs the slo
 * module's SLO-guarded {@code ChaosExperiment} as a {@link dev.nines.failover.drill.DrillAction} and
 * measures recovery with a steady-state probe.
 *
 * <p>The only package of failover that needs {@code nines-slo} (an optional dependency): add it to
 * use this package; nothing else in failover loads an slo class.
 */
@NullMarked
package dev.nines.failover.drill.chaos;

import org.jspecify.annotations.NullMarked;
