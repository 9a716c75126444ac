/**
 * Nines SLO: SLIs, SLOs and SLAs defined in code, with in-process error-budget accounting over
 * rolling and calendar windows, multi-window multi-burn-rate alerts, maintenance exclusions and
 * monitoring-gap handling, SLA reports and service credits, MTTR / MTBF and composite availability,
 * durable mergeable state, and export to Micrometer, Prometheus rules and OpenSLO.
 *
 * <p>Depends on {@code nines-core} only.
 */
@NullMarked
package dev.nines.slo;

import org.jspecify.annotations.NullMarked;
