package dev.nines.slo.sla;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;

/**
 * The SLA outcome of one calendar month: measured availability, whether the objective was met and
 * the service credit owed.
 *
 * @param slaName the SLA
 * @param month the month
 * @param from the first instant of the month in the SLA's zone
 * @param to the first instant of the next month
 * @param availability the measured availability in [0, 1] (for display; {@code met} and
 *     {@code creditRatio} are decided exactly)
 * @param countedDowntime the downtime counted against the SLA (impact-weighted if the SLA says so);
 *     zero for request-based measurement
 * @param excludedDowntime the downtime taken out by honoured exclusions
 * @param met whether {@code availability >= objective}
 * @param creditRatio the share of the monthly fee owed back, in [0, 1]
 * @param rejectedExclusions exclusions that were not honoured (late notice, or force majeure not
 *     in the contract)
 */
public record SlaMonth(String slaName, YearMonth month, Instant from, Instant to, double availability,
                       Duration countedDowntime, Duration excludedDowntime, boolean met, double creditRatio,
                       List<SlaExclusion> rejectedExclusions) {

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
}
