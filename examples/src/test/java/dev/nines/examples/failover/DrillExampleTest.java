package dev.nines.examples.failover;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nines.failover.Lag;
import dev.nines.failover.audit.AuditRecord;
import dev.nines.failover.audit.AuditType;
import dev.nines.failover.drill.DrillEvidence;
import dev.nines.failover.drill.ExperimentEvidence;
import dev.nines.slo.sla.TierFinding;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DrillExampleTest {

    @TempDir
    Path dir;

    @Test
    void theDrillPassesLeavesEvidenceOnDiskAndTheReportFlagsOnlyTheOverdueSystem() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DrillExample.Report report = DrillExample.run(dir, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String printed = bytes.toString(StandardCharsets.UTF_8);

        assertThat(printed).contains("Denied: alice may not DRILL_START on orders-db: no grant");
        assertThat(report.dryRun().outcome()).isEqualTo(DrillEvidence.Outcome.REHEARSED);
        assertThat(report.dryRun().dataLoss()).contains(Lag.time(Duration.ofSeconds(12)));

        DrillEvidence drill = report.drill();
        assertThat(drill.outcome()).isEqualTo(DrillEvidence.Outcome.PASSED);
        // Lag 12 s shrinks by 5 s per 5 s tick once writes are fenced: caught up at 2 s, two ticks later.
        assertThat(drill.dataLoss()).contains(Lag.time(Duration.ofSeconds(2)));
        assertThat(drill.recovery().orElseThrow().time()).isEqualTo(Duration.ofSeconds(10));
        assertThat(drill.auditRecords())
                .extracting(AuditRecord::type)
                .contains(AuditType.GRANT_USED, AuditType.DRILL, AuditType.STEP, AuditType.FAILOVER);
        assertThat(DrillEvidence.readFrom(report.evidenceFile())).isEqualTo(drill);

        // Every audit record, including the denial, the grant and both drills, reached the file.
        assertThat(DrillExample.auditLines(report.auditFile()))
                .hasSizeGreaterThanOrEqualTo(drill.auditRecords().size()
                        + report.dryRun().auditRecords().size()
                        + 2)
                .anySatisfy(line -> assertThat(line).contains("\"type\":\"ACCESS_DENIED\""))
                .anySatisfy(line -> assertThat(line).contains("\"type\":\"GRANTED\""));

        // The game day: the first ten checkouts of the outage fail (the breaker opens at ten calls,
        // half of them failed); the fallback serves the rest, so the steady state (at most 5% of the
        // last 50 failed) holds again from the poll at 10 s on.
        DrillEvidence gameDay = report.gameDay();
        assertThat(gameDay.kind()).isEqualTo("experiment");
        assertThat(gameDay.outcome()).isEqualTo(DrillEvidence.Outcome.PASSED);
        assertThat(gameDay.recovery().orElseThrow().time()).isEqualTo(Duration.ofSeconds(10));
        assertThat(gameDay.dataLoss()).isEmpty();
        assertThat(gameDay.rpoMet()).isEmpty();
        ExperimentEvidence experiment = gameDay.experiment().orElseThrow();
        assertThat(experiment.ending()).isEqualTo(ExperimentEvidence.Ending.COMPLETED);
        assertThat(experiment.faultDuration()).isEqualTo(Duration.ofMinutes(2));
        assertThat(experiment.allowedInjections()).isEqualTo(60);
        // Ten before the breaker opened (at 0.9 s), then one half-open probe 30 s after each opening
        // (30.9 s, 60.9 s, 90.9 s); the next would come after injection stopped at 120 s.
        assertThat(experiment.injections()).isEqualTo(13);
        assertThat(experiment.steadyState().unhealthyPolls()).isEqualTo(1);
        assertThat(gameDay.auditRecords())
                .extracting(AuditRecord::type)
                .contains(AuditType.GRANT_USED, AuditType.DRILL, AuditType.EXPERIMENT);
        assertThat(DrillEvidence.readFrom(report.gameDayFile())).isEqualTo(gameDay);
        assertThat(printed)
                .contains("Game day rehearsal: REHEARSED, dry run: would inject FAULT through chaos policy"
                        + " payments-primary-outage (injection ratio 1.0) for PT2M under SLO checkout's guard:"
                        + " up to 60 injections (10.00% of the remaining 600.00 events)")
                .contains("; data loss not measured: the RPO PT15M is not assessed (0 faults injected)")
                .contains("Game day: PASSED, steady state restored PT10S after the fault started")
                .contains("\"ending\": \"COMPLETED\"")
                .contains("checkout  experiment  2026-03-02")
                .contains("data loss not measured");

        assertThat(report.report().lastDrills()).hasSize(3);
        assertThat(report.report().drillFindings()).singleElement().satisfies(f -> {
            assertThat(f.service()).isEqualTo("payments-db");
            assertThat(f.kind()).isEqualTo(TierFinding.Kind.DRILL_OVERDUE);
        });
        assertThat(printed).contains("orders-db  switchover  2026-03-02").contains("! payments-db (tier-1)");
    }
}
