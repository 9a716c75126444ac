package dev.nines.slo.snapshot;

import java.io.IOException;
import java.util.List;

/**
 * Where replicas publish their SLO snapshots and one process reads them back to build a fleet
 * view ({@link FleetView}): a shared directory ({@link DirectorySnapshotExchange}), an object
 * store, a database table, a key-value store. The SPI is two calls on opaque bytes, keyed by
 * replica id; it neither decodes nor validates the bytes (the fleet view does).
 *
 * <p>One exchange holds one SLO: use one directory (or prefix, or table key) per SLO.
 * Implementations must be thread-safe, and a publish must replace the replica's previous bytes
 * atomically, so that {@link #latest()} never returns a torn write as current.
 *
 * <pre>{@code
 * final class S3Exchange implements SnapshotExchange {
 *     public void publish(String replicaId, byte[] snapshot) { s3.put(prefix + replicaId, snapshot); }
 *     public List<PublishedSnapshot> latest() { ... one entry per key under prefix ... }
 * }
 * }</pre>
 */
public interface SnapshotExchange {

    /**
     * Stores {@code snapshot} as the latest of {@code replicaId}, replacing the previous one.
     *
     * @param replicaId the replica's id (see {@link PublishedSnapshot} for the allowed form)
     * @param snapshot the encoded snapshot ({@link dev.nines.slo.SloSnapshot#toBytes()})
     * @throws IOException if it cannot be stored; the previous snapshot is then still the latest
     */
    void publish(String replicaId, byte[] snapshot) throws IOException;

    /**
     * Returns the latest snapshot of every replica that published one, in any order. A replica
     * whose bytes cannot be read is returned with {@link PublishedSnapshot#readError()} set, not
     * left out, so that the fleet view can name it.
     *
     * @return one entry per replica
     * @throws IOException if the exchange as a whole cannot be listed
     */
    List<PublishedSnapshot> latest() throws IOException;
}
