package dev.nines.slo;

import java.io.IOException;

/**
 * Thrown when bytes are not a valid SLO snapshot: wrong magic number, unknown version, bad
 * checksum, truncated or inconsistent content. Nothing is restored when it is thrown.
 */
public final class SnapshotFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong with the snapshot
     */
    public SnapshotFormatException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what is wrong with the snapshot
     * @param cause the underlying error
     */
    public SnapshotFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
