package dev.nines.failover;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nines.core.health.HealthResult;
import dev.nines.core.health.HealthStatus;
import dev.nines.core.time.ManualTimeSource;
import dev.nines.failover.audit.AuditRecord;
import dev.nines.failover.audit.AuditType;
import dev.nines.failover.fence.Fence;
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
import net.jqwik.api.statistics.Statistics;

/**
 * Stateful property: random interleavings of health results (some out of order), lag reports
 * (some unknown), operator, breaker and forced requests (some stale, some without a reason), rejoins,
 * acknowledgements, rollbacks, dry runs, failing promotions and clock advances. After every action:
 * never two unfenced primaries, never a reused epoch, and the controller agrees with the world.
 */
class FailoverControllerPropertyTest {

    private static final List<String> IDS = List.of("a", "b", "c", "d");
    private static final long MIB = 1 << 20;

    sealed interface Action {}

    record Health(String member, HealthStatus status, int secondsAgo) implements Action {}

    record LagReport(String member, long bytes, boolean unknown) implements Action {}

    record Request(Trigger trigger, boolean stale, boolean blankReason) implements Action {}

    record Force(String member, boolean blankReason) implements Action {}

    record Advance(int seconds) implements Action {}

    record Rejoin(String member) implements Action {}

    record Acknowledge() implements Action {}

    record Rollback() implements Action {}

    record DryRun() implements Action {}

    record FailNextPromotion() implements Action {}

    @Provide
    Arbitrary<List<Action>> actions() {
        Arbitrary<String> member = Arbitraries.of(IDS);
        Arbitrary<Action> health = Combinators.combine(
                        member,
                        Arbitraries.of(
                                HealthStatus.UP,
                                HealthStatus.DOWN,
                                HealthStatus.DOWN,
                                HealthStatus.DEGRADED,
                                HealthStatus.OUT_OF_SERVICE),
                        Arbitraries.frequencyOf(
                                net.jqwik.api.Tuple.of(9, Arbitraries.just(0)),
                                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(1, 30))))
                .as(Health::new);
        Arbitrary<Action> lag = Combinators.combine(
                        member, Arbitraries.longs().between(0, 2 * MIB), Arbitraries.of(false, false, false, true))
                .as(LagReport::new);
        Arbitrary<Action> request = Combinators.combine(
                        Arbitraries.of(Trigger.OPERATOR, Trigger.BREAKER, Trigger.HEALTH),
                        Arbitraries.of(false, false, true),
                        Arbitraries.of(false, false, false, true))
                .as(Request::new);
        Arbitrary<Action> force =
                Combinators.combine(member, Arbitraries.of(false, false, true)).as(Force::new);
        Arbitrary<Action> advance = Arbitraries.integers().between(1, 90).map(Advance::new);
        Arbitrary<Action> rejoin = member.map(Rejoin::new);
        Arbitrary<Action> action = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(30, health),
                net.jqwik.api.Tuple.of(10, lag),
                net.jqwik.api.Tuple.of(8, request),
                net.jqwik.api.Tuple.of(8, force),
                net.jqwik.api.Tuple.of(10, advance),
                net.jqwik.api.Tuple.of(8, rejoin),
                net.jqwik.api.Tuple.of(2, Arbitraries.just(new Acknowledge())),
                net.jqwik.api.Tuple.of(4, Arbitraries.just(new Rollback())),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(new DryRun())),
                net.jqwik.api.Tuple.of(2, Arbitraries.just(new FailNextPromotion())));
        return action.list().ofMinSize(40).ofMaxSize(100);
    }

    /** The world outside the controller: which member was last told it is primary, and at which epoch. */
    static final class World {
        final Map<String, Long> believesPrimaryAt = new HashMap<>();
        final List<Long> promotionEpochs = new ArrayList<>();
        boolean failNext;
    }

    @Property(tries = 1000)
    void neverTwoUnfencedPrimariesAndNeverAReusedEpoch(@ForAll("actions") List<Action> actions) {
        ManualTimeSource time = ManualTimeSource.at(Instant.parse("2026-01-01T00:00:00Z"));
        World world = new World();
        world.believesPrimaryAt.put("a", 7L);
        FailoverController controller = FailoverController.builder("db", time)
                .config(FailoverConfig.builder()
                        .failureThreshold(3)
                        .successThreshold(2)
                        .rpoLimitBytes(MIB)
                        .synchronousMode(true)
                        .asyncPromotionAllowed(true)
                        .antiFlappingWindow(Duration.ofSeconds(60))
                        .recoveryGrace(Duration.ofSeconds(10))
                        .build())
                .primary(Member.of("a"))
                .standby(Member.of("b").withReplication(Replication.SYNC))
                .standby(Member.of("c").withPriority(5))
                .standby(Member.of("d").withTag(Member.NO_FAILOVER))
                .initialEpoch(7)
                .actions((memberId, epoch) -> {
                    world.promotionEpochs.add(epoch);
                    if (world.failNext) {
                        world.failNext = false;
                        throw new IllegalStateException("injected");
                    }
                    world.believesPrimaryAt.put(memberId, epoch);
                })
                .build();
        Fence fence = Fence.create("data");
        controller.addFence(fence);

        for (Action action : actions) {
            apply(controller, time, world, action);
            check(controller, fence, world);
        }
        long promotions = controller.epoch() - 7;
        Statistics.label("epochs issued").collect(promotions == 0 ? "0" : promotions < 3 ? "1-2" : "3+");
        boolean automatic = controller.auditLog().records(AuditType.FAILOVER).stream()
                .anyMatch(r -> r.actor().equals("controller"));
        boolean rolledBack = !controller.auditLog().records(AuditType.ROLLBACK).isEmpty();
        Statistics.label("automatic failover").collect(automatic);
        Statistics.label("rollback").collect(rolledBack);
        Statistics.label("automatic failover")
                .coverage(coverage -> coverage.check(true).percentage(p -> p > 3.0));
        Statistics.label("rollback").coverage(coverage -> coverage.check(true).percentage(p -> p > 3.0));
        Statistics.label("epochs issued").coverage(coverage -> {
            coverage.check("0").percentage(p -> p < 15.0);
            coverage.check("3+").percentage(p -> p > 25.0);
        });
    }

    private static void apply(FailoverController controller, ManualTimeSource time, World world, Action action) {
        if (action instanceof Health health) {
            Instant start = time.now().minusSeconds(health.secondsAgo());
            controller.reportHealth(health.member(), HealthResult.of(health.status()), start);
            time.advance(Duration.ofSeconds(5));
        } else if (action instanceof LagReport lag) {
            controller.reportLag(lag.member(), lag.unknown() ? Lag.unknown() : Lag.bytes(lag.bytes()), time.now());
        } else if (action instanceof Request request) {
            long epoch = controller.epoch() - (request.stale() ? 1 : 0);
            controller.requestFailover(request.trigger(), "op", epoch, request.blankReason() ? "" : "asked");
        } else if (action instanceof Force force) {
            controller.forceFailover("op", force.member(), force.blankReason() ? " " : "forced");
        } else if (action instanceof Advance advance) {
            time.advance(Duration.ofSeconds(advance.seconds()));
        } else if (action instanceof Rejoin rejoin) {
            if (controller.member(rejoin.member()).role() == Role.FENCED) {
                controller.rejoin(rejoin.member(), "op");
            }
        } else if (action instanceof Acknowledge) {
            controller.acknowledge("op", "ack");
        } else if (action instanceof Rollback) {
            controller.rollback("rule", "error rate");
        } else if (action instanceof DryRun) {
            controller.dryRun("op");
        } else if (action instanceof FailNextPromotion) {
            world.failNext = true;
        }
    }

    private static void check(FailoverController controller, Fence fence, World world) {
        // Never a reused epoch: every promotion attempt got a strictly greater epoch.
        for (int i = 1; i < world.promotionEpochs.size(); i++) {
            assertThat(world.promotionEpochs.get(i)).isGreaterThan(world.promotionEpochs.get(i - 1));
        }
        // Never two unfenced primaries: of the members that were told they lead, at most one holds an
        // epoch the fence still accepts, and it is the controller's primary.
        List<String> unfenced = new ArrayList<>();
        for (Map.Entry<String, Long> entry : world.believesPrimaryAt.entrySet()) {
            if (entry.getValue() >= fence.currentEpoch()) {
                unfenced.add(entry.getKey());
            }
        }
        assertThat(unfenced).containsExactly(controller.primary());
        assertThat(world.believesPrimaryAt.get(controller.primary())).isEqualTo(fence.currentEpoch());
        long primaries = controller.members().stream()
                .filter(m -> m.role() == Role.PRIMARY)
                .count();
        assertThat(primaries).isEqualTo(1);
        assertThat(controller.epoch()).isGreaterThanOrEqualTo(fence.currentEpoch());
        // The audit log's sequence is gapless and strictly increasing.
        List<AuditRecord> records = controller.auditLog().records();
        for (int i = 0; i < records.size(); i++) {
            assertThat(records.get(i).sequence()).isEqualTo(i + 1L);
        }
    }
}
