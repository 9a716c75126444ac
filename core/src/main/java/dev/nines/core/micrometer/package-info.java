/**
 * Micrometer binders for the core components: one {@code MeterBinder} per component, meters named
 * {@code nines.<component>.<what>} in base units (seconds, ratios in [0, 1]) and tagged with the
 * instance {@code name}. Micrometer is an optional dependency: this package (and the internal
 * helper its binders use to unbind) is the only one that needs it.
 *
 * <p>Every binder is {@link java.lang.AutoCloseable}: {@code unbindFrom(registry)} closes its
 * event listeners and removes its meters from one meter registry, {@code close()} from all of them;
 * binding the same meter registry again does nothing. Meters read the instance at each scrape, so
 * they follow a live reconfiguration; nothing a reconfiguration may change is a tag.
 */
@NullMarked
package dev.nines.core.micrometer;

import org.jspecify.annotations.NullMarked;
