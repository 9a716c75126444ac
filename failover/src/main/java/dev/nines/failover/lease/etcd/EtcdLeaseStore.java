package dev.nines.failover.lease.etcd;

import dev.nines.core.internal.Arguments;
import dev.nines.failover.lease.ControllerStateStore;
import dev.nines.failover.lease.Lease;
import dev.nines.failover.lease.LeaseStore;
import dev.nines.failover.lease.LeaseStoreException;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.common.exception.ErrorCode;
import io.etcd.jetcd.common.exception.EtcdException;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.lease.LeaseKeepAliveResponse;
import io.etcd.jetcd.lease.NoSuchLeaseException;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

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
 * <p>Thread-safe.
 *
 * <pre>{@code
 * try (EtcdLeaseStore store = EtcdLeaseStore.connect("http://etcd-1:2379,http://etcd-2:2379")) {
 *     LeadershipLease lease = LeadershipLease.of("orders-db", holderId, LeaseConfig.ofDefaults(), store, time);
 *     ControllerStateStore state = store.stateStore();
 * }
 * }</pre>
 */
public final class EtcdLeaseStore implements LeaseStore, AutoCloseable {

    /** The key prefix {@link #connect(String)} uses. */
    public static final String DEFAULT_KEY_PREFIX = "/nines";

    /** The request timeout {@link #connect(String)} uses. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(2);

    /** How long {@link #connect} waits for etcd's first answer, unless the request timeout is longer. */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final Client client;
    private final boolean ownsClient;
    private final String prefix;
    private final long timeoutNanos;
    private final String description;
    /** The etcd lease id and granted TTL of each tenure this store granted, to renew by keep-alive. */
    private final Map<Lease, Attached> attached = new ConcurrentHashMap<>();

    private EtcdLeaseStore(Client client, boolean ownsClient, String prefix, Duration requestTimeout,
            String endpoints) {
        this.client = client;
        this.ownsClient = ownsClient;
        this.prefix = prefix;
        this.timeoutNanos = requestTimeout.toNanos();
        this.description = "etcd at " + endpoints;
    }

    /**
     * Connects to etcd at {@code endpoints} with the {@linkplain #DEFAULT_KEY_PREFIX default prefix}
     * and {@linkplain #DEFAULT_REQUEST_TIMEOUT request timeout}, and checks that it answers.
     *
     * @param endpoints comma-separated client URLs, such as {@code http://10.0.0.1:2379,http://10.0.0.2:2379}
     * @return a store that owns its client; close it to close the client
     * @throws LeaseStoreException if etcd does not answer within the timeout (the message names the endpoints)
     * @throws IllegalArgumentException if {@code endpoints} is blank or not a list of URLs
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
     */
    public static EtcdLeaseStore connect(String endpoints, String keyPrefix, Duration requestTimeout)
            throws LeaseStoreException {
        Arguments.notBlank("endpoints", endpoints);
        Arguments.notBlank("keyPrefix", keyPrefix);
        Arguments.positive("requestTimeout", requestTimeout);
        String[] urls = endpoints.split(",");
        for (int i = 0; i < urls.length; i++) {
            urls[i] = urls[i].trim();
            if (!urls[i].matches("[a-zA-Z][a-zA-Z0-9+.-]*://.+")) {
                throw new IllegalArgumentException("endpoints must be comma-separated URLs such as "
                        + "http://127.0.0.1:2379, was \"" + endpoints + "\"");
            }
        }
        Client client;
        try {
            client = Client.builder().endpoints(urls).connectTimeout(requestTimeout).build();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("endpoints must be valid etcd URLs, was \"" + endpoints + "\": "
                    + e.getMessage(), e);
        }
        EtcdLeaseStore store = new EtcdLeaseStore(client, true, keyPrefix, requestTimeout, String.join(",", urls));
        try {
            // The first call also opens the connection: it may take longer than one request.
            Duration connectTimeout = requestTimeout.compareTo(CONNECT_TIMEOUT) > 0 ? requestTimeout : CONNECT_TIMEOUT;
            store.await(client.getKVClient().get(store.key("/lease/"), GetOption.builder().withCountOnly(true)
                    .isPrefix(true).build()), "connect", connectTimeout.toNanos());
        } catch (LeaseStoreException e) {
            client.close();
            throw e;
        }
        return store;
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
        Objects.requireNonNull(client, "client");
        return new EtcdLeaseStore(client, false, Arguments.notBlank("keyPrefix", keyPrefix),
                Arguments.positive("requestTimeout", requestTimeout), "a caller's client");
    }

    /**
     * Returns the controller state store in the same etcd, under the same prefix: a record is written
     * in one transaction that also checks the writer's lease key, so only the current holder writes.
     *
     * @return the state store; it shares this store's client
     */
    public ControllerStateStore stateStore() {
        return new EtcdControllerStateStore(this);
    }

    @Override
    public Optional<Lease> tryAcquire(String leaseName, String holder, Duration ttl) throws LeaseStoreException {
        Arguments.notBlank("leaseName", leaseName);
        Arguments.notBlank("holder", holder);
        long ttlSeconds = ttlSeconds(ttl);
        ByteSequence key = leaseKey(leaseName);
        // A follower asks often and usually finds the lease held: one read, no etcd lease to grant and revoke.
        List<KeyValue> held = await(client.getKVClient().get(key), "read " + leaseName).getKvs();
        if (!held.isEmpty() && !text(held.get(0).getValue()).equals(holder)) {
            return Optional.empty();
        }
        long etcdLease = await(client.getLeaseClient().grant(ttlSeconds), "grant a lease for " + leaseName).getID();
        boolean granted = false;
        try {
            for (int attempt = 0; attempt < 2; attempt++) {
                TxnResponse created = await(client.getKVClient().txn()
                        .If(new Cmp(key, Cmp.Op.EQUAL, CmpTarget.version(0)))
                        .Then(Op.put(key, bytes(holder), PutOption.builder().withLeaseId(etcdLease).build()))
                        .Else(Op.get(key, GetOption.DEFAULT)).commit(), "acquire " + leaseName);
                if (created.isSucceeded()) {
                    Lease lease = new Lease(leaseName, holder, created.getHeader().getRevision());
                    attached.put(lease, new Attached(etcdLease, ttlSeconds));
                    granted = true;
                    return Optional.of(lease);
                }
                List<KeyValue> current = created.getGetResponses().get(0).getKvs();
                if (current.isEmpty()) {
                    continue; // expired between the compare and the get: try to create it again
                }
                KeyValue kv = current.get(0);
                if (!text(kv.getValue()).equals(holder)) {
                    return Optional.empty();
                }
                // The holder itself holds it (it restarted, or missed an answer): end that tenure so the
                // new one gets a new create revision.
                await(client.getKVClient().txn()
                        .If(new Cmp(key, Cmp.Op.EQUAL, CmpTarget.createRevision(kv.getCreateRevision())))
                        .Then(Op.delete(key, DeleteOption.DEFAULT)).commit(), "end the previous tenure of " + leaseName);
                revokeQuietly(kv.getLease());
                attached.keySet().removeIf(l -> l.name().equals(leaseName) && l.holder().equals(holder));
            }
            return Optional.empty();
        } finally {
            if (!granted) {
                revokeQuietly(etcdLease);
            }
        }
    }

    @Override
    public boolean renew(Lease lease, Duration ttl) throws LeaseStoreException {
        Objects.requireNonNull(lease, "lease");
        long ttlSeconds = ttlSeconds(ttl);
        ByteSequence key = leaseKey(lease.name());
        Attached etcdLease = attached.get(lease);
        if (etcdLease == null || etcdLease.ttlSeconds != ttlSeconds) {
            return reattach(lease, key, ttlSeconds, etcdLease);
        }
        TxnResponse current = await(client.getKVClient().txn().If(isTenure(key, lease)).commit(),
                "check the tenure of " + lease.name());
        if (!current.isSucceeded()) {
            attached.remove(lease);
            return false;
        }
        // The key exists with this create revision, so it is still attached to this etcd lease; a
        // keep-alive succeeds only while that etcd lease has not expired at the server.
        try {
            LeaseKeepAliveResponse alive = await(client.getLeaseClient().keepAliveOnce(etcdLease.id),
                    "renew " + lease.name());
            if (alive.getTTL() <= 0) {
                attached.remove(lease);
                return false;
            }
            return true;
        } catch (LeaseStoreException e) {
            if (isNoSuchLease(e.getCause())) {
                attached.remove(lease);
                return false;
            }
            throw e;
        }
    }

    /** Renews with a TTL the tenure's etcd lease was not granted with: attach the key to a new etcd lease. */
    private boolean reattach(Lease lease, ByteSequence key, long ttlSeconds, @Nullable Attached previous)
            throws LeaseStoreException {
        long etcdLease = await(client.getLeaseClient().grant(ttlSeconds), "grant a lease for " + lease.name()).getID();
        boolean moved = false;
        try {
            moved = await(client.getKVClient().txn().If(isTenure(key, lease))
                    .Then(Op.put(key, bytes(lease.holder()), PutOption.builder().withLeaseId(etcdLease).build()))
                    .commit(), "renew " + lease.name()).isSucceeded();
        } finally {
            if (moved) {
                attached.put(lease, new Attached(etcdLease, ttlSeconds));
                if (previous != null) {
                    revokeQuietly(previous.id);
                }
            } else {
                attached.remove(lease);
                revokeQuietly(etcdLease);
            }
        }
        return moved;
    }

    @Override
    public boolean release(Lease lease) throws LeaseStoreException {
        Objects.requireNonNull(lease, "lease");
        ByteSequence key = leaseKey(lease.name());
        boolean deleted = await(client.getKVClient().txn().If(isTenure(key, lease))
                .Then(Op.delete(key, DeleteOption.DEFAULT)).commit(), "release " + lease.name()).isSucceeded();
        Attached etcdLease = attached.remove(lease);
        if (etcdLease != null) {
            revokeQuietly(etcdLease.id);
        }
        return deleted;
    }

    @Override
    public Optional<Lease> current(String leaseName) throws LeaseStoreException {
        Arguments.notBlank("leaseName", leaseName);
        List<KeyValue> kvs = await(client.getKVClient().get(leaseKey(leaseName)), "read " + leaseName).getKvs();
        if (kvs.isEmpty()) {
            return Optional.empty();
        }
        KeyValue kv = kvs.get(0);
        return Optional.of(new Lease(leaseName, text(kv.getValue()), kv.getCreateRevision()));
    }

    @Override
    public String describe() {
        return description;
    }

    /** Closes the client if this store built it ({@link #connect}); a caller's client stays open. */
    @Override
    public void close() {
        if (ownsClient) {
            client.close();
        }
    }

    @Override
    public String toString() {
        return "EtcdLeaseStore[" + description + ", prefix=" + prefix + "]";
    }

    // ---------------------------------------------------------------- shared with the state store

    Client client() {
        return client;
    }

    ByteSequence key(String suffix) {
        return bytes(prefix + suffix);
    }

    ByteSequence leaseKey(String leaseName) {
        return key("/lease/" + leaseName);
    }

    /** The comparisons that hold while {@code lease} is the current tenure of its key. */
    static Cmp[] isTenure(ByteSequence key, Lease lease) {
        return new Cmp[] {new Cmp(key, Cmp.Op.EQUAL, CmpTarget.createRevision(lease.token())),
                new Cmp(key, Cmp.Op.EQUAL, CmpTarget.value(bytes(lease.holder())))};
    }

    /** Waits for {@code future} at most the request timeout; any failure becomes a LeaseStoreException. */
    <T> T await(CompletableFuture<T> future, String what) throws LeaseStoreException {
        return await(future, what, timeoutNanos);
    }

    private <T> T await(CompletableFuture<T> future, String what, long waitNanos) throws LeaseStoreException {
        try {
            return future.get(waitNanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new LeaseStoreException(description + " did not answer within "
                    + Duration.ofNanos(waitNanos) + " (" + what + ")", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new LeaseStoreException(description + " failed to " + what + ": " + cause.getMessage(), cause);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new LeaseStoreException(description + ": interrupted while waiting to " + what, e);
        }
    }

    static ByteSequence bytes(String text) {
        return ByteSequence.from(text, StandardCharsets.UTF_8);
    }

    static String text(ByteSequence bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------- helpers

    private static long ttlSeconds(Duration ttl) {
        Arguments.positive("ttl", ttl);
        long seconds = ttl.getSeconds() + (ttl.getNano() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }

    private static boolean isNoSuchLease(@Nullable Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof NoSuchLeaseException) {
                return true;
            }
            if (t instanceof EtcdException etcd && etcd.getErrorCode() == ErrorCode.NOT_FOUND) {
                return true;
            }
        }
        return false;
    }

    private void revokeQuietly(long etcdLease) {
        if (etcdLease == 0) {
            return;
        }
        // Fire and forget: an etcd lease nobody revokes expires by itself after its TTL.
        client.getLeaseClient().revoke(etcdLease).exceptionally(e -> null);
    }

    private record Attached(long id, long ttlSeconds) {
    }
}
