package dev.nines.slo.sla;

/**
 * A service that falls short of its tier.
 *
 * @param service the service
 * @param tier the tier name
 * @param kind what falls short
 * @param required what the tier requires (NaN for {@link Kind#NO_SLO}; see each kind)
 * @param actual what the service has (NaN for {@link Kind#NO_SLO})
 * @param message a human-readable sentence
 */
public record TierFinding(String service, String tier, Kind kind, double required, double actual, String message) {

    /** What falls short of the tier. */
    public enum Kind {
        /** The service has no SLO at all. */
        NO_SLO,
        /** The SLO objective is below the tier's required objective. */
        SLO_BELOW_TIER,
        /** The measured availability is below the tier's required availability. */
        AVAILABILITY_BELOW_TIER,
        /**
         * No real recovery drill (see {@link TierCheck#RECOVERY_DRILL_KINDS}; a chaos experiment is
         * not one) has passed within the tier's drill interval ({@code required} and {@code actual}
         * in days; {@code actual} is infinite if none ever passed).
         */
        DRILL_OVERDUE,
        /**
         * The latest real drill of one kind failed, a recovery drill or an experiment ({@code
         * required} and {@code actual} are NaN; the message names the kind); the service may still
         * be within its interval thanks to an earlier pass.
         */
        DRILL_FAILED
    }
}
