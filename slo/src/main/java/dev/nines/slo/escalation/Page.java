package dev.nines.slo.escalation;

import java.time.Instant;
import java.util.Objects;

/**
 * One page: an incident, the level and round of the policy, whom, why and when.
 *
 * @param incidentId the incident
 * @param service the component the incident is attributed to
 * @param severity the incident's severity, e.g. {@code SEV1}
 * @param level the level paged, from 1
 * @param round the round through the levels, from 0
 * @param recipient who is paged
 * @param reason why
 * @param at when
 */
public record Page(
        String incidentId,
        String service,
        String severity,
        int level,
        int round,
        String recipient,
        Reason reason,
        Instant at) {

    /**
     * Checks the components for null.
     *
     * @param incidentId the incident
     * @param service the attributed component
     * @param severity the severity
     * @param level the level
     * @param round the round
     * @param recipient who
     * @param reason why
     * @param at when
     */
    public Page {
        Objects.requireNonNull(incidentId, "incidentId");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(at, "at");
    }

    /** Why a page was sent. */
    public enum Reason {
        /** The incident opened: the first level. */
        OPENED,
        /** The previous level did not acknowledge within its timeout. */
        NOT_ACKNOWLEDGED,
        /** The previous level's page could not be delivered (its listener threw). */
        DELIVERY_FAILED,
        /** A person marked the incident mitigated, but a failing condition was still active after the grace. */
        BURN_AFTER_MITIGATION
    }
}
