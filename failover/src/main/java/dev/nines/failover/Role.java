package dev.nines.failover;

/** The role of a member in its failover group. */
public enum Role {
    /** Serves writes; exactly one member has this role. */
    PRIMARY,
    /** Follows the primary and may be promoted. */
    STANDBY,
    /** A former primary replaced by a promotion; never promoted until it rejoins as a standby. */
    FENCED
}
