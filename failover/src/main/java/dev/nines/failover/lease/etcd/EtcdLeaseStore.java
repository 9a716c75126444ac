package dev.nines.failover.lease.etcd;

import dev.nines.core.internal.OptionalDependencies;
import dev.nines.failover.lease.ControllerStateStore;
import dev.nines.failover.lease.Lease;
import dev.nines.failover.lease.LeaseStore;
import dev.nines.failover.lease.LeaseStoreException;
import io.etcd.jetcd.Client;
import java.time.Duration;
import java.util.Optional;

/**
 * A {@link LeaseStore} on etcd (through jetcd): the store for a controller that fails over the
 * database itself, whose lease must not live in that database. {@link #stateStore()} keeps the
 * controller's durable state in the same etcd, written only by the current lease holder.
 *
 * <p><b>How it maps the contract onto etcd.</b> The lease {@code NAME} is the key
 * {@code PREFIX/lease/NAME}, whose value is the holder, attached to an etcd lease granted with the TTL
 * (rounded up to whole seconds, etcd's resolution; etcd may round a very short TTL up further to its
 * minimum, about 2 s with default server settings). etcd's server clock expires it and deletes the key.
 * <ul>
 *   <li><b>Fencing token</b>: the key's create revision. etcd's revision is one cluster-wide counter
 *       that every write raises, kept in the raft log and snapshots, so a later creation of the key
 *       always has a greater create revision: across holders, restarts of clients and servers, and
 *       fail-over to another etcd member. A renewal does not recreate the key and keeps the token.
 *   <li><b>Acquire</b>: read the key; if another holder has it, that is the answer (one round trip,
 *       what a follower pays per attempt). Otherwise grant an etcd lease, then one transaction that
 *       creates the key only if it does not exist (version 0). If the holder itself holds it, its key
 *       is deleted by create revision and created again: a new tenure, a new token.
 *   <li><b>Renew</b>: a transaction that checks the key still has this holder and create revision,
 *       then a keep-alive of its etcd lease (two round trips). A keep-alive of an etcd lease that
 *       expired fails, so a holder that was paused past its TTL learns it lost the lease.
 *   <li><b>Release</b>: a transaction that deletes the key if it has this holder and create revision,
 *       then a revoke of the etcd lease.
 * </ul>
 *
 * <p>Every call waits at most the request timeout and then throws {@link LeaseStoreException} (the
 * outcome is unknown), so an unreachable or stalled etcd costs the holder its retry budget, never a
 * stuck thread. The jetcd client runs its own gRPC and Netty threads: that is the client's, not
 * this store's, and {@link #of(Client, String, Duration)} lets the caller configure and own it (TLS,
 * authentication).
 *
 * <p>jetcd ({@code io.etcd:jetcd-core}) is an optional dependency of nines-failover: without it on
 * the class path, {@link #connect(String)} throws an {@link IllegalStateException} that names the
 * artifact and the version to add, instead of a bare {@link NoClassDefFoundError}.
 *
 * <p>Thread-safe.
 *
 * <pre>{@code
 * try (EtcdLeaseStore store = EtcdLeaseStore.connect("http://etcd-1:2379,http://etcd-2:2379")) {
 *     LeadershipLease lease = LeadershipLease.of("orders-db", holderId, LeaseConfig.ofDefaults(), store, time);
 *     ControllerStateStore state = store.stateStore();
 * }
 * }</pre>
 */
// Every use of jetcd is in JetcdLeaseStore: this class must load, and check for jetcd, without it.
public final class EtcdLeaseStore implements LeaseStore, AutoCloseable {

    /** The key prefix {@link #connect(String)} uses. */
    public static final String DEFAULT_KEY_PREFIX = "/nines";

    /** The request timeout {@link #connect(String)} uses. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(2);

    private final JetcdLeaseStore store;

    private EtcdLeaseStore(JetcdLeaseStore store) {
        this.store = store;
    }

    /**
     * Connects to etcd at {@code endpoints} with the {@linkplain #DEFAULT_KEY_PREFIX default prefix}
     * and {@linkplain #DEFAULT_REQUEST_TIMEOUT request timeout}, and checks that it answers.
     *
     * @param endpoints comma-separated client URLs, such as {@code http://10.0.0.1:2379,http://10.0.0.2:2379}
     * @return a store that owns its client; close it to close the client
     * @throws LeaseStoreException if etcd does not answer within the timeout (the message names the endpoints)
     * @throws IllegalArgumentException if {@code endpoints} is blank or not a list of URLs
     * @throws IllegalStateException if jetcd is not on the class path (the message names the artifact)
     */
    public static EtcdLeaseStore connect(String endpoints) throws LeaseStoreException {
        return connect(endpoints, DEFAULT_KEY_PREFIX, DEFAULT_REQUEST_TIMEOUT);
    }

    /**
     * Connects to etcd at {@code endpoints} and checks that it answers.
     *
     * @param endpoints comma-separated client URLs
     * @param keyPrefix the prefix of every key this store writes, such as {@code /nines}; not blank
     * @param requestTimeout how long one call may take before it throws, positive
     * @return a store that owns its client; close it to close the client
     * @throws LeaseStoreException if etcd does not answer within the request timeout, or 5 s if that is
     *     longer (the first call also opens the connection); the message names the endpoints
     * @throws IllegalArgumentException if an argument is blank, not positive or not a list of URLs
     * @throws IllegalStateException if jetcd is not on the class path (the message names the artifact)
     */
    public static EtcdLeaseStore connect(String endpoints, String keyPrefix, Duration requestTimeout)
            throws LeaseStoreException {
        OptionalDependencies.require(
                "EtcdLeaseStore",
                "nines-failover",
                OptionalDependencies.JETCD,
                "io.etcd.jetcd.Client",
                EtcdLeaseStore.class);
        return new EtcdLeaseStore(JetcdLeaseStore.connect(endpoints, keyPrefix, requestTimeout));
    }

    /**
     * Wraps a client the caller built and owns (for TLS, authentication or a namespace); no check is
     * made that etcd answers, and {@link #close()} leaves the client open.
     *
     * @param client the jetcd client
     * @param keyPrefix the prefix of every key this store writes; not blank
     * @param requestTimeout how long one call may take before it throws, positive
     * @return a new store
     * @throws IllegalArgumentException if {@code keyPrefix} is blank or {@code requestTimeout} not positive
     */
    public static EtcdLeaseStore of(Client client, String keyPrefix, Duration requestTimeout) {
        return new EtcdLeaseStore(JetcdLeaseStore.of(client, keyPrefix, requestTimeout));
    }

    /**
     * Returns the controller state store in the same etcd, under the same prefix: a record is written
     * in one transaction that also checks the writer's lease key, so only the current holder writes.
     *
     * @return the state store; it shares this store's client
     */
    public ControllerStateStore stateStore() {
        return store.stateStore();
    }

    @Override
    public Optional<Lease> tryAcquire(String leaseName, String holder, Duration ttl) throws LeaseStoreException {
        return store.tryAcquire(leaseName, holder, ttl);
    }

    @Override
    public boolean renew(Lease lease, Duration ttl) throws LeaseStoreException {
        return store.renew(lease, ttl);
    }

    @Override
    public boolean release(Lease lease) throws LeaseStoreException {
        return store.release(lease);
    }

    @Override
    public Optional<Lease> current(String leaseName) throws LeaseStoreException {
        return store.current(leaseName);
    }

    @Override
    public String describe() {
        return store.describe();
    }

    /** Closes the client if this store built it ({@link #connect}); a caller's client stays open. */
    @Override
    public void close() {
        store.close();
    }

    @Override
    public String toString() {
        return store.toString();
    }
}
