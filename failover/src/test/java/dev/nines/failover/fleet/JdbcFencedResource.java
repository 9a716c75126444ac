package dev.nines.failover.fleet;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A fenced resource in PostgreSQL tables: row {@code TABLE} holds the highest accepted epoch; a write
 * updates it only where {@code epoch <= ?} (the row lock serialises concurrent writers) and appends to
 * {@code TABLE_log} in the same statement, whose identity column orders the log.
 */
final class JdbcFencedResource implements FencedResource {

    private final String url;
    private final String table;
    private final ReentrantLock lock = new ReentrantLock();
    private Connection connection;

    JdbcFencedResource(String url, String table) throws SQLException {
        // Bounded: a write must fail, not hang, if the server stops answering.
        this.url = url + (url.contains("?") ? "&" : "?") + "connectTimeout=5&socketTimeout=5";
        this.table = table;
        try (Connection c = DriverManager.getConnection(this.url);
                Statement s = c.createStatement()) {
            // The test creates the tables before any replica opens them: replicas run no DDL.
            try (ResultSet exists = s.executeQuery("SELECT to_regclass('" + table + "_log') IS NOT NULL")) {
                exists.next();
                if (exists.getBoolean(1)) {
                    return;
                }
            }
            s.execute("CREATE TABLE IF NOT EXISTS " + table + " (id INT PRIMARY KEY, epoch BIGINT NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS " + table + "_log (seq BIGSERIAL PRIMARY KEY, "
                    + "epoch BIGINT NOT NULL, writer VARCHAR(200) NOT NULL)");
            s.execute("INSERT INTO " + table + " (id, epoch) VALUES (1, 0) ON CONFLICT (id) DO NOTHING");
        }
    }

    @Override
    public boolean write(long epoch, String writer) throws SQLException {
        // One autocommit statement: the row lock lives only while the server runs it, so a writer
        // paused by SIGSTOP between its request and the answer holds no lock that blocks the others.
        lock.lock();
        try (PreparedStatement write = connection()
                .prepareStatement("WITH up AS (UPDATE " + table
                        + " SET epoch = ? WHERE id = 1 AND epoch <= ? RETURNING epoch) INSERT INTO " + table
                        + "_log (epoch, writer) SELECT epoch, ? FROM up")) {
            write.setLong(1, epoch);
            write.setLong(2, epoch);
            write.setString(3, writer);
            return write.executeUpdate() == 1;
        } catch (SQLException e) {
            closeQuietly();
            throw e;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<Write> log() throws SQLException {
        lock.lock();
        try (Statement s = connection().createStatement();
                ResultSet rows = s.executeQuery("SELECT epoch, writer FROM " + table + "_log ORDER BY seq")) {
            List<Write> log = new ArrayList<>();
            while (rows.next()) {
                log.add(new Write(rows.getLong(1), rows.getString(2)));
            }
            return log;
        } finally {
            lock.unlock();
        }
    }

    private Connection connection() throws SQLException {
        if (connection == null) {
            connection = DriverManager.getConnection(url);
            connection.setAutoCommit(true);
        }
        return connection;
    }

    private void closeQuietly() {
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (SQLException ignored) {
            // the connection is broken anyway
        } finally {
            connection = null;
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closeQuietly();
        } finally {
            lock.unlock();
        }
    }
}
