package dev.nines.slo.sla;

import dev.nines.core.internal.Arguments;
import dev.nines.slo.SliCounts;
import dev.nines.slo.SloStatus;
import dev.nines.slo.SloTracker;
import dev.nines.slo.SloWindow;
import dev.nines.slo.incident.Incident;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Verification of a third party's SLA against our own measurements of it: per month, whether the
 * promise was kept, and for each breach the credit we can claim.
 *
 * <p>Measurements come from our incident records of the dependency
 * ({@link #fromIncidents}), from monthly request counts ({@link #fromCounts}), or from an
 * {@link SloTracker} whose SLO window is the SLA's calendar month ({@link #fromTracker}, the
 * current month so far). Immutable.
 *
 * <pre>{@code
 * VendorSlaReport storage = VendorSlaReport.fromIncidents(vendorSla, YearMonth.of(2026, 1),
 *         YearMonth.of(2026, 6), ourIncidentsOfTheVendor, vendorMaintenance, 12_000.0);
 * storage.breaches().forEach(b -> fileClaim(b.month(), b.creditAmount()));
 * }</pre>
 *
 * @param slaName the vendor's SLA
 * @param monthlyFee what we pay per month, not negative, in any currency
 * @param months the outcome of every month measured
 * @param breaches the months the SLA was missed, in order
 */
public record VendorSlaReport(String slaName, double monthlyFee, List<SlaMonth> months, List<VendorBreach> breaches) {

    /**
     * Copies the lists.
     *
     * @param slaName the vendor's SLA
     * @param monthlyFee the monthly fee
     * @param months the months
     * @param breaches the breaches
     */
    public VendorSlaReport {
        Objects.requireNonNull(slaName, "slaName");
        Arguments.atLeast("monthlyFee", monthlyFee, 0.0);
        months = List.copyOf(months);
        breaches = List.copyOf(breaches);
    }

    /**
     * Verifies months {@code first} to {@code last}, whole, from our incident records of the vendor.
     * For a range that reaches the present, use
     * {@link #fromIncidents(Sla, YearMonth, YearMonth, Instant, Collection, Collection, double)}.
     *
     * @param sla the vendor's SLA
     * @param first the first month
     * @param last the last month
     * @param incidents our incidents of the vendor's service
     * @param exclusions maintenance and force majeure the vendor declared
     * @param monthlyFee what we pay per month, not negative
     * @return the report
     */
    public static VendorSlaReport fromIncidents(
            Sla sla,
            YearMonth first,
            YearMonth last,
            Collection<Incident> incidents,
            Collection<SlaExclusion> exclusions,
            double monthlyFee) {
        Objects.requireNonNull(sla, "sla");
        return of(sla, sla.evaluate(first, last, incidents, exclusions), monthlyFee);
    }

    /**
     * Verifies months {@code first} to {@code last} from our incident records of the vendor, as of
     * {@code asOf}: a month still running then is measured up to {@code asOf} and marked
     * {@linkplain SlaMonth#partial() partial}.
     *
     * @param sla the vendor's SLA
     * @param first the first month
     * @param last the last month
     * @param asOf the time of the report
     * @param incidents our incidents of the vendor's service
     * @param exclusions maintenance and force majeure the vendor declared
     * @param monthlyFee what we pay per month, not negative
     * @return the report
     * @throws IllegalArgumentException as {@link Sla#evaluate(YearMonth, YearMonth, Instant, Collection, Collection)}
     */
    public static VendorSlaReport fromIncidents(
            Sla sla,
            YearMonth first,
            YearMonth last,
            Instant asOf,
            Collection<Incident> incidents,
            Collection<SlaExclusion> exclusions,
            double monthlyFee) {
        Objects.requireNonNull(sla, "sla");
        return of(sla, sla.evaluate(first, last, asOf, incidents, exclusions), monthlyFee);
    }

    /**
     * Verifies months from our request counts against the vendor (excluded events already
     * removed).
     *
     * @param sla the vendor's SLA
     * @param counts good and bad calls per month
     * @param monthlyFee what we pay per month, not negative
     * @return the report, months in order
     */
    public static VendorSlaReport fromCounts(Sla sla, Map<YearMonth, SliCounts> counts, double monthlyFee) {
        Objects.requireNonNull(sla, "sla");
        Objects.requireNonNull(counts, "counts");
        List<SlaMonth> months = new ArrayList<>();
        for (Map.Entry<YearMonth, SliCounts> e : new TreeMap<>(counts).entrySet()) {
            months.add(sla.evaluate(e.getKey(), e.getValue()));
        }
        return of(sla, months, monthlyFee);
    }

    /**
     * Verifies the current month so far from a tracker of our calls to the vendor.
     *
     * @param sla the vendor's SLA
     * @param tracker a tracker whose SLO window is the calendar month in the SLA's zone
     * @param monthlyFee what we pay per month, not negative
     * @return the report for the current month, {@linkplain SlaMonth#partial() partial} and ending at the
     *     tracker's now until the month is over
     * @throws IllegalArgumentException if the tracker's window is not the SLA's calendar month
     */
    public static VendorSlaReport fromTracker(Sla sla, SloTracker tracker, double monthlyFee) {
        Objects.requireNonNull(sla, "sla");
        Objects.requireNonNull(tracker, "tracker");
        SloWindow window = tracker.slo().window();
        if (!(window instanceof SloWindow.CalendarMonth calendarMonth)
                || !calendarMonth.zone().getRules().equals(sla.zone().getRules())) {
            throw new IllegalArgumentException("window of tracker "
                    + tracker.slo().name() + " must be the calendar month in " + sla.zone() + ", was " + window);
        }
        SloStatus status = tracker.status();
        YearMonth month = YearMonth.from(status.windowStart().atZone(sla.zone()));
        SlaMonth whole = sla.evaluate(month, status.counted());
        // The month so far: it ends at the tracker's now and is partial until the month is over.
        Instant to = status.asOf().isBefore(whole.to()) ? status.asOf() : whole.to();
        SlaMonth soFar = new SlaMonth(
                whole.slaName(),
                month,
                whole.from(),
                to,
                whole.availability(),
                whole.countedDowntime(),
                whole.excludedDowntime(),
                whole.met(),
                whole.creditRatio(),
                whole.rejectedExclusions(),
                to.isBefore(whole.to()));
        return of(sla, List.of(soFar), monthlyFee);
    }

    private static VendorSlaReport of(Sla sla, List<SlaMonth> months, double monthlyFee) {
        Arguments.atLeast("monthlyFee", monthlyFee, 0.0);
        List<VendorBreach> breaches = new ArrayList<>();
        for (SlaMonth m : months) {
            if (!m.met()) {
                breaches.add(new VendorBreach(
                        m.month(), m.availability(), sla.objective(), m.creditRatio(), m.creditRatio() * monthlyFee));
            }
        }
        return new VendorSlaReport(sla.name(), monthlyFee, months, breaches);
    }

    /**
     * Returns the credit we can claim over all months.
     *
     * @return the sum of the breaches' credit amounts
     */
    public double totalCredit() {
        double sum = 0;
        for (VendorBreach b : breaches) {
            sum += b.creditAmount();
        }
        return sum;
    }
}
