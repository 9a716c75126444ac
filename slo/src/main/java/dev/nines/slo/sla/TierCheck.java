package dev.nines.slo.sla;

import dev.nines.core.internal.Arguments;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

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
     * The drill kinds that prove a tier's recovery requirement by default: {@code "switchover"}, the
     * kind of the failover module's switchover drills ({@code DrillActions.switchover}), which move
     * the service to another member and measure both the recovery time and the data lost. A chaos
     * experiment ({@code "experiment"}) is not a recovery drill: it injects a fault and checks that
     * the service's steady state returns, without exercising failover and, unless given a probe,
     * without measuring data loss.
     */
    public static final Set<String> RECOVERY_DRILL_KINDS = Set.of("switchover");

    /**
     * Checks drills against the tiers' recovery requirements, counting only {@link
     * #RECOVERY_DRILL_KINDS} as recovery drills; see {@link #checkDrills(Collection, Collection,
     * Instant, Set)}.
     *
     * @param profiles the services
     * @param drills drill results of any services and kinds, in any order
     * @param now the instant to judge at
     * @return {@link TierFinding.Kind#DRILL_OVERDUE} and {@link TierFinding.Kind#DRILL_FAILED}
     *     findings, in profile order
     */
    public static List<TierFinding> checkDrills(
            Collection<ServiceProfile> profiles, Collection<DrillResult> drills, Instant now) {
        return checkDrills(profiles, drills, now, RECOVERY_DRILL_KINDS);
    }

    /**
     * Checks every service whose tier has {@linkplain CriticalityTier#recovery() recovery objectives}
     * against its drills, as of {@code now} (drills finished after {@code now} are ignored). Services
     * whose tier has no objectives are skipped. Only real drills count: dry runs are rehearsals and
     * neither prove recovery nor fail a service.
     *
     * <ul>
     *   <li>{@link TierFinding.Kind#DRILL_OVERDUE}: no real <em>recovery</em> drill (a kind in {@code
     *       recoveryKinds}) passed within the tier's drill interval. Any other kind, a passed chaos
     *       experiment included, does not prove recovery: an experiment tests that the service rides
     *       out a fault, not that it can be recovered within the RTO and RPO.
     *   <li>{@link TierFinding.Kind#DRILL_FAILED}, once per kind: the latest real drill of that kind
     *       failed, whatever its kind, since a failed experiment (a steady state not restored in
     *       time, a guard that cut the fault short) is evidence against the tier as much as a failed
     *       switchover. Each kind is judged on its own drills, so a passed drill of one kind never
     *       hides a failure of another; a later passed drill of the same kind clears it. Of two
     *       drills of a kind that finished at the same instant, a failure counts as the latest.
     * </ul>
     *
     * @param profiles the services
     * @param drills drill results of any services and kinds, in any order
     * @param now the instant to judge at
     * @param recoveryKinds the drill kinds that are recovery drills (e.g. add a custom {@code
     *     "restore"} action's kind), not empty
     * @return {@link TierFinding.Kind#DRILL_OVERDUE} and then {@link TierFinding.Kind#DRILL_FAILED}
     *     findings (by kind name) per service, in profile order
     * @throws IllegalArgumentException if {@code recoveryKinds} is empty or has a blank kind
     */
    public static List<TierFinding> checkDrills(
            Collection<ServiceProfile> profiles,
            Collection<DrillResult> drills,
            Instant now,
            Set<String> recoveryKinds) {
        Objects.requireNonNull(profiles, "profiles");
        Objects.requireNonNull(drills, "drills");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(recoveryKinds, "recoveryKinds");
        if (recoveryKinds.isEmpty()) {
            throw new IllegalArgumentException("recoveryKinds must not be empty, was " + recoveryKinds);
        }
        for (String kind : recoveryKinds) {
            Arguments.notBlank("recoveryKinds", kind);
        }
        String recoveryNames = String.join(", ", new TreeSet<>(recoveryKinds));
        List<TierFinding> out = new ArrayList<>();
        for (ServiceProfile p : profiles) {
            Objects.requireNonNull(p, "profile");
            CriticalityTier tier = p.tier();
            if (tier.recovery().isEmpty()) {
                continue;
            }
            Duration interval = tier.recovery().get().drillInterval();
            DrillResult lastPassed = null;
            Map<String, DrillResult> latestByKind = new TreeMap<>();
            for (DrillResult d : drills) {
                Objects.requireNonNull(d, "drill");
                if (!d.system().equals(p.service())
                        || d.dryRun()
                        || d.finishedAt().isAfter(now)) {
                    continue;
                }
                latestByKind.merge(d.kind(), d, TierCheck::later);
                if (d.proves()
                        && recoveryKinds.contains(d.kind())
                        && (lastPassed == null || d.finishedAt().isAfter(lastPassed.finishedAt()))) {
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
                                + ") has never passed a real recovery drill (" + recoveryNames
                                + "); the tier requires one every " + daysText(requiredDays)));
            } else {
                Duration since = Duration.between(lastPassed.finishedAt(), now);
                if (since.compareTo(interval) > 0) {
                    out.add(new TierFinding(
                            p.service(),
                            tier.name(),
                            TierFinding.Kind.DRILL_OVERDUE,
                            requiredDays,
                            days(since),
                            p.service() + " (" + tier.name() + ") last passed a real recovery drill ("
                                    + lastPassed.kind() + ") " + daysText(days(since)) + " ago, on "
                                    + lastPassed.finishedAt() + "; the tier requires one every "
                                    + daysText(requiredDays)));
                }
            }
            for (DrillResult latest : latestByKind.values()) {
                if (latest.outcome() == DrillResult.Outcome.FAILED) {
                    out.add(new TierFinding(
                            p.service(),
                            tier.name(),
                            TierFinding.Kind.DRILL_FAILED,
                            Double.NaN,
                            Double.NaN,
                            p.service() + " (" + tier.name() + ") failed its latest real " + latest.kind()
                                    + " drill" + (recoveryKinds.contains(latest.kind()) ? " (a recovery drill)" : "")
                                    + " on " + latest.finishedAt() + " (" + latest.evidence() + ")"));
                }
            }
        }
        return List.copyOf(out);
    }

    /** The later of two drills of a kind; at the same instant, a failure. */
    private static DrillResult later(DrillResult a, DrillResult b) {
        int byTime = a.finishedAt().compareTo(b.finishedAt());
        if (byTime != 0) {
            return byTime > 0 ? a : b;
        }
        return b.outcome() == DrillResult.Outcome.FAILED ? b : a;
    }

    private static double days(Duration d) {
        return d.getSeconds() / 86_400.0 + d.getNano() / 86_400e9;
    }

    private static String daysText(double days) {
        return String.format(Locale.ROOT, "%.1f days", days);
    }
}
