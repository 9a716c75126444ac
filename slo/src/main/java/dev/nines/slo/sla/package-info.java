/**
 * Service level agreements: contractual objectives measured per calendar month, exclusions with
 * notice periods, service-credit tables, monthly compliance and credits, the check that an internal
 * SLO is stricter than the SLA it backs, vendor SLA verification and criticality tiers.
 *
 * <p>Pure functions of their arguments: no clock, no threads.
 */
@NullMarked
package dev.nines.slo.sla;

import org.jspecify.annotations.NullMarked;
