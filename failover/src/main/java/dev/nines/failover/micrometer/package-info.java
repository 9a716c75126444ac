/**
 * Micrometer binder for failover controllers (Micrometer is an optional dependency).
 */
@NullMarked
package dev.nines.failover.micrometer;

import org.jspecify.annotations.NullMarked;
