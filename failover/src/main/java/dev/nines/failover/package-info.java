/**
 * Nines failover: failover state machines with health hysteresis, replication-lag gates, fencing
 * epochs, planned switchover steps, dry run, rollback and an audit log of every decision; and
 * client-side endpoint failover and failback.
 *
 * <p>Depends on {@code nines-core} only.
 */
@NullMarked
package dev.nines.failover;

import org.jspecify.annotations.NullMarked;
