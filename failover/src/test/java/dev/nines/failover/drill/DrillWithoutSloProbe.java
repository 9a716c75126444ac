package dev.nines.failover.drill;

import dev.nines.core.access.ManualAction;
import dev.nines.core.health.HealthResult;
import dev.nines.core.time.ManualTimeSource;
import dev.nines.failover.FailoverController;
import dev.nines.failover.Lag;
import dev.nines.failover.Member;
import dev.nines.failover.access.GrantStore;
import dev.nines.failover.runbook.StepStatus;
import dev.nines.failover.runbook.Switchover;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Rehearses a switchover and runs a hand-written experiment action as drills, and reads their
 * evidence back; loaded by {@link WithoutSloTest} in class loaders with and without slo.
 */
public final class DrillWithoutSloProbe implements Supplier<String> {

    @Override
    public String get() {
        try {
            ManualTimeSource time = ManualTimeSource.at(Instant.parse("2026-03-02T09:00:00Z"));
            FailoverController controller = FailoverController.builder("orders-db", time)
                    .primary(Member.of("a"))
                    .standby(Member.of("b"))
                    .build();
            for (int i = 0; i < 3; i++) {
                controller.reportHealth("b", HealthResult.up(), time.now());
            }
            controller.reportLag("b", Lag.bytes(10), time.now());
            GrantStore grants = GrantStore.create(time, controller.auditLog());
            grants.grant("alice", ManualAction.DRILL_START, "orders-db", Duration.ofHours(1), "CHG-1", "bob");
            Switchover switchover = Switchover.builder(controller, "b", time)
                    .ttl(Duration.ofSeconds(30), Duration.ofSeconds(5), ttl -> {})
                    .fence(member -> {}, member -> {})
                    .catchUp(() -> Lag.bytes(0), 1024, Duration.ofSeconds(60))
                    .repoint(member -> {})
                    .drain(() -> StepStatus.DONE, Duration.ofSeconds(60))
                    .build();
            RecoveryTargets targets = new RecoveryTargets(Duration.ofMinutes(1), Lag.bytes(4096));
            Drill rehearsal = Drill.builder(
                            "orders-db", DrillActions.dryRun(switchover), targets, time, controller.auditLog(), grants)
                    .build();
            rehearsal.start("alice", "CHG-1 rehearsal");
            DrillEvidence dryRun = rehearsal.evidence().orElseThrow();

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
                    return new DrillProgress.Recovered(injected[0], time.now(), Lag.bytes(0));
                }
            };
            Drill drill = Drill.builder("orders-db", experiment, targets, time, controller.auditLog(), grants)
                    .build();
            drill.start("alice", "CHG-1 game day");
            DrillEvidence real = drill.evidence().orElseThrow();
            boolean readBack = DrillEvidence.fromJson(dryRun.toJson()).equals(dryRun)
                    && DrillEvidence.fromJson(real.toJson()).equals(real);
            return dryRun.outcome() + ", " + real.outcome() + ", read back " + readBack;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
