package dev.nines.failover.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link ControllerStateStore} contract, written once: every implementation runs it by extending
 * this class. Groups and leases are named with a prefix unique to the test.
 *
 * <p>An implementation supplies an {@link Engine} (a lease store and the state store of the same
 * engine; every call a new client over the same storage) and {@link #elapse(Duration)} as for
 * {@link LeaseStoreContract}.
 */
public abstract class ControllerStateStoreContract {

    /**
     * A lease store and the state store beside it, clients of one engine.
     *
     * @param leases the lease store
     * @param states the state store
     */
    public record Engine(LeaseStore leases, ControllerStateStore states) {}

    private static final Instant AT = Instant.parse("2026-12-04T10:15:30.123456Z");

    private String prefix;
    private Engine engine;

    /**
     * Opens new clients of the engine under test.
     *
     * @return the clients
     * @throws Exception if the engine cannot be opened
     */
    protected abstract Engine openEngine() throws Exception;

    /**
     * Lets the store's clock, as it judges the leases named with {@link #prefix()}, move on.
     *
     * @param duration how far
     * @throws Exception if the store cannot be reached
     */
    protected abstract void elapse(Duration duration) throws Exception;

    /**
     * The TTL the tests grant.
     *
     * @return the TTL
     */
    protected Duration ttl() {
        return Duration.ofSeconds(10);
    }

    /**
     * The prefix of every lease and group name this test uses.
     *
     * @return the prefix, unique per test
     */
    protected final String prefix() {
        return prefix;
    }

    @BeforeEach
    protected final void openContractEngine() throws Exception {
        prefix = "s-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        engine = openEngine();
    }

    private String group() {
        return prefix + "group";
    }

    private Lease acquire(String holder) throws LeaseStoreException {
        return engine.leases().tryAcquire(prefix + "lease", holder, ttl()).orElseThrow();
    }

    @Test
    public void nothingIsStoredForANewGroup() throws Exception {
        assertThat(engine.states().load(group())).isEmpty();
    }

    @Test
    public void theFirstWriteIsVersionOneAndReadsBackEveryField() throws Exception {
        Lease lease = acquire("a");
        ControllerRecord first = ControllerRecord.initial("db-1", 7);
        assertThat(engine.states().compareAndSet(group(), lease, first)).isTrue();
        ControllerRecord promoted = first.promote("db-2", 8, "HEALTH", AT)
                .promote("db-3 (eu)", 9, "OPERATOR", AT.plusSeconds(60))
                .acknowledge();
        ControllerRecord second = new ControllerRecord(
                2,
                promoted.epoch(),
                promoted.primary(),
                promoted.fenced(),
                promoted.transitions(),
                promoted.acknowledged());
        assertThat(engine.states().compareAndSet(group(), lease, second)).isTrue();

        ControllerRecord loaded = openEngine().states().load(group()).orElseThrow();
        assertThat(loaded).isEqualTo(second);
        assertThat(loaded.fenced()).containsExactly("db-1", "db-2");
        assertThat(loaded.lastTransition().orElseThrow().at()).isEqualTo(AT.plusSeconds(60));
    }

    @Test
    public void aWriteMustFollowTheStoredVersion() throws Exception {
        Lease lease = acquire("a");
        ControllerRecord first = ControllerRecord.initial("db-1", 0);
        assertThat(engine.states().compareAndSet(group(), lease, first.promote("db-2", 1, "HEALTH", AT)))
                .as("version 2 before version 1")
                .isFalse();
        assertThat(engine.states().compareAndSet(group(), lease, first)).isTrue();
        assertThat(engine.states().compareAndSet(group(), lease, first))
                .as("version 1 again")
                .isFalse();
        ControllerRecord second = first.promote("db-2", 1, "HEALTH", AT);
        assertThat(engine.states().compareAndSet(group(), lease, second.rejoin("db-1")))
                .as("version 3 over version 1")
                .isFalse();
        assertThat(engine.states().compareAndSet(group(), lease, second)).isTrue();
        assertThat(engine.states().load(group())).contains(second);
    }

    @Test
    public void aWriteUnderAnEndedTenureIsRefused() throws Exception {
        Lease expired = acquire("a");
        elapse(Duration.ofNanos(ttl().toNanos() * 11 / 10));
        assertThat(engine.states().compareAndSet(group(), expired, ControllerRecord.initial("db-1", 0)))
                .as("expired lease")
                .isFalse();

        Lease released = acquire("a");
        assertThat(engine.leases().release(released)).isTrue();
        assertThat(engine.states().compareAndSet(group(), released, ControllerRecord.initial("db-1", 0)))
                .as("released lease")
                .isFalse();

        Lease superseded = acquire("a");
        Lease current = acquire("a");
        assertThat(engine.states().compareAndSet(group(), superseded, ControllerRecord.initial("db-1", 0)))
                .as("superseded lease")
                .isFalse();
        assertThat(engine.states()
                        .compareAndSet(
                                group(),
                                new Lease(current.name(), "b", current.token()),
                                ControllerRecord.initial("db-1", 0)))
                .as("forged holder")
                .isFalse();
        assertThat(engine.states().load(group())).isEmpty();
        assertThat(engine.states().compareAndSet(group(), current, ControllerRecord.initial("db-1", 0)))
                .isTrue();
    }

    @Test
    public void twoLeadersInSequenceNeverPromoteUnderTheSameEpoch() throws Exception {
        Lease a = acquire("a");
        assertThat(engine.states().compareAndSet(group(), a, ControllerRecord.initial("db-1", 3)))
                .isTrue();
        ControllerRecord seenByA = engine.states().load(group()).orElseThrow();
        elapse(Duration.ofNanos(ttl().toNanos() * 11 / 10));

        Engine other = openEngine();
        Lease b = other.leases().tryAcquire(prefix + "lease", "b", ttl()).orElseThrow();
        ControllerRecord seenByB = other.states().load(group()).orElseThrow();
        assertThat(other.states().compareAndSet(group(), b, seenByB.promote("db-2", 4, "HEALTH", AT)))
                .isTrue();

        assertThat(engine.states().compareAndSet(group(), a, seenByA.promote("db-3", 4, "HEALTH", AT)))
                .as("the old leader, resumed after its lease ended")
                .isFalse();
        ControllerRecord stored = engine.states().load(group()).orElseThrow();
        assertThat(stored.primary()).isEqualTo("db-2");
        assertThat(stored.epoch()).isEqualTo(4);
    }

    @Test
    public void aRecordedEpochNeverGoesBack() throws Exception {
        Lease lease = acquire("a");
        ControllerRecord first = ControllerRecord.initial("db-1", 5);
        assertThat(engine.states().compareAndSet(group(), lease, first)).isTrue();
        ControllerRecord lower = new ControllerRecord(2, 4, "db-1", Set.of(), List.of(), true);
        assertThat(engine.states().compareAndSet(group(), lease, lower)).isFalse();
        assertThat(engine.states().compareAndSet(group(), lease, first.rejoin("x")))
                .isTrue();
        assertThat(engine.states().load(group()).orElseThrow().epoch()).isEqualTo(5);
    }

    @Test
    public void groupsAreIndependent() throws Exception {
        Lease lease = acquire("a");
        assertThat(engine.states().compareAndSet(group(), lease, ControllerRecord.initial("db-1", 0)))
                .isTrue();
        assertThat(engine.states().compareAndSet(prefix + "other", lease, ControllerRecord.initial("x-1", 9)))
                .isTrue();
        assertThat(engine.states().load(group()).orElseThrow().primary()).isEqualTo("db-1");
        assertThat(engine.states().load(prefix + "other").orElseThrow().epoch()).isEqualTo(9);
    }

    @Test
    public void rejectsABlankGroupNamingTheField() {
        assertThatThrownBy(() -> engine.states().load(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("group");
        assertThatThrownBy(() ->
                        engine.states().compareAndSet("", new Lease("l", "a", 1), ControllerRecord.initial("db-1", 0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("group");
    }

    @Test
    public void ofManyClientsWritingTheSameVersionExactlyOneWinsEachRound() throws Exception {
        int threads = 8;
        int rounds = 15;
        Lease lease = acquire("a");
        List<ControllerStateStore> clients = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            clients.add(openEngine().states());
        }
        ControllerRecord stored = ControllerRecord.initial("db-0", 0);
        assertThat(engine.states().compareAndSet(group(), lease, stored)).isTrue();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < rounds; round++) {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Boolean>> results = new ArrayList<>();
                List<ControllerRecord> proposals = new ArrayList<>();
                for (int i = 0; i < threads; i++) {
                    ControllerRecord proposal =
                            stored.promote("db-" + (round + 1) + "-" + i, stored.epoch() + 1, "HEALTH", AT);
                    proposals.add(proposal);
                    ControllerStateStore client = clients.get(i);
                    results.add(pool.submit(() -> {
                        start.await();
                        return client.compareAndSet(group(), lease, proposal);
                    }));
                }
                start.countDown();
                List<ControllerRecord> winners = new ArrayList<>();
                for (int i = 0; i < threads; i++) {
                    if (results.get(i).get(60, TimeUnit.SECONDS)) {
                        winners.add(proposals.get(i));
                    }
                }
                assertThat(winners).as("round %d", round).hasSize(1);
                stored = engine.states().load(group()).orElseThrow();
                assertThat(stored).isEqualTo(winners.get(0));
                assertThat(stored.epoch()).isEqualTo(round + 1);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
