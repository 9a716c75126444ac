package dev.nines.slo.incident;

import dev.nines.core.health.HealthJson;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An incident as an {@link IncidentRecorder} has recorded it so far: a snapshot, immutable, taken
 * after each change.
 *
 * <p>{@code start} is the earliest {@code since} of its failing signals, {@code detected} the
 * first signal's time; {@code acknowledged} is the first person's acknowledgement; {@code mitigated}
 * is when a person said user impact ended or, failing that, when the last failing condition
 * recovered; {@code resolved} when the incident closed. {@link #toIncident(Instant)} turns it into
 * the {@link Incident} that {@link AvailabilityMetrics} and the reports compute with.
 *
 * @param id the incident identifier ({@code INC-1}, ...)
 * @param service the component the incident is attributed to: the deepest failing dependency
 * @param components every component that joined, in order of arrival
 * @param state open, mitigated or resolved
 * @param severity the severity the {@link SeverityRule} gives
 * @param start when the first failure began
 * @param detected when the first signal arrived
 * @param acknowledged when a person acknowledged it
 * @param mitigated when user impact ended
 * @param resolved when it closed
 * @param impactRatio the highest fraction of failing requests reported, in [0, 1], 0 if unknown
 * @param burnRate the highest error-budget burn rate reported, 0 if none
 * @param excluded whether a person excluded it from availability figures (kept for the record)
 * @param timeline every entry, in time order (entries of equal time in order of arrival)
 */
public record RecordedIncident(
        String id,
        String service,
        List<String> components,
        State state,
        IncidentSeverity severity,
        Instant start,
        Instant detected,
        Optional<Instant> acknowledged,
        Optional<Instant> mitigated,
        Optional<Instant> resolved,
        double impactRatio,
        double burnRate,
        boolean excluded,
        List<TimelineEntry> timeline) {

    /**
     * Copies the lists and checks the components for null.
     *
     * @param id the identifier
     * @param service the attributed component
     * @param components the components
     * @param state the state
     * @param severity the severity
     * @param start the start
     * @param detected when detected
     * @param acknowledged when acknowledged
     * @param mitigated when mitigated
     * @param resolved when resolved
     * @param impactRatio the impact ratio
     * @param burnRate the burn rate
     * @param excluded whether excluded
     * @param timeline the timeline
     */
    public RecordedIncident {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(service, "service");
        components = List.copyOf(components);
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(detected, "detected");
        Objects.requireNonNull(acknowledged, "acknowledged");
        Objects.requireNonNull(mitigated, "mitigated");
        Objects.requireNonNull(resolved, "resolved");
        timeline = List.copyOf(timeline);
    }

    /** Where an incident stands. */
    public enum State {
        /** User impact continues. */
        OPEN,
        /** User impact ended; the incident is not closed yet. */
        MITIGATED,
        /** Closed. */
        RESOLVED
    }

    /**
     * Returns the time from detection to a person's acknowledgement (its mean over incidents is
     * the MTTA), if acknowledged.
     *
     * @return {@code acknowledged - detected}
     */
    public Optional<Duration> timeToAcknowledge() {
        return acknowledged.map(a -> Duration.between(detected, a));
    }

    /**
     * Returns the time from the start to mitigation (its mean over incidents is the MTTR, time to
     * restore), if mitigated.
     *
     * @return {@code mitigated - start}
     */
    public Optional<Duration> timeToMitigate() {
        return mitigated.map(m -> Duration.between(start, m));
    }

    /**
     * Returns the incident as {@link AvailabilityMetrics} and the reports take it. An incident still
     * open counts as impact until {@code asOf}; an unacknowledged one as acknowledged on detection
     * (use {@link #timeToAcknowledge()} to tell them apart); an unknown impact ratio as 1, a full
     * outage.
     *
     * @param asOf the instant an incident still open is judged at
     * @return the incident
     */
    public Incident toIncident(Instant asOf) {
        Objects.requireNonNull(asOf, "asOf");
        Instant m = max(start, mitigated.orElse(asOf));
        Instant r = max(m, resolved.orElse(asOf));
        return Incident.builder(id, service, start)
                .severity(severity)
                .detected(max(start, detected))
                .acknowledged(max(max(start, detected), acknowledged.orElse(detected)))
                .mitigated(m)
                .resolved(r)
                .impactRatio(impactRatio > 0 ? impactRatio : 1.0)
                .excluded(excluded)
                .build();
    }

    /**
     * Returns the timeline as JSON lines: one object per entry, with the incident's id, service,
     * severity and state, the entry, and the signal that caused it (its original event as text).
     *
     * @return the lines, each ending with a newline
     */
    public String toJsonLines() {
        StringBuilder out = new StringBuilder();
        for (TimelineEntry e : timeline) {
            IncidentSignal c = e.cause();
            out.append("{\"incident\":")
                    .append(HealthJson.quote(id))
                    .append(",\"service\":")
                    .append(HealthJson.quote(service))
                    .append(",\"severity\":\"")
                    .append(severity)
                    .append('"')
                    .append(",\"state\":\"")
                    .append(state)
                    .append('"')
                    .append(",\"excluded\":")
                    .append(excluded)
                    .append(",\"at\":\"")
                    .append(e.at())
                    .append('"')
                    .append(",\"component\":")
                    .append(HealthJson.quote(e.component()))
                    .append(",\"kind\":\"")
                    .append(e.kind())
                    .append('"')
                    .append(",\"what\":")
                    .append(HealthJson.quote(e.what()))
                    .append(",\"cause\":{\"kind\":\"")
                    .append(c.kind())
                    .append('"')
                    .append(",\"effect\":\"")
                    .append(c.effect())
                    .append('"')
                    .append(",\"component\":")
                    .append(HealthJson.quote(c.component()))
                    .append(",\"condition\":")
                    .append(HealthJson.quote(c.condition()))
                    .append(",\"since\":\"")
                    .append(c.since())
                    .append('"')
                    .append(",\"at\":\"")
                    .append(c.at())
                    .append('"')
                    .append(",\"burnRate\":")
                    .append(c.burnRate())
                    .append(",\"impactRatio\":")
                    .append(c.impactRatio())
                    .append(",\"event\":")
                    .append(HealthJson.quote(String.valueOf(c.event())))
                    .append("}}\n");
        }
        return out.toString();
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
