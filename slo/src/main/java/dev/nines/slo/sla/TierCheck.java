package dev.nines.slo.sla;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
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

    /**
     * Checks that every service whose tier has {@linkplain CriticalityTier#recovery() recovery
     * objectives} has a real drill that passed within the tier's drill interval before {@code now},
     * and that its latest real drill did not fail. Dry runs are rehearsals: they neither prove
     * recovery nor fail a service. Services whose tier has no objectives are skipped.
     *
     * @param profiles the services
     * @param drills drill results of any services, in any order
     * @param now the instant to judge at
     * @return {@link TierFinding.Kind#DRILL_OVERDUE} and {@link TierFinding.Kind#DRILL_FAILED}
     *     findings, in profile order
     */
    public static List<TierFinding> checkDrills(
            Collection<ServiceProfile> profiles, Collection<DrillResult> drills, Instant now) {
        Objects.requireNonNull(profiles, "profiles");
        Objects.requireNonNull(drills, "drills");
        Objects.requireNonNull(now, "now");
        List<TierFinding> out = new ArrayList<>();
        for (ServiceProfile p : profiles) {
            Objects.requireNonNull(p, "profile");
            CriticalityTier tier = p.tier();
            if (tier.recovery().isEmpty()) {
                continue;
            }
            Duration interval = tier.recovery().get().drillInterval();
            DrillResult lastPassed = null;
            DrillResult lastReal = null;
            for (DrillResult d : drills) {
                Objects.requireNonNull(d, "drill");
                if (!d.system().equals(p.service())
                        || d.dryRun()
                        || d.finishedAt().isAfter(now)) {
                    continue;
                }
                if (lastReal == null || d.finishedAt().isAfter(lastReal.finishedAt())) {
                    lastReal = d;
                }
                if (d.proves() && (lastPassed == null || d.finishedAt().isAfter(lastPassed.finishedAt()))) {
                    lastPassed = d;
                }
            }
            double requiredDays = days(interval);
            if (lastPassed == null) {
                out.add(new TierFinding(
                        p.service(),
                        tier.name(),
                        TierFinding.Kind.DRILL_OVERDUE,
                        requiredDays,
                        Double.POSITIVE_INFINITY,
                        p.service() + " (" + tier.name()
                                + ") has never passed a real drill; the tier requires one every "
                                + daysText(requiredDays)));
            } else {
                Duration since = Duration.between(lastPassed.finishedAt(), now);
                if (since.compareTo(interval) > 0) {
                    out.add(new TierFinding(
                            p.service(),
                            tier.name(),
                            TierFinding.Kind.DRILL_OVERDUE,
                            requiredDays,
                            days(since),
                            p.service() + " (" + tier.name() + ") last passed a real drill "
                                    + daysText(days(since)) + " ago, on " + lastPassed.finishedAt()
                                    + "; the tier requires one every " + daysText(requiredDays)));
                }
            }
            if (lastReal != null && lastReal.outcome() == DrillResult.Outcome.FAILED) {
                out.add(new TierFinding(
                        p.service(),
                        tier.name(),
                        TierFinding.Kind.DRILL_FAILED,
                        Double.NaN,
                        Double.NaN,
                        p.service() + " (" + tier.name() + ") failed its latest real drill on " + lastReal.finishedAt()
                                + " (" + lastReal.evidence() + ")"));
            }
        }
        return List.copyOf(out);
    }

    private static double days(Duration d) {
        return d.getSeconds() / 86_400.0 + d.getNano() / 86_400e9;
    }

    private static String daysText(double days) {
        return String.format(Locale.ROOT, "%.1f days", days);
    }
}
