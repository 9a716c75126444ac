/**
 * Availability drills that leave evidence: a {@link dev.nines.failover.drill.Drill} runs a {@link
 * dev.nines.failover.drill.DrillAction} (a planned switchover, its dry run, or any other action such
 * as a fault-injection experiment), measures recovery time and data loss against {@link
 * dev.nines.failover.drill.RecoveryTargets} (RTO and RPO), collects the audit records of the run and
 * produces a {@link dev.nines.failover.drill.DrillEvidence} document (JSON with stable field names,
 * read back by {@link dev.nines.failover.drill.DrillEvidence#fromJson(String)}). A chaos experiment
 * runs as a drill through {@code dev.nines.failover.drill.chaos.ExperimentAction} (which needs the
 * optional slo module); its report travels in the evidence as an {@link
 * dev.nines.failover.drill.ExperimentEvidence}, which needs no slo class.
 */
@NullMarked
package dev.nines.failover.drill;

import org.jspecify.annotations.NullMarked;
