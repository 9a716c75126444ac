package dev.nines.slo.incident;

import java.time.Instant;
import java.util.Objects;

/**
 * One line of a recorded incident's timeline: what happened, when, to which component, and the
 * signal that caused it.
 *
 * @param at when it happened
 * @param component the component it is about
 * @param kind what kind of entry it is
 * @param what a one-line description
 * @param cause the signal that caused the entry (for a person's entry, a {@link IncidentSignal.Kind#HUMAN}
 *     signal whose event is the actor's name)
 */
public record TimelineEntry(Instant at, String component, Kind kind, String what, IncidentSignal cause) {

    /**
     * Checks the components.
     *
     * @param at when
     * @param component the component
     * @param kind the kind of entry
     * @param what the description
     * @param cause the signal that caused it
     */
    public TimelineEntry {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(what, "what");
        Objects.requireNonNull(cause, "cause");
    }

    /** The kinds of timeline entries. */
    public enum Kind {
        /** The incident opened on this signal. */
        OPENED,
        /** A signal joined the incident: a failure, a recovery or a note from a source. */
        SIGNAL,
        /** The severity changed. */
        SEVERITY_CHANGED,
        /** The incident is now attributed to another component (the deepest failing dependency). */
        ATTRIBUTED,
        /** A person acknowledged the incident. */
        ACKNOWLEDGED,
        /** User impact ended: every failing condition recovered, or a person said so. */
        MITIGATED,
        /** A failure came back after the incident was mitigated. */
        IMPACT_RESUMED,
        /** A person added a note. */
        NOTE,
        /** A person excluded the incident from availability figures (agreed maintenance, force majeure). */
        EXCLUDED,
        /** The incident closed. */
        RESOLVED
    }
}
