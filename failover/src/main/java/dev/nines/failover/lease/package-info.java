/**
 * The leadership lease of the instance that runs a failover controller, and the durable state of
 * that controller: acquire, renew, and step down before the lease can have expired at the store,
 * over a pluggable {@link dev.nines.failover.lease.LeaseStore} whose fencing tokens the store
 * issues, with a {@link dev.nines.failover.lease.ControllerStateStore} beside it whose writes are
 * conditional on the writer's lease (in-memory by default; a database or etcd in production).
 */
@NullMarked
package dev.nines.failover.lease;

import org.jspecify.annotations.NullMarked;
