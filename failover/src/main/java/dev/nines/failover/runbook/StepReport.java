package dev.nines.failover.runbook;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The state of one step of a running or finished runbook.
 *
 * @param name the step name
 * @param state where the step is
 * @param startedAt when it started, if it did
 * @param finishedAt when it finished, failed, timed out or was undone, if it did
 * @param detail the failure or undo detail; empty if none
 */
public record StepReport(
        String name, State state, Optional<Instant> startedAt, Optional<Instant> finishedAt, String detail) {

    /** Where a step is. */
    public enum State {
        /** Not started. */
        WAITING,
        /** Started and pending. */
        RUNNING,
        /** Completed. */
        DONE,
        /** Its action threw. */
        FAILED,
        /** It stayed pending longer than its timeout. */
        TIMED_OUT,
        /** Completed (or failed) and then undone by an abort. */
        UNDONE
    }

    /** Checks the fields. */
    public StepReport {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        Objects.requireNonNull(detail, "detail");
    }
}
