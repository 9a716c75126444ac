/**
 * Incidents and the availability figures derived from them: uptime, time-based and request-based
 * (impact-weighted) availability, MTTR, MTTA, MTTD and MTBF per period and per service, and whether a fix
 * significantly changed the failure rate or the time to restore ({@link dev.nines.slo.incident.Remediation}).
 *
 * <p>Everything here is a pure function of its arguments: no clock, no threads.
 */
@NullMarked
package dev.nines.slo.incident;

import org.jspecify.annotations.NullMarked;
