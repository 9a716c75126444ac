/**
 * Exports SLOs declared in code to the monitoring ecosystem: Prometheus recording and
 * multi-window, multi-burn-rate alert rules ({@link dev.nines.slo.export.PrometheusRules}, in
 * Sloth's names, exact and exclusion-aware, over the counters and exclusion gauges of
 * {@code dev.nines.slo.micrometer.SloMetrics}), Sloth {@code prometheus/v1} specs
 * ({@link dev.nines.slo.export.SlothSpec}), Pyrra {@code ServiceLevelObjective}s
 * ({@link dev.nines.slo.export.PyrraSlo}) and OpenSLO v1 documents ({@link dev.nines.slo.export.OpenSlo}, which needs the optional
 * snakeyaml-engine dependency).
 */
@NullMarked
package dev.nines.slo.export;

import org.jspecify.annotations.NullMarked;
