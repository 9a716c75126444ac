package dev.nines.failover.lease.jdbc;

import dev.nines.core.internal.Arguments;
import dev.nines.failover.lease.ControllerStateStore;
import dev.nines.failover.lease.Lease;
import dev.nines.failover.lease.LeaseStore;
import dev.nines.failover.lease.LeaseStoreException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * A {@link LeaseStore} in a PostgreSQL, MariaDB or MySQL database, on plain {@code java.sql}: bring
 * your own driver and {@link DataSource} (a pool is fine). Its {@link #stateStore()} keeps the
 * controller records in the same database.
 *
 * <p><b>How it keeps the contract.</b> One row per lease ({@code nines_lease}: name, holder, token,
 * expires_at), and the token high-water mark in a separate row ({@code nines_lease_token}); a new
 * token exceeds both, so deleting either row cannot make a token repeat. Expiry is set and compared
 * only with the database clock. A renewal is one autocommit conditional {@code UPDATE ... WHERE
 * name = ? AND holder = ? AND token = ? AND expires_at > now}; an acquisition is a short transaction
 * that locks the token row, checks the lease row and writes both. No session state, no advisory
 * locks: every call stands alone, so connection pools and PgBouncer (transaction mode) are safe.
 * A follower's acquire attempt while the lease is held is one read, without locks.
 *
 * <p><b>Fail-over of the database.</b> Tokens and leases are exactly as durable as the database's
 * commits. They survive a fail-over of the database only if its replication is synchronous
 * (PostgreSQL {@code synchronous_commit = on} or {@code remote_apply} with
 * {@code synchronous_standby_names}; MariaDB semi-synchronous replication or Galera): a promoted
 * asynchronous replica may have lost the last grants, and then a token can be issued twice. Never
 * keep the lease of a controller that fails over a database in that same database.
 *
 * <p><b>Schema.</b> The DDL ships as class-path resources ({@link JdbcDialect#schemaResource(int)});
 * {@link #createSchema(DataSource, JdbcDialect)} creates it, or migrates an older version in order
 * ({@link JdbcDialect#migrationResource(int)}, one script per version step and dialect), and records
 * the version, and since version 2 when it was reached, in {@code nines_schema_version}. A migration
 * script may run again, by a second replica or after a run stopped halfway: it changes the version
 * only from its own to the next. {@link #open} refuses a missing, older or newer schema with a message
 * that says what to do; a replica of an older library refuses a newer schema, so upgrade every replica.
 * Version 2 (this library) adds {@code nines_schema_version.applied_at}.
 *
 * <p>Thread-safe. Every statement has a query timeout (default 5 s), so a slow database shows as a
 * failed call rather than a hang; the lease steps down by its own deadline in any case.
 *
 * <pre>{@code
 * PGSimpleDataSource ds = new PGSimpleDataSource();
 * ds.setUrl("jdbc:postgresql://db-1:5432/ops");
 * JdbcLeaseStore.createSchema(ds, JdbcDialect.POSTGRESQL);          // once, or run the DDL resource
 * JdbcLeaseStore store = JdbcLeaseStore.open(ds, JdbcDialect.POSTGRESQL, "db-1:5432/ops");
 * LeadershipLease lease = LeadershipLease.of("orders-db", holderId, LeaseConfig.ofDefaults(), store, time);
 * }</pre>
 */
public final class JdbcLeaseStore implements LeaseStore {

    /** The schema version this library reads and writes. */
    public static final int SCHEMA_VERSION = 2;

    /** The longest lease name, holder or group the schema holds. */
    public static final int MAX_NAME_LENGTH = 200;

    static final String COMPONENT = "failover-store";

    private static final Duration DEFAULT_QUERY_TIMEOUT = Duration.ofSeconds(5);

    private final DataSource dataSource;
    private final JdbcDialect dialect;
    private final String description;
    private final int queryTimeoutSeconds;
    private final JdbcControllerStateStore states;

    private final String renewSql;
    private final String releaseSql;
    private final String currentSql;
    private final String peekSql;
    private final String ensureTokenRowSql;
    private final String lockTokenSql;
    private final String lockLeaseSql;
    private final String updateTokenSql;
    private final String updateLeaseSql;
    private final String insertLeaseSql;

    private JdbcLeaseStore(DataSource dataSource, JdbcDialect dialect, String address, Duration queryTimeout) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.description = dialect.displayName() + " at " + redact(address);
        this.queryTimeoutSeconds =
                (int) Math.max(1, Math.min(Integer.MAX_VALUE, (queryTimeout.toMillis() + 999) / 1000));
        String now = dialect.now();
        String expiry = dialect.plusMicros(now);
        this.renewSql = "UPDATE nines_lease SET expires_at = " + expiry
                + " WHERE name = ? AND holder = ? AND token = ? AND expires_at > " + now;
        this.releaseSql = "UPDATE nines_lease SET holder = NULL, expires_at = " + now
                + " WHERE name = ? AND holder = ? AND token = ? AND expires_at > " + now;
        this.currentSql =
                "SELECT holder, token FROM nines_lease WHERE name = ? AND holder IS NOT NULL AND expires_at > " + now;
        this.peekSql = "SELECT holder FROM nines_lease WHERE name = ? AND holder IS NOT NULL AND expires_at > " + now;
        this.ensureTokenRowSql = dialect.insertIfAbsent("nines_lease_token", "name, last_token", "?, 0", "name");
        this.lockTokenSql = "SELECT last_token FROM nines_lease_token WHERE name = ? FOR UPDATE";
        this.lockLeaseSql = "SELECT holder, token, CASE WHEN expires_at > " + now
                + " THEN 1 ELSE 0 END FROM nines_lease WHERE name = ? FOR UPDATE";
        this.updateTokenSql = "UPDATE nines_lease_token SET last_token = ? WHERE name = ?";
        this.updateLeaseSql =
                "UPDATE nines_lease SET holder = ?, token = ?, expires_at = " + expiry + " WHERE name = ?";
        this.insertLeaseSql =
                "INSERT INTO nines_lease (name, holder, token, expires_at) VALUES (?, ?, ?, " + expiry + ")";
        this.states = new JdbcControllerStateStore(this);
    }

    /**
     * Opens the store with a 5 s query timeout; see {@link #open(DataSource, JdbcDialect, String, Duration)}.
     *
     * @param dataSource where connections come from
     * @param dialect the database's dialect
     * @param address where the database is, for messages (a password in it is masked)
     * @return the store
     * @throws LeaseStoreException if the database cannot be reached, or its schema is missing, older or
     *     newer than {@link #SCHEMA_VERSION}
     */
    public static JdbcLeaseStore open(DataSource dataSource, JdbcDialect dialect, String address)
            throws LeaseStoreException {
        return open(dataSource, dialect, address, DEFAULT_QUERY_TIMEOUT);
    }

    /**
     * Opens the store: connects once to check that the database answers and holds schema version
     * {@link #SCHEMA_VERSION}.
     *
     * @param dataSource where connections come from
     * @param dialect the database's dialect
     * @param address where the database is, for messages, such as {@code "db-1:5432/ops"} or the JDBC
     *     URL (a {@code password=} parameter in it is masked)
     * @param queryTimeout the timeout of every statement, rounded up to whole seconds, positive
     * @return the store
     * @throws LeaseStoreException if the database cannot be reached (the message names the store and
     *     the address), or its schema is missing, older or newer (the message says how to create or
     *     migrate it)
     */
    public static JdbcLeaseStore open(DataSource dataSource, JdbcDialect dialect, String address, Duration queryTimeout)
            throws LeaseStoreException {
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(dialect, "dialect");
        Arguments.notBlank("address", address);
        Arguments.positive("queryTimeout", queryTimeout);
        JdbcLeaseStore store = new JdbcLeaseStore(dataSource, dialect, address, queryTimeout);
        store.checkSchema();
        return store;
    }

    /**
     * Creates the schema if it is missing, or migrates it from an older version, in the database behind
     * {@code dataSource}; does nothing when it is current. Safe to run from several processes at once.
     * The DDL it runs is the class-path resource {@link JdbcDialect#schemaResource(int)} (then
     * {@link JdbcDialect#migrationResource(int)} for each version step), so a database administrator
     * can run the same files by hand instead.
     *
     * @param dataSource a data source whose user may create tables
     * @param dialect the database's dialect
     * @throws LeaseStoreException if the database cannot be reached or refuses the DDL, or holds a
     *     newer schema than this library knows
     */
    public static void createSchema(DataSource dataSource, JdbcDialect dialect) throws LeaseStoreException {
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(dialect, "dialect");
        String where = dialect.displayName() + " (createSchema)";
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            OptionalVersion found = readVersion(connection);
            if (found.version > SCHEMA_VERSION) {
                throw new LeaseStoreException("the Nines failover schema in " + where + " is version " + found.version
                        + ", newer than version " + SCHEMA_VERSION + " that this library knows; upgrade Nines");
            }
            if (!found.present) {
                runScript(connection, dialect.schemaResource(SCHEMA_VERSION));
                return;
            }
            for (int from = found.version; from < SCHEMA_VERSION; from++) {
                runScript(connection, dialect.migrationResource(from));
            }
        } catch (SQLException e) {
            throw new LeaseStoreException(
                    "cannot create the Nines failover schema in " + where + ": " + e.getMessage(), e);
        }
    }

    /**
     * Returns the controller state store in the same database, whose writes are conditional on a
     * lease of this store.
     *
     * @return the state store
     */
    public ControllerStateStore stateStore() {
        return states;
    }

    @Override
    public Optional<Lease> tryAcquire(String leaseName, String holder, Duration ttl) throws LeaseStoreException {
        checkName("leaseName", leaseName);
        checkName("holder", holder);
        long micros = ttlMicros(ttl);
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            // A follower polls while the lease is held: answer with one lock-free read.
            try (PreparedStatement peek = prepare(connection, peekSql)) {
                peek.setString(1, leaseName);
                try (ResultSet rs = peek.executeQuery()) {
                    if (rs.next() && !holder.equals(rs.getString(1))) {
                        return Optional.empty();
                    }
                }
            }
            try (PreparedStatement ensure = prepare(connection, ensureTokenRowSql)) {
                ensure.setString(1, leaseName);
                ensure.executeUpdate();
            }
            return inTransaction(connection, () -> acquireLocked(connection, leaseName, holder, micros));
        } catch (SQLException e) {
            throw failure("acquire of lease " + leaseName + " by " + holder, e);
        }
    }

    private Optional<Lease> acquireLocked(Connection connection, String leaseName, String holder, long micros)
            throws SQLException {
        long highest;
        try (PreparedStatement lock = prepare(connection, lockTokenSql)) {
            lock.setString(1, leaseName);
            try (ResultSet rs = lock.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("the token row of lease " + leaseName + " vanished");
                }
                highest = rs.getLong(1);
            }
        }
        boolean rowExists;
        try (PreparedStatement lock = prepare(connection, lockLeaseSql)) {
            lock.setString(1, leaseName);
            try (ResultSet rs = lock.executeQuery()) {
                rowExists = rs.next();
                if (rowExists) {
                    String current = rs.getString(1);
                    highest = Math.max(highest, rs.getLong(2));
                    boolean live = rs.getInt(3) == 1;
                    if (current != null && live && !current.equals(holder)) {
                        return Optional.empty();
                    }
                }
            }
        }
        if (highest == Long.MAX_VALUE) {
            throw new SQLException("the token of lease " + leaseName + " would overflow");
        }
        long token = highest + 1;
        try (PreparedStatement update = prepare(connection, updateTokenSql)) {
            update.setLong(1, token);
            update.setString(2, leaseName);
            update.executeUpdate();
        }
        try (PreparedStatement write = prepare(connection, rowExists ? updateLeaseSql : insertLeaseSql)) {
            if (rowExists) {
                write.setString(1, holder);
                write.setLong(2, token);
                write.setLong(3, micros);
                write.setString(4, leaseName);
            } else {
                write.setString(1, leaseName);
                write.setString(2, holder);
                write.setLong(3, token);
                write.setLong(4, micros);
            }
            if (write.executeUpdate() != 1) {
                throw new SQLException("writing lease " + leaseName + " changed no row");
            }
        }
        return Optional.of(new Lease(leaseName, holder, token));
    }

    @Override
    public boolean renew(Lease lease, Duration ttl) throws LeaseStoreException {
        Objects.requireNonNull(lease, "lease");
        long micros = ttlMicros(ttl);
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            try (PreparedStatement renew = prepare(connection, renewSql)) {
                renew.setLong(1, micros);
                renew.setString(2, lease.name());
                renew.setString(3, lease.holder());
                renew.setLong(4, lease.token());
                return renew.executeUpdate() == 1;
            }
        } catch (SQLException e) {
            throw failure("renewal of lease " + lease.name() + " by " + lease.holder(), e);
        }
    }

    @Override
    public boolean release(Lease lease) throws LeaseStoreException {
        Objects.requireNonNull(lease, "lease");
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            try (PreparedStatement release = prepare(connection, releaseSql)) {
                release.setString(1, lease.name());
                release.setString(2, lease.holder());
                release.setLong(3, lease.token());
                return release.executeUpdate() == 1;
            }
        } catch (SQLException e) {
            throw failure("release of lease " + lease.name() + " by " + lease.holder(), e);
        }
    }

    @Override
    public Optional<Lease> current(String leaseName) throws LeaseStoreException {
        checkName("leaseName", leaseName);
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            try (PreparedStatement current = prepare(connection, currentSql)) {
                current.setString(1, leaseName);
                try (ResultSet rs = current.executeQuery()) {
                    return rs.next()
                            ? Optional.of(new Lease(leaseName, rs.getString(1), rs.getLong(2)))
                            : Optional.empty();
                }
            }
        } catch (SQLException e) {
            throw failure("read of lease " + leaseName, e);
        }
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public String toString() {
        return "JdbcLeaseStore[" + description + "]";
    }

    // ------------------------------------------------------------------------------------ internals

    JdbcDialect dialect() {
        return dialect;
    }

    Connection connection() throws SQLException {
        Connection connection = dataSource.getConnection();
        connection.setAutoCommit(true);
        return connection;
    }

    PreparedStatement prepare(Connection connection, String sql) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        statement.setQueryTimeout(queryTimeoutSeconds);
        return statement;
    }

    LeaseStoreException failure(String what, SQLException e) {
        return new LeaseStoreException(what + " failed at " + description + ": " + e.getMessage(), e);
    }

    /** A body run in a transaction at READ COMMITTED. */
    interface Body<T> {
        T run() throws SQLException;
    }

    static <T> T inTransaction(Connection connection, Body<T> body) throws SQLException {
        int isolation = connection.getTransactionIsolation();
        connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        connection.setAutoCommit(false);
        boolean committed = false;
        try {
            T result = body.run();
            connection.commit();
            committed = true;
            return result;
        } finally {
            if (!committed) {
                try {
                    connection.rollback();
                } catch (SQLException ignored) {
                    // The connection is broken; the database rolls back on its own.
                }
            }
            connection.setAutoCommit(true);
            connection.setTransactionIsolation(isolation);
        }
    }

    static String checkName(String field, String value) {
        Arguments.notBlank(field, value);
        if (value.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException(field + " must be at most " + MAX_NAME_LENGTH + " characters, was "
                    + value.length() + " characters");
        }
        return value;
    }

    private static long ttlMicros(Duration ttl) {
        Arguments.positive("ttl", ttl);
        Arguments.fitsInNanos("ttl", ttl);
        return (ttl.toNanos() + 999) / 1000;
    }

    private void checkSchema() throws LeaseStoreException {
        OptionalVersion found;
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            found = readVersion(connection);
        } catch (SQLException e) {
            throw new LeaseStoreException("cannot reach the lease store " + description + ": " + e.getMessage(), e);
        }
        String create = "JdbcLeaseStore.createSchema(dataSource, JdbcDialect." + dialect.name() + ")";
        if (!found.present) {
            throw new LeaseStoreException("the Nines failover schema is missing in " + description
                    + " (no row '" + COMPONENT + "' in table nines_schema_version); create it with " + create
                    + " or run the DDL in the class-path resource " + dialect.schemaResource(SCHEMA_VERSION));
        }
        if (found.version < SCHEMA_VERSION) {
            throw new LeaseStoreException("the Nines failover schema in " + description + " is version "
                    + found.version + ", older than version " + SCHEMA_VERSION + " that this library needs; migrate it"
                    + " with " + create + " or run the class-path resources " + dialect.migrationResource(found.version)
                    + " and the following ones in order");
        }
        if (found.version > SCHEMA_VERSION) {
            throw new LeaseStoreException("the Nines failover schema in " + description + " is version "
                    + found.version + ", newer than version " + SCHEMA_VERSION + " that this library knows; upgrade"
                    + " Nines on every replica");
        }
    }

    /** The recorded schema version; absent when the version table or its row is missing. */
    private record OptionalVersion(boolean present, int version) {}

    private static OptionalVersion readVersion(Connection connection) throws SQLException {
        if (!tableExists(connection, "nines_schema_version")) {
            return new OptionalVersion(false, 0);
        }
        try (PreparedStatement read =
                connection.prepareStatement("SELECT version FROM nines_schema_version WHERE component = ?")) {
            read.setString(1, COMPONENT);
            try (ResultSet rs = read.executeQuery()) {
                return rs.next() ? new OptionalVersion(true, rs.getInt(1)) : new OptionalVersion(false, 0);
            }
        }
    }

    private static boolean tableExists(Connection connection, String table) throws SQLException {
        // Ask the database itself, in the current schema/database, rather than the driver's metadata,
        // whose catalog and schema conventions differ between drivers.
        try (Statement probe = connection.createStatement()) {
            probe.executeQuery("SELECT 1 FROM " + table + " WHERE 1 = 0").close();
            return true;
        } catch (SQLException e) {
            if (!connection.getAutoCommit()) {
                connection.rollback();
            }
            if (isMissingTable(e)) {
                return false;
            }
            throw e;
        }
    }

    private static boolean isMissingTable(SQLException e) {
        // PostgreSQL: SQLSTATE 42P01 undefined_table; MariaDB/MySQL: 42S02 (error 1146).
        String state = e.getSQLState();
        return "42P01".equals(state) || "42S02".equals(state) || e.getErrorCode() == 1146;
    }

    private static void runScript(Connection connection, String resource) throws SQLException {
        List<String> statements = statements(resource);
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                try {
                    statement.execute(sql);
                } catch (SQLException e) {
                    // A migration may run twice (two replicas starting at once, a run stopped halfway);
                    // MySQL has no ADD COLUMN IF NOT EXISTS, so a column already added is no error.
                    if (!isDuplicateColumn(e)) {
                        throw e;
                    }
                }
            }
        }
    }

    private static boolean isDuplicateColumn(SQLException e) {
        // PostgreSQL: SQLSTATE 42701 duplicate_column; MariaDB/MySQL: 42S21 (error 1060).
        String state = e.getSQLState();
        return "42701".equals(state) || "42S21".equals(state) || e.getErrorCode() == 1060;
    }

    static List<String> statements(String resource) throws SQLException {
        String text;
        try (InputStream in = JdbcLeaseStore.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new SQLException("class-path resource " + resource + " is missing");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SQLException("cannot read class-path resource " + resource, e);
        }
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String sql = current.toString().strip();
                out.add(sql.substring(0, sql.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            out.add(current.toString().strip());
        }
        return out;
    }

    static String redact(String address) {
        return address.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }
}
