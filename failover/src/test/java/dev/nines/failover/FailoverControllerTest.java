package dev.nines.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nines.core.circuitbreaker.CircuitBreaker;
import dev.nines.core.circuitbreaker.CircuitBreakerConfig;
import dev.nines.core.event.EventListeners;
import dev.nines.core.health.HealthResult;
import dev.nines.core.health.HealthStatus;
import dev.nines.core.time.ManualTimeSource;
import dev.nines.failover.audit.AuditRecord;
import dev.nines.failover.audit.AuditType;
import dev.nines.failover.fence.Fence;
import dev.nines.failover.fence.StaleEpochException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Probes every 5 s, failure threshold 3, success threshold 2, as in the issue's acceptance list. */
class FailoverControllerTest {

    private static final Duration PROBE = Duration.ofSeconds(5);
    private static final long MIB = 1 << 20;

    private final ManualTimeSource time = ManualTimeSource.at(Instant.parse("2026-01-01T00:00:00Z"));
    private final List<FailoverEvent> events = new CopyOnWriteArrayList<>();
    private final List<String> promotions = new CopyOnWriteArrayList<>();

    private FailoverConfig.Builder config() {
        return FailoverConfig.builder().failureThreshold(3).successThreshold(2).recoveryGrace(Duration.ZERO);
    }

    private FailoverController controller(FailoverConfig config, Member... standbys) {
        FailoverController.Builder builder = FailoverController.builder("orders-db", time)
                .config(config)
                .primary(Member.of("a"))
                .initialEpoch(7)
                .actions((member, epoch) -> promotions.add(member + "@" + epoch));
        for (Member standby : standbys) {
            builder.standby(standby);
        }
        FailoverController controller = builder.build();
        controller.onEvent(events::add);
        return controller;
    }

    private FailoverController threeMembers() {
        return controller(config().build(), Member.of("b"), Member.of("c"));
    }

    /** One probe result that started now; the clock then moves on by one probe period. */
    private Decision probe(FailoverController controller, String member, HealthStatus status) {
        Decision decision = controller.reportHealth(member, HealthResult.of(status), time.now());
        time.advance(PROBE);
        return decision;
    }

    private void healthy(FailoverController controller, String... members) {
        for (String member : members) {
            probe(controller, member, HealthStatus.UP);
            probe(controller, member, HealthStatus.UP);
        }
    }

    private Decision failPrimary(FailoverController controller) {
        probe(controller, "a", HealthStatus.DOWN);
        probe(controller, "a", HealthStatus.DOWN);
        return probe(controller, "a", HealthStatus.DOWN);
    }

    private <T extends FailoverEvent> List<T> events(Class<T> type) {
        List<T> out = new ArrayList<>();
        for (FailoverEvent event : events) {
            if (type.isInstance(event)) {
                out.add(type.cast(event));
            }
        }
        return out;
    }

    @Test
    void failFailSuccessFailFailKeepsThePrimaryAndOneMoreFailurePromotesTheStandbyWithTheLeastLag() {
        FailoverController controller = threeMembers();
        healthy(controller, "a", "b", "c");
        controller.reportLag("b", Lag.bytes(2048), time.now());
        controller.reportLag("c", Lag.bytes(1024), time.now());

        for (HealthStatus status :
                List.of(HealthStatus.DOWN, HealthStatus.DOWN, HealthStatus.UP, HealthStatus.DOWN, HealthStatus.DOWN)) {
            assertThat(probe(controller, "a", status)).isInstanceOf(Decision.NoAction.class);
        }
        assertThat(controller.primary()).isEqualTo("a");
        assertThat(controller.member("a").health()).isEqualTo(HealthStatus.UP);
        assertThat(controller.epoch()).isEqualTo(7);

        Decision decision = probe(controller, "a", HealthStatus.DOWN);

        assertThat(decision).isEqualTo(new Decision.Promoted("a", "c", 8, Trigger.HEALTH, Lag.bytes(1024)));
        assertThat(controller.epoch()).isEqualTo(8);
        assertThat(controller.primary()).isEqualTo("c");
        assertThat(controller.member("a").role()).isEqualTo(Role.FENCED);
        assertThat(promotions).containsExactly("c@8");
        assertThat(controller.auditLog().records(AuditType.FAILOVER)).hasSize(1);
        List<FailoverEvent.FailedOver> failedOver = events(FailoverEvent.FailedOver.class);
        assertThat(failedOver).hasSize(1);
        assertThat(failedOver.get(0).epoch()).isEqualTo(8);
        // The failing run started with the 4th result after the success; three results span 10 s.
        assertThat(failedOver.get(0).timeToFailover()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void standbysLaggingBeyondTheRpoLimitBlockWithBothReasonsUntilOneCatchesUp() {
        FailoverController controller = controller(config().rpoLimitBytes(MIB).build(), Member.of("b"), Member.of("c"));
        healthy(controller, "a", "b", "c");
        controller.reportLag("b", Lag.bytes(5 * MIB), time.now());
        controller.reportLag("c", Lag.bytes(3 * MIB), time.now());

        Decision decision = failPrimary(controller);

        assertThat(decision).isInstanceOf(Decision.Blocked.class);
        Decision.Blocked blocked = (Decision.Blocked) decision;
        assertThat(blocked.candidates()).extracting(CandidateReport::memberId).containsExactlyInAnyOrder("b", "c");
        for (CandidateReport report : blocked.candidates()) {
            assertThat(report.failures()).extracting(GateResult::gate).containsExactly(Gate.LAG);
        }
        assertThat(blocked.reason())
                .contains("lag 5242880 bytes > limit 1048576 bytes")
                .contains("lag 3145728 bytes > limit 1048576 bytes");
        assertThat(controller.state()).isEqualTo(ControllerState.BLOCKED);
        assertThat(controller.epoch()).isEqualTo(7);
        assertThat(promotions).isEmpty();
        assertThat(events(FailoverEvent.FailoverBlocked.class)).hasSize(1);
        assertThat(controller.auditLog().records(AuditType.BLOCKED)).hasSize(1);

        // Further failures with the same reasons do not repeat the audit record or the alert.
        probe(controller, "a", HealthStatus.DOWN);
        assertThat(controller.auditLog().records(AuditType.BLOCKED)).hasSize(1);
        assertThat(events(FailoverEvent.FailoverBlocked.class)).hasSize(1);

        Decision caughtUp = controller.reportLag("b", Lag.bytes(MIB / 2), time.now());

        assertThat(caughtUp).isEqualTo(new Decision.Promoted("a", "b", 8, Trigger.HEALTH, Lag.bytes(MIB / 2)));
        assertThat(controller.state()).isEqualTo(ControllerState.STEADY);
        assertThat(promotions).containsExactly("b@8");
    }

    @Test
    void aForcedFailoverWithoutAReasonIsRejectedAndWithOneIsAuditedWithTheDataLossEstimate() {
        FailoverController controller = threeMembers();
        controller.reportLag("b", Lag.bytes(5 * MIB), time.now());

        Decision rejected = controller.forceFailover("alice", "b", " ");

        assertThat(rejected).isEqualTo(new Decision.Rejected("a forced failover needs a reason"));
        assertThat(controller.epoch()).isEqualTo(7);
        assertThat(promotions).isEmpty();
        AuditRecord rejection =
                controller.auditLog().records(AuditType.REJECTED).get(0);
        assertThat(rejection.actor()).isEqualTo("alice");
        assertThat(events(FailoverEvent.RequestRejected.class)).hasSize(1);

        // b has no health verdict and lags 5 MiB: a forced failover overrides both gates.
        Decision forced = controller.forceFailover("alice", "b", "datacenter 1 is being evacuated");

        assertThat(forced).isEqualTo(new Decision.Promoted("a", "b", 8, Trigger.FORCED, Lag.bytes(5 * MIB)));
        List<AuditRecord> overrides = controller.auditLog().records(AuditType.OVERRIDE);
        assertThat(overrides).hasSize(1);
        AuditRecord override = overrides.get(0);
        assertThat(override.actor()).isEqualTo("alice");
        assertThat(override.reason()).startsWith("datacenter 1 is being evacuated");
        assertThat(override.inputs()).containsEntry("dataLossEstimate", "5242880 bytes");
        assertThat(override.epoch()).isEqualTo(8);
        assertThat(promotions).containsExactly("b@8");
    }

    @Test
    void aForcedFailoverCannotTargetTheUnknownThePrimaryOrAFencedMember() {
        FailoverController controller = threeMembers();
        assertThat(controller.forceFailover("alice", "zz", "why")).isInstanceOf(Decision.Rejected.class);
        assertThat(controller.forceFailover("alice", "a", "why")).isInstanceOf(Decision.Rejected.class);
        assertThat(controller.forceFailover(" ", "b", "why")).isInstanceOf(Decision.Rejected.class);
        controller.forceFailover("alice", "b", "why");
        assertThat(controller.forceFailover("alice", "a", "back"))
                .isEqualTo(new Decision.Rejected("a is fenced; it must rejoin as a standby first"));
        assertThat(controller.auditLog().records(AuditType.REJECTED)).hasSize(4);
    }

    @Test
    void tenThreadsRequestingFailoverAtTheSameEpochProduceExactlyOnePromotion() throws Exception {
        AtomicInteger sideEffects = new AtomicInteger();
        FailoverController controller = FailoverController.builder("orders-db", time)
                .config(config().build())
                .primary(Member.of("a"))
                .standby(Member.of("b"))
                .standby(Member.of("c"))
                .initialEpoch(7)
                .actions((member, epoch) -> sideEffects.incrementAndGet())
                .build();
        healthy(controller, "b", "c");
        controller.reportLag("b", Lag.bytes(0), time.now());
        controller.reportLag("c", Lag.bytes(0), time.now());
        CountDownLatch start = new CountDownLatch(1);
        List<Decision> decisions = new CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Trigger trigger = i % 3 == 0 ? Trigger.BREAKER : i % 3 == 1 ? Trigger.HEALTH : Trigger.OPERATOR;
            String actor = "requester-" + i;
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                decisions.add(controller.requestFailover(trigger, actor, 7, "primary unreachable"));
            });
            thread.start();
            threads.add(thread);
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }

        assertThat(sideEffects).hasValue(1);
        assertThat(controller.epoch()).isEqualTo(8);
        assertThat(decisions).hasSize(10);
        assertThat(decisions).filteredOn(d -> d instanceof Decision.Promoted).hasSize(1);
        assertThat(decisions)
                .filteredOn(d -> d instanceof Decision.Rejected)
                .hasSize(9)
                .allSatisfy(d -> assertThat(((Decision.Rejected) d).reason())
                        .isEqualTo("stale request: made at epoch 7, current epoch is 8"));
        assertThat(controller.auditLog().records(AuditType.FAILOVER)).hasSize(1);
        assertThat(controller.auditLog().records(AuditType.REJECTED)).hasSize(9);
    }

    @Test
    void aWriteStampedWithTheOldEpochIsRejectedByTheFenceAfterFailover() {
        FailoverController controller = threeMembers();
        Fence fence = Fence.create("orders");
        controller.addFence(fence);
        assertThat(fence.currentEpoch()).isEqualTo(7);
        assertThat(fence.tryAccept(7)).isTrue();

        controller.forceFailover("alice", "b", "test");

        assertThat(fence.tryAccept(7)).isFalse();
        assertThatThrownBy(() -> fence.validate(7))
                .isInstanceOf(StaleEpochException.class)
                .hasMessage("operation on orders stamped with stale epoch 7, current epoch is 8");
        assertThat(fence.tryAccept(8)).isTrue();
        assertThat(fence.rejectedCount()).isEqualTo(2);
    }

    @Test
    void aDryRunChangesNothingAndListsEveryCandidatesGates() {
        FailoverController controller = controller(
                config().rpoLimitBytes(MIB).build(),
                Member.of("b"),
                Member.of("c").withTag(Member.NO_FAILOVER),
                Member.of("d"));
        healthy(controller, "a", "b", "c");
        controller.reportLag("b", Lag.bytes(100), time.now());
        controller.reportLag("c", Lag.bytes(10), time.now());
        List<MemberStatus> membersBefore = controller.members();
        long auditBefore = controller.auditLog().lastSequence();

        DryRunReport report = controller.dryRun("bob");

        assertThat(report.primary()).isEqualTo("a");
        assertThat(report.epoch()).isEqualTo(7);
        assertThat(report.candidate()).contains("b");
        assertThat(report.candidates()).extracting(CandidateReport::memberId).containsExactly("b", "c", "d");
        for (CandidateReport candidate : report.candidates()) {
            assertThat(candidate.gates()).extracting(GateResult::gate).containsExactly(Gate.values());
        }
        assertThat(report.candidates().get(1).failures())
                .extracting(GateResult::gate)
                .containsExactly(Gate.NOT_TAGGED);
        assertThat(report.candidates().get(2).failures())
                .extracting(GateResult::gate)
                .containsExactly(Gate.HEALTHY, Gate.LAG);
        assertThat(report.plan()).contains("promote b at epoch 8");
        assertThat(controller.epoch()).isEqualTo(7);
        assertThat(controller.members()).isEqualTo(membersBefore);
        assertThat(controller.state()).isEqualTo(ControllerState.STEADY);
        assertThat(promotions).isEmpty();
        assertThat(events).isEmpty();
        assertThat(controller.auditLog().lastSequence()).isEqualTo(auditBefore + 1);
        assertThat(controller.auditLog().records(AuditType.DRY_RUN))
                .singleElement()
                .satisfies(r -> assertThat(r.inputs()).containsKeys("gates.b", "gates.c", "gates.d"));
    }

    @Test
    void aDryRunWithNoEligibleCandidateSaysItWouldBlock() {
        FailoverController controller = threeMembers();
        DryRunReport report = controller.dryRun("bob");
        assertThat(report.candidate()).isEmpty();
        assertThat(report.plan()).singleElement().asString().startsWith("no candidate passes the gates");
    }

    @Test
    void resultsArrivingOutOfOrderAreDiscardedByStartTime() {
        FailoverController controller = threeMembers();
        Instant t0 = time.now();
        healthy(controller, "a");
        Decision late = controller.reportHealth("a", HealthResult.down("late"), t0);
        assertThat(late).isInstanceOf(Decision.NoAction.class);
        assertThat(((Decision.NoAction) late).reason()).endsWith("discarded");
        // Three late failures never count towards the failure threshold.
        controller.reportHealth("a", HealthResult.down("late"), t0);
        controller.reportHealth("a", HealthResult.down("late"), t0);
        assertThat(controller.member("a").health()).isEqualTo(HealthStatus.UP);

        controller.reportLag("b", Lag.bytes(10), time.now());
        controller.reportLag("b", Lag.bytes(99), t0);
        assertThat(controller.member("b").lag()).isEqualTo(Lag.bytes(10));
    }

    @Test
    void healthResultsWithoutAnExplicitStartUseTheirCheckedAtTime() {
        FailoverController controller = threeMembers();
        Instant t0 = time.now();
        controller.reportHealth(
                "a",
                HealthResult.builder(HealthStatus.UP)
                        .checkedAt(t0.plusSeconds(5))
                        .build());
        assertThat(controller.reportHealth(
                        "a", HealthResult.builder(HealthStatus.UP).checkedAt(t0).build()))
                .isInstanceOf(Decision.NoAction.class);
        controller.reportHealth(
                "a",
                HealthResult.builder(HealthStatus.UP)
                        .checkedAt(t0.plusSeconds(10))
                        .build());
        assertThat(controller.member("a").health()).isEqualTo(HealthStatus.UP);
    }

    @Test
    void anUnknownLagFailsClosedAndIsNeverTakenAsZero() {
        FailoverController controller = controller(config().build(), Member.of("b"));
        healthy(controller, "a", "b");
        controller.reportLag("b", Lag.bytes(0), time.now());
        controller.reportLag("b", Lag.unknown(), time.now());

        Decision decision = failPrimary(controller);

        assertThat(decision).isInstanceOf(Decision.Blocked.class);
        GateResult lag =
                ((Decision.Blocked) decision).candidates().get(0).failures().get(0);
        assertThat(lag.gate()).isEqualTo(Gate.LAG);
        assertThat(lag.detail()).contains("UNKNOWN");
        assertThat(controller.epoch()).isEqualTo(7);
    }

    @Test
    void aTimeLagIsComparedWithTheTimeLimit() {
        FailoverController controller =
                controller(config().rpoLimitTime(Duration.ofSeconds(1)).build(), Member.of("b"), Member.of("c"));
        healthy(controller, "a", "b", "c");
        controller.reportLag("b", Lag.time(Duration.ofSeconds(2)), time.now());
        controller.reportLag("c", Lag.time(Duration.ofMillis(900)), time.now());
        assertThat(failPrimary(controller))
                .isEqualTo(new Decision.Promoted("a", "c", 8, Trigger.HEALTH, Lag.time(Duration.ofMillis(900))));
    }

    @Test
    void equalLagsAreBrokenByHigherPriorityThenBySmallerId() {
        FailoverController byPriority =
                controller(config().build(), Member.of("b"), Member.of("c").withPriority(5));
        healthy(byPriority, "a", "b", "c");
        byPriority.reportLag("b", Lag.bytes(0), time.now());
        byPriority.reportLag("c", Lag.bytes(0), time.now());
        assertThat(((Decision.Promoted) failPrimary(byPriority)).to()).isEqualTo("c");

        FailoverController byId = controller(config().build(), Member.of("c"), Member.of("b"));
        healthy(byId, "a", "b", "c");
        byId.reportLag("b", Lag.bytes(0), time.now());
        byId.reportLag("c", Lag.bytes(0), time.now());
        assertThat(((Decision.Promoted) failPrimary(byId)).to()).isEqualTo("b");
    }

    @Test
    void synchronousModePromotesOnlySyncMembersUnlessAsyncPromotionIsAllowed() {
        FailoverController strict = controller(config().synchronousMode(true).build(), Member.of("b"));
        healthy(strict, "a", "b");
        strict.reportLag("b", Lag.bytes(0), time.now());
        Decision blocked = failPrimary(strict);
        assertThat(((Decision.Blocked) blocked).candidates().get(0).failures())
                .extracting(GateResult::gate)
                .containsExactly(Gate.SYNC);

        FailoverController lenient = controller(
                config().synchronousMode(true).asyncPromotionAllowed(true).build(),
                Member.of("b"),
                Member.of("c").withReplication(Replication.SYNC));
        healthy(lenient, "a", "b", "c");
        lenient.reportLag("b", Lag.bytes(0), time.now());
        lenient.reportLag("c", Lag.bytes(10), time.now());
        assertThat(((Decision.Promoted) failPrimary(lenient)).to()).isEqualTo("b");
    }

    @Test
    void aPrimaryWithoutAVerdictIsNotFailedOver() {
        FailoverController controller = threeMembers();
        probe(controller, "a", HealthStatus.DOWN);
        assertThat(probe(controller, "a", HealthStatus.DOWN)).isInstanceOf(Decision.NoAction.class);
        assertThat(controller.member("a").health()).isEqualTo(HealthStatus.UNKNOWN);
    }

    @Test
    void theAntiFlappingWindowBlocksAutomaticFailoverBackUntilAcknowledged() {
        FailoverController controller =
                controller(config().antiFlappingWindow(Duration.ofMinutes(10)).build(), Member.of("b"));
        healthy(controller, "a", "b");
        controller.reportLag("b", Lag.bytes(0), time.now());
        failPrimary(controller);
        assertThat(controller.primary()).isEqualTo("b");
        controller.rejoin("a", "alice");
        healthy(controller, "a");
        controller.reportLag("a", Lag.bytes(0), time.now());

        Decision decision = probe(controller, "b", HealthStatus.DOWN);
        probe(controller, "b", HealthStatus.DOWN);
        decision = probe(controller, "b", HealthStatus.DOWN);

        assertThat(decision).isInstanceOf(Decision.Blocked.class);
        assertThat(((Decision.Blocked) decision).reason()).contains("anti-flapping window");
        assertThat(controller.primary()).isEqualTo("b");

        controller.acknowledge("alice", "checked a, fail back");

        assertThat(controller.primary()).isEqualTo("a");
        assertThat(controller.epoch()).isEqualTo(9);
        assertThat(controller.auditLog().records(AuditType.ACKNOWLEDGED)).hasSize(1);
    }

    @Test
    void automaticFailoverResumesOnceTheAntiFlappingWindowHasPassed() {
        FailoverController controller =
                controller(config().antiFlappingWindow(Duration.ofMinutes(1)).build(), Member.of("b"));
        healthy(controller, "a", "b");
        controller.reportLag("b", Lag.bytes(0), time.now());
        failPrimary(controller);
        controller.rejoin("a", "alice");
        healthy(controller, "a");
        controller.reportLag("a", Lag.bytes(0), time.now());
        time.advance(Duration.ofMinutes(1));
        probe(controller, "b", HealthStatus.DOWN);
        probe(controller, "b", HealthStatus.DOWN);
        assertThat(probe(controller, "b", HealthStatus.DOWN)).isInstanceOf(Decision.Promoted.class);
        assertThat(controller.primary()).isEqualTo("a");
    }

    @Test
    void anOperatorRequestIsNotHeldByTheAntiFlappingWindowButABreakerRequestIs() {
        FailoverController controller = controller(config().build(), Member.of("b"), Member.of("c"));
        healthy(controller, "b", "c");
        controller.reportLag("b", Lag.bytes(0), time.now());
        controller.reportLag("c", Lag.bytes(0), time.now());
        controller.requestFailover(Trigger.OPERATOR, "alice", 7, "move off a");
        assertThat(controller.requestFailover(Trigger.BREAKER, "breaker", 8, "breaker open"))
                .isInstanceOf(Decision.Blocked.class);
        assertThat(controller.requestFailover(Trigger.OPERATOR, "alice", 8, "move off b"))
                .isInstanceOf(Decision.Promoted.class);
        assertThat(controller.requestFailover(Trigger.OPERATOR, "alice", 9, " "))
                .isEqualTo(new Decision.Rejected("a failover request needs a reason"));
        assertThatThrownBy(() -> controller.requestFailover(Trigger.FORCED, "alice", 9, "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRecoveredMemberWaitsOutTheGracePeriodBeforeItIsPromoted() {
        FailoverController controller =
                controller(config().recoveryGrace(Duration.ofSeconds(60)).build(), Member.of("b"));
        healthy(controller, "a");
        controller.reportLag("b", Lag.bytes(0), time.now());
        probe(controller, "b", HealthStatus.DOWN);
        probe(controller, "b", HealthStatus.DOWN);
        probe(controller, "b", HealthStatus.DOWN);
        healthy(controller, "b"); // recovers at the second success

        Decision blocked = failPrimary(controller);
        assertThat(((Decision.Blocked) blocked).candidates().get(0).failures())
                .extracting(GateResult::gate)
                .containsExactly(Gate.RECOVERY_GRACE);

        time.advance(Duration.ofSeconds(60));
        assertThat(probe(controller, "a", HealthStatus.DOWN)).isInstanceOf(Decision.Promoted.class);
    }

    @Test
    void aFencedMemberIsNeverACandidateUntilItRejoins() {
        FailoverController controller = controller(config().build(), Member.of("b"));
        controller.forceFailover("alice", "b", "test");
        assertThat(controller.dryRun("bob").candidates().get(0).failures())
                .extracting(GateResult::gate)
                .contains(Gate.NOT_FENCED);
        assertThatThrownBy(() -> controller.rejoin("b", "alice")).isInstanceOf(IllegalStateException.class);
        controller.rejoin("a", "alice");
        assertThat(controller.member("a").role()).isEqualTo(Role.STANDBY);
        assertThat(controller.member("a").lag()).isEqualTo(Lag.unknown());
        assertThat(controller.auditLog().records(AuditType.REJOINED)).hasSize(1);
    }

    @Test
    void aFailedPromotionLeavesTheRolesAndSpendsTheEpoch() {
        AtomicInteger calls = new AtomicInteger();
        FailoverController controller = FailoverController.builder("db", time)
                .primary(Member.of("a"))
                .standby(Member.of("b"))
                .initialEpoch(7)
                .actions((member, epoch) -> {
                    if (calls.incrementAndGet() == 1) {
                        throw new IllegalStateException("promote timed out");
                    }
                })
                .build();
        controller.onEvent(events::add);

        Decision failed = controller.forceFailover("alice", "b", "test");

        assertThat(failed).isEqualTo(new Decision.Failed("b", 8, "java.lang.IllegalStateException: promote timed out"));
        assertThat(controller.primary()).isEqualTo("a");
        assertThat(controller.epoch()).isEqualTo(8);
        assertThat(controller.auditLog().records(AuditType.FAILED)).hasSize(1);
        assertThat(events(FailoverEvent.PromotionFailed.class)).hasSize(1);
        assertThat(controller.forceFailover("alice", "b", "again"))
                .isEqualTo(new Decision.Promoted("a", "b", 9, Trigger.FORCED, Lag.unknown()));
    }

    @Test
    void aFailingFenceActionStillFencesTheOldPrimary() {
        FailoverController controller = FailoverController.builder("db", time)
                .primary(Member.of("a"))
                .standby(Member.of("b"))
                .actions(new FailoverActions() {
                    @Override
                    public void promote(String memberId, long epoch) {}

                    @Override
                    public void fence(String memberId, long epoch) {
                        throw new IllegalStateException("STONITH unreachable");
                    }
                })
                .build();
        controller.forceFailover("alice", "b", "test");
        assertThat(controller.member("a").role()).isEqualTo(Role.FENCED);
        assertThat(controller.auditLog().records(AuditType.OVERRIDE).get(0).inputs())
                .containsEntry("fenceError", "java.lang.IllegalStateException: STONITH unreachable");
    }

    @Test
    void theAuditRecordIsWrittenBeforeListenersAndAThrowingListenerDoesNotStopTheTransition() {
        FailoverController controller = threeMembers();
        List<Long> seenSequences = new ArrayList<>();
        controller.onEvent(event -> seenSequences.add(controller.auditLog().lastSequence()));
        controller.onEvent(event -> {
            throw new IllegalStateException("listener bug");
        });

        controller.forceFailover("alice", "b", "test");

        assertThat(controller.primary()).isEqualTo("b");
        assertThat(seenSequences).containsExactly(1L);
        assertThat(events(FailoverEvent.FailedOver.class)).hasSize(1);
    }

    @Test
    void rollbackPromotesThePreviousPrimaryWithANewEpochWhenItIsEligible() {
        FailoverController controller = threeMembers();
        healthy(controller, "a", "b");
        controller.reportLag("a", Lag.bytes(0), time.now());
        controller.forceFailover("alice", "b", "test");

        Decision decision = controller.rollback("rollback-rule", "error rate 12% > 10%");

        assertThat(decision).isEqualTo(new Decision.Promoted("b", "a", 9, Trigger.ROLLBACK, Lag.bytes(0)));
        assertThat(controller.member("b").role()).isEqualTo(Role.FENCED);
        assertThat(controller.auditLog().records(AuditType.ROLLBACK)).hasSize(1);
        assertThat(events(FailoverEvent.RolledBack.class)).hasSize(1);
    }

    @Test
    void rollbackIsBlockedWithAnAlertWhenThePreviousPrimaryIsNotEligibleOrThereIsNone() {
        FailoverController controller = threeMembers();
        assertThat(controller.rollback("rule", "errors")).isInstanceOf(Decision.Blocked.class);
        controller.forceFailover("alice", "b", "test");

        Decision decision = controller.rollback("rule", "errors");

        assertThat(decision).isInstanceOf(Decision.Blocked.class);
        assertThat(((Decision.Blocked) decision).reason()).contains("a is not eligible");
        assertThat(controller.epoch()).isEqualTo(8);
        assertThat(controller.auditLog().records(AuditType.ROLLBACK_BLOCKED)).hasSize(2);
        assertThat(events(FailoverEvent.RollbackBlocked.class)).hasSize(2);
    }

    @Test
    void theBuilderRejectsGroupsWithoutAPrimaryOrStandbyOrWithDuplicateIds() {
        assertThatThrownBy(() -> FailoverController.builder("db", time)
                        .standby(Member.of("b"))
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("primary must be set");
        assertThatThrownBy(() -> FailoverController.builder("db", time)
                        .primary(Member.of("a"))
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("at least one standby must be added");
        assertThatThrownBy(() -> FailoverController.builder("db", time)
                        .primary(Member.of("a"))
                        .standby(Member.of("a"))
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("member ids must be unique, was a twice");
        assertThatThrownBy(() -> FailoverController.builder("db", time)
                        .primary(Member.of("a"))
                        .primary(Member.of("b")))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> FailoverController.builder(" ", time)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> threeMembers().reportHealth("zz", HealthResult.up(), time.now()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("memberId must name a member of orders-db, was zz");
    }

    @Test
    void aSwitchoverPromotionAppliesTheGatesButNotTheAntiFlappingWindow() {
        FailoverController controller = threeMembers();
        assertThat(controller.switchover("alice", "zz", 7, "planned")).isEqualTo(new Decision.Rejected("no member zz"));
        assertThat(controller.switchover("alice", "a", 7, "planned"))
                .isEqualTo(new Decision.Rejected("a is already the primary"));
        Decision unhealthy = controller.switchover("alice", "b", 7, "planned");
        assertThat(((Decision.Rejected) unhealthy).reason()).startsWith("switchover target b failed [HEALTHY FAILED");
        healthy(controller, "b", "c");
        controller.reportLag("b", Lag.bytes(0), time.now());
        controller.reportLag("c", Lag.bytes(0), time.now());
        assertThat(controller.switchover("alice", "b", 7, "planned"))
                .isEqualTo(new Decision.Promoted("a", "b", 8, Trigger.SWITCHOVER, Lag.bytes(0)));
        // Inside the anti-flapping window, a second planned switchover still proceeds.
        assertThat(controller.switchover("alice", "c", 8, "planned again")).isInstanceOf(Decision.Promoted.class);
        assertThat(controller.epoch()).isEqualTo(9);
    }

    @Test
    void aBreakerOpeningInFrontOfThePrimaryRequestsAFailover() {
        FailoverController controller = threeMembers();
        healthy(controller, "b");
        controller.reportLag("b", Lag.bytes(0), time.now());
        CircuitBreaker breaker = CircuitBreaker.of("orders-db-a", CircuitBreakerConfig.ofDefaults(), time);
        EventListeners.Registration trigger = controller.triggerOn(breaker);

        breaker.transitionToOpenState();

        assertThat(controller.primary()).isEqualTo("b");
        assertThat(controller.epoch()).isEqualTo(8);
        assertThat(controller.auditLog().records(AuditType.FAILOVER).get(0).actor())
                .isEqualTo("breaker orders-db-a");
        trigger.close();
        breaker.transitionToClosedState();
        breaker.transitionToOpenState();
        assertThat(controller.epoch()).isEqualTo(8);
    }

    @Test
    void aControllerThatIsNotTheLeaderRecordsSignalsButPromotesNothing() {
        boolean[] leader = {false};
        FailoverController controller = FailoverController.builder("orders-db", time)
                .config(config().build())
                .primary(Member.of("a"))
                .standby(Member.of("b"))
                .initialEpoch(7)
                .leadership(() -> leader[0])
                .build();
        healthy(controller, "a", "b");
        controller.reportLag("b", Lag.bytes(0), time.now());

        Decision decision = failPrimary(controller);

        assertThat(decision).isInstanceOf(Decision.NoAction.class);
        assertThat(((Decision.NoAction) decision).reason()).contains("not the leader");
        assertThat(controller.member("a").health()).isEqualTo(HealthStatus.DOWN);
        assertThat(controller.forceFailover("alice", "b", "why"))
                .isEqualTo(new Decision.Rejected("this instance is not the leader; only the leader promotes"));
        assertThat(controller.epoch()).isEqualTo(7);

        leader[0] = true;
        assertThat(probe(controller, "a", HealthStatus.DOWN)).isInstanceOf(Decision.Promoted.class);
    }

    @Test
    void aBlockedControllerReturnsToSteadyWhenThePrimaryRecoversAndAlertsAgainOnTheNextOutage() {
        FailoverController controller = controller(config().build(), Member.of("b"));
        healthy(controller, "a");
        failPrimary(controller);
        assertThat(controller.state()).isEqualTo(ControllerState.BLOCKED);
        healthy(controller, "a");
        assertThat(controller.state()).isEqualTo(ControllerState.STEADY);
        failPrimary(controller);
        assertThat(controller.state()).isEqualTo(ControllerState.BLOCKED);
        assertThat(controller.auditLog().records(AuditType.BLOCKED)).hasSize(2);
        assertThat(events(FailoverEvent.FailoverBlocked.class)).hasSize(2);
    }
}
