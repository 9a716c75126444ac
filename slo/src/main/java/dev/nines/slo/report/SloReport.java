package dev.nines.slo.report;

import dev.nines.core.internal.Arguments;
import dev.nines.slo.SloStatus;
import dev.nines.slo.SloTracker;
import dev.nines.slo.SloWindow;
import dev.nines.slo.incident.AvailabilityMetrics;
import dev.nines.slo.incident.Incident;
import dev.nines.slo.incident.RecordedIncident;
import dev.nines.slo.sla.DrillResult;
import dev.nines.slo.sla.ServiceProfile;
import dev.nines.slo.sla.Sla;
import dev.nines.slo.sla.SlaExclusion;
import dev.nines.slo.sla.SlaMonth;
import dev.nines.slo.sla.TierCheck;
import dev.nines.slo.sla.TierFinding;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * An SLO/SLA report over calendar months, rendered as plain text ({@link #toText()}), JSON
 * ({@link #toJson()}) or a self-contained HTML page with inline SVG charts ({@link #toHtml()}):
 * error-budget burn-down of the SLO's current window, availability per month against the SLA
 * objective, and an incident timeline. The page needs no JavaScript, no network and no fonts, and
 * is well-formed XHTML (it parses as XML).
 *
 * <p>The period counts only time that has happened: it runs from the start of the first month (or
 * {@link Builder#observedFrom(Instant) observedFrom}, if later) to the report time ({@link #generatedAt()})
 * or the end of the last month, whichever is earlier. A month observed only in part (the current month,
 * or the month the observation started in) is {@link #isPartial(YearMonth) partial}: its figures cover
 * the observed part, the renderers mark it, and an SLA "met" there means "met so far". Headline
 * figures (availability, MTTR, MTBF) are over the observed period, so MTBF is the observed uptime per
 * failure, and the headline availability is the time-weighted mean of the months'.
 *
 * <p>All figures are computed once, when the report is built; rendering is pure. Immutable and
 * thread-safe. Bad input raises {@link IllegalArgumentException} naming the field.
 *
 * <pre>{@code
 * SloReport report = SloReport.of("Checkout, Q1 2026", tracker, sla, incidents);
 * Files.writeString(Path.of("report.html"), report.toHtml());
 *
 * SloReport custom = SloReport.builder("Payments")
 *         .months(YearMonth.of(2026, 1), YearMonth.of(2026, 3))
 *         .slo(SloSection.of(tracker))
 *         .sla(sla, exclusions)
 *         .incidents(incidents)
 *         .observedFrom(serviceLaunch)
 *         .generatedAt(Instant.now())
 *         .build();
 * }</pre>
 */
public final class SloReport {

    /** The most months {@link #of(String, SloTracker, Sla, Collection)} covers. */
    public static final int MAX_DEFAULT_MONTHS = 12;

    private final String title;
    private final Instant generatedAt;
    private final ZoneId zone;
    private final YearMonth firstMonth;
    private final YearMonth lastMonth;
    private final Instant from;
    private final Instant to;
    private final Optional<SloSection> slo;
    private final Optional<Sla> sla;
    private final List<SlaMonth> slaMonths;
    private final List<AvailabilityMetrics> monthlyAvailability;
    private final AvailabilityMetrics overall;
    private final Map<String, AvailabilityMetrics> perService;
    private final List<Incident> incidents;
    private final List<RecordedIncident> timelines;
    private final List<DrillResult> lastDrills;
    private final List<TierFinding> drillFindings;

    private SloReport(Builder b, YearMonth firstMonth, YearMonth lastMonth) {
        this.title = b.title;
        this.zone = b.sla == null ? b.zone : b.sla.zone();
        this.firstMonth = firstMonth;
        this.lastMonth = lastMonth;
        Instant firstStart = AvailabilityMetrics.monthStart(firstMonth, zone);
        Instant lastStart = AvailabilityMetrics.monthStart(lastMonth, zone);
        Instant lastEnd = AvailabilityMetrics.monthStart(lastMonth.plusMonths(1), zone);
        this.generatedAt = b.generatedAt == null ? (b.slo == null ? lastEnd : b.slo.asOf()) : b.generatedAt;
        this.from = b.observedFrom == null || b.observedFrom.isBefore(firstStart) ? firstStart : b.observedFrom;
        this.to = generatedAt.isBefore(lastEnd) ? generatedAt : lastEnd;
        if (!to.isAfter(lastStart)) {
            throw new IllegalArgumentException("generatedAt must be after the start of the last month " + lastMonth
                    + " (" + lastStart + "), was " + generatedAt);
        }
        Instant firstEnd = AvailabilityMetrics.monthStart(firstMonth.plusMonths(1), zone);
        if (!from.isBefore(firstEnd) || !from.isBefore(to)) {
            throw new IllegalArgumentException("observedFrom must be before the end of the first month " + firstMonth
                    + " and before the end of the period " + to + ", was " + b.observedFrom);
        }
        this.slo = Optional.ofNullable(b.slo);
        this.sla = Optional.ofNullable(b.sla);
        List<Incident> all = new ArrayList<>(b.incidents);
        List<RecordedIncident> recorded = new ArrayList<>();
        for (RecordedIncident r : b.recorded) {
            Incident incident = r.toIncident(to); // still open: impact until the report time
            all.add(incident);
            if (incident.start().isBefore(to) && !incident.mitigated().isBefore(from)) {
                recorded.add(r);
            }
        }
        recorded.sort(Comparator.comparing(RecordedIncident::start).thenComparing(RecordedIncident::id));
        this.timelines = List.copyOf(recorded);
        List<Incident> inPeriod = new ArrayList<>();
        for (Incident incident : all) {
            if (incident.start().isBefore(to) && !incident.mitigated().isBefore(from)) {
                inPeriod.add(incident);
            }
        }
        inPeriod.sort(Comparator.comparing(Incident::start).thenComparing(Incident::id));
        this.incidents = List.copyOf(inPeriod);
        List<SlaMonth> months = new ArrayList<>();
        List<AvailabilityMetrics> monthly = new ArrayList<>();
        for (YearMonth m = firstMonth; !m.isAfter(lastMonth); m = m.plusMonths(1)) {
            Instant monthFrom = observedStart(m);
            Instant monthTo = observedEnd(m);
            monthly.add(AvailabilityMetrics.of(all, monthFrom, monthTo));
            if (b.sla != null) {
                SlaMonth outcome = b.sla.evaluate(m, monthFrom, monthTo, all, b.exclusions);
                for (SlaMeasured measured : b.measuredSlaMonths) {
                    if (measured.month.month().equals(m)) {
                        outcome = measured.month.observedOnly(monthFrom, monthTo);
                    }
                }
                months.add(outcome);
            }
        }
        this.slaMonths = List.copyOf(months);
        this.monthlyAvailability = List.copyOf(monthly);
        this.overall = AvailabilityMetrics.of(all, from, to);
        this.perService = AvailabilityMetrics.perService(inPeriod, from, to);
        Map<String, DrillResult> last = new TreeMap<>();
        for (DrillResult d : b.drills) {
            if (!d.finishedAt().isAfter(generatedAt)) {
                last.merge(d.system(), d, (x, y) -> y.finishedAt().isAfter(x.finishedAt()) ? y : x);
            }
        }
        this.lastDrills = List.copyOf(last.values());
        this.drillFindings = TierCheck.checkDrills(b.drillProfiles, b.drills, generatedAt);
    }

    /** A month outcome measured otherwise than from incidents. */
    private record SlaMeasured(SlaMonth month) {}

    private Instant observedStart(YearMonth month) {
        Instant start = AvailabilityMetrics.monthStart(month, zone);
        return from.isAfter(start) ? from : start;
    }

    private Instant observedEnd(YearMonth month) {
        Instant end = AvailabilityMetrics.monthStart(month.plusMonths(1), zone);
        return to.isBefore(end) ? to : end;
    }

    /**
     * Tells whether a month of the report was observed only in part: the report was made before it
     * ended, or the observation started after it began.
     *
     * @param month a month of the report
     * @return true if its figures cover only part of it
     * @throws IllegalArgumentException if the month is outside the report
     */
    public boolean isPartial(YearMonth month) {
        Objects.requireNonNull(month, "month");
        if (month.isBefore(firstMonth) || month.isAfter(lastMonth)) {
            throw new IllegalArgumentException(
                    "month must be within " + firstMonth + " to " + lastMonth + ", was " + month);
        }
        return !observedStart(month).equals(AvailabilityMetrics.monthStart(month, zone))
                || !observedEnd(month).equals(AvailabilityMetrics.monthStart(month.plusMonths(1), zone));
    }

    /**
     * Returns a report on one SLO tracker, one SLA and its incidents. It covers months in the SLA's
     * zone: from the month of the earliest incident (at most {@value #MAX_DEFAULT_MONTHS} months back)
     * to the tracker's current time, which is also the generation time (the current month is partial).
     * SLA months are measured from the incidents, except that when the tracker's SLO window is the
     * SLA's calendar month (same zone), the current month is measured from the tracker's counted
     * events (request-based, as {@link Sla#evaluate(YearMonth, dev.nines.slo.SliCounts)}).
     *
     * @param title the report title, not blank
     * @param tracker the SLO tracker backing the SLA
     * @param sla the SLA
     * @param incidents the incidents of the service
     * @return the report
     */
    public static SloReport of(String title, SloTracker tracker, Sla sla, Collection<Incident> incidents) {
        Objects.requireNonNull(tracker, "tracker");
        Objects.requireNonNull(sla, "sla");
        Objects.requireNonNull(incidents, "incidents");
        SloSection section = SloSection.of(tracker);
        // the month holding the last nanosecond before asOf: asOf itself may be the first instant of a month
        YearMonth last = YearMonth.from(section.asOf().minusNanos(1).atZone(sla.zone()));
        YearMonth first = last;
        for (Incident incident : incidents) {
            YearMonth m = YearMonth.from(incident.start().atZone(sla.zone()));
            if (m.isBefore(first)) {
                first = m;
            }
        }
        if (first.isBefore(last.minusMonths(MAX_DEFAULT_MONTHS - 1))) {
            first = last.minusMonths(MAX_DEFAULT_MONTHS - 1);
        }
        Builder builder = builder(title)
                .months(first, last)
                .slo(section)
                .sla(sla, List.of())
                .incidents(incidents);
        SloWindow window = tracker.slo().window();
        if (window instanceof SloWindow.CalendarMonth calendarMonth
                && calendarMonth.zone().getRules().equals(sla.zone().getRules())) {
            SloStatus status = tracker.status();
            YearMonth measured = YearMonth.from(status.windowStart().atZone(sla.zone()));
            if (!measured.isBefore(first) && !measured.isAfter(last)) {
                builder.slaMonth(sla.evaluate(measured, status.counted()));
            }
        }
        return builder.build();
    }

    /**
     * Returns a builder; the months must be set.
     *
     * @param title the report title, not blank
     * @return the builder
     */
    public static Builder builder(String title) {
        return new Builder(Arguments.notBlank("title", title));
    }

    /**
     * Returns the title.
     *
     * @return the title
     */
    public String title() {
        return title;
    }

    /**
     * Returns when the report was generated (the SLO's evaluation instant unless set).
     *
     * @return the instant
     */
    public Instant generatedAt() {
        return generatedAt;
    }

    /**
     * Returns the zone whose calendar months the report covers.
     *
     * @return the zone
     */
    public ZoneId zone() {
        return zone;
    }

    /**
     * Returns the first month covered.
     *
     * @return the month
     */
    public YearMonth firstMonth() {
        return firstMonth;
    }

    /**
     * Returns the last month covered.
     *
     * @return the month
     */
    public YearMonth lastMonth() {
        return lastMonth;
    }

    /**
     * Returns the start of the period: the start of the first month, or the observation start if later.
     *
     * @return the instant
     */
    public Instant from() {
        return from;
    }

    /**
     * Returns the end (exclusive) of the period: the report time, or the end of the last month if
     * earlier. Nothing after it is counted.
     *
     * @return the instant
     */
    public Instant to() {
        return to;
    }

    /**
     * Returns the SLO section, if any.
     *
     * @return the section
     */
    public Optional<SloSection> slo() {
        return slo;
    }

    /**
     * Returns the SLA, if any.
     *
     * @return the SLA
     */
    public Optional<Sla> sla() {
        return sla;
    }

    /**
     * Returns the SLA outcome per month (empty without an SLA); partial months are measured over their
     * observed part and marked {@link SlaMonth#partial()}.
     *
     * @return one entry per month
     */
    public List<SlaMonth> slaMonths() {
        return slaMonths;
    }

    /**
     * Returns the incident-based availability per month, each over its observed part.
     *
     * @return one entry per month
     */
    public List<AvailabilityMetrics> monthlyAvailability() {
        return monthlyAvailability;
    }

    /**
     * Returns the incident-based availability over the observed period ({@link #from()} to {@link #to()}).
     *
     * @return the figures over all services
     */
    public AvailabilityMetrics overall() {
        return overall;
    }

    /**
     * Returns the incident-based availability per service over the report period.
     *
     * @return the figures by service name
     */
    public Map<String, AvailabilityMetrics> perService() {
        return perService;
    }

    /**
     * Returns the incidents overlapping the period, by start.
     *
     * @return the incidents
     */
    public List<Incident> incidents() {
        return incidents;
    }

    /**
     * Returns the latest drill of each system (by {@code finishedAt}, up to the generation instant),
     * by system name; see {@link Builder#drills(Collection, Collection)}.
     *
     * @return the latest drills, empty if none were given
     */
    public List<DrillResult> lastDrills() {
        return lastDrills;
    }

    /**
     * Returns the services whose recovery drill is overdue for their criticality tier, or whose latest
     * real drill of some kind failed, as of the generation instant ({@link TierCheck#checkDrills},
     * with its default {@linkplain TierCheck#RECOVERY_DRILL_KINDS recovery kinds}).
     *
     * @return the findings, empty if every service is within its interval
     */
    public List<TierFinding> drillFindings() {
        return drillFindings;
    }

    /**
     * Returns the recorded incidents overlapping the period, by start, whose timelines the report
     * shows (see {@link Builder#recordedIncidents(Collection)}).
     *
     * @return the recorded incidents
     */
    public List<RecordedIncident> timelines() {
        return timelines;
    }

    /**
     * Renders the report as plain text for e-mail or a terminal.
     *
     * @return the text, lines ending in {@code \n}
     */
    public String toText() {
        return TextRenderer.render(this);
    }

    /**
     * Renders the report as one JSON object (strings escaped so that any title or name yields
     * valid JSON; non-finite numbers as {@code null}; durations in seconds).
     *
     * @return the JSON text
     */
    public String toJson() {
        return JsonRenderer.render(this);
    }

    /**
     * Renders the report as a self-contained, well-formed XHTML page with inline SVG charts.
     *
     * @return the HTML text
     */
    public String toHtml() {
        return HtmlRenderer.render(this);
    }

    /** A builder of {@link SloReport}s; not thread-safe. */
    public static final class Builder {
        private final String title;
        private @Nullable YearMonth first;
        private @Nullable YearMonth last;
        private ZoneId zone = ZoneOffset.UTC;
        private @Nullable SloSection slo;
        private @Nullable Sla sla;
        private List<SlaExclusion> exclusions = List.of();
        private List<Incident> incidents = List.of();
        private List<RecordedIncident> recorded = List.of();
        private List<DrillResult> drills = List.of();
        private List<ServiceProfile> drillProfiles = List.of();
        private final List<SlaMeasured> measuredSlaMonths = new ArrayList<>();
        private @Nullable Instant generatedAt; // null: the end of the last month, or the SLO section's time
        private @Nullable Instant observedFrom; // null: from the start of the first month

        private Builder(String title) {
            this.title = title;
        }

        /**
         * Sets the months covered, inclusive.
         *
         * @param first the first month
         * @param last the last month, not before {@code first}
         * @return this builder
         */
        public Builder months(YearMonth first, YearMonth last) {
            Objects.requireNonNull(first, "first");
            Objects.requireNonNull(last, "last");
            if (last.isBefore(first)) {
                throw new IllegalArgumentException("last month must not be before first " + first + ", was " + last);
            }
            this.first = first;
            this.last = last;
            return this;
        }

        /**
         * Sets the zone of the months when there is no SLA (default UTC; an SLA's zone wins).
         *
         * @param zone the zone
         * @return this builder
         */
        public Builder zone(ZoneId zone) {
            this.zone = Objects.requireNonNull(zone, "zone");
            return this;
        }

        /**
         * Sets the SLO section.
         *
         * @param slo the section, e.g. {@link SloSection#of(SloTracker)}
         * @return this builder
         */
        public Builder slo(SloSection slo) {
            this.slo = Objects.requireNonNull(slo, "slo");
            return this;
        }

        /**
         * Sets the SLA and the exclusions claimed against it.
         *
         * @param sla the SLA
         * @param exclusions the exclusions
         * @return this builder
         */
        public Builder sla(Sla sla, Collection<SlaExclusion> exclusions) {
            this.sla = Objects.requireNonNull(sla, "sla");
            this.exclusions = List.copyOf(exclusions);
            return this;
        }

        /**
         * Replaces the incident-based SLA outcome of one month with one measured otherwise, e.g.
         * {@code sla.evaluate(month, tracker.status().counted())}; ignored for a month outside the
         * report.
         *
         * @param measured the outcome of its month
         * @return this builder
         */
        public Builder slaMonth(SlaMonth measured) {
            measuredSlaMonths.add(new SlaMeasured(Objects.requireNonNull(measured, "measured")));
            return this;
        }

        /**
         * Sets when observation of the service started, if after the start of the first month (for
         * example the launch of the service, or the start of a simulation): time before it is not
         * counted, and the first month is partial.
         *
         * @param observedFrom the instant, before the end of the first month and the report time
         * @return this builder
         */
        public Builder observedFrom(Instant observedFrom) {
            this.observedFrom = Objects.requireNonNull(observedFrom, "observedFrom");
            return this;
        }

        /**
         * Sets the incidents.
         *
         * @param incidents the incidents
         * @return this builder
         */
        public Builder incidents(Collection<Incident> incidents) {
            this.incidents = List.copyOf(incidents);
            return this;
        }

        /**
         * Sets the incidents an {@code IncidentRecorder} recorded, as they are: each counts in every
         * figure as {@link RecordedIncident#toIncident(Instant)} at the report time (an incident still
         * open is impact until then), beside those of {@link #incidents(Collection)}, and the report
         * shows its timeline.
         *
         * @param recorded the recorded incidents
         * @return this builder
         */
        public Builder recordedIncidents(Collection<RecordedIncident> recorded) {
            this.recorded = List.copyOf(recorded);
            return this;
        }

        /**
         * Sets the availability drills to report and the services to check for overdue drills: the
         * report lists the latest drill per system and flags each service whose tier's drill interval
         * has passed since its last passed real recovery drill, or whose latest real drill of some kind
         * failed ({@link TierCheck#checkDrills(Collection, Collection, java.time.Instant)}).
         *
         * @param drills the drill results (from drill evidence documents), of any systems
         * @param profiles the services and their tiers; those whose tier has no recovery objectives are
         *     not checked
         * @return this builder
         */
        public Builder drills(Collection<DrillResult> drills, Collection<ServiceProfile> profiles) {
            this.drills = List.copyOf(drills);
            this.drillProfiles = List.copyOf(profiles);
            return this;
        }

        /**
         * Sets the generation instant (default: the SLO section's evaluation instant, else the end of
         * the last month). The period ends there if it is before the end of the last month.
         *
         * @param generatedAt the instant
         * @return this builder
         */
        public Builder generatedAt(Instant generatedAt) {
            this.generatedAt = Objects.requireNonNull(generatedAt, "generatedAt");
            return this;
        }

        /**
         * Builds the report, computing every figure.
         *
         * @return the report
         * @throws IllegalArgumentException if the months are not set, the report time is not after the
         *     start of the last month, or {@code observedFrom} is not before the end of the first month
         *     and the report time
         */
        public SloReport build() {
            YearMonth firstMonth = first;
            YearMonth lastMonth = last;
            if (firstMonth == null || lastMonth == null) { // months(first, last) sets both
                throw new IllegalArgumentException("months of report " + title + " must be set, was unset");
            }
            return new SloReport(this, firstMonth, lastMonth);
        }
    }
}
