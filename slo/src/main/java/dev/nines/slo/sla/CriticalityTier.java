package dev.nines.slo.sla;

import dev.nines.core.internal.Arguments;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A criticality tier: how critical a service is and what that requires of it, namely an SLO
 * objective at least {@code requiredSloObjective}, a measured availability at least
 * {@code requiredAvailability} (typically the SLA target of services in the tier) and, optionally,
 * {@linkplain RecoveryObjectives recovery objectives}: an RTO, an RPO and how often a real recovery
 * drill (a switchover, not a chaos experiment) must prove them ({@link TierCheck#checkDrills}).
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
 * @param recovery the recovery objectives and drill interval, if the tier sets them
 */
public record CriticalityTier(
        String name, double requiredSloObjective, double requiredAvailability, Optional<RecoveryObjectives> recovery) {

    /**
     * Validates the tier.
     *
     * @param name the tier name
     * @param requiredSloObjective the least SLO objective, in (0, 1)
     * @param requiredAvailability the least measured availability, in (0, 1]
     * @param recovery the recovery objectives, if any
     */
    public CriticalityTier {
        Arguments.notBlank("name", name);
        Arguments.inOpen("requiredSloObjective of tier " + name, requiredSloObjective, 0, 1);
        Arguments.inOpenClosed("requiredAvailability of tier " + name, requiredAvailability, 0, 1);
        Objects.requireNonNull(recovery, "recovery");
    }

    /**
     * Validates a tier without recovery objectives.
     *
     * @param name the tier name
     * @param requiredSloObjective the least SLO objective, in (0, 1)
     * @param requiredAvailability the least measured availability, in (0, 1]
     */
    public CriticalityTier(String name, double requiredSloObjective, double requiredAvailability) {
        this(name, requiredSloObjective, requiredAvailability, Optional.empty());
    }

    /**
     * Returns a copy with recovery objectives (RTO, RPO, drill interval).
     *
     * @param objectives the objectives
     * @return the copy
     */
    public CriticalityTier withRecovery(RecoveryObjectives objectives) {
        return new CriticalityTier(
                name,
                requiredSloObjective,
                requiredAvailability,
                Optional.of(Objects.requireNonNull(objectives, "objectives")));
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
     * Returns four tiers, most critical first, with recovery objectives (RTO, RPO, longest time
     * between passed real drills): {@code tier-0} (SLO 99.99%, availability 99.95%; 15 minutes, 1
     * minute, 90 days), {@code tier-1} (99.9%, 99.5%; 1 hour, 15 minutes, 180 days), {@code tier-2}
     * (99.5%, 99%; 4 hours, 1 hour, 365 days), {@code tier-3} (99%, 95%; 24 hours, 24 hours, 365
     * days).
     *
     * @return the tiers
     */
    public static List<CriticalityTier> defaults() {
        return List.of(
                of("tier-0", 0.9999, 0.9995)
                        .withRecovery(RecoveryObjectives.of(
                                Duration.ofMinutes(15), Duration.ofMinutes(1), Duration.ofDays(90))),
                of("tier-1", 0.999, 0.995)
                        .withRecovery(RecoveryObjectives.of(
                                Duration.ofHours(1), Duration.ofMinutes(15), Duration.ofDays(180))),
                of("tier-2", 0.995, 0.99)
                        .withRecovery(
                                RecoveryObjectives.of(Duration.ofHours(4), Duration.ofHours(1), Duration.ofDays(365))),
                of("tier-3", 0.99, 0.95)
                        .withRecovery(RecoveryObjectives.of(
                                Duration.ofHours(24), Duration.ofHours(24), Duration.ofDays(365))));
    }
}
