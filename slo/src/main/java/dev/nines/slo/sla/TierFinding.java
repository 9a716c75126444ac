package dev.nines.slo.sla;

/**
 * A service that falls short of its tier.
 *
 * @param service the service
 * @param tier the tier name
 * @param kind what falls short
 * @param required what the tier requires (NaN for {@link Kind#NO_SLO})
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
        AVAILABILITY_BELOW_TIER
    }
}
