package dev.nines.failover.lease;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nines.core.time.ManualTimeSource;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LeaseStoreTest {

    private static final long TTL = Duration.ofSeconds(30).toNanos();

    private final ManualTimeSource time = ManualTimeSource.at(Instant.EPOCH);
    private final LeaseStore store = LeaseStore.inMemory(time);

    @Test
    void theHolderRenewsAndOthersWaitUntilTheLeaseExpires() throws Exception {
        assertThat(store.tryAcquireOrRenew("db", "a", TTL)).isTrue();
        assertThat(store.tryAcquireOrRenew("db", "b", TTL)).isFalse();
        time.advance(Duration.ofSeconds(20));
        assertThat(store.tryAcquireOrRenew("db", "a", TTL)).isTrue();
        time.advance(Duration.ofSeconds(29));
        assertThat(store.tryAcquireOrRenew("db", "b", TTL)).as("renewed at 20 s: held until 50 s").isFalse();
        time.advance(Duration.ofSeconds(1));
        assertThat(store.tryAcquireOrRenew("db", "b", TTL)).isTrue();
    }

    @Test
    void releaseFreesTheLeaseOnlyForItsHolder() throws Exception {
        store.tryAcquireOrRenew("db", "a", TTL);
        store.release("db", "b");
        assertThat(store.tryAcquireOrRenew("db", "b", TTL)).isFalse();
        store.release("db", "a");
        assertThat(store.tryAcquireOrRenew("db", "b", TTL)).isTrue();
    }

    @Test
    void leasesWithDifferentNamesAreIndependent() throws Exception {
        assertThat(store.tryAcquireOrRenew("db-1", "a", TTL)).isTrue();
        assertThat(store.tryAcquireOrRenew("db-2", "b", TTL)).isTrue();
    }
}
