package dev.nines.slo.sla;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;

/**
 * The SLA outcome of one calendar month: measured availability, whether the objective was met and
 * the service credit owed. A partial month ({@link #partial()}) was observed only from {@code from} to
 * {@code to} (a report made before the month ended, or a service observed from within the month): its
 * figures cover that part only, and {@code met} says "met so far".
 *
 * @param slaName the SLA
 * @param month the month
 * @param from the first instant of the month in the SLA's zone, or of the observed part of a partial month
 * @param to the first instant of the next month, or the end of the observed part of a partial month
 * @param availability the measured availability in [0, 1] (for display; {@code met} and
 *     {@code creditRatio} are decided exactly)
 * @param countedDowntime the downtime counted against the SLA (impact-weighted if the SLA says so);
 *     zero for request-based measurement
 * @param excludedDowntime the downtime taken out by honoured exclusions
 * @param met whether {@code availability >= objective}
 * @param creditRatio the share of the monthly fee owed back, in [0, 1]
 * @param rejectedExclusions exclusions that were not honoured (late notice, or force majeure not
 *     in the contract)
 * @param partial whether only part of the month was observed
 */
public record SlaMonth(
        String slaName,
        YearMonth month,
        Instant from,
        Instant to,
        double availability,
        Duration countedDowntime,
        Duration excludedDowntime,
        boolean met,
        double creditRatio,
        List<SlaExclusion> rejectedExclusions,
        boolean partial) {

    /**
     * An outcome of a whole month.
     *
     * @param slaName the SLA
     * @param month the month
     * @param from the first instant of the month
     * @param to the first instant of the next month
     * @param availability the measured availability
     * @param countedDowntime the downtime counted
     * @param excludedDowntime the downtime excluded
     * @param met whether the objective was met
     * @param creditRatio the credit owed
     * @param rejectedExclusions exclusions not honoured
     */
    public SlaMonth(
            String slaName,
            YearMonth month,
            Instant from,
            Instant to,
            double availability,
            Duration countedDowntime,
            Duration excludedDowntime,
            boolean met,
            double creditRatio,
            List<SlaExclusion> rejectedExclusions) {
        this(
                slaName,
                month,
                from,
                to,
                availability,
                countedDowntime,
                excludedDowntime,
                met,
                creditRatio,
                rejectedExclusions,
                false);
    }

    /**
     * Copies the list of rejected exclusions.
     *
     * @param slaName the SLA
     * @param month the month
     * @param from the first instant of the month
     * @param to the first instant of the next month
     * @param availability the measured availability
     * @param countedDowntime the downtime counted
     * @param excludedDowntime the downtime excluded
     * @param met whether the objective was met
     * @param creditRatio the credit owed
     * @param rejectedExclusions exclusions not honoured
     * @param partial whether only part of the month was observed
     */
    public SlaMonth {
        rejectedExclusions = List.copyOf(rejectedExclusions);
    }

    /**
     * Returns whether a credit is owed.
     *
     * @return {@code creditRatio > 0}
     */
    public boolean isCreditOwed() {
        return creditRatio > 0;
    }

    /**
     * Returns the observed length of the month.
     *
     * @return {@code to - from}
     */
    public Duration observed() {
        return Duration.between(from, to);
    }

    /**
     * Returns this outcome for a partial month observed from {@code from} to {@code to} (request-based
     * outcomes, whose counts already cover only the observed part); figures are kept.
     *
     * @param observedFrom the start of the observed part
     * @param observedTo the end of the observed part, after {@code observedFrom}
     * @return the outcome marked partial with that period, or this one if the period is the whole month
     * @throws IllegalArgumentException if the period is empty or reversed
     */
    public SlaMonth observedOnly(Instant observedFrom, Instant observedTo) {
        if (!observedTo.isAfter(observedFrom)) {
            throw new IllegalArgumentException(
                    "observedTo must be after observedFrom " + observedFrom + ", was " + observedTo);
        }
        if (observedFrom.equals(from) && observedTo.equals(to)) {
            return this;
        }
        return new SlaMonth(
                slaName,
                month,
                observedFrom,
                observedTo,
                availability,
                countedDowntime,
                excludedDowntime,
                met,
                creditRatio,
                rejectedExclusions,
                true);
    }
}
