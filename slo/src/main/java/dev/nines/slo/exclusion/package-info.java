/**
 * Intervals taken out of an SLO's error budget: planned maintenance (explicit or recurring
 * weekly in a zone), force majeure declared after the fact, and monitoring gaps (no data).
 *
 * <p>Events inside an exclusion are never silently dropped: trackers report them separately by
 * {@link dev.nines.slo.exclusion.ExclusionKind}.
 */
@NullMarked
package dev.nines.slo.exclusion;

import org.jspecify.annotations.NullMarked;
