package dev.nines.slo.snapshot;

import dev.nines.slo.SloSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A fleet's SLO state at one instant, built by {@link FleetView#report()}: the merge of every
 * readable replica snapshot, and what the view knows of each replica.
 *
 * @param sloName the SLO
 * @param asOf when the report was built, by the view's clock
 * @param staleAfter the age past which a replica was marked stale
 * @param merged the merge of every fresh and stale replica's snapshot; empty if there is none
 * @param replicas every replica that published, sorted by id
 */
public record FleetReport(
        String sloName, Instant asOf, Duration staleAfter, Optional<SloSnapshot> merged, List<Replica> replicas) {

    /** How a replica's latest snapshot was judged. */
    public enum ReplicaStatus {
        /** Merged, and no older than {@code staleAfter}. */
        FRESH,
        /** Merged, but older than {@code staleAfter}: the replica stopped publishing, or is slow. */
        STALE,
        /** Not merged: unreadable, corrupt, of another SLO, or too large to merge. */
        REJECTED
    }

    /**
     * One replica in a fleet report.
     *
     * @param replicaId the replica's id
     * @param status how its snapshot was judged
     * @param takenAt when its snapshot was taken (to 10 seconds); empty if rejected
     * @param age how old the snapshot was at {@link FleetReport#asOf()}; empty if rejected
     * @param problem why it was rejected, naming the replica's file or key where the exchange
     *     can; empty unless rejected
     */
    public record Replica(
            String replicaId,
            ReplicaStatus status,
            Optional<Instant> takenAt,
            Optional<Duration> age,
            Optional<String> problem) {
        /**
         * Validates the components.
         *
         * @param replicaId the replica's id
         * @param status how its snapshot was judged
         * @param takenAt when its snapshot was taken
         * @param age how old the snapshot was
         * @param problem why it was rejected
         */
        public Replica {
            Objects.requireNonNull(replicaId, "replicaId");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(takenAt, "takenAt");
            Objects.requireNonNull(age, "age");
            Objects.requireNonNull(problem, "problem");
        }

        static Replica rejected(String replicaId, String problem) {
            return new Replica(
                    replicaId,
                    ReplicaStatus.REJECTED,
                    Optional.empty(),
                    Optional.empty(),
                    Optional.of("replica '" + replicaId + "': " + problem));
        }
    }

    /**
     * Validates the components and copies the list.
     *
     * @param sloName the SLO
     * @param asOf when the report was built
     * @param staleAfter the staleness age
     * @param merged the merged snapshot
     * @param replicas every replica
     */
    public FleetReport {
        Objects.requireNonNull(sloName, "sloName");
        Objects.requireNonNull(asOf, "asOf");
        Objects.requireNonNull(staleAfter, "staleAfter");
        Objects.requireNonNull(merged, "merged");
        replicas = List.copyOf(replicas);
    }

    /**
     * Returns the replicas with the given status.
     *
     * @param status the status
     * @return their ids, sorted
     */
    public List<String> replicaIds(ReplicaStatus status) {
        Objects.requireNonNull(status, "status");
        return replicas.stream()
                .filter(r -> r.status() == status)
                .map(Replica::replicaId)
                .toList();
    }

    /**
     * Returns whether every replica is fresh: nothing stale, nothing rejected.
     *
     * @return true if the merged view is complete up to {@code staleAfter}
     */
    public boolean isComplete() {
        return replicas.stream().allMatch(r -> r.status() == ReplicaStatus.FRESH);
    }
}
