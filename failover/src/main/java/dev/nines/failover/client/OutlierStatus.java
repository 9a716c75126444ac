package dev.nines.failover.client;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The outlier-detection state of one endpoint of an {@link EndpointRouter}, as of the moment it was
 * read ({@link EndpointRouter#outlierStatus(String)}). Counts are totals since the router was built.
 *
 * @param endpointId the endpoint
 * @param ejected whether it is ejected now
 * @param reason why it is ejected; empty when it is not
 * @param ejectionMultiplier n in {@code baseEjectionTime * n}: the ejection time of the current
 *     ejection, or what the next ejection will use minus one; it decays when the endpoint stays healthy
 * @param ejectionTime how long the current ejection lasts; zero when not ejected
 * @param ejections how many times it has been ejected
 * @param successes calls counted as successes
 * @param failures calls counted as failures, gateway failures included
 * @param gatewayFailures calls counted as gateway failures
 */
public record OutlierStatus(
        String endpointId,
        boolean ejected,
        Optional<EjectionReason> reason,
        int ejectionMultiplier,
        Duration ejectionTime,
        long ejections,
        long successes,
        long failures,
        long gatewayFailures) {

    /** Checks the fields. */
    public OutlierStatus {
        Objects.requireNonNull(endpointId, "endpointId");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(ejectionTime, "ejectionTime");
    }
}
