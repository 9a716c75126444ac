package dev.nines.slo.alert;

/** Where a burn-rate rule stands in its lifecycle. */
public enum AlertState {
    /** The condition does not hold. */
    INACTIVE,
    /** The condition holds, but not yet for the rule's {@code pendingFor}. */
    PENDING,
    /** The condition holds (for at least {@code pendingFor}); resolves when it stops holding. */
    FIRING
}
