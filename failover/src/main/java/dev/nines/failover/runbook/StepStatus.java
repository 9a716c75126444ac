package dev.nines.failover.runbook;

/** What one attempt of a step's action reports. */
public enum StepStatus {
    /** The step is complete; the runbook moves on. */
    DONE,
    /** Not yet (waiting for a TTL, a catch-up, a drain); the step is attempted again on the next tick. */
    PENDING
}
