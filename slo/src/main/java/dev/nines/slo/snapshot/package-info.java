/**
 * Durable SLO state: an embedded file store that keeps tracker snapshots across restarts by
 * atomic replace, keeping the previous generation.
 */
package dev.nines.slo.snapshot;
