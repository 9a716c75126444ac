package dev.nines.slo.chaos;

/** Where a {@link ChaosExperiment} stands: running, or why it stopped. */
public enum ExperimentStatus {
    /** Injecting (not yet stopped). */
    RUNNING,
    /** Stopped by {@link ChaosExperiment#stop()}. */
    STOPPED,
    /** Stopped itself: its share of the remaining error budget is spent (or there was none to spend). */
    BUDGET_SHARE_SPENT,
    /** Stopped itself: a burn-rate alert of the SLO fired (or was firing when it started). */
    ALERT_FIRING,
    /** Stopped itself: its maximum duration passed. */
    DEADLINE_PASSED;

    /**
     * Returns whether the experiment stopped of its own accord, to protect the SLO or its schedule.
     *
     * @return {@code true} for {@link #BUDGET_SHARE_SPENT}, {@link #ALERT_FIRING} and {@link #DEADLINE_PASSED}
     */
    public boolean stoppedItself() {
        return this == BUDGET_SHARE_SPENT || this == ALERT_FIRING || this == DEADLINE_PASSED;
    }
}
