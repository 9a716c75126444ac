package dev.nines.failover.lease;

import dev.nines.core.time.TimeSource;
import java.time.Duration;
import java.util.Optional;

/**
 * Where leadership leases live: the SPI a {@link LeadershipLease} uses, with fencing tokens issued by
 * the store. One lease name has at most one unexpired holder at a time.
 *
 * <p><b>What every implementation must guarantee</b> (checked by the reusable contract suite
 * {@code LeaseStoreContract} in this module's test sources; run it against every implementation):
 * <ol>
 *   <li><b>Mutual exclusion.</b> At any instant of the store's clock at most one unexpired lease
 *       exists per name. {@link #tryAcquire} grants only when no unexpired lease exists or the
 *       unexpired lease belongs to the same holder; concurrent acquires from many clients yield
 *       exactly one grant.
 *   <li><b>Fencing tokens.</b> Every grant carries a {@linkplain Lease#token() token} greater than
 *       every token the store has ever issued for that name: across holders, {@link #release},
 *       expiry, deletion of the lease's record, restarts of every client, and fail-over of the store
 *       (the token is written durably, with the same consistency as the lease, before the grant is
 *       answered). A token is never issued twice. Renewal keeps the token.
 *   <li><b>Compare-and-set on the tenure.</b> {@link #renew} and {@link #release} act only if the
 *       store's current unexpired lease has the same holder <em>and</em> token; a holder whose
 *       tenure ended (expired, released, replaced by a newer grant, even to itself) gets
 *       {@code false} and changes nothing.
 *   <li><b>The store's clock judges expiry.</b> A lease expires no earlier than {@code ttl} after the
 *       store processed the acquire or renew that set it (a store may round the TTL up to its
 *       resolution, never down). Client clocks are never compared with the store's. Because the
 *       store processes a request after the client sent it, a client that measures its deadline from
 *       the moment it <em>sent</em> the request, on its own monotonic clock, is always early
 *       (see {@link LeaseConfig} for the margin that covers clock-rate drift and pauses).
 *   <li><b>Outcome or exception.</b> A method either answers (the operation took effect or
 *       definitely did not) or throws {@link LeaseStoreException} (the outcome is unknown). No
 *       session state may be relied on: each call stands alone, so that connection pools, proxies
 *       and reconnects cannot break the guarantees (no session-level locks).
 * </ol>
 *
 * <p>How real stores do it: a database keeps one row per lease ({@code name, holder, token,
 * expires_at}) plus a token high-water mark, judges expiry with its own {@code now()}, and renews
 * with one conditional autocommit {@code UPDATE ... WHERE holder = ? AND token = ? AND expires_at >
 * now()}; etcd grants an etcd lease with the TTL and creates the key in a transaction, using a
 * counter key or the revision as the token.
 *
 * <p>Implementations are thread-safe. Names and holders are non-blank; stores may limit their length
 * (and then reject longer ones with {@link IllegalArgumentException}).
 */
public interface LeaseStore {

    /**
     * Grants the lease {@code leaseName} to {@code holder} if no unexpired lease exists, or if the
     * unexpired lease is held by {@code holder} itself (a holder that restarted, or that missed the
     * answer to its previous acquire, takes its lease over). Either way the grant is a new tenure
     * with a new token, expiring {@code ttl} after the store processed it.
     *
     * @param leaseName the lease, not blank
     * @param holder the candidate holder, unique per process (for example host name plus process id)
     * @param ttl how long the lease lasts without renewal, positive
     * @return the granted lease, or empty if another holder holds an unexpired lease
     * @throws LeaseStoreException if the store could not answer (the outcome is unknown)
     * @throws IllegalArgumentException if a name is blank or too long for the store, or {@code ttl}
     *     is not positive
     */
    Optional<Lease> tryAcquire(String leaseName, String holder, Duration ttl) throws LeaseStoreException;

    /**
     * Extends {@code lease} to expire {@code ttl} after the store processed this call, if it is still
     * the current unexpired tenure (same holder and token). The token does not change.
     *
     * @param lease the tenure to extend, as granted by {@link #tryAcquire}
     * @param ttl the new duration from now, positive
     * @return {@code true} if renewed; {@code false} if the tenure ended (expired, released or replaced)
     * @throws LeaseStoreException if the store could not answer (the outcome is unknown)
     * @throws IllegalArgumentException if {@code ttl} is not positive
     */
    boolean renew(Lease lease, Duration ttl) throws LeaseStoreException;

    /**
     * Ends {@code lease} if it is still the current unexpired tenure, so that another holder may
     * acquire at once. The token high-water mark stays: the next grant gets a greater token.
     *
     * @param lease the tenure to end
     * @return {@code true} if it was current and is now released; {@code false} if it had already ended
     * @throws LeaseStoreException if the store could not answer (the outcome is unknown)
     */
    boolean release(Lease lease) throws LeaseStoreException;

    /**
     * Returns the current unexpired tenure of {@code leaseName}, as the store sees it now.
     *
     * @param leaseName the lease, not blank
     * @return the current lease, or empty if the lease is free or expired
     * @throws LeaseStoreException if the store could not answer
     */
    Optional<Lease> current(String leaseName) throws LeaseStoreException;

    /**
     * Describes the store for messages and logs, such as {@code "PostgreSQL at
     * jdbc:postgresql://db-1:5432/nines"}; never contains a password.
     *
     * @return a short description
     */
    default String describe() {
        return getClass().getSimpleName();
    }

    /**
     * Returns an in-memory store for one process (tests, or several controllers in one JVM). Its
     * tokens survive release and expiry but, being in memory, not a restart of the process: use a
     * durable store (JDBC, etcd) when controllers run in several processes.
     *
     * @param time the clock that judges expiry (the store's clock)
     * @return a new, empty store; thread-safe
     */
    static LeaseStore inMemory(TimeSource time) {
        return new InMemoryLeaseStore(time);
    }
}
