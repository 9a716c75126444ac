package dev.nines.failover.runbook;

/**
 * Restores what a step changed, run when a runbook aborts. Also run for the step that failed or timed
 * out, so it must be safe to run when the step did only part of its work (idempotent).
 */
@FunctionalInterface
public interface UndoAction {

    /** Does nothing. */
    UndoAction NONE = () -> {};

    /**
     * Undoes the step.
     *
     * @throws Exception if undoing failed; the failure is audited and the other undos still run
     */
    void undo() throws Exception;
}
