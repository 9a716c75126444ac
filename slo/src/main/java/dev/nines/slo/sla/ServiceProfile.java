package dev.nines.slo.sla;

import dev.nines.core.internal.Arguments;
import dev.nines.slo.Slo;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * A service as {@link TierCheck} sees it: its tier, its SLO objective and its measured
 * availability, the last two optional.
 *
 * @param service the service name, not blank
 * @param tier the tier it is classified in
 * @param sloObjective its SLO objective in (0, 1), empty if it has no SLO
 * @param measuredAvailability its measured availability in [0, 1], empty if unmeasured
 */
public record ServiceProfile(
        String service, CriticalityTier tier, OptionalDouble sloObjective, OptionalDouble measuredAvailability) {

    /**
     * Validates the profile.
     *
     * @param service the service name
     * @param tier the tier
     * @param sloObjective the SLO objective, if any
     * @param measuredAvailability the measured availability, if any
     */
    public ServiceProfile {
        Arguments.notBlank("service", service);
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(sloObjective, "sloObjective");
        Objects.requireNonNull(measuredAvailability, "measuredAvailability");
        if (sloObjective.isPresent()) {
            Arguments.inOpen("sloObjective of service " + service, sloObjective.getAsDouble(), 0, 1);
        }
        if (measuredAvailability.isPresent()) {
            Arguments.inClosed("measuredAvailability of service " + service, measuredAvailability.getAsDouble(), 0, 1);
        }
    }

    /**
     * Returns a profile with neither SLO nor measurement.
     *
     * @param service the service name
     * @param tier its tier
     * @return the profile
     */
    public static ServiceProfile of(String service, CriticalityTier tier) {
        return new ServiceProfile(service, tier, OptionalDouble.empty(), OptionalDouble.empty());
    }

    /**
     * Returns a copy with the objective of {@code slo}.
     *
     * @param slo the service's SLO
     * @return the copy
     */
    public ServiceProfile withSlo(Slo slo) {
        return new ServiceProfile(service, tier, OptionalDouble.of(slo.objective()), measuredAvailability);
    }

    /**
     * Returns a copy with a measured availability (e.g. {@code AvailabilityMetrics.requestAvailability()}
     * or {@code SloTracker.compliance()}).
     *
     * @param availability the availability in [0, 1]
     * @return the copy
     */
    public ServiceProfile withMeasuredAvailability(double availability) {
        return new ServiceProfile(service, tier, sloObjective, OptionalDouble.of(availability));
    }
}
