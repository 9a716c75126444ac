package dev.nines.failover.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nines.core.health.HealthResult;
import dev.nines.core.health.HealthStatus;
import dev.nines.core.time.ManualTimeSource;
import dev.nines.failover.FailoverConfig;
import dev.nines.failover.FailoverController;
import dev.nines.failover.Lag;
import dev.nines.failover.Member;
import dev.nines.failover.audit.AuditLog;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FailoverMetricsTest {

    private final ManualTimeSource time = ManualTimeSource.at(Instant.parse("2026-01-01T00:00:00Z"));
    private final FailoverController controller = FailoverController.builder("orders-db", time)
            .config(FailoverConfig.builder()
                    .failureThreshold(3)
                    .successThreshold(2)
                    .rpoLimitBytes(1024)
                    .build())
            .primary(Member.of("a"))
            .standby(Member.of("b"))
            .initialEpoch(7)
            .build();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private void probe(String member, HealthStatus status) {
        controller.reportHealth(member, HealthResult.of(status), time.now());
        time.advance(Duration.ofSeconds(5));
    }

    private double gauge(String name, String... tags) {
        return registry.get(name).tags(tags).gauge().value();
    }

    private double decisions(String outcome) {
        return registry.get("nines.failover.decisions")
                .tags("name", "orders-db", "outcome", outcome)
                .counter()
                .count();
    }

    @Test
    void reportsStateEpochDecisionsByOutcomeAndTimeToFailover() {
        FailoverMetrics.of(controller).bindTo(registry);
        assertThat(gauge("nines.failover.epoch", "name", "orders-db")).isEqualTo(7.0);
        assertThat(gauge("nines.failover.state", "state", "STEADY")).isEqualTo(1.0);

        probe("a", HealthStatus.UP);
        probe("a", HealthStatus.UP);
        probe("b", HealthStatus.UP);
        probe("b", HealthStatus.UP);
        controller.reportLag("b", Lag.bytes(4096), time.now());
        probe("a", HealthStatus.DOWN);
        probe("a", HealthStatus.DOWN);
        probe("a", HealthStatus.DOWN);

        assertThat(gauge("nines.failover.state", "state", "BLOCKED")).isEqualTo(1.0);
        assertThat(gauge("nines.failover.state", "state", "STEADY")).isEqualTo(0.0);
        assertThat(decisions("blocked")).isEqualTo(1.0);

        controller.reportLag("b", Lag.bytes(0), time.now());

        assertThat(gauge("nines.failover.epoch", "name", "orders-db")).isEqualTo(8.0);
        assertThat(decisions("promoted")).isEqualTo(1.0);
        // Failing run started at the first DOWN; promoted 15 s later (three probes).
        assertThat(registry.get("nines.failover.time.to.failover")
                        .tags("trigger", "health")
                        .timer()
                        .totalTime(TimeUnit.SECONDS))
                .isEqualTo(15.0);

        controller.forceFailover("alice", "a", "");
        assertThat(decisions("rejected")).isEqualTo(1.0);
        controller.rollback("rule", "errors");
        assertThat(decisions("rollback_blocked")).isEqualTo(1.0);
        assertThat(decisions("failed")).isZero();
        assertThat(decisions("rolled_back")).isZero();
    }

    @Test
    void bindingTheSameRegistryTwiceCountsOnceAndCloseStopsCounting() {
        FailoverMetrics metrics = FailoverMetrics.of(controller);
        metrics.bindTo(registry);
        metrics.bindTo(registry);
        controller.forceFailover("alice", "b", "");
        assertThat(decisions("rejected")).isEqualTo(1.0);
        io.micrometer.core.instrument.Counter rejected = registry.get("nines.failover.decisions")
                .tags("name", "orders-db", "outcome", "rejected")
                .counter();
        metrics.close();
        controller.forceFailover("alice", "b", "");
        assertThat(rejected.count()).isEqualTo(1.0);
        assertThat(registry.find("nines.failover.decisions").counters()).isEmpty();
    }

    @Test
    void countsAuditRecordsASinkFailedToStoreSoThatAGapInTheTrailCanPage() {
        AuditLog audit = AuditLog.create(time).addSink(record -> {
            throw new IOException("disk full");
        });
        FailoverController withSink = FailoverController.builder("orders-db", time)
                .primary(Member.of("a"))
                .standby(Member.of("b"))
                .auditLog(audit)
                .build();
        FailoverMetrics.of(withSink).bindTo(registry);
        withSink.dryRun("alice"); // one audit record, which the sink fails to store
        assertThat(registry.get("nines.failover.audit.sink.failures")
                        .tags("name", "orders-db")
                        .functionCounter()
                        .count())
                .isEqualTo(audit.sinkFailures())
                .isEqualTo(1.0);
    }

    @Test
    void closingStopsCountingDecisionsAndRemovesTheMetersIncludingLazyTimers() {
        FailoverMetrics metrics = FailoverMetrics.of(controller);
        metrics.bindTo(registry);
        metrics.bindTo(registry); // bound already: decisions are not counted twice
        probe("a", HealthStatus.UP);
        probe("a", HealthStatus.UP);
        probe("b", HealthStatus.UP);
        probe("b", HealthStatus.UP);
        controller.reportLag("b", Lag.bytes(0), time.now());
        probe("a", HealthStatus.DOWN);
        probe("a", HealthStatus.DOWN);
        probe("a", HealthStatus.DOWN);
        assertThat(decisions("promoted")).isEqualTo(1.0);
        io.micrometer.core.instrument.Counter promoted = registry.get("nines.failover.decisions")
                .tags("name", "orders-db", "outcome", "promoted")
                .counter();
        assertThat(registry.find("nines.failover.time.to.failover").timer()).isNotNull();

        metrics.close();
        assertThat(registry.getMeters()).isEmpty();
        controller.rollback("alice", "after close");
        controller.forceFailover("alice", "b", "after close");
        assertThat(promoted.count()).as("the listener is gone").isEqualTo(1.0);
        assertThat(registry.getMeters()).isEmpty();
    }
}
