package dev.nines.slo.snapshot;

import dev.nines.core.internal.Arguments;
import dev.nines.core.time.TimeSource;
import dev.nines.slo.Slo;
import dev.nines.slo.SloSnapshot;
import dev.nines.slo.SloTracker;
import dev.nines.slo.SnapshotFormatException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One SLO across a fleet, in process: every replica {@linkplain #publish publishes} its tracker's
 * snapshot to a shared {@link SnapshotExchange}, and any process builds a {@linkplain #report()
 * fleet report} that merges the latest snapshot of every replica ({@link SloSnapshot#mergeAll}).
 *
 * <p>The report judges each replica by its snapshot's {@link SloSnapshot#takenAt()} against the
 * view's {@link TimeSource}: a snapshot older than {@code staleAfter} is marked
 * {@link FleetReport.ReplicaStatus#STALE}. A stale replica's events are still merged (they
 * happened); only its events since it last published are missing, so the report says the fleet
 * view is incomplete. A snapshot that cannot be read or decoded (corrupt, truncated, of another
 * SLO, or past {@link SloSnapshot#MAX_EVENTS} once merged) is
 * {@link FleetReport.ReplicaStatus#REJECTED} with the replica named and the reason; every other
 * replica is still merged.
 *
 * <p>Publishing periodically is up to the application's scheduler; the view starts no thread.
 * Immutable and thread-safe.
 *
 * <pre>{@code
 * FleetView fleet = FleetView.of(slo, DirectorySnapshotExchange.of(Path.of("/shared/slo/checkout")),
 *         TimeSource.system(), Duration.ofMinutes(3));
 * scheduler.scheduleWithFixedDelay(() -> {
 *     try { fleet.publish(podName, tracker); } catch (IOException e) { log.warn("publish failed", e); }
 * }, 1, 1, TimeUnit.MINUTES);
 *
 * FleetReport report = fleet.report();                       // on the process that watches the fleet
 * report.merged().map(s -> SloTracker.restore(slo, TimeSource.system(), s))
 *         .ifPresent(view -> System.out.println(view.errorBudget()));
 * report.replicas().stream().filter(r -> r.status() != FleetReport.ReplicaStatus.FRESH)
 *         .forEach(r -> System.out.println(r.replicaId() + " " + r.status() + " " + r.problem().orElse("")));
 * }</pre>
 */
public final class FleetView {

    private final Slo slo;
    private final SnapshotExchange exchange;
    private final TimeSource time;
    private final Duration staleAfter;

    private FleetView(Slo slo, SnapshotExchange exchange, TimeSource time, Duration staleAfter) {
        this.slo = slo;
        this.exchange = exchange;
        this.time = time;
        this.staleAfter = staleAfter;
    }

    /**
     * Creates a fleet view.
     *
     * @param slo the SLO every replica tracks; snapshots of another SLO are rejected
     * @param exchange where the replicas publish
     * @param timeSource the clock that judges staleness
     * @param staleAfter the age past which a replica's snapshot is stale: a few publish intervals
     * @return the view
     * @throws IllegalArgumentException if {@code staleAfter} is not positive
     */
    public static FleetView of(Slo slo, SnapshotExchange exchange, TimeSource timeSource, Duration staleAfter) {
        Objects.requireNonNull(slo, "slo");
        Objects.requireNonNull(exchange, "exchange");
        Objects.requireNonNull(timeSource, "timeSource");
        Arguments.positive("staleAfter", staleAfter);
        return new FleetView(slo, exchange, timeSource, staleAfter);
    }

    /**
     * Returns the age past which a replica's snapshot is stale.
     *
     * @return the age
     */
    public Duration staleAfter() {
        return staleAfter;
    }

    /**
     * Publishes {@code tracker}'s snapshot as the latest of {@code replicaId}.
     *
     * @param replicaId this replica's id, stable across restarts (a pod or host name)
     * @param tracker this replica's tracker of the view's SLO
     * @throws IOException if the exchange cannot store it
     * @throws IllegalArgumentException if the replica id is not of the allowed form (see
     *     {@link PublishedSnapshot}) or the tracker tracks another SLO
     */
    public void publish(String replicaId, SloTracker tracker) throws IOException {
        PublishedSnapshot.checkReplicaId(replicaId);
        Objects.requireNonNull(tracker, "tracker");
        if (!tracker.slo().name().equals(slo.name())) {
            throw new IllegalArgumentException("tracker must track SLO '" + slo.name() + "', was '"
                    + tracker.slo().name() + "'");
        }
        exchange.publish(replicaId, tracker.snapshot().toBytes());
    }

    /**
     * Reads the latest snapshot of every replica and merges them.
     *
     * @return the report, replicas sorted by id
     * @throws IOException if the exchange as a whole cannot be listed
     */
    public FleetReport report() throws IOException {
        Instant now = time.now();
        List<PublishedSnapshot> published = new ArrayList<>(exchange.latest());
        published.sort(Comparator.comparing(PublishedSnapshot::replicaId));
        List<FleetReport.Replica> replicas = new ArrayList<>();
        SloSnapshot merged = null;
        for (PublishedSnapshot p : published) {
            if (p.readError().isPresent()) {
                replicas.add(FleetReport.Replica.rejected(
                        p.replicaId(), p.readError().get()));
                continue;
            }
            SloSnapshot snapshot;
            try {
                snapshot = SloSnapshot.fromBytes(p.bytes());
            } catch (SnapshotFormatException e) {
                replicas.add(FleetReport.Replica.rejected(p.replicaId(), problem(e)));
                continue;
            }
            if (!snapshot.sloName().equals(slo.name())) {
                replicas.add(FleetReport.Replica.rejected(
                        p.replicaId(),
                        "snapshot belongs to SLO '" + snapshot.sloName() + "', not '" + slo.name() + "'"));
                continue;
            }
            try {
                merged = merged == null ? snapshot : merged.merge(snapshot);
            } catch (IllegalArgumentException e) {
                replicas.add(FleetReport.Replica.rejected(p.replicaId(), problem(e)));

                continue;
            }
            Duration age = Duration.between(snapshot.takenAt(), now);
            FleetReport.ReplicaStatus status =
                    age.compareTo(staleAfter) > 0 ? FleetReport.ReplicaStatus.STALE : FleetReport.ReplicaStatus.FRESH;
            replicas.add(new FleetReport.Replica(
                    p.replicaId(), status, Optional.of(snapshot.takenAt()), Optional.of(age), Optional.empty()));
        }
        return new FleetReport(slo.name(), now, staleAfter, Optional.ofNullable(merged), replicas);
    }

    @Override
    public String toString() {
        return "FleetView[" + slo.name() + ", " + exchange + ", staleAfter=" + staleAfter + "]";
    }

    /** The exception's message, or its type when it has none. */
    private static String problem(Exception e) {
        String message = e.getMessage();
        return message != null ? message : e.getClass().getName();
    }
}
