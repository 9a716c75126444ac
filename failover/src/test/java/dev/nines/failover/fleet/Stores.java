package dev.nines.failover.fleet;

import dev.nines.core.time.TimeSource;
import dev.nines.failover.lease.ControllerStateStore;
import dev.nines.failover.lease.Lease;
import dev.nines.failover.lease.LeaseStore;
import dev.nines.failover.lease.LeaseStoreException;
import dev.nines.failover.lease.etcd.EtcdLeaseStore;
import dev.nines.failover.lease.jdbc.JdbcDialect;
import dev.nines.failover.lease.jdbc.JdbcLeaseStore;
import java.time.Duration;
import java.util.Optional;
import org.postgresql.ds.PGSimpleDataSource;

/** Opens the stores a {@link Replica} runs on, from a one-string spec that a command line can carry. */
final class Stores {

    private Stores() {}

    /** A lease store and the state store of the same engine. */
    record Engine(LeaseStore leases, ControllerStateStore states) {}

    /** The spec of the etcd stores at {@code endpoints}, keys under {@code prefix}. */
    static String etcd(String endpoints, String prefix) {
        return "etcd|" + endpoints + "|" + prefix;
    }

    /** The spec of the PostgreSQL stores at {@code url}. */
    static String jdbc(String url) {
        return "jdbc|" + url;
    }

    static Engine open(String spec) throws LeaseStoreException {
        String[] parts = spec.split("\\|");
        switch (parts[0]) {
            case "etcd" -> {
                EtcdLeaseStore store = EtcdLeaseStore.connect(parts[1], parts[2], Duration.ofSeconds(1));
                return new Engine(store, store.stateStore());
            }
            case "jdbc" -> {
                // No pool: a stalled server must cost each call its timeouts, not hang a pooled socket.
                PGSimpleDataSource setup = new PGSimpleDataSource();
                setup.setUrl(parts[1]);
                setup.setConnectTimeout(20);
                JdbcLeaseStore.createSchema(setup, JdbcDialect.POSTGRESQL);
                PGSimpleDataSource dataSource = new PGSimpleDataSource();
                dataSource.setUrl(parts[1]);
                dataSource.setConnectTimeout(2);
                dataSource.setLoginTimeout(2);
                dataSource.setSocketTimeout(2);
                JdbcLeaseStore store =
                        JdbcLeaseStore.open(dataSource, JdbcDialect.POSTGRESQL, parts[1], Duration.ofSeconds(1));
                return new Engine(store, store.stateStore());
            }
            default -> throw new IllegalArgumentException("store spec must start with etcd| or jdbc|, was " + spec);
        }
    }

    /**
     * A lease store whose renewals, for a while, reach the real store but lose their answer: the
     * error in the middle of a renew that a dropped connection causes. Not a mock: every call goes
     * to the real store.
     */
    static final class Faulty implements LeaseStore {
        private final LeaseStore delegate;
        private final TimeSource time;
        private volatile long failRenewsUntilNanos;
        private volatile boolean failing;

        Faulty(LeaseStore delegate, TimeSource time) {
            this.delegate = delegate;
            this.time = time;
        }

        void failRenewsFor(Duration duration) {
            failRenewsUntilNanos = time.nanoTime() + duration.toNanos();
            failing = true;
        }

        @Override
        public Optional<Lease> tryAcquire(String leaseName, String holder, Duration ttl) throws LeaseStoreException {
            return delegate.tryAcquire(leaseName, holder, ttl);
        }

        @Override
        public boolean renew(Lease lease, Duration ttl) throws LeaseStoreException {
            boolean renewed = delegate.renew(lease, ttl);
            if (failing && time.nanoTime() - failRenewsUntilNanos < 0) {
                throw new LeaseStoreException("injected: the answer to a renewal that reached " + delegate.describe()
                        + " was lost (it " + (renewed ? "succeeded" : "failed") + ")");
            }
            failing = false;
            return renewed;
        }

        @Override
        public boolean release(Lease lease) throws LeaseStoreException {
            return delegate.release(lease);
        }

        @Override
        public Optional<Lease> current(String leaseName) throws LeaseStoreException {
            return delegate.current(leaseName);
        }

        @Override
        public String describe() {
            return delegate.describe();
        }
    }
}
