/**
 * Micrometer binder for SLO trackers: cumulative good and bad event counters that Prometheus can
 * aggregate across instances, and gauges for the error budget, compliance and burn rates; and
 * {@link dev.nines.slo.micrometer.SloObservationHandler}, which feeds trackers from Micrometer
 * {@code Observation}s mapped by name and low-cardinality tags.
 * Micrometer is an optional dependency of the slo module: this package is the only one that needs it.
 */
@NullMarked
package dev.nines.slo.micrometer;

import org.jspecify.annotations.NullMarked;
