package dev.nines.slo.snapshot;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link SnapshotFileStore} knows about its saves: how many succeeded and failed, how many
 * failed in a row since the last success, and when the last of each happened (by the store's
 * {@link dev.nines.core.time.TimeSource}).
 *
 * <p>A health check can fail when {@link #consecutiveFailures()} is above zero, or when the last
 * success is older than a few save intervals.
 *
 * @param successes saves that completed, not negative
 * @param failures saves that failed, not negative
 * @param consecutiveFailures saves that failed since the last success, not negative
 * @param lastSuccess when the last save completed; empty if none has
 * @param lastFailure when the last save failed; empty if none has
 * @param lastError the message of the last failure, naming the path; empty if none has failed
 */
public record SaveStatus(
        long successes,
        long failures,
        long consecutiveFailures,
        Optional<Instant> lastSuccess,
        Optional<Instant> lastFailure,
        Optional<String> lastError) {

    /** No save yet. */
    public static final SaveStatus NONE = new SaveStatus(0, 0, 0, Optional.empty(), Optional.empty(), Optional.empty());

    /**
     * Validates the components.
     *
     * @param successes saves that completed
     * @param failures saves that failed
     * @param consecutiveFailures saves that failed since the last success
     * @param lastSuccess when the last save completed
     * @param lastFailure when the last save failed
     * @param lastError the message of the last failure
     */
    public SaveStatus {
        if (successes < 0 || failures < 0 || consecutiveFailures < 0 || consecutiveFailures > failures) {
            throw new IllegalArgumentException("counts must be non-negative with consecutiveFailures <= failures, was "
                    + successes + ", " + failures + ", " + consecutiveFailures);
        }
        Objects.requireNonNull(lastSuccess, "lastSuccess");
        Objects.requireNonNull(lastFailure, "lastFailure");
        Objects.requireNonNull(lastError, "lastError");
    }

    /**
     * Returns whether the last save failed (or, before any save, false).
     *
     * @return true while {@link #consecutiveFailures()} is positive
     */
    public boolean isFailing() {
        return consecutiveFailures > 0;
    }

    SaveStatus succeeded(Instant at) {
        return new SaveStatus(successes + 1, failures, 0, Optional.of(at), lastFailure, lastError);
    }

    SaveStatus failed(Instant at, String error) {
        return new SaveStatus(
                successes, failures + 1, consecutiveFailures + 1, lastSuccess, Optional.of(at), Optional.of(error));
    }
}
