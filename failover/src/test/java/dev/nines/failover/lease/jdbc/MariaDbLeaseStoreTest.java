package dev.nines.failover.lease.jdbc;

import dev.nines.failover.lease.ControllerStateStoreContract;
import dev.nines.failover.lease.LeaseStore;
import dev.nines.failover.lease.LeaseStoreContract;
import java.time.Duration;
import org.junit.jupiter.api.Nested;

/** Both store contracts and the JDBC behaviour against a real MARIADB server (skipped without one, failed in CI). */
class MariaDbLeaseStoreTest {

    private static final TestDatabase DB = TestDatabase.MARIADB;

    @Nested
    class LeaseContract extends LeaseStoreContract {
        @Override
        protected LeaseStore openStore() throws Exception {
            return DB.open();
        }

        @Override
        protected void elapse(Duration duration) throws Exception {
            DB.elapse(prefix(), duration);
        }
    }

    @Nested
    class StateContract extends ControllerStateStoreContract {
        @Override
        protected Engine openEngine() throws Exception {
            JdbcLeaseStore store = DB.open();
            return new Engine(store, store.stateStore());
        }

        @Override
        protected void elapse(Duration duration) throws Exception {
            DB.elapse(prefix(), duration);
        }
    }

    @Nested
    class Behaviour extends JdbcStoreBehaviour {
        @Override
        TestDatabase database() {
            return DB;
        }
    }
}
