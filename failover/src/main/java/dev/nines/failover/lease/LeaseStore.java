package dev.nines.failover.lease;

import dev.nines.core.time.TimeSource;

/**
 * Where leadership leases live: the SPI a {@link LeadershipLease} uses. One lease name has at most one
 * holder at a time; a holder's lease expires {@code ttl} after its last successful acquire or renew,
 * judged by the store.
 *
 * <p>Implementations must make {@link #tryAcquireOrRenew} atomic. How real stores do it:
 * <ul>
 *   <li><b>Database row</b>: one row per lease, {@code (name, holder, expires_at)}; acquire or renew
 *       with {@code UPDATE leases SET holder = ?, expires_at = now() + ? WHERE name = ? AND (holder = ?
 *       OR expires_at < now())} (insert the row once) and report whether one row changed; the
 *       database's clock decides expiry.
 *   <li><b>etcd</b>: grant a lease with the TTL, then a transaction that creates the key with that
 *       lease if it does not exist (or whose value is this holder); renew with a keep-alive; release
 *       by revoking the lease.
 *   <li><b>ZooKeeper</b>: an ephemeral node created by the holder's session (the session timeout is
 *       the TTL); renewal is the session heartbeat, so {@code tryAcquireOrRenew} checks that the node
 *       exists and is owned by this session.
 * </ul>
 *
 * <p>Throwing counts as a failed attempt (the lease retries within its budget, then demotes).
 */
public interface LeaseStore {

    /**
     * Acquires the lease for {@code holder} if it is free or expired, or renews it if {@code holder}
     * already holds it; in both cases it then expires {@code ttlNanos} from now.
     *
     * @param leaseName the lease
     * @param holder the candidate holder
     * @param ttlNanos the lease duration, in nanoseconds
     * @return {@code true} if {@code holder} holds the lease now
     * @throws Exception if the store could not be reached
     */
    boolean tryAcquireOrRenew(String leaseName, String holder, long ttlNanos) throws Exception;

    /**
     * Releases the lease if {@code holder} holds it; does nothing otherwise.
     *
     * @param leaseName the lease
     * @param holder the holder
     * @throws Exception if the store could not be reached
     */
    void release(String leaseName, String holder) throws Exception;

    /**
     * Returns an in-memory store for one process (tests, or several controllers in one JVM).
     *
     * @param time the clock that judges expiry
     * @return a new, empty store; thread-safe
     */
    static LeaseStore inMemory(TimeSource time) {
        return new InMemoryLeaseStore(time);
    }
}
