package dev.nines.failover.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nines.core.time.ManualTimeSource;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Runs both store contracts against the in-memory stores, on a manual clock. */
class InMemoryLeaseStoreTest {

    private final ManualTimeSource time = ManualTimeSource.at(Instant.EPOCH);
    private final LeaseStore store = LeaseStore.inMemory(time);

    @Nested
    class LeaseContract extends LeaseStoreContract {
        @Override
        protected LeaseStore openStore() {
            return store;
        }

        @Override
        protected void elapse(Duration duration) {
            time.advance(duration);
        }
    }

    @Nested
    class StateContract extends ControllerStateStoreContract {
        @Override
        protected Engine openEngine() {
            return new Engine(store, ControllerStateStore.inMemory(store));
        }

        @Override
        protected void elapse(Duration duration) {
            time.advance(duration);
        }
    }

    @Test
    void expiresExactlyAtTheTtlOnTheStoresClock() throws Exception {
        Lease a = store.tryAcquire("db", "a", Duration.ofSeconds(30)).orElseThrow();
        time.advance(Duration.ofSeconds(30).minusNanos(1));
        assertThat(store.current("db")).contains(a);
        time.advance(Duration.ofNanos(1));
        assertThat(store.current("db")).isEmpty();
        assertThat(store.describe()).isEqualTo("in-memory lease store");
    }

    @Test
    void theStateStoreNeedsAnInMemoryLeaseStore() {
        LeaseStore other = new LeaseStore() {
            @Override
            public java.util.Optional<Lease> tryAcquire(String leaseName, String holder, Duration ttl) {
                return java.util.Optional.empty();
            }

            @Override
            public boolean renew(Lease lease, Duration ttl) {
                return false;
            }

            @Override
            public boolean release(Lease lease) {
                return false;
            }

            @Override
            public java.util.Optional<Lease> current(String leaseName) {
                return java.util.Optional.empty();
            }

            @Override
            public String toString() {
                return "OtherStore";
            }
        };
        assertThatThrownBy(() -> ControllerStateStore.inMemory(other))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("leases must be a LeaseStore.inMemory store, was OtherStore");
    }
}
