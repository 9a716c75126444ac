package dev.nines.failover.runbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nines.core.health.HealthResult;
import dev.nines.core.time.ManualTimeSource;
import dev.nines.failover.FailoverConfig;
import dev.nines.failover.FailoverController;
import dev.nines.failover.Lag;
import dev.nines.failover.Member;
import dev.nines.failover.Role;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SwitchoverTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration PROBE = Duration.ofSeconds(5);

    private final ManualTimeSource time = ManualTimeSource.at(T0);
    private final List<String> actions = new ArrayList<>();
    private final List<Duration> ttls = new ArrayList<>();
    private Lag candidateLag = Lag.bytes(0);
    private boolean drained = true;
    private Instant fencedAt;

    private FailoverController controller() {
        FailoverController controller = FailoverController.builder("orders-db", time)
                .config(FailoverConfig.builder()
                        .failureThreshold(3)
                        .successThreshold(2)
                        .build())
                .primary(Member.of("a"))
                .standby(Member.of("b"))
                .initialEpoch(7)
                .actions((member, epoch) -> actions.add("promote " + member + "@" + epoch))
                .build();
        controller.reportHealth("b", HealthResult.up(), time.now());
        controller.reportHealth("b", HealthResult.up(), time.now());
        return controller;
    }

    private Switchover.Builder switchover(FailoverController controller) {
        return Switchover.builder(controller, "b", time)
                .actor("alice")
                .reason("kernel upgrade on a")
                .ttl(Duration.ofSeconds(300), Duration.ofSeconds(30), ttl -> ttls.add(ttl))
                .fence(
                        member -> {
                            actions.add("fence " + member);
                            fencedAt = time.now();
                        },
                        member -> actions.add("unfence " + member))
                .catchUp(() -> candidateLag, Duration.ofSeconds(60))
                .repoint(member -> actions.add("repoint " + member))
                .drain(() -> drained ? StepStatus.DONE : StepStatus.PENDING, Duration.ofSeconds(120));
    }

    private Runbook.State tickUntilDone(Switchover switchover, int maxTicks) {
        Runbook.State state = switchover.runbook().state();
        for (int i = 0; i < maxTicks && state == Runbook.State.RUNNING; i++) {
            time.advance(PROBE);
            state = switchover.tick();
        }
        return state;
    }

    @Test
    void withTtl300LoweredAtZeroAndRequestedAt120TheSwitchoverStartsNoEarlierThan300() throws Exception {
        FailoverController controller = controller();
        Switchover switchover = switchover(controller).build();

        switchover.lowerTtlAhead();
        time.advance(Duration.ofSeconds(120));
        assertThat(switchover.start()).isEqualTo(Runbook.State.RUNNING);
        while (time.now().isBefore(T0.plusSeconds(295))) {
            time.advance(PROBE);
            switchover.tick();
            assertThat(actions).as("nothing happens before t=300").isEmpty();
        }

        assertThat(tickUntilDone(switchover, 100)).isEqualTo(Runbook.State.SUCCEEDED);

        assertThat(fencedAt).isEqualTo(T0.plusSeconds(300));
        assertThat(actions).containsExactly("fence a", "promote b@8", "repoint b");
        assertThat(ttls).containsExactly(Duration.ofSeconds(30), Duration.ofSeconds(300));
        assertThat(controller.primary()).isEqualTo("b");
        assertThat(controller.epoch()).isEqualTo(8);
        assertThat(controller.member("a").role()).isEqualTo(Role.FENCED);
        // The lowered TTL (30 s) is waited out after repointing, before draining and restoring.
        StepReport waitNewTtl = switchover.runbook().steps().get(6);
        assertThat(Duration.between(
                        waitNewTtl.startedAt().orElseThrow(),
                        waitNewTtl.finishedAt().orElseThrow()))
                .isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void withoutLoweringAheadTheFirstStepLowersTheTtlAndTheFullOldTtlIsWaitedOut() {
        FailoverController controller = controller();
        Switchover switchover = switchover(controller).build();
        time.advance(Duration.ofSeconds(120));
        switchover.start();
        assertThat(tickUntilDone(switchover, 200)).isEqualTo(Runbook.State.SUCCEEDED);
        assertThat(fencedAt).isEqualTo(T0.plusSeconds(420));
    }

    @Test
    void aCatchUpTimeoutAbortsAndRestoresTheOldPrimaryTheEpochAndTheTtl() {
        FailoverController controller = controller();
        candidateLag = Lag.unknown();
        Switchover switchover = switchover(controller).build();
        switchover.start();

        assertThat(tickUntilDone(switchover, 200)).isEqualTo(Runbook.State.ABORTED);

        assertThat(switchover.runbook().abortReason()).contains("step 'wait for b to catch up' timed out after PT1M");
        assertThat(actions).containsExactly("fence a", "unfence a");
        assertThat(ttls).containsExactly(Duration.ofSeconds(30), Duration.ofSeconds(300));
        assertThat(controller.epoch()).isEqualTo(7);
        assertThat(controller.primary()).isEqualTo("a");
        assertThat(controller.member("b").lag()).isEqualTo(Lag.unknown());
    }

    @Test
    void aRefusedPromotionAbortsWithTheEarlierStateRestored() {
        FailoverController controller = controller();
        Switchover switchover = switchover(controller).build();
        switchover.start();
        // Someone else fails over first: the switchover's planned epoch is now stale.
        controller.forceFailover("bob", "b", "emergency");
        controller.rejoin("a", "bob");
        actions.clear();

        assertThat(tickUntilDone(switchover, 200)).isEqualTo(Runbook.State.ABORTED);

        assertThat(switchover.runbook().abortReason().orElseThrow())
                .contains("promotion refused")
                .contains("stale request: made at epoch 7, current epoch is 8");
        assertThat(actions).containsExactly("fence a", "unfence a");
        assertThat(controller.epoch()).isEqualTo(8);
    }

    @Test
    void aFailureAfterThePromotionKeepsThePromotionAndRestoresOnlyTheTtl() {
        FailoverController controller = controller();
        Switchover switchover = switchover(controller)
                .repoint(member -> {
                    throw new IllegalStateException("dns api down");
                })
                .build();
        switchover.start();
        assertThat(tickUntilDone(switchover, 200)).isEqualTo(Runbook.State.ABORTED);
        assertThat(actions).containsExactly("fence a", "promote b@8");
        assertThat(ttls).containsExactly(Duration.ofSeconds(30), Duration.ofSeconds(300));
        assertThat(controller.primary()).isEqualTo("b");
    }

    @Test
    void aDrainThatNeverFinishesTimesOut() {
        FailoverController controller = controller();
        drained = false;
        Switchover switchover = switchover(controller).build();
        switchover.start();
        assertThat(tickUntilDone(switchover, 200)).isEqualTo(Runbook.State.ABORTED);
        assertThat(switchover.runbook().abortReason().orElseThrow()).contains("'drain a' timed out");
    }

    @Test
    void anOperatorAbortDuringTheTtlWaitRestoresTheTtl() throws Exception {
        FailoverController controller = controller();
        Switchover switchover = switchover(controller).build();
        switchover.lowerTtlAhead();
        switchover.start();
        assertThat(switchover.abort("postponed")).isEqualTo(Runbook.State.ABORTED);
        assertThat(ttls).containsExactly(Duration.ofSeconds(30), Duration.ofSeconds(300));
        assertThat(actions).isEmpty();
        assertThatThrownBy(switchover::lowerTtlAhead).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aDryRunListsTheStepsAndEveryCandidatesGatesWithoutSideEffects() {
        FailoverController controller = controller();
        Switchover switchover = switchover(controller).build();
        SwitchoverPlan plan = switchover.dryRun();
        assertThat(plan.target()).isEqualTo("b");
        assertThat(plan.steps())
                .containsExactly(
                        "lower DNS TTL to PT30S",
                        "wait out the old TTL PT5M",
                        "fence old primary a",
                        "wait for b to catch up",
                        "promote b",
                        "repoint clients to b",
                        "wait out the lowered TTL PT30S",
                        "drain a",
                        "restore DNS TTL to PT5M");
        assertThat(plan.gates().candidates()).extracting(c -> c.memberId()).containsExactly("b");
        assertThat(actions).isEmpty();
        assertThat(ttls).isEmpty();
        assertThat(controller.epoch()).isEqualTo(7);
        assertThat(switchover.runbook().state()).isEqualTo(Runbook.State.NOT_STARTED);
    }

    @Test
    void runsOnACallerSuppliedScheduler() {
        CapturingScheduler scheduler = new CapturingScheduler();
        try {
            FailoverController controller = controller();
            Switchover switchover = switchover(controller).build();
            switchover.start();
            switchover.runOn(scheduler, PROBE);
            for (int i = 0; i < 100 && switchover.runbook().state() == Runbook.State.RUNNING; i++) {
                time.advance(PROBE);
                scheduler.task.run();
            }
            assertThat(switchover.runbook().state()).isEqualTo(Runbook.State.SUCCEEDED);
            assertThat(scheduler.future.isCancelled()).isTrue();
        } finally {
            scheduler.shutdownNow();
        }
    }

    @Test
    void theBuilderRequiresEveryActionAndAStandbyTarget() {
        FailoverController controller = controller();
        assertThatThrownBy(() -> Switchover.builder(controller, "b", time).build())
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Switchover.builder(controller, "a", time)
                        .ttl(Duration.ofSeconds(300), Duration.ofSeconds(30), ttl -> {})
                        .fence(m -> {}, m -> {})
                        .catchUp(() -> Lag.bytes(0), Duration.ofSeconds(1))
                        .repoint(m -> {})
                        .drain(() -> StepStatus.DONE, Duration.ofSeconds(1))
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("target must not be the current primary, was a");
        assertThatThrownBy(() -> Switchover.builder(controller, "b", time)
                        .ttl(Duration.ofSeconds(30), Duration.ofSeconds(300), ttl -> {}))
                .hasMessage("loweredTtl must not exceed oldTtl PT30S, was PT5M");
    }

    @Test
    void abortingBeforeStartRestoresATtlLoweredAheadAndPreventsTheStart() throws Exception {
        FailoverController controller = controller();
        Switchover switchover = switchover(controller).build();
        switchover.lowerTtlAhead();
        assertThat(switchover.abort("maintenance window moved")).isEqualTo(Runbook.State.NOT_STARTED);
        assertThat(ttls).containsExactly(Duration.ofSeconds(30), Duration.ofSeconds(300));
        assertThatThrownBy(switchover::start).isInstanceOf(IllegalStateException.class);
        assertThat(controller.epoch()).isEqualTo(7);
    }
}
