package dev.nines.slo.sla;

import java.time.YearMonth;

/**
 * A month in which a vendor missed its SLA by our own measurement, with the credit we can claim.
 *
 * @param month the month
 * @param measuredAvailability our measurement of the vendor's availability
 * @param objective the availability the vendor promised
 * @param creditRatio the share of the monthly fee owed by the credit table (0 if the table has no
 *     tier for this shortfall)
 * @param creditAmount {@code creditRatio x monthlyFee}, in the fee's currency
 */
public record VendorBreach(
        YearMonth month, double measuredAvailability, double objective, double creditRatio, double creditAmount) {}
