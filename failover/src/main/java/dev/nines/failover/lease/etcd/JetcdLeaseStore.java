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
 * The jetcd-backed implementation behind {@link EtcdLeaseStore}: every reference to jetcd lives here
 * (and in {@link EtcdControllerStateStore}), so that {@code EtcdLeaseStore} itself loads without
 * jetcd and can say which artifact is missing. See {@link EtcdLeaseStore} for the mapping onto etcd.
 */
final class JetcdLeaseStore implements LeaseStore, AutoCloseable {

    /** How long {@link #connect} waits for etcd's first answer, unless the request timeout is longer. */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final Client client;
    private final boolean ownsClient;
    private final String prefix;
    private final long timeoutNanos;
    private final String description;
    /** The etcd lease id and granted TTL of each tenure this store granted, to renew by keep-alive. */
    private final Map<Lease, Attached> attached = new ConcurrentHashMap<>();

    private JetcdLeaseStore(
            Client client, boolean ownsClient, String prefix, Duration requestTimeout, String endpoints) {
        this.client = client;
        this.ownsClient = ownsClient;
        this.prefix = prefix;
        this.timeoutNanos = requestTimeout.toNanos();
        this.description = "etcd at " + endpoints;
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
    static JetcdLeaseStore connect(String endpoints, String keyPrefix, Duration requestTimeout)
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
            client = Client.builder()
                    .endpoints(urls)
                    .connectTimeout(requestTimeout)
                    .build();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "endpoints must be valid etcd URLs, was \"" + endpoints + "\": " + e.getMessage(), e);
        }
        JetcdLeaseStore store = new JetcdLeaseStore(client, true, keyPrefix, requestTimeout, String.join(",", urls));
        try {
            // The first call also opens the connection: it may take longer than one request.
            Duration connectTimeout = requestTimeout.compareTo(CONNECT_TIMEOUT) > 0 ? requestTimeout : CONNECT_TIMEOUT;
            store.await(
                    client.getKVClient()
                            .get(
                                    store.key("/lease/"),
                                    GetOption.builder()
                                            .withCountOnly(true)
                                            .isPrefix(true)
                                            .build()),
                    "connect",
                    connectTimeout.toNanos());
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
    static JetcdLeaseStore of(Client client, String keyPrefix, Duration requestTimeout) {
        Objects.requireNonNull(client, "client");
        return new JetcdLeaseStore(
                client,
                false,
                Arguments.notBlank("keyPrefix", keyPrefix),
                Arguments.positive("requestTimeout", requestTimeout),
                "a caller's client");
    }

    /**
     * Returns the controller state store in the same etcd, under the same prefix: a record is written
     * in one transaction that also checks the writer's lease key, so only the current holder writes.
     *
     * @return the state store; it shares this store's client
     */
    ControllerStateStore stateStore() {
        return new EtcdControllerStateStore(this);
    }

    @Override
    public Optional<Lease> tryAcquire(String leaseName, String holder, Duration ttl) throws LeaseStoreException {
        Arguments.notBlank("leaseName", leaseName);
        Arguments.notBlank("holder", holder);
        long ttlSeconds = ttlSeconds(ttl);
        ByteSequence key = leaseKey(leaseName);
        // A follower asks often and usually finds the lease held: one read, no etcd lease to grant and revoke.
        List<KeyValue> held =
                await(client.getKVClient().get(key), "read " + leaseName).getKvs();
        if (!held.isEmpty() && !text(held.get(0).getValue()).equals(holder)) {
            return Optional.empty();
        }
        long etcdLease = await(client.getLeaseClient().grant(ttlSeconds), "grant a lease for " + leaseName)
                .getID();
        boolean granted = false;
        try {
            for (int attempt = 0; attempt < 2; attempt++) {
                TxnResponse created = await(
                        client.getKVClient()
                                .txn()
                                .If(new Cmp(key, Cmp.Op.EQUAL, CmpTarget.version(0)))
                                .Then(Op.put(
                                        key,
                                        bytes(holder),
                                        PutOption.builder()
                                                .withLeaseId(etcdLease)
                                                .build()))
                                .Else(Op.get(key, GetOption.DEFAULT))
                                .commit(),
                        "acquire " + leaseName);
                if (created.isSucceeded()) {
                    Lease lease =
                            new Lease(leaseName, holder, created.getHeader().getRevision());
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
                await(
                        client.getKVClient()
                                .txn()
                                .If(new Cmp(key, Cmp.Op.EQUAL, CmpTarget.createRevision(kv.getCreateRevision())))
                                .Then(Op.delete(key, DeleteOption.DEFAULT))
                                .commit(),
                        "end the previous tenure of " + leaseName);
                revokeQuietly(kv.getLease());
                attached.keySet()
                        .removeIf(l -> l.name().equals(leaseName) && l.holder().equals(holder));
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
        TxnResponse current = await(
                client.getKVClient().txn().If(isTenure(key, lease)).commit(), "check the tenure of " + lease.name());
        if (!current.isSucceeded()) {
            attached.remove(lease);
            return false;
        }
        // The key exists with this create revision, so it is still attached to this etcd lease; a
        // keep-alive succeeds only while that etcd lease has not expired at the server.
        try {
            LeaseKeepAliveResponse alive =
                    await(client.getLeaseClient().keepAliveOnce(etcdLease.id), "renew " + lease.name());
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
        long etcdLease = await(client.getLeaseClient().grant(ttlSeconds), "grant a lease for " + lease.name())
                .getID();
        boolean moved = false;
        try {
            moved = await(
                            client.getKVClient()
                                    .txn()
                                    .If(isTenure(key, lease))
                                    .Then(Op.put(
                                            key,
                                            bytes(lease.holder()),
                                            PutOption.builder()
                                                    .withLeaseId(etcdLease)
                                                    .build()))
                                    .commit(),
                            "renew " + lease.name())
                    .isSucceeded();
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
        boolean deleted = await(
                        client.getKVClient()
                                .txn()
                                .If(isTenure(key, lease))
                                .Then(Op.delete(key, DeleteOption.DEFAULT))
                                .commit(),
                        "release " + lease.name())
                .isSucceeded();
        Attached etcdLease = attached.remove(lease);
        if (etcdLease != null) {
            revokeQuietly(etcdLease.id);
        }
        return deleted;
    }

    @Override
    public Optional<Lease> current(String leaseName) throws LeaseStoreException {
        Arguments.notBlank("leaseName", leaseName);
        List<KeyValue> kvs = await(client.getKVClient().get(leaseKey(leaseName)), "read " + leaseName)
                .getKvs();
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

    /** Closes the client if this store built it; a caller's client stays open. */
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
        return new Cmp[] {
            new Cmp(key, Cmp.Op.EQUAL, CmpTarget.createRevision(lease.token())),
            new Cmp(key, Cmp.Op.EQUAL, CmpTarget.value(bytes(lease.holder())))
        };
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
            throw new LeaseStoreException(
                    description + " did not answer within " + Duration.ofNanos(waitNanos) + " (" + what + ")", e);
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

    private record Attached(long id, long ttlSeconds) {}
}
