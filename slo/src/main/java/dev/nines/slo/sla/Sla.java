package dev.nines.slo.sla;

import dev.nines.core.internal.Arguments;
import dev.nines.slo.Sli;
import dev.nines.slo.SliCounts;
import dev.nines.slo.SloWindow;
import dev.nines.slo.exclusion.ExclusionKind;
import dev.nines.slo.incident.AvailabilityMetrics;
import dev.nines.slo.incident.Downtime;
import dev.nines.slo.incident.DowntimeInterval;
import dev.nines.slo.incident.Incident;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * A service level agreement: the contractual promise, kept apart from the internal {@link
 * dev.nines.slo.Slo}s that back it. Measured per calendar month in a time zone, with exclusions
 * (maintenance announced at least {@code maintenanceNotice} ahead; force majeure if the contract
 * says so) and a {@link CreditTable}.
 *
 * <p>{@link #evaluate(YearMonth, Collection, Collection)} measures a month from incidents: the
 * merged downtime of the incidents (impact-weighted unless {@code weightPartialOutages(false)}),
 * minus honoured exclusions, over the whole month: {@code availability = 1 - downtime / month}.
 * {@link #evaluate(YearMonth, SliCounts)} measures it from request counts instead. {@code met}
 * and the credit are decided exactly in decimal, so 99.95% exactly meets a 99.95% objective.
 *
 * <p>Immutable and thread-safe. Bad input raises {@link IllegalArgumentException} naming the field
 * and value.
 *
 * <pre>{@code
 * Sla sla = Sla.builder("checkout-sla")
 *         .objective(0.9995)
 *         .zone(ZoneOffset.UTC)
 *         .maintenanceNotice(Duration.ofDays(5))
 *         .creditTable(CreditTable.builder().creditBelow(0.9995, 0.10).creditBelow(0.99, 0.25).build())
 *         .build();
 * SlaMonth march = sla.evaluate(YearMonth.of(2026, 3), incidents, exclusions);
 * }</pre>
 */
public final class Sla {

    private final String name;
    private final double objective;
    private final ZoneId zone;
    private final Sli sli;
    private final Duration maintenanceNotice;
    private final boolean forceMajeureExcluded;
    private final boolean weightPartialOutages;
    private final CreditTable creditTable;

    private Sla(Builder b) {
        this.name = b.name;
        this.objective = b.objective;
        this.zone = b.zone;
        this.sli = b.sli;
        this.maintenanceNotice = b.maintenanceNotice;
        this.forceMajeureExcluded = b.forceMajeureExcluded;
        this.weightPartialOutages = b.weightPartialOutages;
        this.creditTable = b.creditTable;
    }

    /**
     * Returns a builder; the objective must be set.
     *
     * @param name the SLA name, not blank
     * @return the builder
     */
    public static Builder builder(String name) {
        return new Builder(Arguments.notBlank("name", name));
    }

    /**
     * Returns a builder initialised with this SLA's settings.
     *
     * @return the builder
     */
    public Builder toBuilder() {
        Builder b = new Builder(name);
        b.objective = objective;
        b.zone = zone;
        b.sli = sli;
        b.maintenanceNotice = maintenanceNotice;
        b.forceMajeureExcluded = forceMajeureExcluded;
        b.weightPartialOutages = weightPartialOutages;
        b.creditTable = creditTable;
        return b;
    }

    /**
     * Returns the name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * Returns the promised availability.
     *
     * @return a ratio in (0, 1)
     */
    public double objective() {
        return objective;
    }

    /**
     * Returns the zone whose calendar months are the measurement periods.
     *
     * @return the zone
     */
    public ZoneId zone() {
        return zone;
    }

    /**
     * Returns the measurement period as an SLO window: the calendar month in {@link #zone()}.
     *
     * @return the window
     */
    public SloWindow window() {
        return SloWindow.calendarMonth(zone);
    }

    /**
     * Returns the indicator the SLA is written on.
     *
     * @return the SLI
     */
    public Sli sli() {
        return sli;
    }

    /**
     * Returns the minimum notice for a maintenance window to be excluded.
     *
     * @return the notice period
     */
    public Duration maintenanceNotice() {
        return maintenanceNotice;
    }

    /**
     * Returns whether force-majeure intervals are excluded.
     *
     * @return whether the contract has a force-majeure clause
     */
    public boolean isForceMajeureExcluded() {
        return forceMajeureExcluded;
    }

    /**
     * Returns whether partial outages count with their impact ratio (true) or as full downtime.
     *
     * @return whether partial outages are weighted
     */
    public boolean isWeightPartialOutages() {
        return weightPartialOutages;
    }

    /**
     * Returns the credit table.
     *
     * @return the table
     */
    public CreditTable creditTable() {
        return creditTable;
    }

    /**
     * Returns whether {@code exclusion} is honoured by this SLA.
     *
     * @param exclusion the exclusion
     * @return true for force majeure if the contract excludes it, and for maintenance announced at
     *     least {@link #maintenanceNotice()} ahead
     */
    public boolean honours(SlaExclusion exclusion) {
        Objects.requireNonNull(exclusion, "exclusion");
        if (exclusion.kind() == ExclusionKind.FORCE_MAJEURE) {
            return forceMajeureExcluded;
        }
        return exclusion.notice().compareTo(maintenanceNotice) >= 0;
    }

    /**
     * Measures one whole month from incidents. The divisor is the whole month: for a month still
     * running, use {@link #evaluate(YearMonth, YearMonth, Instant, Collection, Collection)} or
     * {@link #evaluate(YearMonth, Instant, Instant, Collection, Collection)}, which end at the time you
     * give and mark the month partial.
     *
     * @param month the month
     * @param incidents the incidents of the service the SLA covers (excluded ones are ignored)
     * @param exclusions exclusions claimed by the provider
     * @return the outcome
     */
    public SlaMonth evaluate(YearMonth month, Collection<Incident> incidents, Collection<SlaExclusion> exclusions) {
        Objects.requireNonNull(month, "month");
        return evaluate(
                month,
                AvailabilityMetrics.monthStart(month, zone),
                AvailabilityMetrics.monthStart(month.plusMonths(1), zone),
                incidents,
                exclusions);
    }

    /**
     * Measures the observed part of one month from incidents: {@code [observedFrom, observedTo)} clipped to
     * the month, for a month still running (or observed from within it). Availability and credit are
     * those of the observed part; the outcome is {@link SlaMonth#partial() partial} unless the part is
     * the whole month.
     *
     * @param month the month
     * @param observedFrom the start of observation
     * @param observedTo the end of observation (for example the report time)
     * @param incidents the incidents of the service the SLA covers (excluded ones are ignored)
     * @param exclusions exclusions claimed by the provider
     * @return the outcome
     * @throws IllegalArgumentException if the observed part of the month is empty
     */
    public SlaMonth evaluate(
            YearMonth month,
            Instant observedFrom,
            Instant observedTo,
            Collection<Incident> incidents,
            Collection<SlaExclusion> exclusions) {
        Objects.requireNonNull(month, "month");
        Objects.requireNonNull(observedFrom, "observedFrom");
        Objects.requireNonNull(observedTo, "observedTo");
        Objects.requireNonNull(incidents, "incidents");
        Objects.requireNonNull(exclusions, "exclusions");
        Instant monthStart = AvailabilityMetrics.monthStart(month, zone);
        Instant monthEnd = AvailabilityMetrics.monthStart(month.plusMonths(1), zone);
        Instant from = observedFrom.isAfter(monthStart) ? observedFrom : monthStart;
        Instant to = observedTo.isBefore(monthEnd) ? observedTo : monthEnd;
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException(
                    "observed part of " + month + " must not be empty, was " + observedFrom + " to " + observedTo);
        }
        boolean partial = !from.equals(monthStart) || !to.equals(monthEnd);
        List<DowntimeInterval> down = Downtime.intervals(incidents, from, to);
        List<Instant[]> honoured = new ArrayList<>();
        List<SlaExclusion> rejected = new ArrayList<>();
        for (SlaExclusion exclusion : exclusions) {
            if (!exclusion.start().isBefore(to) || !exclusion.end().isAfter(from)) {
                continue;
            }
            if (honours(exclusion)) {
                honoured.add(new Instant[] {exclusion.start(), exclusion.end()});
            } else {
                rejected.add(exclusion);
            }
        }
        List<DowntimeInterval> counted = Downtime.minus(down, honoured);
        Duration excluded = Downtime.total(down).minus(Downtime.total(counted));
        BigDecimal downNanos = weightPartialOutages
                ? new BigDecimal(Downtime.weightedNanos(counted))
                : BigDecimal.valueOf(Downtime.total(counted).toNanos());
        BigDecimal periodNanos = BigDecimal.valueOf(Duration.between(from, to).toNanos());
        BigDecimal up = periodNanos.subtract(downNanos).max(BigDecimal.ZERO);
        double availability = up.doubleValue() / periodNanos.doubleValue();
        return new SlaMonth(
                name,
                month,
                from,
                to,
                availability,
                Duration.ofNanos(
                        downNanos.setScale(0, java.math.RoundingMode.HALF_UP).longValueExact()),
                excluded,
                meets(up, periodNanos),
                creditTable.creditRatio(up, periodNanos),
                rejected,
                partial);
    }

    /**
     * Measures months {@code first} to {@code last} inclusive, whole, from incidents. For a range
     * that reaches the present, use {@link #evaluate(YearMonth, YearMonth, Instant, Collection, Collection)}.
     *
     * @param first the first month
     * @param last the last month, not before {@code first}
     * @param incidents the incidents
     * @param exclusions exclusions claimed by the provider
     * @return one outcome per month, in order
     */
    public List<SlaMonth> evaluate(
            YearMonth first, YearMonth last, Collection<Incident> incidents, Collection<SlaExclusion> exclusions) {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(last, "last");
        if (last.isBefore(first)) {
            throw new IllegalArgumentException("last month must not be before first " + first + ", was " + last);
        }
        List<SlaMonth> out = new ArrayList<>();
        for (YearMonth m = first; !m.isAfter(last); m = m.plusMonths(1)) {
            out.add(evaluate(m, incidents, exclusions));
        }
        return out;
    }

    /**
     * Measures months {@code first} to {@code last} inclusive from incidents, as of {@code asOf}: a
     * month that has not ended by then is measured up to {@code asOf} and marked
     * {@link SlaMonth#partial() partial}, so time that has not happened never counts as up time.
     *
     * @param first the first month
     * @param last the last month, not before {@code first}
     * @param asOf the time of the report; every month in the range must have started by then
     * @param incidents the incidents
     * @param exclusions exclusions claimed by the provider
     * @return one outcome per month, in order
     * @throws IllegalArgumentException if {@code last} is before {@code first}, or {@code asOf} is not
     *     after the start of {@code last}
     */
    public List<SlaMonth> evaluate(
            YearMonth first,
            YearMonth last,
            Instant asOf,
            Collection<Incident> incidents,
            Collection<SlaExclusion> exclusions) {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(last, "last");
        Objects.requireNonNull(asOf, "asOf");
        if (last.isBefore(first)) {
            throw new IllegalArgumentException("last month must not be before first " + first + ", was " + last);
        }
        Instant lastStart = AvailabilityMetrics.monthStart(last, zone);
        if (!asOf.isAfter(lastStart)) {
            throw new IllegalArgumentException(
                    "asOf must be after the start of the last month " + last + " (" + lastStart + "), was " + asOf);
        }
        List<SlaMonth> out = new ArrayList<>();
        for (YearMonth m = first; !m.isAfter(last); m = m.plusMonths(1)) {
            out.add(evaluate(m, AvailabilityMetrics.monthStart(m, zone), asOf, incidents, exclusions));
        }
        return out;
    }

    /**
     * Measures one month from request counts (already without excluded events).
     *
     * @param month the month
     * @param counts the good and bad events of the month
     * @return the outcome; a month without events meets the SLA
     */
    public SlaMonth evaluate(YearMonth month, SliCounts counts) {
        Objects.requireNonNull(month, "month");
        Objects.requireNonNull(counts, "counts");
        Instant from = AvailabilityMetrics.monthStart(month, zone);
        Instant to = AvailabilityMetrics.monthStart(month.plusMonths(1), zone);
        BigDecimal good = BigDecimal.valueOf(counts.total() == 0 ? 1 : counts.good());
        BigDecimal total = BigDecimal.valueOf(counts.total() == 0 ? 1 : counts.total());
        return new SlaMonth(
                name,
                month,
                from,
                to,
                counts.goodRatio(),
                Duration.ZERO,
                Duration.ZERO,
                meets(good, total),
                creditTable.creditRatio(good, total),
                List.of());
    }

    private boolean meets(BigDecimal good, BigDecimal total) {
        return good.compareTo(BigDecimal.valueOf(objective).multiply(total)) >= 0;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Sla s)) {
            return false;
        }
        return name.equals(s.name)
                && objective == s.objective
                && zone.equals(s.zone)
                && sli.equals(s.sli)
                && maintenanceNotice.equals(s.maintenanceNotice)
                && forceMajeureExcluded == s.forceMajeureExcluded
                && weightPartialOutages == s.weightPartialOutages
                && creditTable.equals(s.creditTable);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, objective, zone, sli, maintenanceNotice, creditTable);
    }

    @Override
    public String toString() {
        return "Sla[" + name + ", objective=" + objective + ", zone=" + zone + ", sli=" + sli + "]";
    }

    /** A builder of {@link Sla}s; not thread-safe. */
    public static final class Builder {
        private final String name;
        private double objective = Double.NaN;
        private ZoneId zone = ZoneOffset.UTC;
        private Sli sli = Sli.requestRatio();
        private Duration maintenanceNotice = Duration.ofDays(5);
        private boolean forceMajeureExcluded = true;
        private boolean weightPartialOutages = true;
        private CreditTable creditTable = CreditTable.none();

        private Builder(String name) {
            this.name = name;
        }

        /**
         * Sets the promised availability.
         *
         * @param objective a ratio in (0, 1), e.g. 0.9995
         * @return this builder
         */
        public Builder objective(double objective) {
            this.objective = Arguments.inOpen("objective", objective, 0, 1);
            return this;
        }

        /**
         * Sets the zone whose calendar months are measured (default UTC).
         *
         * @param zone the zone
         * @return this builder
         */
        public Builder zone(ZoneId zone) {
            this.zone = Objects.requireNonNull(zone, "zone");
            return this;
        }

        /**
         * Sets the indicator the SLA is written on (default {@link Sli#requestRatio()}).
         *
         * @param sli the SLI
         * @return this builder
         */
        public Builder sli(Sli sli) {
            this.sli = Objects.requireNonNull(sli, "sli");
            return this;
        }

        /**
         * Sets the minimum notice for a maintenance to be excluded (default 5 days).
         *
         * @param notice not negative
         * @return this builder
         */
        public Builder maintenanceNotice(Duration notice) {
            this.maintenanceNotice = Arguments.notNegative("maintenanceNotice", notice);
            return this;
        }

        /**
         * Sets whether force majeure is excluded (default true).
         *
         * @param excluded whether the contract has a force-majeure clause
         * @return this builder
         */
        public Builder forceMajeureExcluded(boolean excluded) {
            this.forceMajeureExcluded = excluded;
            return this;
        }

        /**
         * Sets whether partial outages count with their impact ratio (default true) or as full
         * downtime.
         *
         * @param weighted whether to weight
         * @return this builder
         */
        public Builder weightPartialOutages(boolean weighted) {
            this.weightPartialOutages = weighted;
            return this;
        }

        /**
         * Sets the credit table (default: no credits).
         *
         * @param creditTable the table
         * @return this builder
         */
        public Builder creditTable(CreditTable creditTable) {
            this.creditTable = Objects.requireNonNull(creditTable, "creditTable");
            return this;
        }

        /**
         * Builds the SLA.
         *
         * @return the SLA
         * @throws IllegalArgumentException if the objective is not set, or a credit threshold lies
         *     above the objective (a credit owed while the SLA is met)
         */
        public Sla build() {
            if (Double.isNaN(objective)) {
                throw new IllegalArgumentException("objective of SLA " + name + " must be set, was unset");
            }
            for (CreditTable.Tier tier : creditTable.tiers()) {
                if (tier.belowRatio() > objective) {
                    throw new IllegalArgumentException("credit threshold of SLA " + name
                            + " must not exceed the objective " + objective + ", was " + tier.belowRatio());
                }
            }
            return new Sla(this);
        }
    }
}
