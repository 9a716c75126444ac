package dev.nines.failover.lease.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nines.failover.fleet.TestServers;
import dev.nines.failover.lease.ControllerRecord;
import dev.nines.failover.lease.ControllerStateStore;
import dev.nines.failover.lease.ControllerStateStoreContract;
import dev.nines.failover.lease.Lease;
import dev.nines.failover.lease.LeaseStore;
import dev.nines.failover.lease.LeaseStoreContract;
import dev.nines.failover.lease.LeaseStoreException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Runs both store contracts against etcd, and what only etcd does: revisions as tokens, the server's
 * TTL, its errors. Runs on the shared etcd, each test under its own key prefix.
 */
class EtcdLeaseStoreTest {

    /**
     * etcd's clock cannot be injected, so the contracts' elapse is a real wait, stretched by this
     * factor: etcd rounds a TTL up to whole seconds (2 s at least) and expires leases up to about half a
     * second late, so a nominal 1.1 TTL must really be well past it, and a nominal 0.6 TTL still short.
     */
    private static final double STRETCH = 1.4;

    private static final Duration CONTRACT_TTL = Duration.ofSeconds(3);

    private final List<EtcdLeaseStore> opened = new ArrayList<>();

    private EtcdLeaseStore open() throws LeaseStoreException {
        EtcdLeaseStore client = EtcdLeaseStore.connect(TestServers.etcdEndpoints(), prefix, Duration.ofSeconds(5));
        opened.add(client);
        return client;
    }

    private static void realWait(Duration nominal) throws InterruptedException {
        Thread.sleep((long) (nominal.toMillis() * STRETCH));
    }

    @Nested
    class LeaseContract extends LeaseStoreContract {
        @Override
        protected LeaseStore openStore() throws Exception {
            return open();
        }

        @Override
        protected void elapse(Duration duration) throws Exception {
            realWait(duration);
        }

        @Override
        protected Duration ttl() {
            return CONTRACT_TTL;
        }
    }

    @Nested
    class StateContract extends ControllerStateStoreContract {
        @Override
        protected Engine openEngine() throws Exception {
            EtcdLeaseStore client = open();
            return new Engine(client, client.stateStore());
        }

        @Override
        protected void elapse(Duration duration) throws Exception {
            realWait(duration);
        }

        @Override
        protected Duration ttl() {
            return CONTRACT_TTL;
        }
    }

    private static final Duration TTL = Duration.ofSeconds(10);

    private EtcdLeaseStore store;
    private final String prefix = "/nines-test/" + UUID.randomUUID();

    @BeforeEach
    void connect() throws Exception {
        store = EtcdLeaseStore.connect(TestServers.etcdEndpoints(), prefix, Duration.ofSeconds(5));
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
        opened.forEach(EtcdLeaseStore::close);
    }

    @Test
    void tokensAreRevisionsThatGrowWithEveryGrantAndStayOnRenewal() throws Exception {
        Lease first = store.tryAcquire("db", "a", TTL).orElseThrow();
        assertThat(store.tryAcquire("db", "b", TTL)).isEmpty();
        assertThat(store.renew(first, TTL)).isTrue();
        assertThat(store.current("db")).contains(first);

        Lease again = store.tryAcquire("db", "a", TTL).orElseThrow();
        assertThat(again.token())
                .as("a holder that acquires again starts a new tenure")
                .isGreaterThan(first.token());
        assertThat(store.renew(first, TTL)).as("the old tenure ended").isFalse();
        assertThat(store.release(first)).isFalse();

        assertThat(store.release(again)).isTrue();
        Lease other = store.tryAcquire("db", "b", TTL).orElseThrow();
        assertThat(other.token()).isGreaterThan(again.token());
        assertThat(store.renew(again, TTL)).isFalse();
    }

    @Test
    void aRenewalWithAnotherTtlMovesTheKeyToANewEtcdLeaseAndKeepsTheToken() throws Exception {
        Lease lease = store.tryAcquire("db", "a", TTL).orElseThrow();

        assertThat(store.renew(lease, Duration.ofSeconds(20))).isTrue();
        assertThat(store.renew(lease, Duration.ofSeconds(20))).isTrue();

        assertThat(store.current("db")).contains(lease);
    }

    @Test
    void tokensKeepGrowingAcrossStoreInstancesAsTheyWouldAcrossAFleetRestart() throws Exception {
        Lease before = store.tryAcquire("db", "a", TTL).orElseThrow();
        store.release(before);
        store.close();
        store = EtcdLeaseStore.connect(TestServers.etcdEndpoints(), prefix, Duration.ofSeconds(5));

        Lease after = store.tryAcquire("db", "a", TTL).orElseThrow();

        assertThat(after.token()).isGreaterThan(before.token());
    }

    @Test
    void ofConcurrentAcquiresFromSeparateClientsExactlyOneIsGranted() throws Exception {
        int clients = 8;
        List<EtcdLeaseStore> stores = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            for (int i = 0; i < clients; i++) {
                stores.add(EtcdLeaseStore.connect(TestServers.etcdEndpoints(), prefix, Duration.ofSeconds(10)));
            }
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Optional<Lease>>> results = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                EtcdLeaseStore client = stores.get(i);
                String holder = "h" + i;
                results.add(pool.submit(() -> {
                    start.await();
                    return client.tryAcquire("race", holder, TTL);
                }));
            }
            start.countDown();
            int granted = 0;
            for (Future<Optional<Lease>> result : results) {
                granted += result.get().isPresent() ? 1 : 0;
            }
            assertThat(granted).isEqualTo(1);
        } finally {
            pool.shutdownNow();
            stores.forEach(EtcdLeaseStore::close);
        }
    }

    @Test
    void theServerExpiresALeaseWhoseHolderStoppedRenewing() throws Exception {
        // etcd's clock cannot be injected: this waits for the server (at most a few seconds).
        Lease lease = store.tryAcquire("db", "a", Duration.ofSeconds(1)).orElseThrow();
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        Optional<Lease> other = Optional.empty();
        while (other.isEmpty() && System.nanoTime() < deadline) {
            other = store.tryAcquire("db", "b", TTL);
        }
        assertThat(other).as("granted after the server expired a's lease").isPresent();
        assertThat(other.orElseThrow().token()).isGreaterThan(lease.token());
        assertThat(store.renew(lease, Duration.ofSeconds(1))).isFalse();
    }

    @Test
    void theStateIsWrittenOnlyByTheCurrentHolderAndItsEpochNeverGoesBack() throws Exception {
        ControllerStateStore state = store.stateStore();
        Lease lease = store.tryAcquire("db", "a", TTL).orElseThrow();
        ControllerRecord first = ControllerRecord.initial("pg-1", 0);
        assertThat(state.load("orders")).isEmpty();

        assertThat(state.compareAndSet("orders", lease, first)).isTrue();
        assertThat(state.compareAndSet("orders", lease, first))
                .as("version 1 exists")
                .isFalse();
        ControllerRecord promoted = first.promote("pg-2", 1, "PRIMARY_DOWN", Instant.parse("2026-12-04T10:00:00Z"));
        assertThat(state.compareAndSet("orders", lease, promoted)).isTrue();
        assertThat(state.load("orders")).contains(promoted);

        ControllerRecord back = new ControllerRecord(3, 0, "pg-1", Set.of(), List.of(), true);
        assertThat(state.compareAndSet("orders", lease, back))
                .as("epoch 1 -> 0")
                .isFalse();

        store.release(lease);
        Lease other = store.tryAcquire("db", "b", TTL).orElseThrow();
        ControllerRecord next = promoted.promote("pg-3", 2, "PRIMARY_DOWN", Instant.parse("2026-12-04T10:01:00Z"));
        assertThat(state.compareAndSet("orders", lease, next))
                .as("a's tenure ended")
                .isFalse();
        assertThat(state.compareAndSet("orders", other, next)).isTrue();
        assertThat(state.load("orders").orElseThrow().epoch()).isEqualTo(2);
    }

    @Test
    void anUnreachableEtcdAtStartIsAnExceptionNamingTheAddress() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String endpoints = "http://127.0.0.1:" + port;

        assertThatThrownBy(() -> EtcdLeaseStore.connect(endpoints, "/x", Duration.ofMillis(500)))
                .isInstanceOf(LeaseStoreException.class)
                .hasMessageContaining("etcd at " + endpoints);
    }

    @Test
    void badArgumentsNameTheFieldAndValue() {
        assertThatThrownBy(() -> EtcdLeaseStore.connect("localhost:2379"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("endpoints")
                .hasMessageContaining("localhost:2379");
        assertThatThrownBy(() -> EtcdLeaseStore.connect("http://127.0.0.1:1", " ", Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("keyPrefix");
        assertThatThrownBy(() -> store.tryAcquire("db", "a", Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ttl");
    }
}
