package dev.nines.failover.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nines.core.time.ManualScheduler;
import dev.nines.core.time.ManualTimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class LeadershipLeaseTest {

    private final ManualTimeSource time = ManualTimeSource.at(Instant.parse("2026-01-01T00:00:00Z"));
    private final LeaseConfig config = LeaseConfig.builder()
            .ttl(Duration.ofSeconds(30))
            .renewInterval(Duration.ofSeconds(10))
            .retryBudget(Duration.ofSeconds(5))
            .retryInterval(Duration.ofSeconds(1))
            .build();

    /** A store that can be made unreachable. */
    static final class FlakyStore implements LeaseStore {
        final LeaseStore delegate;
        boolean down;
        int calls;

        FlakyStore(LeaseStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public Optional<Lease> tryAcquire(String leaseName, String holder, Duration ttl) throws LeaseStoreException {
            calls++;
            if (down) {
                throw new LeaseStoreException("store unreachable");
            }
            return delegate.tryAcquire(leaseName, holder, ttl);
        }

        @Override
        public boolean renew(Lease lease, Duration ttl) throws LeaseStoreException {
            calls++;
            if (down) {
                throw new LeaseStoreException("store unreachable");
            }
            return delegate.renew(lease, ttl);
        }

        @Override
        public boolean release(Lease lease) throws LeaseStoreException {
            return delegate.release(lease);
        }

        @Override
        public Optional<Lease> current(String leaseName) throws LeaseStoreException {
            return delegate.current(leaseName);
        }
    }

    private void tickEverySecond(int seconds, LeadershipLease... leases) {
        for (int i = 0; i < seconds; i++) {
            time.advance(Duration.ofSeconds(1));
            for (LeadershipLease lease : leases) {
                lease.tick();
            }
        }
    }

    @Test
    void theFirstContenderAcquiresAndTheSecondWaits() {
        LeaseStore store = LeaseStore.inMemory(time);
        LeadershipLease a = LeadershipLease.of("db", "a", config, store, time);
        LeadershipLease b = LeadershipLease.of("db", "b", config, store, time);
        List<LeaseEvent> events = new ArrayList<>();
        a.onEvent(events::add);

        assertThat(a.tick()).isTrue();
        assertThat(b.tick()).isFalse();
        tickEverySecond(120, a, b);

        assertThat(a.isLeader()).isTrue();
        assertThat(b.isLeader()).isFalse();
        assertThat(events)
                .singleElement()
                .isInstanceOfSatisfying(
                        LeaseEvent.Acquired.class,
                        e -> assertThat(e.token())
                                .isEqualTo(a.lease().orElseThrow().token()));
        assertThat(a.holder()).isEqualTo("a");
    }

    @Test
    void aLeaderThatCannotRenewDemotesItselfAfterRenewIntervalPlusRetryBudgetBeforeTheTtl() {
        FlakyStore store = new FlakyStore(LeaseStore.inMemory(time));
        LeadershipLease a = LeadershipLease.of("db", "a", config, store, time);
        LeadershipLease b = LeadershipLease.of("db", "b", config, store.delegate, time);
        List<LeaseEvent> events = new ArrayList<>();
        a.onEvent(events::add);
        a.tick(); // acquired at t=0
        store.down = true;

        tickEverySecond(14, a, b);
        assertThat(a.isLeader()).as("at t=14 still within 10 s + 5 s").isTrue();
        tickEverySecond(1, a, b);
        assertThat(a.isLeader()).as("demoted at t=15").isFalse();
        assertThat(events)
                .last()
                .isInstanceOfSatisfying(
                        LeaseEvent.Demoted.class,
                        e -> assertThat(e.reason()).isEqualTo("could not renew within PT15S"));
        assertThat(b.isLeader())
                .as("the store still holds a's lease until t=30")
                .isFalse();

        tickEverySecond(15, a, b);
        assertThat(b.isLeader()).isTrue();
        assertThat(a.isLeader()).isFalse();
    }

    @Test
    void isLeaderTurnsFalseInTimeEvenWithoutTicks() {
        LeadershipLease a = LeadershipLease.of("db", "a", config, LeaseStore.inMemory(time), time);
        a.tick();
        time.advance(Duration.ofSeconds(14));
        assertThat(a.isLeader()).isTrue();
        time.advance(Duration.ofSeconds(1));
        assertThat(a.isLeader()).isFalse();
    }

    @Test
    void renewsOnlyEveryRenewIntervalAndRetriesFailuresEveryRetryInterval() {
        FlakyStore store = new FlakyStore(LeaseStore.inMemory(time));
        LeadershipLease a = LeadershipLease.of("db", "a", config, store, time);
        a.tick();
        tickEverySecond(9, a);
        assertThat(store.calls).isEqualTo(1);
        tickEverySecond(1, a);
        assertThat(store.calls).isEqualTo(2);
        store.down = true;
        tickEverySecond(10, a);
        assertThat(store.calls).isEqualTo(3);
        tickEverySecond(3, a);
        assertThat(store.calls).isEqualTo(6);
        store.down = false;
        tickEverySecond(1, a);
        assertThat(a.isLeader()).isTrue();
    }

    @Test
    void aLeaderWhoseStoreReportsAnotherHolderDemotesAtOnce() throws Exception {
        LeaseStore store = LeaseStore.inMemory(time);
        LeadershipLease a = LeadershipLease.of("db", "a", config, store, time);
        List<LeaseEvent> events = new ArrayList<>();
        a.onEvent(events::add);
        a.tick();
        Lease tenure = a.lease().orElseThrow();
        store.release(tenure);
        store.tryAcquire("db", "intruder", Duration.ofSeconds(30));
        tickEverySecond(9, a);
        assertThat(a.isLeader()).as("renews only at t=10").isTrue();
        tickEverySecond(1, a);
        assertThat(a.isLeader()).isFalse();
        assertThat(a.lease()).isEmpty();
        assertThat(events)
                .last()
                .isInstanceOfSatisfying(
                        LeaseEvent.Demoted.class,
                        e -> assertThat(e.reason())
                                .isEqualTo("the store ended the tenure with token " + tenure.token()));
    }

    @Test
    void aLeaderWhoseOwnTenureWasReplacedDemotesEvenThoughTheHolderIsTheSame() throws Exception {
        LeaseStore store = LeaseStore.inMemory(time);
        LeadershipLease a = LeadershipLease.of("db", "a", config, store, time);
        a.tick();
        Lease replacement = store.tryAcquire("db", "a", Duration.ofSeconds(30)).orElseThrow();
        tickEverySecond(10, a);
        assertThat(a.isLeader()).isFalse();
        tickEverySecond(1, a);
        assertThat(a.isLeader()).as("acquires again, a newer tenure").isTrue();
        assertThat(a.lease().orElseThrow().token()).isGreaterThan(replacement.token());
    }

    @Test
    void theLeaseCarriesTheStoresTokenAndEveryNewTenureAGreaterOne() throws Exception {
        LeaseStore store = LeaseStore.inMemory(time);
        LeadershipLease a = LeadershipLease.of("db", "a", config, store, time);
        LeadershipLease b = LeadershipLease.of("db", "b", config, store, time);
        a.tick();
        long first = a.lease().orElseThrow().token();
        tickEverySecond(25, a, b);
        assertThat(a.lease().orElseThrow().token())
                .as("renewals keep the token")
                .isEqualTo(first);
        a.release();
        tickEverySecond(1, b);
        assertThat(b.lease().orElseThrow().token()).isGreaterThan(first);
        assertThat(a.lease()).isEmpty();
        assertThat(b.name()).isEqualTo("db");
        assertThat(b.config()).isSameAs(config);
    }

    @Test
    void releaseLetsAnotherContenderAcquireAtOnce() throws Exception {
        LeaseStore store = LeaseStore.inMemory(time);
        LeadershipLease a = LeadershipLease.of("db", "a", config, store, time);
        LeadershipLease b = LeadershipLease.of("db", "b", config, store, time);
        List<LeaseEvent> events = new ArrayList<>();
        a.onEvent(events::add);
        a.tick();
        a.release();
        assertThat(a.isLeader()).isFalse();
        assertThat(b.tick()).isTrue();
        assertThat(events)
                .last()
                .isInstanceOfSatisfying(
                        LeaseEvent.Demoted.class, e -> assertThat(e.reason()).isEqualTo("released"));
    }

    @Test
    void runsOnACallerSuppliedScheduler() {
        List<Runnable> tasks = new ArrayList<>();
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1) {
            @Override
            public ScheduledFuture<?> scheduleWithFixedDelay(
                    Runnable command, long initialDelay, long delay, TimeUnit unit) {
                tasks.add(command);
                return super.schedule(() -> {}, 1, TimeUnit.DAYS);
            }
        };
        try {
            LeadershipLease a = LeadershipLease.of("db", "a", config, LeaseStore.inMemory(time), time);
            a.runOn(scheduler, Duration.ofSeconds(1));
            assertThatThrownBy(() -> a.runOn(scheduler, Duration.ofSeconds(1)))
                    .isInstanceOf(IllegalStateException.class);
            tasks.get(0).run();
            assertThat(a.isLeader()).isTrue();
        } finally {
            scheduler.shutdownNow();
        }
    }

    /**
     * A store that can forget what it acknowledged, as a database restored from an old backup or one
     * that loses its last commits in a crash does: its tokens start again from where the old copy was.
     */
    static final class ForgetfulStore implements LeaseStore {
        private final ManualTimeSource clock;
        LeaseStore delegate;
        Error failNextAcquireWith;

        ForgetfulStore(ManualTimeSource clock) {
            this.clock = clock;
            this.delegate = LeaseStore.inMemory(clock);
        }

        void forgetEverything() {
            delegate = LeaseStore.inMemory(clock);
        }

        @Override
        public Optional<Lease> tryAcquire(String leaseName, String holder, Duration ttl) throws LeaseStoreException {
            Error failure = failNextAcquireWith;
            if (failure != null) {
                failNextAcquireWith = null;
                throw failure;
            }
            return delegate.tryAcquire(leaseName, holder, ttl);
        }

        @Override
        public boolean renew(Lease lease, Duration ttl) throws LeaseStoreException {
            return delegate.renew(lease, ttl);
        }

        @Override
        public boolean release(Lease lease) throws LeaseStoreException {
            return delegate.release(lease);
        }

        @Override
        public Optional<Lease> current(String leaseName) throws LeaseStoreException {
            return delegate.current(leaseName);
        }
    }

    @Test
    void aStoreCallThatThrowsAnErrorDoesNotStopTheScheduledTicks() {
        // A JDBC driver whose static initialiser failed once throws NoClassDefFoundError, an Error: it
        // must cost one attempt, not cancel the periodic task and leave the instance quiet for good.
        ManualScheduler scheduler = ManualScheduler.of(time);
        ForgetfulStore store = new ForgetfulStore(time);
        store.failNextAcquireWith = new NoClassDefFoundError("Could not initialize class org.postgresql.Driver");
        LeadershipLease lease = LeadershipLease.of("db", "a", config, store, time);

        lease.runOn(scheduler, Duration.ofSeconds(1));
        scheduler.runDue();
        assertThat(lease.isLeader()).isFalse();
        scheduler.advance(config.retryInterval().plusSeconds(1));

        assertThat(scheduler.pending())
                .as("the lease's periodic tick is still scheduled")
                .isEqualTo(1);
        assertThat(lease.isLeader()).isTrue();
    }

    @Test
    void aGrantWhoseTokenIsNotAboveOneThisInstanceHeldIsRefusedUntilTheStoreIssuesAGreaterOne() throws Exception {
        ForgetfulStore store = new ForgetfulStore(time);
        LeadershipLease lease = LeadershipLease.of("db", "a", config, store, time);
        assertThat(lease.tick()).isTrue();
        lease.release();
        time.advance(config.renewInterval());
        assertThat(lease.tick()).isTrue();
        assertThat(lease.lease()).map(Lease::token).contains(2L);

        // The store loses its acknowledged writes: its next grants reissue tokens 1 and 2.
        store.forgetEverything();
        time.advance(config.renewInterval());
        assertThat(lease.tick()).as("the store no longer knows the tenure").isFalse();
        List<Long> ledWith = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            time.advance(config.retryInterval());
            lease.tick();
            lease.lease().ifPresent(l -> ledWith.add(l.token()));
        }

        // Leading again under token 1 or 2 would look, to a controller and to a fence, like the tenure
        // it already had: it leads only once the store issues a token above every one it held.
        assertThat(ledWith).isNotEmpty().allSatisfy(token -> assertThat(token).isGreaterThan(2L));
    }

    @Provide
    Arbitrary<List<Integer>> steps() {
        // 0..2: tick contender 0..2; 3: store down for contender 0; 4: store up; 5..7: advance 1..3 s.
        return Arbitraries.integers().between(0, 7).list().ofMinSize(20).ofMaxSize(200);
    }

    @Property(tries = 500)
    void neverTwoLeadersAtOnce(@ForAll("steps") List<Integer> steps) {
        ManualTimeSource clock = ManualTimeSource.at(Instant.EPOCH);
        LeaseStore shared = LeaseStore.inMemory(clock);
        FlakyStore flaky = new FlakyStore(shared);
        LeadershipLease[] leases = {
            LeadershipLease.of("db", "a", config, flaky, clock),
            LeadershipLease.of("db", "b", config, shared, clock),
            LeadershipLease.of("db", "c", config, shared, clock)
        };
        for (int step : steps) {
            if (step <= 2) {
                leases[step].tick();
            } else if (step == 3) {
                flaky.down = true;
            } else if (step == 4) {
                flaky.down = false;
            } else {
                clock.advance(Duration.ofSeconds(step - 4));
            }
            int leaders = 0;
            for (LeadershipLease lease : leases) {
                leaders += lease.isLeader() ? 1 : 0;
            }
            assertThat(leaders).isLessThanOrEqualTo(1);
        }
    }
}
