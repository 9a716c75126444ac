package dev.nines.benchmarks;

import dev.nines.core.time.TimeSource;
import dev.nines.failover.lease.Lease;
import dev.nines.failover.lease.LeaseStore;
import dev.nines.failover.lease.LeaseStoreException;
import dev.nines.failover.lease.jdbc.JdbcDialect;
import dev.nines.failover.lease.jdbc.JdbcLeaseStore;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The cost of one lease renewal on each engine, over one kept-open connection (what a pooled
 * connection costs; opening a connection per call would measure the handshake instead). Needs real
 * servers, so it is not part of the suite's smoke run; run it by name with the servers' variables:
 *
 * <pre>
 * .ci/servers.sh start /tmp/servers postgres mariadb &amp;&amp; . /tmp/servers/env
 * java -cp benchmarks/target/benchmarks.jar org.openjdk.jmh.Main LeaseStoreRenewal
 * </pre>
 *
 * <p>{@code memory} is the in-memory store, the floor: the ratio to it is the price of durability.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class LeaseStoreRenewal {

    private static final Duration TTL = Duration.ofSeconds(30);

    /** The engine: {@code postgres}, {@code mariadb} or {@code memory}. */
    @Param({"postgres", "mariadb", "memory"})
    public String engine = "memory"; // JMH sets each @Param value before setUp

    private @Nullable Connection connection; // null for the in-memory store

    private LeaseStore store;
    private Lease lease;

    /** Opens the store on one connection and acquires a lease to renew. */
    @Setup(Level.Trial)
    public void setUp() throws Exception {
        if (engine.equals("memory")) {
            store = LeaseStore.inMemory(TimeSource.system());
        } else {
            boolean postgres = engine.equals("postgres");
            String variable = postgres ? "NINES_TEST_POSTGRES_URL" : "NINES_TEST_MARIADB_URL";
            String url = System.getenv(variable);
            if (url == null) {
                throw new IllegalStateException(variable + " is not set: start the servers with .ci/servers.sh");
            }
            JdbcDialect dialect = postgres ? JdbcDialect.POSTGRESQL : JdbcDialect.MARIADB;
            connection = DriverManager.getConnection(url);
            DataSource single = new SingleConnection(connection);
            JdbcLeaseStore.createSchema(single, dialect);
            store = JdbcLeaseStore.open(single, dialect, engine);
        }
        lease = store.tryAcquire("bench-" + UUID.randomUUID(), "bench", TTL).orElseThrow();
    }

    /** Closes the connection. */
    @TearDown(Level.Trial)
    public void tearDown() throws SQLException {
        if (connection != null) {
            connection.close();
        }
    }

    /**
     * One renewal: on a database, one autocommit conditional UPDATE.
     *
     * @return whether it renewed (always, or the benchmark fails)
     * @throws LeaseStoreException if the store fails
     */
    @Benchmark
    public boolean renew() throws LeaseStoreException {
        if (!store.renew(lease, TTL)) {
            throw new IllegalStateException("renewal refused: the lease was lost during the benchmark");
        }
        return true;
    }

    /** A data source that hands out one kept-open connection whose close() does nothing, like a pool. */
    private static final class SingleConnection implements DataSource {
        private final Connection borrowed;

        SingleConnection(Connection connection) {
            this.borrowed = (Connection) Proxy.newProxyInstance(
                    Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                        if (method.getName().equals("close")) {
                            return null;
                        }
                        try {
                            return method.invoke(connection, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }

        @Override
        public Connection getConnection() {
            return borrowed;
        }

        @Override
        public Connection getConnection(String username, String password) {
            return borrowed;
        }

        @Override
        public @Nullable PrintWriter getLogWriter() {

            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {}

        @Override
        public void setLoginTimeout(int seconds) {}

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    }
}
