/**
 * The leadership lease of the instance that runs a failover controller: acquire, renew, and
 * self-demote when the lease cannot be renewed in time, over a pluggable {@link
 * dev.nines.failover.lease.LeaseStore} (in-memory by default; a database row, etcd or ZooKeeper in
 * production).
 */
package dev.nines.failover.lease;
