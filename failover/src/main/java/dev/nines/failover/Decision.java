package dev.nines.failover;

import java.util.List;
import java.util.Objects;

/**
 * What the controller decided in answer to a signal or request. Every decision other than
 * {@link NoAction} is audited.
 */
public sealed interface Decision {

    /**
     * A standby was promoted.
     *
     * @param from the replaced primary, now fenced
     * @param to the new primary
     * @param epoch the new fencing epoch
     * @param trigger what asked for it
     * @param dataLossEstimate the promoted member's lag at promotion: what may have been lost
     */
    record Promoted(String from, String to, long epoch, Trigger trigger, Lag dataLossEstimate) implements Decision {
        /** Checks the fields. */
        public Promoted {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(trigger, "trigger");
            Objects.requireNonNull(dataLossEstimate, "dataLossEstimate");
        }
    }

    /**
     * A promotion was needed but held back.
     *
     * @param reason why, in words
     * @param candidates every candidate's gate results
     */
    record Blocked(String reason, List<CandidateReport> candidates) implements Decision {
        /** Checks and copies the fields. */
        public Blocked {
            Objects.requireNonNull(reason, "reason");
            candidates = List.copyOf(candidates);
        }
    }

    /**
     * A request was refused.
     *
     * @param reason why, in words
     */
    record Rejected(String reason) implements Decision {
        /** Checks the fields. */
        public Rejected {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * The user's promotion action failed; roles are unchanged and the epoch was spent.
     *
     * @param candidate the member that was being promoted
     * @param epoch the spent epoch
     * @param error the failure, in words
     */
    record Failed(String candidate, long epoch, String error) implements Decision {
        /** Checks the fields. */
        public Failed {
            Objects.requireNonNull(candidate, "candidate");
            Objects.requireNonNull(error, "error");
        }
    }

    /**
     * Nothing to do (the primary is healthy, a result was out of order, ...).
     *
     * @param reason why, in words
     */
    record NoAction(String reason) implements Decision {
        /** Checks the fields. */
        public NoAction {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
