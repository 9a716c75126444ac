package dev.nines.failover.lease.jdbc;

import static org.assertj.core.api.Assertions.fail;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Assumptions;
import org.mariadb.jdbc.MariaDbDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A real database server started by {@code .ci/servers.sh}, found through its environment variable:
 * a test that needs one fails without it when {@code CI=true} and is skipped with a note elsewhere.
 */
enum TestDatabase {
    POSTGRES("NINES_TEST_POSTGRES_URL", JdbcDialect.POSTGRESQL),
    MARIADB("NINES_TEST_MARIADB_URL", JdbcDialect.MARIADB);

    private final String variable;
    private final JdbcDialect dialect;
    private volatile boolean schemaCreated;

    TestDatabase(String variable, JdbcDialect dialect) {
        this.variable = variable;
        this.dialect = dialect;
    }

    JdbcDialect dialect() {
        return dialect;
    }

    /** The JDBC URL of the server's {@code nines} database; fails in CI, skips elsewhere, without one. */
    String url() {
        String url = System.getenv(variable);
        if (url == null || url.isBlank()) {
            String note = variable + " is not set: start the servers with '.ci/servers.sh start DIR' and source"
                    + " DIR/env (.ci/run does both in CI)";
            if ("true".equals(System.getenv("CI"))) {
                fail(note);
            }
            Assumptions.abort(note);
        }
        return url;
    }

    DataSource dataSource() {
        return dataSource(url());
    }

    DataSource dataSource(String url) {
        try {
            if (this == POSTGRES) {
                PGSimpleDataSource ds = new PGSimpleDataSource();
                ds.setUrl(url);
                ds.setConnectTimeout(5);
                return ds;
            }
            return new MariaDbDataSource(url + (url.contains("?") ? "&" : "?") + "connectTimeout=5000");
        } catch (SQLException e) {
            throw new AssertionError("bad test URL " + url, e);
        }
    }

    /** Opens a store over the shared {@code nines} database, creating the schema once. */
    JdbcLeaseStore open() throws Exception {
        DataSource ds = dataSource();
        if (!schemaCreated) {
            JdbcLeaseStore.createSchema(ds, dialect);
            schemaCreated = true;
        }
        return JdbcLeaseStore.open(ds, dialect, url());
    }

    /** Moves every lease named with {@code prefix} closer to expiry by {@code duration}, on the database. */
    void elapse(String prefix, Duration duration) throws SQLException {
        String sql = "UPDATE nines_lease SET expires_at = " + dialect.minusMicros("expires_at") + " WHERE name LIKE ?";
        try (Connection c = dataSource().getConnection();
                PreparedStatement update = c.prepareStatement(sql)) {
            update.setLong(1, duration.toNanos() / 1000);
            update.setString(2, prefix + "%");
            update.executeUpdate();
        }
    }

    /** Runs one statement on the shared database. */
    int execute(String sql) throws SQLException {
        try (Connection c = dataSource().getConnection();
                Statement statement = c.createStatement()) {
            return statement.executeUpdate(sql);
        }
    }

    /** An empty schema (PostgreSQL) or database (MariaDB) of its own, dropped by {@link Isolated#close()}. */
    Isolated isolated() throws SQLException {
        String name = "nines_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String base = url();
        if (this == POSTGRES) {
            execute("CREATE SCHEMA " + name);
            return new Isolated(this, name, base + "&currentSchema=" + name, "DROP SCHEMA " + name + " CASCADE");
        }
        execute("CREATE DATABASE " + name);
        return new Isolated(this, name, base.replace("/nines?", "/" + name + "?"), "DROP DATABASE " + name);
    }

    /** A throw-away schema or database. */
    record Isolated(TestDatabase database, String name, String url, String drop) implements AutoCloseable {

        DataSource dataSource() {
            return database.dataSource(url);
        }

        @Override
        public void close() throws SQLException {
            database.execute(drop);
        }
    }
}
