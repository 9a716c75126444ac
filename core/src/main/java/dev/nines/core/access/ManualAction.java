package dev.nines.core.access;

/** A manual action that needs authorization. */
public enum ManualAction {
    /** Promote a chosen standby past the gates. */
    FORCE_FAILOVER,
    /** Run a planned switchover (or its promotion step). */
    SWITCHOVER,
    /** Promote the previous primary again. */
    ROLLBACK,
    /** Move a circuit breaker to a state by hand (open, close, half-open, forced open, disabled, reset). */
    BREAKER_TRANSITION,
    /** Start an availability drill. */
    DRILL_START,
    /**
     * Replace a policy's configuration by hand (a circuit breaker's thresholds, window or wait): a
     * looser configuration can disable protection as surely as a transition can.
     */
    RECONFIGURE,
    /** Ask a failover controller for a failover by hand; the gates still choose and check the target. */
    FAILOVER_REQUEST,
    /** Acknowledge a failover, lifting the anti-flapping window so that automatic failover may run again. */
    ACKNOWLEDGE,
    /** Let a fenced member rejoin as a standby (it must have been re-synchronised first). */
    REJOIN
}
