package dev.nines.failover.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link LeaseStore} contract, written once: every implementation runs it by extending this class
 * (in-memory, JDBC on PostgreSQL and MariaDB, etcd). Each test uses lease names with a prefix unique
 * to the test, so a shared real server needs no cleaning between tests.
 *
 * <p>An implementation supplies clients of the store ({@link #openStore()}: every call is a new
 * client over the same storage, as a new process would be) and a way to let the store's clock move
 * on for this test's leases ({@link #elapse(Duration)}: advance a manual clock, shift the stored
 * expiry times, or really wait). Tests elapse only fractions of {@link #ttl()} with wide margins, so
 * a store whose clock also runs in real time passes as long as one test step takes well under a
 * tenth of the TTL.
 */
public abstract class LeaseStoreContract {

    private String prefix;
    private LeaseStore store;

    /**
     * Opens a new client of the store under test; several calls give several clients over the same
     * storage.
     *
     * @return a client
     * @throws Exception if the store cannot be opened
     */
    protected abstract LeaseStore openStore() throws Exception;

    /**
     * Lets the store's clock, as it judges the leases named with {@link #prefix()}, move on by
     * {@code duration}.
     *
     * @param duration how far
     * @throws Exception if the store cannot be reached
     */
    protected abstract void elapse(Duration duration) throws Exception;

    /**
     * The TTL the tests grant; override for a store with a coarse clock.
     *
     * @return the TTL
     */
    protected Duration ttl() {
        return Duration.ofSeconds(10);
    }

    /**
     * The prefix of every lease name this test uses.
     *
     * @return the prefix, unique per test
     */
    protected final String prefix() {
        return prefix;
    }

    @BeforeEach
    protected final void openContractStore() throws Exception {
        prefix = "c-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        store = openStore();
    }

    private String name(String suffix) {
        return prefix + suffix;
    }

    private Duration ttlTimes(double factor) {
        return Duration.ofNanos((long) (ttl().toNanos() * factor));
    }

    @Test
    public void aFreeLeaseIsGrantedWithAPositiveTokenAndRefusedToOthersWhileUnexpired() throws Exception {
        Lease a = store.tryAcquire(name("db"), "a", ttl()).orElseThrow();
        assertThat(a.name()).isEqualTo(name("db"));
        assertThat(a.holder()).isEqualTo("a");
        assertThat(a.token()).isPositive();
        assertThat(store.tryAcquire(name("db"), "b", ttl())).isEmpty();
        elapse(ttlTimes(0.5));
        assertThat(store.tryAcquire(name("db"), "b", ttl())).isEmpty();
        assertThat(store.current(name("db"))).contains(a);
    }

    @Test
    public void renewalKeepsTheTokenAndExtendsTheLeaseFromTheStoresNow() throws Exception {
        Lease a = store.tryAcquire(name("db"), "a", ttl()).orElseThrow();
        elapse(ttlTimes(0.6));
        assertThat(store.renew(a, ttl())).isTrue();
        elapse(ttlTimes(0.6));
        assertThat(store.tryAcquire(name("db"), "b", ttl()))
                .as("1.2 TTL after acquire, 0.6 after renew")
                .isEmpty();
        assertThat(store.current(name("db"))).contains(a);
        elapse(ttlTimes(0.5));
        Lease b = store.tryAcquire(name("db"), "b", ttl()).orElseThrow();
        assertThat(b.token()).isGreaterThan(a.token());
    }

    @Test
    public void anExpiredTenureCannotBeRenewedOrReleasedAndTheNextGrantHasAGreaterToken() throws Exception {
        Lease a = store.tryAcquire(name("db"), "a", ttl()).orElseThrow();
        elapse(ttlTimes(1.1));
        assertThat(store.current(name("db"))).isEmpty();
        assertThat(store.renew(a, ttl()))
                .as("expired even though nobody took it")
                .isFalse();
        Lease b = store.tryAcquire(name("db"), "b", ttl()).orElseThrow();
        assertThat(b.token()).isGreaterThan(a.token());
        assertThat(store.renew(a, ttl())).isFalse();
        assertThat(store.release(a)).isFalse();
        assertThat(store.current(name("db"))).contains(b);
        assertThat(store.renew(b, ttl())).isTrue();
    }

    @Test
    public void renewAndReleaseCompareBothHolderAndToken() throws Exception {
        Lease a = store.tryAcquire(name("db"), "a", ttl()).orElseThrow();
        Lease otherHolder = new Lease(a.name(), "b", a.token());
        Lease otherToken = new Lease(a.name(), "a", a.token() + 1);
        Lease otherName = new Lease(name("other"), "a", a.token());
        for (Lease forged : List.of(otherHolder, otherToken, otherName)) {
            assertThat(store.renew(forged, ttl())).as("renew %s", forged).isFalse();
            assertThat(store.release(forged)).as("release %s", forged).isFalse();
        }
        assertThat(store.current(name("db"))).contains(a);
        assertThat(store.current(name("other"))).isEmpty();
    }

    @Test
    public void aHolderThatAcquiresAgainGetsANewTenureAndItsOldOneEnds() throws Exception {
        Lease first = store.tryAcquire(name("db"), "a", ttl()).orElseThrow();
        Lease second = store.tryAcquire(name("db"), "a", ttl()).orElseThrow();
        assertThat(second.token()).isGreaterThan(first.token());
        assertThat(store.renew(first, ttl())).isFalse();
        assertThat(store.release(first)).isFalse();
        assertThat(store.renew(second, ttl())).isTrue();
        assertThat(store.current(name("db"))).contains(second);
    }

    @Test
    public void releaseFreesTheLeaseAtOnceAndTheNextGrantStillHasAGreaterToken() throws Exception {
        Lease a = store.tryAcquire(name("db"), "a", ttl()).orElseThrow();
        assertThat(store.release(a)).isTrue();
        assertThat(store.release(a)).isFalse();
        assertThat(store.current(name("db"))).isEmpty();
        Lease b = store.tryAcquire(name("db"), "b", ttl()).orElseThrow();
        assertThat(b.token()).isGreaterThan(a.token());
        assertThat(store.renew(a, ttl())).isFalse();
    }

    @Test
    public void tokensStrictlyIncreaseAcrossHoldersReleasesExpiryAndNewClients() throws Exception {
        long last = 0;
        for (int i = 0; i < 12; i++) {
            LeaseStore client = i % 3 == 0 ? openStore() : store;
            Lease lease =
                    client.tryAcquire(name("db"), "holder-" + (i % 4), ttl()).orElseThrow();
            assertThat(lease.token()).as("grant %d", i).isGreaterThan(last);
            last = lease.token();
            if (i % 2 == 0) {
                assertThat(client.release(lease)).isTrue();
            } else {
                elapse(ttlTimes(1.1));
            }
        }
    }

    @Test
    public void leasesWithDifferentNamesAreIndependent() throws Exception {
        Lease one = store.tryAcquire(name("db-1"), "a", ttl()).orElseThrow();
        Lease two = store.tryAcquire(name("db-2"), "b", ttl()).orElseThrow();
        assertThat(store.release(one)).isTrue();
        assertThat(store.current(name("db-2"))).contains(two);
        assertThat(store.renew(two, ttl())).isTrue();
    }

    @Test
    public void rejectsBlankNamesAndANonPositiveTtlNamingTheField() {
        assertThatThrownBy(() -> store.tryAcquire(" ", "a", ttl()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("leaseName");
        assertThatThrownBy(() -> store.tryAcquire(name("db"), "", ttl()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("holder");
        assertThatThrownBy(() -> store.tryAcquire(name("db"), "a", Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ttl must be positive, was PT0S");
        assertThatThrownBy(() -> store.renew(new Lease(name("db"), "a", 1), Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ttl must be positive, was PT-1S");
        assertThatThrownBy(() -> store.current(""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("leaseName");
    }

    @Test
    public void ofManyClientsRacingForTheLeaseExactlyOneWinsEachRoundWithAGreaterToken() throws Exception {
        int threads = 8;
        int rounds = 20;
        List<LeaseStore> clients = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            clients.add(openStore());
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long last = 0;
            for (int round = 0; round < rounds; round++) {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Optional<Lease>>> results = new ArrayList<>();
                for (int i = 0; i < threads; i++) {
                    LeaseStore client = clients.get(i);
                    String holder = "holder-" + i;
                    results.add(pool.submit(() -> {
                        start.await();
                        return client.tryAcquire(name("race"), holder, ttl());
                    }));
                }
                start.countDown();
                List<Lease> winners = new ArrayList<>();
                for (Future<Optional<Lease>> result : results) {
                    result.get(60, TimeUnit.SECONDS).ifPresent(winners::add);
                }
                assertThat(winners).as("round %d", round).hasSize(1);
                Lease winner = winners.get(0);
                assertThat(winner.token()).isGreaterThan(last);
                last = winner.token();
                assertThat(store.current(name("race"))).contains(winner);
                assertThat(store.release(winner)).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    public void contendedAcquireAndReleaseNeverOverlapAndNeverReuseAToken() throws Exception {
        int threads = 8;
        int attempts = 40;
        AtomicReference<String> inside = new AtomicReference<>();
        AtomicInteger overlaps = new AtomicInteger();
        List<Long> tokens = Collections.synchronizedList(new ArrayList<>());
        List<Callable<Void>> tasks = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        for (int i = 0; i < threads; i++) {
            LeaseStore client = openStore();
            String holder = "holder-" + i;
            tasks.add(() -> {
                start.await();
                for (int k = 0; k < attempts; k++) {
                    Optional<Lease> lease = client.tryAcquire(name("contended"), holder, ttl());
                    if (lease.isPresent()) {
                        if (!inside.compareAndSet(null, holder)) {
                            overlaps.incrementAndGet();
                        }
                        tokens.add(lease.get().token());
                        inside.compareAndSet(holder, null);
                        client.release(lease.get());
                    }
                }
                return null;
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Void>> futures = new ArrayList<>();
            for (Callable<Void> task : tasks) {
                futures.add(pool.submit(task));
            }
            start.countDown();
            for (Future<Void> future : futures) {
                future.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(overlaps).hasValue(0);
        assertThat(tokens).isNotEmpty();
        List<Long> copy = new ArrayList<>(tokens);
        Set<Long> distinct = new HashSet<>(copy);
        assertThat(distinct).hasSameSizeAs(copy);
        for (int i = 1; i < copy.size(); i++) {
            assertThat(copy.get(i)).as("grant %d after %d", i, i - 1).isGreaterThan(copy.get(i - 1));
        }
    }
}
