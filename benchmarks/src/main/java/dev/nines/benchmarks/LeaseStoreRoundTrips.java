package dev.nines.benchmarks;

import dev.nines.core.time.TimeSource;
import dev.nines.failover.lease.Lease;
import dev.nines.failover.lease.LeaseStore;
import dev.nines.failover.lease.LeaseStoreException;
import dev.nines.failover.lease.etcd.EtcdLeaseStore;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The cost of one lease renewal on each store, the in-memory store as the baseline: what a leader
 * pays every renew interval. Real servers, so not part of {@link BenchmarkSuite}'s run (its name has
 * no "Benchmark"); run it with the servers' variables set, for example
 * <pre>
 * . DIR/env   # from .ci/servers.sh start DIR etcd
 * java -cp benchmarks/target/benchmarks.jar org.openjdk.jmh.Main LeaseStoreRoundTrips -f 1 -wi 3 -i 5
 * </pre>
 * A store whose variable is missing fails its own benchmark only.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class LeaseStoreRoundTrips {

    private static final Duration TTL = Duration.ofSeconds(30);

    private LeaseStore inMemory;
    private Lease inMemoryLease;
    private @Nullable EtcdLeaseStore etcd; // null without NINES_TEST_ETCD_ENDPOINTS
    private @Nullable Lease etcdLease;

    /**
     * Acquires one lease on each store.
     *
     * @throws LeaseStoreException if a store cannot be reached
     */
    @Setup(Level.Trial)
    public void acquire() throws LeaseStoreException {
        String name = "bench-" + UUID.randomUUID();
        inMemory = LeaseStore.inMemory(TimeSource.system());
        inMemoryLease = inMemory.tryAcquire(name, "bench", TTL).orElseThrow();
        String endpoints = System.getenv("NINES_TEST_ETCD_ENDPOINTS");
        if (endpoints != null) {
            etcd = EtcdLeaseStore.connect(endpoints, "/nines-bench", Duration.ofSeconds(5));
            etcdLease = etcd.tryAcquire(name, "bench", TTL).orElseThrow();
        }
    }

    /** Releases the leases and closes the clients. */
    @TearDown(Level.Trial)
    public void release() {
        EtcdLeaseStore store = etcd;
        if (store != null) {
            Lease lease = etcdLease;
            if (lease != null) {
                try {
                    store.release(lease);
                } catch (LeaseStoreException e) {
                    // expires by itself
                }
            }
            store.close();
        }
    }

    /**
     * In memory: a lock and a map update.
     *
     * @return whether the lease was renewed
     * @throws LeaseStoreException never
     */
    @Benchmark
    public boolean inMemory_renew() throws LeaseStoreException {
        return inMemory.renew(inMemoryLease, TTL);
    }

    /**
     * etcd: a transaction that checks the tenure, then a keep-alive, over loopback.
     *
     * @return whether the lease was renewed
     * @throws LeaseStoreException if etcd did not answer
     */
    @Benchmark
    public boolean etcd_renew() throws LeaseStoreException {
        EtcdLeaseStore store = etcd;
        Lease lease = etcdLease;
        if (store == null || lease == null) {
            throw new IllegalStateException("NINES_TEST_ETCD_ENDPOINTS is not set");
        }
        return store.renew(lease, TTL);
    }
}
