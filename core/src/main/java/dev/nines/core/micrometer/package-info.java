/**
 * Micrometer binders for the core components: one {@code MeterBinder} per component, meters named
 * {@code nines.<component>.<what>} in base units (seconds, ratios in [0, 1]) and tagged with the
 * instance {@code name}. Micrometer is an optional dependency: this package is the only one that
 * needs it.
 */
@NullMarked
package dev.nines.core.micrometer;

import org.jspecify.annotations.NullMarked;
