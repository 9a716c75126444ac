/**
 * Chaos experiments bound to an SLO: {@link dev.nines.slo.chaos.ChaosExperiment} runs a core
 * {@code ChaosPolicy} while it may spend at most a configured share of the SLO's remaining error
 * budget, stops itself when a burn-rate alert fires or the share is spent, and reports what it
 * spent ({@link dev.nines.slo.chaos.ExperimentReport}).
 */
@NullMarked
package dev.nines.slo.chaos;

import org.jspecify.annotations.NullMarked;
