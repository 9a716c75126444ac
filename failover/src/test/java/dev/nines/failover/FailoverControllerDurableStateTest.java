package dev.nines.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nines.core.health.HealthResult;
import dev.nines.core.time.ManualTimeSource;
import dev.nines.failover.fence.Fence;
import dev.nines.failover.lease.ControllerRecord;
import dev.nines.failover.lease.ControllerStateStore;
import dev.nines.failover.lease.LeadershipLease;
import dev.nines.failover.lease.Lease;
import dev.nines.failover.lease.LeaseConfig;
import dev.nines.failover.lease.LeaseStore;
import dev.nines.failover.lease.LeaseStoreException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Controllers on several replicas sharing one store: each replica has its own clock (so a paused
 * replica's clock can stand still while the store's and the others' move on), its own lease and its
 * own controller; every promotion any of them makes is logged in one list.
 */
class FailoverControllerDurableStateTest {

    static final Instant T0 = Instant.parse("2026-12-04T12:00:00Z");
    static final LeaseConfig LEASE = LeaseConfig.ofDefaults();
    static final Duration PAST_TTL = LEASE.ttl().plusSeconds(1);

    final ManualTimeSource storeTime = ManualTimeSource.at(T0);
    final LeaseStore leases = LeaseStore.inMemory(storeTime);
    final ControllerStateStore states = ControllerStateStore.inMemory(leases);
    final List<String> promotions = new ArrayList<>();
    final Fence fence = Fence.create("orders");
    final List<Replica> replicas = new ArrayList<>();
    boolean failNextPromotion;

    final class Replica {
        final ManualTimeSource time;
        final LeadershipLease lease;
        final FailoverController controller;

        Replica(String holder, ControllerStateStore store) {
            this(holder, store, Duration.ZERO, FailoverConfig.builder().build().clockSkewAllowance());
        }

        /** A replica whose wall clock reads {@code clockAhead} later than the store's. */
        Replica(String holder, ControllerStateStore store, Duration clockAhead, Duration clockSkewAllowance) {
            time = ManualTimeSource.at(storeTime.now().plus(clockAhead));
            lease = LeadershipLease.of("orders-db", holder, LEASE, leases, time);
            controller = FailoverController.builder("orders-db", time)
                    .config(FailoverConfig.builder()
                            .failureThreshold(1)
                            .successThreshold(1)
                            .antiFlappingWindow(Duration.ofMinutes(10))
                            .recoveryGrace(Duration.ZERO)
                            .clockSkewAllowance(clockSkewAllowance)
                            .build())
                    .primary(Member.of("db-1"))
                    .standby(Member.of("db-2").withPriority(10))
                    .standby(Member.of("db-3"))
                    .actions((member, epoch) -> {
                        if (failNextPromotion) {
                            failNextPromotion = false;
                            throw new IllegalStateException("injected");
                        }
                        promotions.add(member + "@" + epoch);
                    })
                    .durableState(store, lease)
                    .build();
            controller.addFence(fence);
            replicas.add(this);
        }

        /** Standbys healthy with no lag, then {@code down} reported down. */
        Decision reportDown(String down) {
            for (String id : List.of("db-1", "db-2", "db-3")) {
                if (!id.equals(down)) {
                    controller.reportHealth(id, HealthResult.up(), time.now());
                    controller.reportLag(id, Lag.bytes(0), time.now());
                }
            }
            return controller.reportHealth(down, HealthResult.down("timeout"), time.now());
        }
    }

    Replica replica(String holder) {
        return new Replica(holder, states);
    }

    /** The store's clock and every replica's clock but {@code paused}'s move on. */
    void advance(Duration duration, Replica... paused) {
        storeTime.advance(duration);
        for (Replica replica : replicas) {
            if (!List.of(paused).contains(replica)) {
                replica.time.advance(duration);
            }
        }
    }

    ControllerRecord stored() throws LeaseStoreException {
        return states.load("orders-db").orElseThrow();
    }

    @Test
    void aReplicaThatBecomesLeaderResumesTheStoredStateBeforeItActs() throws Exception {
        Replica a = replica("a");
        Replica b = replica("b");
        assertThat(a.lease.tick()).isTrue();
        assertThat(b.lease.tick()).isFalse();
        assertThat(a.reportDown("db-1")).isInstanceOf(Decision.Promoted.class);
        assertThat(promotions).containsExactly("db-2@1");
        assertThat(b.controller.primary())
                .as("a follower keeps its configured view")
                .isEqualTo("db-1");

        advance(PAST_TTL, a); // a stops: its lease expires at the store
        assertThat(b.lease.tick()).isTrue();
        Decision decision = b.reportDown("db-2");

        assertThat(b.controller.primary()).isEqualTo("db-2");
        assertThat(b.controller.epoch()).isEqualTo(1);
        assertThat(b.controller.previousPrimary()).contains("db-1");
        assertThat(b.controller.member("db-1").role()).isEqualTo(Role.FENCED);
        assertThat(decision)
                .as("the anti-flapping window counts from a's promotion")
                .isInstanceOfSatisfying(
                        Decision.Blocked.class,
                        blocked -> assertThat(blocked.reason()).contains("anti-flapping window"));
        assertThat(b.controller.forceFailover("op", "db-1", "try the old primary"))
                .isInstanceOfSatisfying(
                        Decision.Rejected.class,
                        rejected -> assertThat(rejected.reason()).contains("db-1 is fenced"));
        assertThat(b.controller.forceFailover("op", "db-3", "operator decision"))
                .isInstanceOf(Decision.Promoted.class);

        assertThat(promotions).containsExactly("db-2@1", "db-3@2");
        ControllerRecord record = stored();
        assertThat(record.primary()).isEqualTo("db-3");
        assertThat(record.epoch()).isEqualTo(2);
        assertThat(record.fenced()).containsExactly("db-1", "db-2");
        assertThat(record.transitions())
                .extracting(ControllerRecord.Transition::trigger)
                .containsExactly("HEALTH", "FORCED");
        assertThat(fence.currentEpoch()).isEqualTo(2);
    }

    /** Advances every clock but {@code paused}'s in steps of the renew interval, renewing {@code leader}. */
    void advanceLeading(Duration duration, Replica leader, Replica... paused) {
        for (Duration left = duration; !left.isZero(); ) {
            Duration step = left.compareTo(LEASE.renewInterval()) < 0 ? left : LEASE.renewInterval();
            advance(step, paused);
            assertThat(leader.lease.tick()).isTrue();
            left = left.minus(step);
        }
    }

    @Test
    void aNewLeaderWhoseClockRunsAheadWithinTheAllowanceNeverShortensTheAntiFlappingWindow() throws Exception {
        // b's wall clock reads 20 s later than a's; the allowance, 30 s, covers that.
        Replica a = replica("a");
        Replica b = new Replica("b", states, Duration.ofSeconds(20), Duration.ofSeconds(30));
        assertThat(a.lease.tick()).isTrue();
        assertThat(a.reportDown("db-1")).isInstanceOf(Decision.Promoted.class); // the window opens at T0
        advance(PAST_TTL, a);
        assertThat(b.lease.tick()).isTrue();
        assertThat(b.reportDown("db-2")).isInstanceOf(Decision.Blocked.class);

        // One second before the 10-minute window really ends, b's clock already reads 19 s past it.
        advanceLeading(Duration.ofMinutes(10).minus(PAST_TTL).minusSeconds(1), b, a);
        assertThat(b.reportDown("db-2"))
                .as("the window still holds at T0 + 9:59")
                .isInstanceOfSatisfying(
                        Decision.Blocked.class,
                        blocked -> assertThat(blocked.reason()).contains("anti-flapping window"));

        // It ends at most twice the allowance late: here at T0 + 10:10 (allowance 30 s - skew 20 s).
        advanceLeading(Duration.ofSeconds(12), b, a);
        b.reportDown("db-2"); // the first report re-evaluates the failing primary, and promotes
        assertThat(b.controller.primary()).isEqualTo("db-3");
        assertThat(promotions).containsExactly("db-2@1", "db-3@2");
    }

    @Test
    void twoLeadersInSequenceNeverPromoteUnderTheSameEpoch() throws Exception {
        Replica a = replica("a");
        Replica b = replica("b");
        a.lease.tick();
        a.controller.reportHealth("db-1", HealthResult.up(), a.time.now()); // a resumes at epoch 0

        advance(PAST_TTL, a); // a is paused: its own clock stands still, so it still believes it leads
        assertThat(a.lease.isLeader()).isTrue();
        assertThat(b.lease.tick()).isTrue();
        assertThat(b.reportDown("db-1")).isInstanceOf(Decision.Promoted.class);

        Decision late = a.reportDown("db-1");
        assertThat(late)
                .isInstanceOfSatisfying(
                        Decision.Rejected.class,
                        rejected -> assertThat(rejected.reason())
                                .startsWith(
                                        "could not reserve epoch 1 for db-2: the lease ended or another replica changed the"
                                                + " stored state"));
        assertThat(promotions).as("a never reached its actions").containsExactly("db-2@1");
        assertThat(fence.tryAccept(0))
                .as("writes stamped with the old epoch are rejected")
                .isFalse();

        a.controller.reportHealth("db-3", HealthResult.up(), a.time.now());
        assertThat(a.controller.epoch())
                .as("a reloaded the stored state after the refusal")
                .isEqualTo(1);
        assertThat(a.controller.primary()).isEqualTo("db-2");
        assertThat(stored().epoch()).isEqualTo(1);
    }

    @Test
    void aRebuiltControllerTreatsTheFencedOldPrimaryAsFencedUntilItRejoins() throws Exception {
        Replica a = replica("a");
        a.lease.tick();
        a.reportDown("db-1");

        Replica rebuilt = replica("a"); // the same host restarted: a new tenure for the same holder
        assertThat(rebuilt.lease.tick()).isTrue();
        assertThat(rebuilt.controller.dryRun("op").candidates())
                .filteredOn(c -> c.memberId().equals("db-1"))
                .singleElement()
                .satisfies(c ->
                        assertThat(c.failures()).extracting(GateResult::gate).contains(Gate.NOT_FENCED));
        assertThat(rebuilt.controller.member("db-1").role()).isEqualTo(Role.FENCED);
        rebuilt.controller.rejoin("db-1", "op");
        assertThat(stored().fenced()).isEmpty();

        Replica again = replica("a");
        again.lease.tick();
        again.controller.reportHealth("db-3", HealthResult.up(), again.time.now());
        assertThat(again.controller.member("db-1").role()).isEqualTo(Role.STANDBY);
        assertThat(again.controller.primary()).isEqualTo("db-2");
    }

    @Test
    void aFailedPromotionKeepsTheOldPrimaryAndItsEpochSpent() throws Exception {
        Replica a = replica("a");
        a.lease.tick();
        failNextPromotion = true;
        assertThat(a.reportDown("db-1"))
                .isInstanceOfSatisfying(
                        Decision.Failed.class,
                        failed -> assertThat(failed.epoch()).isEqualTo(1));
        ControllerRecord record = stored();
        assertThat(record.primary()).isEqualTo("db-1");
        assertThat(record.epoch()).isEqualTo(1);
        assertThat(record.transitions()).isEmpty();
        assertThat(a.controller.requestFailover(Trigger.OPERATOR, "op", 1, "retry"))
                .isInstanceOfSatisfying(
                        Decision.Promoted.class, p -> assertThat(p.epoch()).isEqualTo(2));
        assertThat(promotions).containsExactly("db-2@2");
    }

    @Test
    void aStateStoreThatDoesNotAnswerBlocksPromotionUntilItAnswersAgain() throws Exception {
        boolean[] down = {false};
        ControllerStateStore flaky = new ControllerStateStore() {
            @Override
            public Optional<ControllerRecord> load(String group) throws LeaseStoreException {
                return states.load(group);
            }

            @Override
            public boolean compareAndSet(String group, Lease lease, ControllerRecord next) throws LeaseStoreException {
                if (down[0]) {
                    throw new LeaseStoreException("state store unreachable");
                }
                return states.compareAndSet(group, lease, next);
            }
        };
        Replica a = new Replica("a", flaky);
        a.lease.tick();
        a.controller.reportHealth("db-3", HealthResult.up(), a.time.now());
        down[0] = true;
        assertThat(a.reportDown("db-1"))
                .isInstanceOfSatisfying(
                        Decision.Rejected.class,
                        r -> assertThat(r.reason())
                                .contains("the state store did not answer (state store unreachable)"));
        assertThat(promotions).isEmpty();
        assertThat(a.controller.epoch()).isZero();
        down[0] = false;
        assertThat(a.controller.requestFailover(Trigger.OPERATOR, "op", 0, "again"))
                .isInstanceOf(Decision.Promoted.class);
        assertThat(promotions).containsExactly("db-2@1");
    }

    @Test
    void onlyTheLeaderRecordsRejoinsAndAcknowledgementsAndTheyOutliveIt() throws Exception {
        Replica a = replica("a");
        Replica b = replica("b");
        a.lease.tick();
        b.lease.tick();
        a.reportDown("db-1");
        b.controller.reportHealth("db-1", HealthResult.up(), b.time.now());
        assertThatThrownBy(() -> b.controller.acknowledge("op", "seen"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("only the leader records the acknowledgement; this instance does not lead orders-db");
        a.controller.acknowledge("op", "seen");
        assertThat(stored().acknowledged()).isTrue();

        advance(PAST_TTL, a);
        b.lease.tick();
        assertThat(b.reportDown("db-2"))
                .as("acknowledged: automatic failover may happen again at once")
                .isInstanceOfSatisfying(
                        Decision.Promoted.class, p -> assertThat(p.to()).isEqualTo("db-3"));
        assertThat(promotions).containsExactly("db-2@1", "db-3@2");
    }
}
