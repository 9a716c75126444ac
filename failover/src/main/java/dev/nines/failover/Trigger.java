package dev.nines.failover;

/** What asked for a promotion. */
public enum Trigger {
    /** The primary's health verdict turned unhealthy. */
    HEALTH,
    /** A circuit breaker in front of the primary opened. */
    BREAKER,
    /** An operator asked; the gates still apply. */
    OPERATOR,
    /** An operator forced a promotion past the gates. */
    FORCED,
    /** A planned switchover runbook. */
    SWITCHOVER,
    /** A rollback rule fired after a promotion. */
    ROLLBACK
}
