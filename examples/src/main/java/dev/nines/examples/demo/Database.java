package dev.nines.examples.demo;

import dev.nines.core.health.HealthResult;
import dev.nines.core.time.ManualTimeSource;
import dev.nines.failover.FailoverConfig;
import dev.nines.failover.FailoverController;
import dev.nines.failover.FailoverEvent;
import dev.nines.failover.Lag;
import dev.nines.failover.Member;
import dev.nines.failover.audit.AuditRecord;
import dev.nines.failover.fence.Fence;
import dev.nines.slo.incident.IncidentRecorder;
import dev.nines.slo.incident.IncidentSignal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The orders database: a primary region and a standby region behind a {@link FailoverController}.
 * Every 10 seconds the application probes both regions and reports health and replication lag;
 * after three failed probes of the primary the controller checks its gates (standby healthy, lag
 * within the RPO) and promotes the standby, advancing the fencing epoch. Writes carry the epoch
 * their writer last learned; the orders table's {@link Fence} rejects writes from a deposed primary,
 * such as the batch job left running in the failed region when it comes back.
 */
final class Database {

    static final String PRIMARY = "eu-west-1";
    static final String STANDBY = "eu-central-1";
    static final Duration PROBE_PERIOD = Duration.ofSeconds(10);

    private final Scenario scenario;
    private final ManualTimeSource time;
    private final IncidentRecorder incidents;
    private final SplittableRandom random;
    private final FailoverController controller;
    private final Fence orders = Fence.create("orders");
    private String primary = PRIMARY;
    private Instant nextProbe;
    private int failovers;
    private long zombieEpoch = -1;
    private boolean rejoined;

    Database(Scenario scenario, ManualTimeSource time, IncidentRecorder incidents, long seed) {
        this.scenario = scenario;
        this.time = time;
        this.incidents = incidents;
        this.random = new SplittableRandom(seed);
        this.nextProbe = time.now();
        controller = FailoverController.builder("orders-db", time)
                .config(FailoverConfig.builder()
                        .failureThreshold(3)
                        .successThreshold(2)
                        .rpoLimitBytes(16L << 20)
                        .build())
                .primary(Member.of(PRIMARY).withPriority(10))
                .standby(Member.of(STANDBY).withPriority(5))
                .actions((member, epoch) -> primary = member)
                .build();
        controller.addFence(orders);
        controller.onEvent(this::onFailoverEvent);
    }

    /** Probes both regions when a probe is due. */
    void tick() {
        Instant now = time.now();
        if (now.isBefore(nextProbe)) {
            return;
        }
        nextProbe = now.plus(PROBE_PERIOD);
        for (String region : List.of(PRIMARY, STANDBY)) {
            boolean up = !(region.equals(PRIMARY) && scenario.primaryRegionDown(now));
            controller.reportHealth(region, up ? HealthResult.up() : HealthResult.down("connection refused"), now);
            if (up && !region.equals(controller.primary())) {
                controller.reportLag(region, Lag.bytes(random.nextLong(4_096, 262_144)), now);
            }
        }
        if (failovers > 0 && !rejoined && !scenario.primaryRegionDown(now)) {
            // The failed region is back. Its batch job still holds the old epoch and tries to
            // flush: the fence refuses. Then the operator re-syncs the region and lets it rejoin.
            for (int i = 0; i < 3; i++) {
                orders.tryAccept(zombieEpoch);
            }
            incidents.record(IncidentSignal.builder(
                            IncidentSignal.Kind.RUNBOOK_STEP, IncidentSignal.Effect.NOTE, "orders-db", now)
                    .condition("rejoin")
                    .what(PRIMARY + " is back: 3 writes from its batch job (epoch " + zombieEpoch
                            + ") refused by the fence; it rejoins as a standby")
                    .build());
            controller.rejoin(PRIMARY, "demo-operator");
            rejoined = true;
        }
    }

    /** Writes an order to the current primary; false if the write failed. */
    boolean writeOrder(double quote) {
        if (quote <= 0) {
            return false;
        }
        if (primary.equals(PRIMARY) && scenario.primaryRegionDown(time.now())) {
            return false;
        }
        return orders.tryAccept(controller.epoch());
    }

    private void onFailoverEvent(FailoverEvent event) {
        // The failover module does not depend on slo: this bridge turns its decisions into signals.
        if (event instanceof FailoverEvent.FailedOver f) {
            failovers++;
            zombieEpoch = f.epoch() - 1;
            incidents.record(IncidentSignal.builder(
                            IncidentSignal.Kind.FAILOVER, IncidentSignal.Effect.TRANSIENT, "orders-db", f.time())
                    .condition("primary")
                    .since(f.time().minus(f.timeToFailover()))
                    .what(String.format(
                            Locale.ROOT,
                            "database failed over %s -> %s after %d s (gates passed: standby "
                                    + "healthy, lag within the 16 MiB RPO); fencing epoch %d -> %d",
                            f.from(),
                            f.to(),
                            f.timeToFailover().toSeconds(),
                            f.epoch() - 1,
                            f.epoch()))
                    .event(f)
                    .build());
        } else if (event instanceof FailoverEvent.FailoverBlocked b) {
            incidents.record(IncidentSignal.builder(
                            IncidentSignal.Kind.FAILOVER, IncidentSignal.Effect.FAILING, "orders-db", b.time())
                    .condition("primary")
                    .what("database failover blocked: " + b.reason())
                    .event(b)
                    .build());
        }
    }

    long epoch() {
        return controller.epoch();
    }

    int failovers() {
        return failovers;
    }

    long staleWritesRejected() {
        return orders.rejectedCount();
    }

    int auditRecords() {
        return controller.auditLog().records().size();
    }

    /** Writes the audit log as JSON lines. */
    Path writeAuditLog(Path path) throws IOException {
        List<String> lines = new ArrayList<>();
        for (AuditRecord record : controller.auditLog().records()) {
            lines.add(record.toJson());
        }
        Files.write(path, lines, StandardCharsets.UTF_8);
        return path;
    }
}
