package dev.nines.failover;

/** An eligibility gate a standby must pass to be promoted automatically. */
public enum Gate {
    /** The member's health verdict (after hysteresis) is healthy. */
    HEALTHY,
    /** The member's lag is known and within the RPO limit. */
    LAG,
    /** In synchronous mode, the member replicates synchronously unless async promotion is allowed. */
    SYNC,
    /** The member is not tagged {@link Member#NO_FAILOVER}. */
    NOT_TAGGED,
    /** The member is not fenced. */
    NOT_FENCED,
    /** A member that recovered has stayed healthy for the recovery grace period. */
    RECOVERY_GRACE
}
