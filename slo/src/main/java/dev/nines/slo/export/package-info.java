/**
 * Exports SLOs declared in code to the monitoring ecosystem: Prometheus recording and
 * multi-window, multi-burn-rate alert rules ({@link dev.nines.slo.export.PrometheusRules}, shaped
 * as Sloth generates them, over the counters of {@code dev.nines.slo.micrometer.SloMetrics}) and
 * OpenSLO v1 documents ({@link dev.nines.slo.export.OpenSlo}, which needs the optional
 * snakeyaml-engine dependency).
 */
package dev.nines.slo.export;
