package dev.nines.failover.runbook;

/**
 * The user-supplied action of a step. It is attempted when the step starts and again on every tick
 * while it returns {@link StepStatus#PENDING}; it should not block.
 */
@FunctionalInterface
public interface StepAction {

    /**
     * Attempts the step.
     *
     * @return {@link StepStatus#DONE} when complete, {@link StepStatus#PENDING} to be attempted again
     * @throws Exception if the step failed; the runbook aborts
     */
    StepStatus attempt() throws Exception;
}
