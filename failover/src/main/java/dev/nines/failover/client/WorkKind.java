package dev.nines.failover.client;

/**
 * What kind of work a call is, which decides what happens when it fails in flight at switch time.
 */
public enum WorkKind {
    /** Part of a transaction: the outcome is unknown ({@link OutcomeUnknownException}); never retried. */
    TRANSACTIONAL,
    /** Safe to repeat: retried once on another endpoint. */
    IDEMPOTENT,
    /** Not safe to repeat: the failure is passed on; not retried. */
    NON_IDEMPOTENT
}
