/**
 * Micrometer binder for failover controllers (Micrometer is an optional dependency).
 */
package dev.nines.failover.micrometer;
