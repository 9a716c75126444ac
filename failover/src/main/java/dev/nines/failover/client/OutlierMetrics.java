package dev.nines.failover.client;

import java.util.Map;
import java.util.Objects;

/**
 * Totals of an {@link EndpointRouter}'s outlier detection ({@link EndpointRouter#outlierMetrics()}).
 *
 * @param ejectedEndpoints endpoints ejected now
 * @param maxEjectedEndpoints the cap on endpoints ejected at once
 * @param ejections ejections since the router was built, by reason (every reason present)
 * @param ejectionsSkippedByCap outliers found while the cap was reached, left in rotation
 * @param analyses analyses run
 */
public record OutlierMetrics(
        int ejectedEndpoints,
        int maxEjectedEndpoints,
        Map<EjectionReason, Long> ejections,
        long ejectionsSkippedByCap,
        long analyses) {

    /** Checks the fields and copies the map. */
    public OutlierMetrics {
        ejections = Map.copyOf(Objects.requireNonNull(ejections, "ejections"));
    }

    /**
     * Returns the ejections of every reason together.
     *
     * @return the total
     */
    public long totalEjections() {
        long total = 0;
        for (long n : ejections.values()) {
            total += n;
        }
        return total;
    }
}
