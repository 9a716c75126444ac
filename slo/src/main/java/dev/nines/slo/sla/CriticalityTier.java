package dev.nines.slo.sla;

import dev.nines.core.internal.Arguments;
import java.util.List;

/**
 * A criticality tier: how critical a service is and what that requires of it, namely an SLO
 * objective at least {@code requiredSloObjective} and a measured availability at least
 * {@code requiredAvailability} (typically the SLA target of services in the tier).
 *
 * <p>{@link #defaults()} offers a common four-tier scheme; the numbers are a starting point, not a
 * standard. Immutable. Bad input raises {@link IllegalArgumentException} naming the tier.
 *
 * <pre>{@code
 * CriticalityTier critical = CriticalityTier.of("tier-0", 0.9999, 0.9995);
 * List<TierFinding> findings = TierCheck.check(List.of(
 *         ServiceProfile.of("checkout", critical).withSlo(checkoutSlo).withMeasuredAvailability(0.9991)));
 * }</pre>
 *
 * @param name the tier name, not blank
 * @param requiredSloObjective the least SLO objective allowed, in (0, 1)
 * @param requiredAvailability the least measured availability allowed, in (0, 1]
 */
public record CriticalityTier(String name, double requiredSloObjective, double requiredAvailability) {

    /**
     * Validates the tier.
     *
     * @param name the tier name
     * @param requiredSloObjective the least SLO objective, in (0, 1)
     * @param requiredAvailability the least measured availability, in (0, 1]
     */
    public CriticalityTier {
        Arguments.notBlank("name", name);
        Arguments.inOpen("requiredSloObjective of tier " + name, requiredSloObjective, 0, 1);
        Arguments.inOpenClosed("requiredAvailability of tier " + name, requiredAvailability, 0, 1);
    }

    /**
     * Returns a tier.
     *
     * @param name the tier name
     * @param requiredSloObjective the least SLO objective, in (0, 1)
     * @param requiredAvailability the least measured availability, in (0, 1]
     * @return the tier
     */
    public static CriticalityTier of(String name, double requiredSloObjective, double requiredAvailability) {
        return new CriticalityTier(name, requiredSloObjective, requiredAvailability);
    }

    /**
     * Returns four tiers, most critical first: {@code tier-0} (SLO 99.99%, availability 99.95%),
     * {@code tier-1} (99.9%, 99.5%), {@code tier-2} (99.5%, 99%), {@code tier-3} (99%, 95%).
     *
     * @return the tiers
     */
    public static List<CriticalityTier> defaults() {
        return List.of(
                of("tier-0", 0.9999, 0.9995),
                of("tier-1", 0.999, 0.995),
                of("tier-2", 0.995, 0.99),
                of("tier-3", 0.99, 0.95));
    }
}
