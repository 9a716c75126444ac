package dev.nines.failover;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nines.core.health.HealthResult;
import dev.nines.core.time.ManualTimeSource;
import dev.nines.failover.fence.Fence;
import dev.nines.failover.lease.ControllerRecord;
import dev.nines.failover.lease.ControllerStateStore;
import dev.nines.failover.lease.LeadershipLease;
import dev.nines.failover.lease.LeaseConfig;
import dev.nines.failover.lease.LeaseStore;
import dev.nines.failover.lease.LeaseStoreException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * Stateful property: three replicas, each with its own clock, lease and controller over one shared
 * store, under random ticks, failures, forced promotions, rejoins, acknowledgements, clock advances,
 * pauses (one replica's clock stands still while the store's and the others' move on) and restarts.
 * After every step: promotion epochs strictly increase across all replicas (never two promotions
 * under one epoch), the store holds the latest, and exactly one member told it is primary still has
 * an epoch the shared fence accepts: the stored primary.
 */
class FailoverControllerReplicasPropertyTest {

    private static final List<String> MEMBERS = List.of("db-1", "db-2", "db-3");
    private static final LeaseConfig LEASE = LeaseConfig.ofDefaults();

    sealed interface Action {}

    record Tick(int replica) implements Action {}

    record Down(int replica, String member) implements Action {}

    record Force(int replica, String member) implements Action {}

    record Advance(int seconds) implements Action {}

    record Pause(int replica, int seconds) implements Action {}

    record Rejoin(int replica, String member) implements Action {}

    record Acknowledge(int replica) implements Action {}

    record Restart(int replica) implements Action {}

    @Provide
    Arbitrary<List<Action>> schedules() {
        Arbitrary<Integer> replica = Arbitraries.integers().between(0, 2);
        Arbitrary<String> member = Arbitraries.of(MEMBERS);
        Arbitrary<Action> action = Arbitraries.frequencyOf(
                Tuple.of(45, replica.map(Tick::new)),
                Tuple.of(20, Combinators.combine(replica, member).as(Down::new)),
                Tuple.of(10, Combinators.combine(replica, member).as(Force::new)),
                Tuple.of(15, Arbitraries.integers().between(1, 8).map(Advance::new)),
                Tuple.of(
                        5,
                        Combinators.combine(replica, Arbitraries.integers().between(5, 60))
                                .as(Pause::new)),
                Tuple.of(10, Combinators.combine(replica, member).as(Rejoin::new)),
                Tuple.of(4, replica.map(Acknowledge::new)),
                Tuple.of(3, replica.map(Restart::new)));
        return action.list().ofMinSize(30).ofMaxSize(120);
    }

    /** Everything the replicas share: the store, its clock, the data fence and the world's beliefs. */
    static final class World {
        final ManualTimeSource storeTime = ManualTimeSource.at(Instant.parse("2026-12-04T12:00:00Z"));
        final LeaseStore leases = LeaseStore.inMemory(storeTime);
        final ControllerStateStore states = ControllerStateStore.inMemory(leases);
        final Fence fence = Fence.create("orders");
        final List<Long> promotionEpochs = new ArrayList<>();
        final Map<String, Long> believesPrimaryAt = new HashMap<>(Map.of("db-1", 0L));
        final Replica[] replicas = new Replica[3];
        int refusedReservations;

        void decided(Decision decision) {
            if (decision instanceof Decision.Rejected rejected
                    && rejected.reason().startsWith("could not reserve")) {
                refusedReservations++;
            }
        }

        Replica start(int index) {
            ManualTimeSource time =
                    index < 0 || replicas[index] == null ? ManualTimeSource.at(storeTime.now()) : replicas[index].time;
            LeadershipLease lease = LeadershipLease.of("orders-db", "replica-" + index, LEASE, leases, time);
            FailoverController controller = FailoverController.builder("orders-db", time)
                    .config(FailoverConfig.builder()
                            .failureThreshold(1)
                            .successThreshold(1)
                            .antiFlappingWindow(Duration.ofSeconds(60))
                            .recoveryGrace(Duration.ZERO)
                            .build())
                    .primary(Member.of("db-1"))
                    .standby(Member.of("db-2"))
                    .standby(Member.of("db-3"))
                    .actions((member, epoch) -> {
                        promotionEpochs.add(epoch);
                        believesPrimaryAt.put(member, epoch);
                    })
                    .durableState(states, lease)
                    .build();
            controller.addFence(fence);
            replicas[index] = new Replica(time, lease, controller);
            return replicas[index];
        }
    }

    record Replica(ManualTimeSource time, LeadershipLease lease, FailoverController controller) {}

    @Property(tries = 300)
    void neverTwoPromotionsUnderOneEpochAndNeverTwoUnfencedPrimaries(@ForAll("schedules") List<Action> schedule)
            throws LeaseStoreException {
        World world = new World();
        for (int i = 0; i < 3; i++) {
            world.start(i);
        }
        for (Action action : schedule) {
            apply(world, action);
            check(world);
        }
        int promotions = world.promotionEpochs.size();
        Statistics.label("promotions").collect(promotions == 0 ? "0" : promotions < 3 ? "1-2" : "3+");
        Statistics.label("stale leader refused at the store").collect(world.refusedReservations > 0);
        Statistics.label("promotions").coverage(coverage -> coverage.check("0").percentage(p -> p < 40.0));
        Statistics.label("stale leader refused at the store")
                .coverage(coverage -> coverage.check(true).percentage(p -> p > 1.0));
    }

    private static void apply(World world, Action action) {
        if (action instanceof Tick tick) {
            world.replicas[tick.replica()].lease().tick();
        } else if (action instanceof Down down) {
            Replica replica = world.replicas[down.replica()];
            for (String id : MEMBERS) {
                if (!id.equals(down.member())) {
                    replica.controller()
                            .reportHealth(id, HealthResult.up(), replica.time().now());
                    replica.controller()
                            .reportLag(id, Lag.bytes(0), replica.time().now());
                }
            }
            world.decided(replica.controller()
                    .reportHealth(
                            down.member(),
                            HealthResult.down("timeout"),
                            replica.time().now()));
        } else if (action instanceof Force force) {
            world.decided(world.replicas[force.replica()].controller().forceFailover("op", force.member(), "operator"));
        } else if (action instanceof Advance advance) {
            advance(world, advance.seconds(), -1);
        } else if (action instanceof Pause pause) {
            advance(world, pause.seconds(), pause.replica());
        } else if (action instanceof Rejoin rejoin) {
            FailoverController controller = world.replicas[rejoin.replica()].controller();
            try {
                if (controller.member(rejoin.member()).role() == Role.FENCED) {
                    controller.rejoin(rejoin.member(), "op");
                }
            } catch (IllegalStateException notTheLeader) {
                // A follower may not record it; the property is about what leaders can do.
            }
        } else if (action instanceof Acknowledge acknowledge) {
            try {
                world.replicas[acknowledge.replica()].controller().acknowledge("op", "seen");
            } catch (IllegalStateException notTheLeader) {
                // as above
            }
        } else if (action instanceof Restart restart) {
            world.start(restart.replica());
        }
    }

    private static void advance(World world, int seconds, int paused) {
        Duration duration = Duration.ofSeconds(seconds);
        world.storeTime.advance(duration);
        for (int i = 0; i < 3; i++) {
            if (i != paused) {
                world.replicas[i].time().advance(duration);
            }
        }
    }

    private static void check(World world) throws LeaseStoreException {
        List<Long> epochs = world.promotionEpochs;
        for (int i = 1; i < epochs.size(); i++) {
            assertThat(epochs.get(i)).as("promotion %d", i).isGreaterThan(epochs.get(i - 1));
        }
        ControllerRecord stored = world.states.load("orders-db").orElse(null);
        long storedEpoch = stored == null ? 0 : stored.epoch();
        String storedPrimary = stored == null ? "db-1" : stored.primary();
        assertThat(storedEpoch).isEqualTo(epochs.isEmpty() ? 0 : epochs.get(epochs.size() - 1));
        List<String> unfenced = new ArrayList<>();
        for (Map.Entry<String, Long> entry : world.believesPrimaryAt.entrySet()) {
            if (entry.getValue() >= world.fence.currentEpoch()) {
                unfenced.add(entry.getKey());
            }
        }
        assertThat(unfenced).containsExactly(storedPrimary);
    }
}
