/**
 * Durable and shared SLO state: an embedded file store that keeps tracker snapshots across
 * restarts by atomic replace, keeping the previous generation ({@link
 * dev.nines.slo.snapshot.SnapshotFileStore}); and a fleet view in process, where replicas publish
 * snapshots to a shared directory or any byte store ({@link dev.nines.slo.snapshot.SnapshotExchange})
 * and one process merges them into a report that marks stale and rejected replicas ({@link
 * dev.nines.slo.snapshot.FleetView}).
 */
@NullMarked
package dev.nines.slo.snapshot;

import org.jspecify.annotations.NullMarked;
