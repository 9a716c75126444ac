package dev.nines.failover.audit;

/** The kind of decision an {@link AuditRecord} documents. */
public enum AuditType {
    /** A standby was promoted automatically or on request. */
    FAILOVER,
    /** A failover was needed but no candidate passed the gates, or anti-flapping held it back. */
    BLOCKED,
    /** A request was refused (stale epoch, missing reason, unknown member). */
    REJECTED,
    /** A promotion was attempted and the user's promotion action failed. */
    FAILED,
    /** An operator forced a failover past the gates. */
    OVERRIDE,
    /** A dry run was evaluated; nothing changed. */
    DRY_RUN,
    /** A step of a runbook started, finished, failed, timed out or was undone. */
    STEP,
    /** A rollback promoted the previous primary. */
    ROLLBACK,
    /** A rollback rule fired but the previous primary was not eligible. */
    ROLLBACK_BLOCKED,
    /** An operator acknowledged a failover, lifting the anti-flapping window. */
    ACKNOWLEDGED,
    /** A fenced member rejoined as a standby. */
    REJOINED,
    /** An approver granted an actor a time-boxed right to a manual action. */
    GRANTED,
    /** A manual action ran under a live grant. */
    GRANT_USED,
    /** A grant reached its expiry (recorded when first noticed). */
    GRANT_EXPIRED,
    /** A grant was revoked before its expiry. */
    GRANT_REVOKED,
    /** A manual action, or a grant request, was refused; nothing changed. */
    ACCESS_DENIED,
    /** A drill started, finished or was measured against its recovery targets. */
    DRILL,
    /**
     * A fault-injection experiment started or stopped injecting, or the steady state it watches was
     * lost or restored.
     */
    EXPERIMENT
}
