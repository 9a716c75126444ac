package dev.nines.failover;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Something a failover controller did; published after the decision is audited.
 */
public sealed interface FailoverEvent {

    /**
     * Returns the name of the controller.
     *
     * @return the controller name
     */
    String controller();

    /**
     * Returns when it happened (the controller's time source).
     *
     * @return the time
     */
    Instant time();

    /**
     * A standby was promoted.
     *
     * @param controller the controller name
     * @param time when
     * @param from the replaced primary
     * @param to the new primary
     * @param epoch the new epoch
     * @param trigger what asked for it
     * @param timeToFailover from the start of the primary's failing run (or the request) to promotion
     */
    record FailedOver(
            String controller,
            Instant time,
            String from,
            String to,
            long epoch,
            Trigger trigger,
            Duration timeToFailover)
            implements FailoverEvent {}

    /**
     * An alert: a promotion was needed but no candidate could be promoted.
     *
     * @param controller the controller name
     * @param time when
     * @param reason why
     * @param candidates every candidate's gate results
     */
    record FailoverBlocked(String controller, Instant time, String reason, List<CandidateReport> candidates)
            implements FailoverEvent {
        /** Copies the candidates. */
        public FailoverBlocked {
            candidates = List.copyOf(candidates);
        }
    }

    /**
     * A request was refused.
     *
     * @param controller the controller name
     * @param time when
     * @param actor who asked
     * @param reason why it was refused
     */
    record RequestRejected(String controller, Instant time, String actor, String reason) implements FailoverEvent {}

    /**
     * The user's promotion action failed.
     *
     * @param controller the controller name
     * @param time when
     * @param candidate the member being promoted
     * @param epoch the spent epoch
     * @param error the failure
     */
    record PromotionFailed(String controller, Instant time, String candidate, long epoch, String error)
            implements FailoverEvent {}

    /**
     * A rollback promoted the previous primary again.
     *
     * @param controller the controller name
     * @param time when
     * @param from the primary that was rolled back
     * @param to the previous primary, promoted again
     * @param epoch the new epoch
     * @param reason the rule that fired
     */
    record RolledBack(String controller, Instant time, String from, String to, long epoch, String reason)
            implements FailoverEvent {}

    /**
     * An alert: a rollback was needed but the previous primary was not eligible.
     *
     * @param controller the controller name
     * @param time when
     * @param reason why the rollback was needed and why it was blocked
     */
    record RollbackBlocked(String controller, Instant time, String reason) implements FailoverEvent {}
}
