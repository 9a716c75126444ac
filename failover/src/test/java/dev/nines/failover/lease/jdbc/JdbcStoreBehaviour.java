package dev.nines.failover.lease.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nines.core.health.HealthResult;
import dev.nines.core.time.ManualTimeSource;
import dev.nines.failover.Decision;
import dev.nines.failover.FailoverController;
import dev.nines.failover.Member;
import dev.nines.failover.Role;
import dev.nines.failover.lease.ControllerRecord;
import dev.nines.failover.lease.LeadershipLease;
import dev.nines.failover.lease.Lease;
import dev.nines.failover.lease.LeaseConfig;
import dev.nines.failover.lease.LeaseStoreException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** What the JDBC store does beyond the contract, on a real server: schema, faults, token durability. */
abstract class JdbcStoreBehaviour {

    abstract TestDatabase database();

    private final String prefix = "b-" + UUID.randomUUID().toString().substring(0, 8) + "-";

    @Test
    void openRefusesAMissingSchemaSayingHowToCreateItAndCreateSchemaIsIdempotent() throws Exception {
        TestDatabase db = database();
        try (TestDatabase.Isolated empty = db.isolated()) {
            DataSource ds = empty.dataSource();
            assertThatThrownBy(() -> JdbcLeaseStore.open(ds, db.dialect(), empty.url()))
                    .isInstanceOf(LeaseStoreException.class)
                    .hasMessageContaining("the Nines failover schema is missing in "
                            + db.dialect().displayName())
                    .hasMessageContaining("JdbcLeaseStore.createSchema(dataSource, JdbcDialect."
                            + db.dialect().name())
                    .hasMessageContaining(db.dialect().schemaResource(JdbcLeaseStore.SCHEMA_VERSION))
                    .hasMessageContaining("password=***")
                    .hasMessageNotContaining("password=nines");
            JdbcLeaseStore.createSchema(ds, db.dialect());
            JdbcLeaseStore.createSchema(ds, db.dialect());
            JdbcLeaseStore store = JdbcLeaseStore.open(ds, db.dialect(), "isolated");
            assertThat(store.tryAcquire("db", "a", Duration.ofSeconds(10))).isPresent();
            assertThat(store.describe()).isEqualTo(db.dialect().displayName() + " at isolated");
        }
    }

    @Test
    void openRefusesAnOlderOrNewerSchemaSayingHowToMigrate() throws Exception {
        TestDatabase db = database();
        try (TestDatabase.Isolated isolated = db.isolated()) {
            DataSource ds = isolated.dataSource();
            JdbcLeaseStore.createSchema(ds, db.dialect());
            setVersion(ds, 1);
            assertThatThrownBy(() -> JdbcLeaseStore.open(ds, db.dialect(), "isolated"))
                    .isInstanceOf(LeaseStoreException.class)
                    .hasMessageContaining("is version 1, older than version 2 that this library needs; migrate it with"
                            + " JdbcLeaseStore.createSchema(dataSource, JdbcDialect."
                            + db.dialect().name() + ")")
                    .hasMessageContaining(db.dialect().migrationResource(1));
            setVersion(ds, 3);
            assertThatThrownBy(() -> JdbcLeaseStore.open(ds, db.dialect(), "isolated"))
                    .isInstanceOf(LeaseStoreException.class)
                    .hasMessageContaining("is version 3, newer than version 2 that this library knows; upgrade Nines");
            assertThatThrownBy(() -> JdbcLeaseStore.createSchema(ds, db.dialect()))
                    .isInstanceOf(LeaseStoreException.class)
                    .hasMessageContaining("upgrade Nines");
        }
    }

    @Test
    void createSchemaMigratesAVersion1SchemaInPlaceKeepingTheTokensItHandedOut() throws Exception {
        TestDatabase db = database();
        try (TestDatabase.Isolated isolated = db.isolated()) {
            DataSource ds = isolated.dataSource();
            // A database set up by the previous release: its shipped DDL, and a lease that reached token 41.
            runStatements(ds, JdbcLeaseStore.statements(db.dialect().schemaResource(1)));
            runStatements(ds, List.of("INSERT INTO nines_lease_token (name, last_token) VALUES ('orders', 41)"));
            assertThatThrownBy(() -> JdbcLeaseStore.open(ds, db.dialect(), "isolated"))
                    .hasMessageContaining("is version 1, older than version 2")
                    .hasMessageContaining(db.dialect().migrationResource(1));

            JdbcLeaseStore.createSchema(ds, db.dialect());

            assertThat(schemaRow(ds)).isEqualTo("2 applied");
            JdbcLeaseStore store = JdbcLeaseStore.open(ds, db.dialect(), "isolated");
            assertThat(store.tryAcquire("orders", "a", Duration.ofSeconds(10)))
                    .map(Lease::token)
                    .contains(42L);
        }
    }

    @Test
    void aMigrationRunsAgainHarmlesslyAndReplicasStartingTogetherMigrateOnce() throws Exception {
        TestDatabase db = database();
        try (TestDatabase.Isolated isolated = db.isolated()) {
            DataSource ds = isolated.dataSource();
            runStatements(ds, JdbcLeaseStore.statements(db.dialect().schemaResource(1)));
            int replicas = 4;
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
            for (int i = 0; i < replicas; i++) {
                Thread t = new Thread(() -> {
                    try {
                        start.await();
                        JdbcLeaseStore.createSchema(ds, db.dialect());
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                });
                t.start();
                threads.add(t);
            }
            start.countDown();
            for (Thread t : threads) {
                t.join();
            }
            assertThat(failures).isEmpty();
            assertThat(schemaRow(ds)).isEqualTo("2 applied");

            // A database administrator runs the script again by hand: nothing changes, nothing fails.
            runStatements(ds, JdbcLeaseStore.statements(db.dialect().migrationResource(1)));
            assertThat(schemaRow(ds)).isEqualTo("2 applied");
            JdbcLeaseStore.open(ds, db.dialect(), "isolated");
        }
    }

    /** The version row as {@code "<version> applied"}, or {@code "<version> unknown"} without applied_at. */
    private static String schemaRow(DataSource ds) throws Exception {
        try (Connection c = ds.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT version, applied_at FROM nines_schema_version"
                        + " WHERE component = 'failover-store'")) {
            assertThat(rs.next()).isTrue();
            return rs.getInt(1) + (rs.getTimestamp(2) != null ? " applied" : " unknown");
        }
    }

    private static void runStatements(DataSource ds, List<String> statements) throws Exception {
        try (Connection c = ds.getConnection();
                Statement s = c.createStatement()) {
            for (String sql : statements) {
                try {
                    s.execute(sql);
                } catch (SQLException e) {
                    // run by hand, a second ADD COLUMN fails on MariaDB/MySQL; that is the one expected error
                    if (!"42S21".equals(e.getSQLState()) && e.getErrorCode() != 1060) {
                        throw e;
                    }
                }
            }
        }
    }

    private static void setVersion(DataSource ds, int version) throws Exception {
        try (Connection c = ds.getConnection();
                Statement s = c.createStatement()) {
            s.executeUpdate(
                    "UPDATE nines_schema_version SET version = " + version + " WHERE component = 'failover-store'");
        }
    }

    @Test
    void anUnreachableStoreFailsAtOpenNamingTheStoreAndTheAddress() throws Exception {
        TestDatabase db = database();
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String url = db.url().replaceFirst("127\\.0\\.0\\.1:\\d+", "127.0.0.1:" + port);
        assertThatThrownBy(() -> JdbcLeaseStore.open(db.dataSource(url), db.dialect(), url))
                .isInstanceOf(LeaseStoreException.class)
                .hasMessageStartingWith("cannot reach the lease store "
                        + db.dialect().displayName() + " at " + url.replace("password=nines", "password=***"));
    }

    @Test
    void theTokenSurvivesDeletionOfTheLeaseRowOrOfTheTokenRow() throws Exception {
        TestDatabase db = database();
        JdbcLeaseStore store = db.open();
        String name = prefix + "db";
        long first = store.tryAcquire(name, "a", Duration.ofSeconds(10))
                .orElseThrow()
                .token();
        db.execute("DELETE FROM nines_lease WHERE name = '" + name + "'");
        Lease second = store.tryAcquire(name, "b", Duration.ofSeconds(10)).orElseThrow();
        assertThat(second.token()).isGreaterThan(first);
        db.execute("DELETE FROM nines_lease_token WHERE name = '" + name + "'");
        assertThat(store.release(second)).isTrue();
        Lease third = store.tryAcquire(name, "c", Duration.ofSeconds(10)).orElseThrow();
        assertThat(third.token()).isGreaterThan(second.token());
    }

    @Test
    void rejectsNamesLongerThanTheSchemaHolds() throws Exception {
        JdbcLeaseStore store = database().open();
        String tooLong = "x".repeat(JdbcLeaseStore.MAX_NAME_LENGTH + 1);
        assertThatThrownBy(() -> store.tryAcquire(tooLong, "a", Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("leaseName must be at most 200 characters, was 201 characters");
        assertThatThrownBy(() -> store.stateStore().load(tooLong))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("group must be at most 200 characters, was 201 characters");
    }

    @Test
    void aStoreThatStallsMidRenewIsAFailedCallAndTheLeaderStepsDownByItsOwnDeadline() throws Exception {
        // Real time: a lock held by another session stalls the renewal until the 1 s query timeout.
        TestDatabase db = database();
        db.open();
        JdbcLeaseStore store = JdbcLeaseStore.open(db.dataSource(), db.dialect(), "stalled", Duration.ofSeconds(1));
        ManualTimeSource time = ManualTimeSource.at(Instant.EPOCH);
        LeaseConfig config = LeaseConfig.ofDefaults();
        LeadershipLease a = LeadershipLease.of(prefix + "stall", "a", config, store, time);
        assertThat(a.tick()).isTrue();
        Lease held = a.lease().orElseThrow();
        try (Connection blocker = db.dataSource().getConnection()) {
            blocker.setAutoCommit(false);
            try (Statement lock = blocker.createStatement()) {
                lock.executeQuery("SELECT token FROM nines_lease WHERE name = '" + held.name() + "' FOR UPDATE")
                        .close();
            }
            assertThatThrownBy(() -> store.renew(held, config.ttl()))
                    .isInstanceOf(LeaseStoreException.class)
                    .hasMessageStartingWith("renewal of lease " + held.name() + " by a failed at "
                            + db.dialect().displayName() + " at stalled");
            time.advance(config.renewInterval());
            assertThat(a.tick()).as("a failed renewal only costs retry budget").isTrue();
            time.advance(config.retryBudget());
            assertThat(a.isLeader())
                    .as("stepped down at renewInterval + retryBudget")
                    .isFalse();
            blocker.rollback();
        }
        assertThat(store.current(held.name()))
                .as("the store still holds it: the leader stepped down early")
                .contains(held);
    }

    @Test
    void controllersOnTwoReplicasResumeFromTheDatabaseAndAStaleLeaderCannotPromote() throws Exception {
        TestDatabase db = database();
        ManualTimeSource timeA = ManualTimeSource.at(Instant.parse("2026-12-04T12:00:00Z"));
        ManualTimeSource timeB = ManualTimeSource.at(timeA.now());
        List<String> promotions = new ArrayList<>();
        String group = prefix + "orders";
        JdbcLeaseStore storeA = db.open();
        JdbcLeaseStore storeB = db.open();
        LeadershipLease leaseA = LeadershipLease.of(group, "a", LeaseConfig.ofDefaults(), storeA, timeA);
        LeadershipLease leaseB = LeadershipLease.of(group, "b", LeaseConfig.ofDefaults(), storeB, timeB);
        FailoverController a = controller(group, timeA, storeA, leaseA, promotions);
        FailoverController b = controller(group, timeB, storeB, leaseB, promotions);

        assertThat(leaseA.tick()).isTrue();
        a.reportHealth("db-2", HealthResult.up(), timeA.now());
        // a pauses: its clock stands still while the database's moves past the TTL; b takes over.
        db.elapse(prefix, LeaseConfig.ofDefaults().ttl().plusSeconds(1));
        timeB.advance(Duration.ofSeconds(31));
        assertThat(leaseB.tick()).isTrue();
        assertThat(b.forceFailover("op", "db-2", "planned")).isInstanceOf(Decision.Promoted.class);

        assertThat(leaseA.isLeader()).as("a's own clock says it still leads").isTrue();
        assertThat(a.forceFailover("op", "db-3", "late"))
                .isInstanceOfSatisfying(
                        Decision.Rejected.class,
                        r -> assertThat(r.reason()).startsWith("could not reserve epoch 1 for db-3"));
        assertThat(promotions).containsExactly("db-2@1");

        FailoverController rebuilt = controller(group, timeB, db.open(), leaseB, promotions);
        rebuilt.reportHealth("db-3", HealthResult.up(), timeB.now());
        assertThat(rebuilt.primary()).isEqualTo("db-2");
        assertThat(rebuilt.epoch()).isEqualTo(1);
        assertThat(rebuilt.member("db-1").role()).isEqualTo(Role.FENCED);
        ControllerRecord stored = storeA.stateStore().load(group).orElseThrow();
        assertThat(stored.primary()).isEqualTo("db-2");
        assertThat(stored.fenced()).containsExactly("db-1");
    }

    private static FailoverController controller(
            String group, ManualTimeSource time, JdbcLeaseStore store, LeadershipLease lease, List<String> promotions) {
        return FailoverController.builder(group, time)
                .primary(Member.of("db-1"))
                .standby(Member.of("db-2"))
                .standby(Member.of("db-3"))
                .actions((member, epoch) -> promotions.add(member + "@" + epoch))
                .durableState(store.stateStore(), lease)
                .build();
    }

    @Test
    void twoLeadershipLeasesOverTheRealStoreNeverLeadTogether() throws Exception {
        TestDatabase db = database();
        JdbcLeaseStore store = db.open();
        ManualTimeSource time = ManualTimeSource.at(Instant.EPOCH);
        LeaseConfig config = LeaseConfig.ofDefaults();
        LeadershipLease a = LeadershipLease.of(prefix + "pair", "a", config, store, time);
        LeadershipLease b = LeadershipLease.of(prefix + "pair", "b", config, db.open(), time);
        assertThat(a.tick()).isTrue();
        assertThat(b.tick()).isFalse();
        long first = a.lease().orElseThrow().token();
        // a stops ticking (paused); its deadline passes on its clock, then the TTL on the database's.
        time.advance(config.renewDeadline());
        assertThat(a.isLeader()).isFalse();
        time.advance(config.retryInterval());
        assertThat(b.tick()).as("the database still holds a's lease").isFalse();
        db.elapse(prefix, config.ttl());
        time.advance(config.retryInterval());
        assertThat(b.tick()).isTrue();
        assertThat(b.lease().orElseThrow().token()).isGreaterThan(first);
        assertThat(a.tick()).as("a resumes, finds the lease taken").isFalse();
        assertThat(a.isLeader()).isFalse();
    }
}
