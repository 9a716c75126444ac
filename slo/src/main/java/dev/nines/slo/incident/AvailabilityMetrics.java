package dev.nines.slo.incident;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Availability figures of one period, for one service or all, computed from incidents.
 *
 * <ul>
 *   <li>{@code downtime}: merged impact intervals clipped to the period, impact ignored;
 *       {@code timeAvailability = 1 - downtime / period}.</li>
 *   <li>{@code weightedDowntime}: the same weighted by each stretch's impact ratio (see
 *       {@link Downtime}); {@code requestAvailability = 1 - weightedDowntime / period}, the
 *       availability users perceive, assuming steady traffic.</li>
 *   <li>{@code failureCount}: the non-excluded incidents that started in the period; MTTD
 *       (start to detected), MTTA (detected to acknowledged), MTTR (start to mitigated: time to
 *       restore) and mean time to resolve (start to resolved) are their means, unclipped;
 *       MTBF = {@code (period - downtime) / failureCount} (uptime per failure). All empty without
 *       failures.</li>
 * </ul>
 *
 * <p>Immutable. Bad input (period end not after start, null incidents) raises
 * {@link IllegalArgumentException} or {@link NullPointerException}.
 *
 * <pre>{@code
 * AvailabilityMetrics march = AvailabilityMetrics.of(incidents, marchStart, aprilStart);
 * Map<String, AvailabilityMetrics> byService = AvailabilityMetrics.perService(incidents, marchStart, aprilStart);
 * List<AvailabilityMetrics> months = AvailabilityMetrics.perMonth(incidents, YearMonth.of(2026, 1),
 *         YearMonth.of(2026, 6), ZoneOffset.UTC);
 * }</pre>
 *
 * @param scope the service name, or {@link #ALL_SERVICES}
 * @param from the period start
 * @param to the period end
 * @param failureCount the number of counted incidents that started in the period
 * @param downtime the time-based downtime in the period
 * @param weightedDowntime the impact-weighted downtime in the period, rounded to the nanosecond
 * @param timeAvailability {@code 1 - downtime / period}, in [0, 1]
 * @param requestAvailability {@code 1 - weightedDowntime / period}, in [0, 1]
 * @param mttd mean time to detect
 * @param mtta mean time to acknowledge
 * @param mttr mean time to restore (mitigate)
 * @param meanTimeToResolve mean time from start to resolution
 * @param mtbf mean time between failures: uptime per failure
 */
public record AvailabilityMetrics(
        String scope,
        Instant from,
        Instant to,
        int failureCount,
        Duration downtime,
        Duration weightedDowntime,
        double timeAvailability,
        double requestAvailability,
        Optional<Duration> mttd,
        Optional<Duration> mtta,
        Optional<Duration> mttr,
        Optional<Duration> meanTimeToResolve,
        Optional<Duration> mtbf) {

    /** The scope of figures over all services. */
    public static final String ALL_SERVICES = "*";

    /**
     * Returns the figures of all incidents in {@code [from, to)}.
     *
     * @param incidents the incidents
     * @param from the period start
     * @param to the period end, after {@code from}
     * @return the figures, scope {@link #ALL_SERVICES}
     */
    public static AvailabilityMetrics of(Collection<Incident> incidents, Instant from, Instant to) {
        return of(ALL_SERVICES, incidents, from, to);
    }

    /**
     * Returns the figures of incidents as an {@link IncidentRecorder} recorded them, scope
     * {@link #ALL_SERVICES}: each counts as {@link RecordedIncident#toIncident(Instant)} at
     * {@code asOf} (an incident still open is impact until then), except that MTTA is the mean over
     * the counted incidents a person acknowledged (empty if none was).
     *
     * @param incidents the recorded incidents
     * @param from the period start
     * @param to the period end, after {@code from}
     * @param asOf the instant open incidents are judged at (usually now, or {@code to})
     * @return the figures
     */
    public static AvailabilityMetrics ofRecorded(
            Collection<RecordedIncident> incidents, Instant from, Instant to, Instant asOf) {
        Objects.requireNonNull(incidents, "incidents");
        Objects.requireNonNull(asOf, "asOf");
        List<Incident> converted = new ArrayList<>(incidents.size());
        long ack = 0;
        int acknowledged = 0;
        for (RecordedIncident r : incidents) {
            Objects.requireNonNull(r, "incident");
            converted.add(r.toIncident(asOf));
            if (!r.excluded()
                    && r.acknowledged().isPresent()
                    && !r.start().isBefore(from)
                    && r.start().isBefore(to)) {
                ack += r.timeToAcknowledge().orElseThrow().toMillis();
                acknowledged++;
            }
        }
        AvailabilityMetrics m = of(ALL_SERVICES, converted, from, to);
        return new AvailabilityMetrics(
                m.scope,
                m.from,
                m.to,
                m.failureCount,
                m.downtime,
                m.weightedDowntime,
                m.timeAvailability,
                m.requestAvailability,
                m.mttd,
                mean(ack, acknowledged),
                m.mttr,
                m.meanTimeToResolve,
                m.mtbf);
    }

    /**
     * Returns the figures of the incidents of one service in {@code [from, to)}.
     *
     * @param service the service
     * @param incidents the incidents, of any services (others are ignored)
     * @param from the period start
     * @param to the period end, after {@code from}
     * @return the figures
     */
    public static AvailabilityMetrics ofService(
            String service, Collection<Incident> incidents, Instant from, Instant to) {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(incidents, "incidents");
        List<Incident> mine = new ArrayList<>();
        for (Incident incident : incidents) {
            if (incident.service().equals(service)) {
                mine.add(incident);
            }
        }
        return of(service, mine, from, to);
    }

    /**
     * Returns the figures of each service that has an incident in the list, sorted by name.
     *
     * @param incidents the incidents
     * @param from the period start
     * @param to the period end, after {@code from}
     * @return the figures per service
     */
    public static Map<String, AvailabilityMetrics> perService(
            Collection<Incident> incidents, Instant from, Instant to) {
        Objects.requireNonNull(incidents, "incidents");
        Map<String, List<Incident>> byService = new TreeMap<>();
        for (Incident incident : incidents) {
            byService
                    .computeIfAbsent(incident.service(), s -> new ArrayList<>())
                    .add(incident);
        }
        Map<String, AvailabilityMetrics> out = new TreeMap<>();
        for (Map.Entry<String, List<Incident>> e : byService.entrySet()) {
            out.put(e.getKey(), of(e.getKey(), e.getValue(), from, to));
        }
        return out;
    }

    /**
     * Returns the figures of every calendar month from {@code first} to {@code last} inclusive in
     * {@code zone} (months start at local midnight of the 1st), each month whole. For a range that
     * reaches the present, use {@link #perMonth(Collection, YearMonth, YearMonth, ZoneId, Instant)}.
     *
     * @param incidents the incidents
     * @param first the first month
     * @param last the last month, not before {@code first}
     * @param zone the zone whose calendar defines the months
     * @return one entry per month, in order, scope {@link #ALL_SERVICES}
     */
    public static List<AvailabilityMetrics> perMonth(
            Collection<Incident> incidents, YearMonth first, YearMonth last, ZoneId zone) {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(last, "last");
        Objects.requireNonNull(zone, "zone");
        if (last.isBefore(first)) {
            throw new IllegalArgumentException("last month must not be before first " + first + ", was " + last);
        }
        List<AvailabilityMetrics> out = new ArrayList<>();
        for (YearMonth m = first; !m.isAfter(last); m = m.plusMonths(1)) {
            out.add(of(incidents, monthStart(m, zone), monthStart(m.plusMonths(1), zone)));
        }
        return out;
    }

    /**
     * Returns the figures of every calendar month from {@code first} to {@code last} inclusive in
     * {@code zone}, as of {@code asOf}: a month that has not ended by then ends at {@code asOf}, so
     * availability and MTBF cover only the time observed, never time still to come.
     *
     * @param incidents the incidents
     * @param first the first month
     * @param last the last month, not before {@code first}
     * @param zone the zone whose calendar defines the months
     * @param asOf the time of the report; must be after the start of {@code last}
     * @return one entry per month, in order, scope {@link #ALL_SERVICES}
     * @throws IllegalArgumentException if {@code last} is before {@code first}, or {@code asOf} is not
     *     after the start of {@code last}
     */
    public static List<AvailabilityMetrics> perMonth(
            Collection<Incident> incidents, YearMonth first, YearMonth last, ZoneId zone, Instant asOf) {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(last, "last");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(asOf, "asOf");
        if (last.isBefore(first)) {
            throw new IllegalArgumentException("last month must not be before first " + first + ", was " + last);
        }
        Instant lastStart = monthStart(last, zone);
        if (!asOf.isAfter(lastStart)) {
            throw new IllegalArgumentException(
                    "asOf must be after the start of the last month " + last + " (" + lastStart + "), was " + asOf);
        }
        List<AvailabilityMetrics> out = new ArrayList<>();
        for (YearMonth m = first; !m.isAfter(last); m = m.plusMonths(1)) {
            Instant end = monthStart(m.plusMonths(1), zone);
            out.add(of(incidents, monthStart(m, zone), asOf.isBefore(end) ? asOf : end));
        }
        return out;
    }

    /**
     * Returns the first instant of {@code month} in {@code zone}.
     *
     * @param month the month
     * @param zone the zone
     * @return local midnight of the 1st (or the first valid local time that day)
     */
    public static Instant monthStart(YearMonth month, ZoneId zone) {
        return month.atDay(1).atStartOfDay(zone).toInstant();
    }

    private static AvailabilityMetrics of(String scope, Collection<Incident> incidents, Instant from, Instant to) {
        Objects.requireNonNull(incidents, "incidents");
        Downtime.checkPeriod(from, to);
        List<DowntimeInterval> down = Downtime.intervals(incidents, from, to);
        Duration downtime = Downtime.total(down);
        double weightedNanos = Downtime.weightedNanos(down);
        double periodNanos = Duration.between(from, to).toNanos();
        int failures = 0;
        long detect = 0;
        long ack = 0;
        long restore = 0;
        long resolve = 0;
        for (Incident incident : incidents) {
            if (incident.excluded()
                    || incident.start().isBefore(from)
                    || !incident.start().isBefore(to)) {
                continue;
            }
            failures++;
            detect += Duration.between(incident.start(), incident.detected()).toMillis();
            ack += Duration.between(incident.detected(), incident.acknowledged())
                    .toMillis();
            restore += Duration.between(incident.start(), incident.mitigated()).toMillis();
            resolve += Duration.between(incident.start(), incident.resolved()).toMillis();
        }
        Duration up = Duration.between(from, to).minus(downtime);
        return new AvailabilityMetrics(
                scope,
                from,
                to,
                failures,
                downtime,
                Duration.ofNanos(Math.round(weightedNanos)),
                1.0 - downtime.toNanos() / periodNanos,
                1.0 - weightedNanos / periodNanos,
                mean(detect, failures),
                mean(ack, failures),
                mean(restore, failures),
                mean(resolve, failures),
                failures == 0 ? Optional.empty() : Optional.of(up.dividedBy(failures)));
    }

    private static Optional<Duration> mean(long totalMillis, int count) {
        return count == 0 ? Optional.empty() : Optional.of(Duration.ofMillis(Math.round((double) totalMillis / count)));
    }

    /**
     * Returns the length of the period.
     *
     * @return {@code to - from}
     */
    public Duration period() {
        return Duration.between(from, to);
    }
}
