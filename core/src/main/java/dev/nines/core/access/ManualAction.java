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
    DRILL_START
}
