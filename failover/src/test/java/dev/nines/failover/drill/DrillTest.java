package dev.nines.failover.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nines.core.access.AccessDeniedException;
import dev.nines.core.access.ManualAction;
import dev.nines.core.health.HealthResult;
import dev.nines.core.time.ManualTimeSource;
import dev.nines.failover.FailoverConfig;
import dev.nines.failover.FailoverController;
import dev.nines.failover.Lag;
import dev.nines.failover.Member;
import dev.nines.failover.access.GrantStore;
import dev.nines.failover.audit.AuditRecord;
import dev.nines.failover.audit.AuditType;
import dev.nines.failover.runbook.StepStatus;
import dev.nines.failover.runbook.Switchover;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DrillTest {

    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    private static final Duration PROBE = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    private final ManualTimeSource time = ManualTimeSource.at(T0);
    private Lag candidateLag = Lag.bytes(0);
    private boolean failFence;
    private FailoverController controller;
    private GrantStore grants;

    private Switchover switchover() {
        controller = FailoverController.builder("orders-db", time)
                .config(FailoverConfig.builder()
                        .failureThreshold(3)
                        .successThreshold(2)
                        .build())
                .primary(Member.of("a"))
                .standby(Member.of("b"))
                .initialEpoch(7)
                .build();
        controller.reportHealth("b", HealthResult.up(), time.now());
        controller.reportHealth("b", HealthResult.up(), time.now());
        controller.reportLag("b", candidateLag, time.now());
        grants = GrantStore.create(time, controller.auditLog());
        return Switchover.builder(controller, "b", time)
                .actor("alice")
                .reason("quarterly drill")
                .ttl(Duration.ofSeconds(300), Duration.ofSeconds(30), ttl -> {})
                .fence(
                        member -> {
                            if (failFence) {
                                throw new IllegalStateException("fence refused");
                            }
                        },
                        member -> {})
                .catchUp(() -> candidateLag, 1024, Duration.ofSeconds(60))
                .repoint(member -> {})
                .drain(() -> StepStatus.DONE, Duration.ofSeconds(60))
                .build();
    }

    private Drill drill(DrillAction action, RecoveryTargets targets) {
        return Drill.builder("orders-db", action, targets, time, controller.auditLog(), grants)
                .build();
    }

    private Drill.State run(Drill drill) {
        Drill.State state = drill.state();
        for (int i = 0; i < 200 && state == Drill.State.RUNNING; i++) {
            time.advance(PROBE);
            state = drill.tick();
        }
        return state;
    }

    private void grantDrill() throws Exception {
        grants.grant("alice", ManualAction.DRILL_START, "orders-db", Duration.ofHours(2), "CHG-7", "bob");
    }

    @Test
    void aRealSwitchoverDrillMeasuresRecoveryFromFenceToRepointAndPassesWithinTargets() throws Exception {
        Switchover switchover = switchover();
        grantDrill();
        Drill drill =
                drill(DrillActions.switchover(switchover), new RecoveryTargets(Duration.ofMinutes(1), Lag.bytes(4096)));
        assertThat(drill.start("alice", "CHG-7 quarterly drill")).isEqualTo(Drill.State.RUNNING);
        candidateLag = Lag.bytes(512);
        assertThat(run(drill)).isEqualTo(Drill.State.FINISHED);
        assertThat(controller.primary()).isEqualTo("b");

        DrillEvidence evidence = drill.evidence().orElseThrow();
        assertThat(evidence.outcome()).isEqualTo(DrillEvidence.Outcome.PASSED);
        assertThat(evidence.dryRun()).isFalse();
        assertThat(evidence.target()).isEqualTo("orders-db/b");
        assertThat(evidence.grantId()).isEqualTo("g1");
        // Fence, catch-up, promote and repoint each take one probe interval after the old TTL wait.
        DrillEvidence.Recovery recovery = evidence.recovery().orElseThrow();
        assertThat(recovery.disruptedAt()).isEqualTo(T0.plusSeconds(300));
        assertThat(recovery.time()).isBetween(Duration.ZERO, Duration.ofSeconds(20));
        assertThat(evidence.dataLoss()).contains(Lag.bytes(512));
        assertThat(evidence.rtoMet()).contains(true);
        assertThat(evidence.rpoMet()).contains(true);

        List<AuditRecord> records = evidence.auditRecords();
        assertThat(records.get(0).type()).isEqualTo(AuditType.GRANT_USED);
        assertThat(records.get(1).type()).isEqualTo(AuditType.DRILL);
        assertThat(records.get(records.size() - 1).reason()).startsWith("drill finished: PASSED");
        assertThat(records).extracting(AuditRecord::type).contains(AuditType.STEP, AuditType.FAILOVER);
        for (int i = 1; i < records.size(); i++) {
            assertThat(records.get(i).sequence()).isEqualTo(records.get(i - 1).sequence() + 1);
        }
        Path file = dir.resolve("drill.json");
        evidence.writeTo(file);
        assertThat(DrillEvidence.readFrom(file)).isEqualTo(evidence);
    }

    @Test
    void aRecoveryBeyondTheRtoOrALossBeyondTheRpoFails() throws Exception {
        Switchover switchover = switchover();
        grantDrill();
        Drill drill = drill(
                DrillActions.switchover(switchover, () -> Lag.bytes(10_000)),
                new RecoveryTargets(Duration.ofSeconds(10), Lag.bytes(4096)));
        candidateLag = Lag.bytes(50_000); // behind the catch-up limit: writes are fenced while it catches up
        drill.start("alice", "CHG-7");
        while (time.now().isBefore(T0.plusSeconds(330))) {
            time.advance(PROBE);
            drill.tick();
        }
        candidateLag = Lag.bytes(100);
        run(drill);
        DrillEvidence evidence = drill.evidence().orElseThrow();
        assertThat(evidence.outcome()).isEqualTo(DrillEvidence.Outcome.FAILED);
        assertThat(evidence.recovery().orElseThrow().time()).isGreaterThanOrEqualTo(Duration.ofSeconds(30));
        assertThat(evidence.rtoMet()).contains(false);
        assertThat(evidence.rpoMet()).contains(false);
        assertThat(evidence.dataLoss()).contains(Lag.bytes(10_000));
        assertThat(evidence.detail()).contains("beyond the RTO PT10S").contains("beyond the RPO 4096 bytes");
        assertThat(DrillEvidence.fromJson(evidence.toJson())).isEqualTo(evidence);
    }

    @Test
    void anAbortedSwitchoverFailsTheDrillWithTheReasonAndNoRecovery() throws Exception {
        Switchover switchover = switchover();
        grantDrill();
        failFence = true;
        Drill drill =
                drill(DrillActions.switchover(switchover), RecoveryTargets.of(Duration.ofMinutes(5), Duration.ZERO));
        drill.start("alice", "CHG-7");
        run(drill);
        DrillEvidence evidence = drill.evidence().orElseThrow();
        assertThat(evidence.outcome()).isEqualTo(DrillEvidence.Outcome.FAILED);
        assertThat(evidence.detail()).startsWith("switchover aborted").contains("fence refused");
        assertThat(evidence.recovery()).isEmpty();
        assertThat(evidence.dataLoss()).contains(Lag.unknown());
        assertThat(controller.primary()).isEqualTo("a");
    }

    @Test
    void aDryRunChangesNothingAndIsRehearsedWhenTheTargetPassesTheGatesWithinTheRpo() throws Exception {
        candidateLag = Lag.bytes(100);
        Switchover switchover = switchover();
        grantDrill();
        Drill drill =
                drill(DrillActions.dryRun(switchover), new RecoveryTargets(Duration.ofMinutes(1), Lag.bytes(4096)));
        assertThat(drill.start("alice", "CHG-7 rehearsal")).isEqualTo(Drill.State.FINISHED);
        DrillEvidence evidence = drill.evidence().orElseThrow();
        assertThat(evidence.outcome()).isEqualTo(DrillEvidence.Outcome.REHEARSED);
        assertThat(evidence.dryRun()).isTrue();
        assertThat(evidence.recovery()).isEmpty();
        assertThat(evidence.rtoMet()).isEmpty();
        assertThat(evidence.dataLoss()).contains(Lag.bytes(100));
        assertThat(evidence.auditRecords()).extracting(AuditRecord::type).contains(AuditType.DRY_RUN);
        assertThat(controller.primary()).isEqualTo("a");
        assertThat(controller.epoch()).isEqualTo(7);
        assertThat(DrillEvidence.fromJson(evidence.toJson())).isEqualTo(evidence);
    }

    @Test
    void aDryRunWhoseExpectedLossExceedsTheRpoFails() throws Exception {
        candidateLag = Lag.bytes(100_000);
        Switchover switchover = switchover();
        grantDrill();
        Drill drill =
                drill(DrillActions.dryRun(switchover), new RecoveryTargets(Duration.ofMinutes(1), Lag.bytes(4096)));
        drill.start("alice", "CHG-7");
        assertThat(drill.evidence().orElseThrow().outcome()).isEqualTo(DrillEvidence.Outcome.FAILED);
    }

    @Test
    void aStartWithoutAGrantIsDeniedAuditedAndRunsNothing() {
        Switchover switchover = switchover();
        Drill drill =
                drill(DrillActions.switchover(switchover), RecoveryTargets.of(Duration.ofMinutes(5), Duration.ZERO));
        assertThatThrownBy(() -> drill.start("alice", "CHG-7"))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("DRILL_START on orders-db");
        assertThat(drill.state()).isEqualTo(Drill.State.NOT_STARTED);
        assertThat(switchover.runbook().state()).isEqualTo(dev.nines.failover.runbook.Runbook.State.NOT_STARTED);
        assertThat(controller.auditLog().records(AuditType.ACCESS_DENIED)).hasSize(1);
        assertThat(controller.auditLog().records(AuditType.DRILL)).isEmpty();
    }

    @Test
    void aDrillStillRunningAtItsTimeoutIsAbortedAndFails() throws Exception {
        Switchover switchover = switchover();
        grantDrill();
        candidateLag = Lag.unknown();
        Drill drill = Drill.builder(
                        "orders-db",
                        DrillActions.switchover(switchover),
                        RecoveryTargets.of(Duration.ofMinutes(5), Duration.ZERO),
                        time,
                        controller.auditLog(),
                        grants)
                .timeout(Duration.ofSeconds(310))
                .build();
        drill.start("alice", "CHG-7");
        run(drill);
        DrillEvidence evidence = drill.evidence().orElseThrow();
        assertThat(evidence.outcome()).isEqualTo(DrillEvidence.Outcome.FAILED);
        assertThat(evidence.detail()).startsWith("timed out after PT5M10S");
        assertThat(controller.primary()).isEqualTo("a");
    }

    @Test
    void anExperimentPlugsInAsAnAction() throws Exception {
        switchover();
        grantDrill();
        Instant[] injected = new Instant[1];
        DrillAction experiment = new DrillAction() {
            @Override
            public String kind() {
                return "experiment";
            }

            @Override
            public String target() {
                return "orders-db/latency";
            }

            @Override
            public boolean dryRun() {
                return false;
            }

            @Override
            public void start() {
                injected[0] = time.now();
            }

            @Override
            public DrillProgress poll() {
                return time.now().isBefore(injected[0].plusSeconds(30))
                        ? DrillProgress.RUNNING
                        : new DrillProgress.Recovered(injected[0], time.now(), Lag.time(Duration.ZERO));
            }
        };
        Drill drill = drill(experiment, RecoveryTargets.of(Duration.ofMinutes(1), Duration.ofSeconds(1)));
        drill.start("alice", "game day");
        run(drill);
        DrillEvidence evidence = drill.evidence().orElseThrow();
        assertThat(evidence.kind()).isEqualTo("experiment");
        assertThat(evidence.recovery().orElseThrow().time()).isEqualTo(Duration.ofSeconds(30));
        assertThat(evidence.outcome()).isEqualTo(DrillEvidence.Outcome.PASSED);
    }

    @Test
    void badInputNamesTheField() {
        switchover();
        assertThatThrownBy(() -> RecoveryTargets.of(Duration.ZERO, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rto");
        assertThatThrownBy(() -> new RecoveryTargets(Duration.ofSeconds(1), Lag.unknown()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rpo must be a known lag, was UNKNOWN");
        assertThatThrownBy(() -> Drill.builder(
                                " ",
                                DrillActions.dryRun(switchover()),
                                RecoveryTargets.of(Duration.ofSeconds(1), Duration.ZERO),
                                time,
                                controller.auditLog(),
                                grants)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("system");
    }
}
