package dev.nines.failover;

/** The state of a failover controller. */
public enum ControllerState {
    /** The primary is healthy, or has no verdict yet; nothing to do. */
    STEADY,
    /** The primary is unhealthy and no candidate may be promoted (see the last blocked decision). */
    BLOCKED
}
