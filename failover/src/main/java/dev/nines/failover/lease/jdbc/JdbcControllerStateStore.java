package dev.nines.failover.lease.jdbc;

import dev.nines.failover.lease.ControllerRecord;
import dev.nines.failover.lease.ControllerStateStore;
import dev.nines.failover.lease.Lease;
import dev.nines.failover.lease.LeaseStoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@link ControllerStateStore} of a {@link JdbcLeaseStore}: one row per group in
 * {@code nines_controller_state}. A write is one short transaction that locks the writer's lease row
 * while checking that it is the current unexpired tenure (by the database clock), then updates the
 * group's row only where its version is the expected one and its epoch is not greater; the lock keeps
 * a concurrent takeover from slipping between the check and the write.
 */
final class JdbcControllerStateStore implements ControllerStateStore {

    private final JdbcLeaseStore leases;
    private final String loadSql;
    private final String lockLeaseSql;
    private final String insertSql;
    private final String updateSql;

    JdbcControllerStateStore(JdbcLeaseStore leases) {
        this.leases = leases;
        JdbcDialect dialect = leases.dialect();
        String now = dialect.now();
        this.loadSql = "SELECT version, state FROM nines_controller_state WHERE group_name = ?";
        this.lockLeaseSql =
                "SELECT token FROM nines_lease WHERE name = ? AND holder = ? AND token = ? AND expires_at > " + now
                        + " FOR UPDATE";
        this.insertSql = dialect.insertIfAbsent(
                "nines_controller_state",
                "group_name, version, epoch, primary_member, state, updated_at",
                "?, ?, ?, ?, ?, " + now,
                "group_name");
        this.updateSql = "UPDATE nines_controller_state SET version = ?, epoch = ?, primary_member = ?, state = ?,"
                + " updated_at = " + now + " WHERE group_name = ? AND version = ? AND epoch <= ?";
    }

    @Override
    public Optional<ControllerRecord> load(String group) throws LeaseStoreException {
        JdbcLeaseStore.checkName("group", group);
        String text;
        long version;
        try (Connection connection = leases.connection();
                PreparedStatement load = leases.prepare(connection, loadSql)) {
            load.setString(1, group);
            try (ResultSet rs = load.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                version = rs.getLong(1);
                text = rs.getString(2);
            }
        } catch (SQLException e) {
            throw leases.failure("load of controller group " + group, e);
        }
        try {
            return Optional.of(ControllerRecord.decode(version, text));
        } catch (IllegalArgumentException e) {
            throw new LeaseStoreException(
                    "the record of controller group " + group + " in " + leases.describe() + " cannot be read: "
                            + e.getMessage(),
                    e);
        }
    }

    @Override
    public boolean compareAndSet(String group, Lease lease, ControllerRecord next) throws LeaseStoreException {
        JdbcLeaseStore.checkName("group", group);
        Objects.requireNonNull(lease, "lease");
        Objects.requireNonNull(next, "next");
        JdbcLeaseStore.checkName("primary", next.primary());
        String text = next.encode();
        try (Connection connection = leases.connection()) {
            return JdbcLeaseStore.inTransaction(connection, () -> {
                try (PreparedStatement lock = leases.prepare(connection, lockLeaseSql)) {
                    lock.setString(1, lease.name());
                    lock.setString(2, lease.holder());
                    lock.setLong(3, lease.token());
                    try (ResultSet rs = lock.executeQuery()) {
                        if (!rs.next()) {
                            return false;
                        }
                    }
                }
                if (next.version() == 1) {
                    try (PreparedStatement insert = leases.prepare(connection, insertSql)) {
                        insert.setString(1, group);
                        insert.setLong(2, 1);
                        insert.setLong(3, next.epoch());
                        insert.setString(4, next.primary());
                        insert.setString(5, text);
                        return insert.executeUpdate() == 1;
                    }
                }
                try (PreparedStatement update = leases.prepare(connection, updateSql)) {
                    update.setLong(1, next.version());
                    update.setLong(2, next.epoch());
                    update.setString(3, next.primary());
                    update.setString(4, text);
                    update.setString(5, group);
                    update.setLong(6, next.version() - 1);
                    update.setLong(7, next.epoch());
                    return update.executeUpdate() == 1;
                }
            });
        } catch (SQLException e) {
            throw leases.failure("write of controller group " + group + " version " + next.version(), e);
        }
    }

    @Override
    public String toString() {
        return "JdbcControllerStateStore[" + leases.describe() + "]";
    }
}
