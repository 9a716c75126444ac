package dev.nines.slo.snapshot;

import java.nio.file.Path;

/**
 * Hears about every save through a {@link SnapshotFileStore}, scheduled or direct, so that a
 * failing save is never silent. Called on the saving thread after the status is updated; an
 * exception thrown by a listener is logged and does not affect the save or other listeners.
 *
 * <pre>{@code
 * store.addListener(new SaveListener() {
 *     public void onSaveFailed(Path file, Exception error, SaveStatus status) {
 *         alerting.raise("SLO state not saved to " + file + " " + status.consecutiveFailures() + " times", error);
 *     }
 * });
 * }</pre>
 */
public interface SaveListener {

    /**
     * Called after a save completed.
     *
     * @param file the snapshot file
     * @param status the store's status, this save included
     */
    default void onSaveSucceeded(Path file, SaveStatus status) {}

    /**
     * Called after a save failed; the current file is then unchanged.
     *
     * @param file the snapshot file
     * @param error why (an {@link java.io.IOException} naming the path, or a runtime exception)
     * @param status the store's status, this failure included
     */
    default void onSaveFailed(Path file, Exception error, SaveStatus status) {}
}
