package dev.nines.failover.fleet;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * The fleet fault scenarios on PostgreSQL: three replica JVMs with their lease and controller state in
 * a private PostgreSQL (stopped, paused and restarted by the store-fault scenarios), writing to a
 * fenced resource (a row and a log table) in the shared PostgreSQL.
 */
class PostgresFleetTest extends FleetFaultScenarios {

    @Override
    String engine() {
        return "postgres";
    }

    @Override
    String serverName() {
        return "postgres";
    }

    @Override
    void requireSharedServer() {
        TestServers.postgresUrl();
    }

    /** Transactions committed or rolled back in the store's database (each autocommit statement is one). */
    @Override
    long storeOperations(TestServers.Private privateServer) throws Exception {
        try (Connection c = DriverManager.getConnection(privateServer.variable("NINES_TEST_POSTGRES_URL"));
                Statement s = c.createStatement()) {
            // Statistics reach the view within about a second; clear this backend's snapshot first.
            s.execute("SELECT pg_stat_clear_snapshot()");
            try (ResultSet rs = s.executeQuery(
                    "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = current_database()")) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * One autocommit conditional UPDATE, plus the two transactions pgjdbc's connection setup counts:
     * the replicas use an unpooled data source, a new connection per call (a pool leaves the one).
     */
    @Override
    int operationsPerRenew() {
        return 3;
    }

    /** One autocommit read of the lease row, plus the connection setup's two. */
    @Override
    int operationsPerFollowerAttempt() {
        return 3;
    }

    @Override
    String resourceSpec(String tag) {
        return TestServers.postgresUrl() + "#fleet_" + tag;
    }

    @Override
    String storeSpec(TestServers.Private privateServer, String tag) {
        return Stores.jdbc(privateServer.variable("NINES_TEST_POSTGRES_URL"));
    }
}
