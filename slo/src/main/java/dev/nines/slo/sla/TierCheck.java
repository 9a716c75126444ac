package dev.nines.slo.sla;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Flags services whose SLO or measured availability is below what their criticality tier
 * requires, and services without an SLO. Comparisons are exact in decimal (an SLO of exactly the
 * required 99.9% passes). Stateless and thread-safe.
 *
 * <pre>{@code
 * List<TierFinding> findings = TierCheck.check(profiles);
 * findings.forEach(f -> log.warn(f.message()));
 * }</pre>
 */
public final class TierCheck {

    private TierCheck() {}

    /**
     * Checks every profile, in order.
     *
     * @param profiles the services
     * @return the findings, empty when every service meets its tier
     */
    public static List<TierFinding> check(Collection<ServiceProfile> profiles) {
        Objects.requireNonNull(profiles, "profiles");
        List<TierFinding> out = new ArrayList<>();
        for (ServiceProfile p : profiles) {
            Objects.requireNonNull(p, "profile");
            CriticalityTier tier = p.tier();
            if (p.sloObjective().isEmpty()) {
                out.add(new TierFinding(
                        p.service(),
                        tier.name(),
                        TierFinding.Kind.NO_SLO,
                        Double.NaN,
                        Double.NaN,
                        p.service() + " (" + tier.name() + ") has no SLO; the tier requires "
                                + SlaAlignment.percent(tier.requiredSloObjective())));
            } else if (below(p.sloObjective().getAsDouble(), tier.requiredSloObjective())) {
                out.add(new TierFinding(
                        p.service(),
                        tier.name(),
                        TierFinding.Kind.SLO_BELOW_TIER,
                        tier.requiredSloObjective(),
                        p.sloObjective().getAsDouble(),
                        p.service() + " (" + tier.name()
                                + ") has an SLO of "
                                + SlaAlignment.percent(p.sloObjective().getAsDouble())
                                + ", below the required " + SlaAlignment.percent(tier.requiredSloObjective())));
            }
            if (p.measuredAvailability().isPresent()
                    && below(p.measuredAvailability().getAsDouble(), tier.requiredAvailability())) {
                out.add(new TierFinding(
                        p.service(),
                        tier.name(),
                        TierFinding.Kind.AVAILABILITY_BELOW_TIER,
                        tier.requiredAvailability(),
                        p.measuredAvailability().getAsDouble(),
                        p.service() + " ("
                                + tier.name() + ") measured "
                                + SlaAlignment.percent(p.measuredAvailability().getAsDouble())
                                + ", below the required " + SlaAlignment.percent(tier.requiredAvailability())));
            }
        }
        return List.copyOf(out);
    }

    private static boolean below(double actual, double required) {
        return BigDecimal.valueOf(actual).compareTo(BigDecimal.valueOf(required)) < 0;
    }
}
