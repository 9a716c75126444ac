package dev.nines.slo.sla;

import dev.nines.core.internal.Arguments;
import dev.nines.slo.Sli;
import dev.nines.slo.Slo;
import dev.nines.slo.SloWindow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Whether an internal SLO is stricter than the SLA it backs, so that the SLO breaks (and pages)
 * before the contract does.
 *
 * <p>Three things are checked:
 * <ul>
 *   <li><b>objective</b>: {@code objectiveMargin = slo.objective - sla.objective} must be at least
 *       the required margin (by default strictly positive);</li>
 *   <li><b>window</b>: the SLO must be judged over no more than a calendar month: the same
 *       calendar month (same zone), a calendar week, or a rolling window of at most 28 days;</li>
 *   <li><b>SLI</b>: the same kind of indicator, and for latency a threshold no looser than the
 *       SLA's.</li>
 * </ul>
 *
 * <pre>{@code
 * SlaAlignment alignment = SlaAlignment.check(slo, sla);
 * if (!alignment.isAligned()) {
 *     alignment.problems().forEach(log::warn);
 * }
 * }</pre>
 *
 * @param sloName the SLO
 * @param slaName the SLA
 * @param objectiveMargin {@code slo.objective - sla.objective}; negative when the SLO is looser
 * @param problems human-readable findings, empty when aligned
 */
public record SlaAlignment(String sloName, String slaName, double objectiveMargin, List<String> problems) {

    /** The longest rolling SLO window that never spans more than the shortest calendar month. */
    public static final Duration MAX_ROLLING_WINDOW = Duration.ofDays(28);

    /**
     * Copies the list of problems.
     *
     * @param sloName the SLO
     * @param slaName the SLA
     * @param objectiveMargin {@code slo.objective - sla.objective}
     * @param problems the findings
     */
    public SlaAlignment {
        Objects.requireNonNull(sloName, "sloName");
        Objects.requireNonNull(slaName, "slaName");
        problems = List.copyOf(problems);
    }

    /**
     * Checks that {@code slo} is strictly stricter than {@code sla}.
     *
     * @param slo the internal SLO
     * @param sla the SLA it backs
     * @return the findings
     */
    public static SlaAlignment check(Slo slo, Sla sla) {
        return check(slo, sla, 0.0, false);
    }

    /**
     * Checks that {@code slo} is stricter than {@code sla} by at least {@code minimumMargin}.
     *
     * @param slo the internal SLO
     * @param sla the SLA it backs
     * @param minimumMargin the required {@code slo.objective - sla.objective}, in (0, 1)
     * @return the findings
     */
    public static SlaAlignment check(Slo slo, Sla sla, double minimumMargin) {
        Arguments.inOpen("minimumMargin", minimumMargin, 0, 1);
        return check(slo, sla, minimumMargin, true);
    }

    private static SlaAlignment check(Slo slo, Sla sla, double minimumMargin, boolean inclusive) {
        Objects.requireNonNull(slo, "slo");
        Objects.requireNonNull(sla, "sla");
        List<String> problems = new ArrayList<>();
        // Decimal difference so that 0.9995 - 0.999 reads 5.0E-4, not 4.9999999999994493E-4.
        double margin = new java.math.BigDecimal(Double.toString(slo.objective()))
                .subtract(new java.math.BigDecimal(Double.toString(sla.objective())))
                .doubleValue();
        boolean objectiveOk = inclusive ? margin >= minimumMargin : margin > 0;
        if (!objectiveOk) {
            problems.add(
                    "objective: SLO " + slo.name() + " at " + percent(slo.objective()) + " is not stricter than SLA "
                            + sla.name() + " at " + percent(sla.objective()) + " by "
                            + (inclusive ? "at least " + percent(minimumMargin) : "a positive margin") + " (margin "
                            + percent(margin) + ")");
        }
        SloWindow window = slo.window();
        if (window instanceof SloWindow.Rolling rolling) {
            Duration length = rolling.length();
            if (length.compareTo(MAX_ROLLING_WINDOW) > 0) {
                problems.add("window: SLO " + slo.name() + " rolls over " + length.toDays()
                        + " days, longer than the shortest SLA month (28 days)");
            }
        } else if (window instanceof SloWindow.CalendarMonth month) {
            if (!month.zone().getRules().equals(sla.zone().getRules())) {
                problems.add("window: SLO " + slo.name() + " months are in " + month.zone() + ", SLA " + sla.name()
                        + " months in " + sla.zone());
            }
        }
        Sli sloSli = slo.sli();
        Sli slaSli = sla.sli();
        if (slaSli instanceof Sli.LatencyThreshold slaLatency) {
            if (!(sloSli instanceof Sli.LatencyThreshold sloLatency)) {
                problems.add("sli: SLA " + sla.name() + " is on latency, SLO " + slo.name() + " on " + sloSli);
            } else if (sloLatency.threshold().compareTo(slaLatency.threshold()) > 0) {
                problems.add("sli: SLO " + slo.name() + " latency threshold " + sloLatency.threshold()
                        + " is looser than the SLA's " + slaLatency.threshold());
            }
        } else if (sloSli instanceof Sli.LatencyThreshold) {
            problems.add("sli: SLA " + sla.name() + " is on " + slaSli + ", SLO " + slo.name() + " on latency");
        }
        return new SlaAlignment(slo.name(), sla.name(), margin, problems);
    }

    /**
     * Returns whether no problem was found.
     *
     * @return whether the SLO backs the SLA safely
     */
    public boolean isAligned() {
        return problems.isEmpty();
    }

    static String percent(double ratio) {
        return new java.math.BigDecimal(Double.toString(ratio * 100))
                        .round(new java.math.MathContext(6))
                        .stripTrailingZeros()
                        .toPlainString()
                + "%";
    }
}
