package dev.nines.slo.snapshot;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The latest bytes one replica published to a {@link SnapshotExchange}, or why they could not be
 * read.
 *
 * <p>A replica id is 1 to 128 characters of {@code [A-Za-z0-9._-]}, not starting with a dot, so
 * that it is safe as a file name, an object key or a label value: a host name or a pod name
 * qualifies.
 *
 * @param replicaId the replica's id
 * @param bytes the encoded snapshot; empty when {@code readError} is present
 * @param readError why the bytes could not be read; empty when they were
 */
@SuppressWarnings("ArrayRecordComponent") // equals, hashCode and toString below use the bytes' content
public record PublishedSnapshot(String replicaId, byte[] bytes, Optional<String> readError) {

    private static final Pattern REPLICA_ID = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}");

    /**
     * Validates the components.
     *
     * @param replicaId the replica's id
     * @param bytes the encoded snapshot
     * @param readError why the bytes could not be read
     * @throws IllegalArgumentException if the replica id is not of the allowed form
     */
    public PublishedSnapshot {
        checkReplicaId(replicaId);
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(readError, "readError");
    }

    /** Equal when the replica ids, the bytes (by content) and the read errors are. */
    @Override
    public boolean equals(Object o) {
        return o instanceof PublishedSnapshot other
                && replicaId.equals(other.replicaId)
                && Arrays.equals(bytes, other.bytes)
                && readError.equals(other.readError);
    }

    @Override
    public int hashCode() {
        return Objects.hash(replicaId, Arrays.hashCode(bytes), readError);
    }

    @Override
    public String toString() {
        return "PublishedSnapshot[replicaId=" + replicaId + ", bytes=" + bytes.length + " bytes, readError=" + readError
                + "]";
    }

    /**
     * Returns readable bytes of a replica.
     *
     * @param replicaId the replica's id
     * @param bytes the encoded snapshot (not copied)
     * @return the entry
     */
    public static PublishedSnapshot of(String replicaId, byte[] bytes) {
        return new PublishedSnapshot(replicaId, bytes, Optional.empty());
    }

    /**
     * Returns an entry for a replica whose bytes could not be read.
     *
     * @param replicaId the replica's id
     * @param readError why, naming the place (file, key) where possible
     * @return the entry
     */
    public static PublishedSnapshot unreadable(String replicaId, String readError) {
        return new PublishedSnapshot(
                replicaId, new byte[0], Optional.of(Objects.requireNonNull(readError, "readError")));
    }

    /**
     * Checks a replica id.
     *
     * @param replicaId the id
     * @return the id
     * @throws IllegalArgumentException naming the id if it is not 1 to 128 characters of
     *     {@code [A-Za-z0-9._-]} not starting with a dot
     */
    public static String checkReplicaId(String replicaId) {
        Objects.requireNonNull(replicaId, "replicaId");
        if (!REPLICA_ID.matcher(replicaId).matches()) {
            throw new IllegalArgumentException("replicaId must be 1 to 128 characters of [A-Za-z0-9._-] not starting "
                    + "with '.', was '" + replicaId + "'");
        }
        return replicaId;
    }
}
