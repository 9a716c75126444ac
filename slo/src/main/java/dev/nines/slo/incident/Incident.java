package dev.nines.slo.incident;

import dev.nines.core.internal.Arguments;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One incident: when it started, was detected, acknowledged, mitigated (user impact over) and
 * resolved, how severe it was, which service it hit and how much of that service's traffic failed.
 *
 * <p>The impact interval is {@code [start, mitigated)}. {@code impactRatio} is the fraction of
 * requests that failed during it, in (0, 1]: 1 is a full outage, 0.3 a partial outage in which 30%
 * of requests failed (10 minutes of it weigh as 3 minutes of full downtime). An {@code excluded}
 * incident (agreed maintenance, force majeure) is kept for the record but left out of every figure.
 *
 * <p>The instants must be ordered {@code start <= detected <= acknowledged} and
 * {@code start <= mitigated <= resolved}; otherwise {@link IllegalArgumentException} names the
 * incident and the instant. Immutable and thread-safe.
 *
 * <pre>{@code
 * Incident dbOutage = Incident.builder("INC-42", "checkout", start)
 *         .detected(start.plusSeconds(120))
 *         .acknowledged(start.plusSeconds(300))
 *         .mitigated(start.plusSeconds(1_800))
 *         .resolved(start.plusSeconds(7_200))
 *         .severity(IncidentSeverity.SEV1)
 *         .impactRatio(0.3)
 *         .build();
 * }</pre>
 *
 * @param id the incident identifier, not blank
 * @param service the affected service, not blank
 * @param severity the severity
 * @param start when user impact began
 * @param detected when monitoring or a person noticed
 * @param acknowledged when a responder took it on
 * @param mitigated when user impact ended
 * @param resolved when the incident was closed
 * @param impactRatio the fraction of requests failing during the impact, in (0, 1]
 * @param excluded whether the incident is excluded from availability figures
 */
public record Incident(
        String id,
        String service,
        IncidentSeverity severity,
        Instant start,
        Instant detected,
        Instant acknowledged,
        Instant mitigated,
        Instant resolved,
        double impactRatio,
        boolean excluded) {

    /**
     * Validates the incident.
     *
     * @param id the incident identifier, not blank
     * @param service the affected service, not blank
     * @param severity the severity
     * @param start when user impact began
     * @param detected when monitoring or a person noticed
     * @param acknowledged when a responder took it on
     * @param mitigated when user impact ended
     * @param resolved when the incident was closed
     * @param impactRatio the fraction of requests failing during the impact, in (0, 1]
     * @param excluded whether the incident is excluded from availability figures
     */
    public Incident {
        Arguments.notBlank("id", id);
        Arguments.notBlank("service of incident " + id, service);
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(detected, "detected");
        Objects.requireNonNull(acknowledged, "acknowledged");
        Objects.requireNonNull(mitigated, "mitigated");
        Objects.requireNonNull(resolved, "resolved");
        notBefore(id, "detected", detected, "start", start);
        notBefore(id, "acknowledged", acknowledged, "detected", detected);
        notBefore(id, "mitigated", mitigated, "start", start);
        notBefore(id, "resolved", resolved, "mitigated", mitigated);
        Arguments.inOpenClosed("impactRatio of incident " + id, impactRatio, 0, 1);
    }

    private static void notBefore(String id, String field, Instant value, String other, Instant bound) {
        if (value.isBefore(bound)) {
            throw new IllegalArgumentException(
                    field + " of incident " + id + " must not be before " + other + " " + bound + ", was " + value);
        }
    }

    /**
     * Returns a full outage of {@code service} from {@code start} to {@code end}, detected,
     * acknowledged and resolved at once, severity {@link IncidentSeverity#SEV2}.
     *
     * @param id the incident identifier
     * @param service the affected service
     * @param start when the outage began
     * @param end when it ended (mitigated and resolved), not before {@code start}
     * @return the incident
     */
    public static Incident outage(String id, String service, Instant start, Instant end) {
        return builder(id, service, start).mitigated(end).resolved(end).build();
    }

    /**
     * Returns a builder for an incident that began at {@code start}. Unset instants default to the
     * previous stage: detected and acknowledged to {@code start}, mitigated to resolved, resolved
     * to mitigated (one of the two must be set).
     *
     * @param id the incident identifier, not blank
     * @param service the affected service, not blank
     * @param start when user impact began
     * @return the builder
     */
    public static Builder builder(String id, String service, Instant start) {
        return new Builder(id, service, start);
    }

    /**
     * Returns how long user impact lasted: {@code mitigated - start}.
     *
     * @return the impact duration
     */
    public Duration impactDuration() {
        return Duration.between(start, mitigated);
    }

    /**
     * Returns the impact weighted by {@code impactRatio}: the equivalent full downtime.
     *
     * @return the weighted impact duration, rounded to the nanosecond
     */
    public Duration weightedImpact() {
        Duration impact = impactDuration();
        return impactRatio == 1.0 ? impact : Duration.ofNanos(Math.round(impact.toNanos() * impactRatio));
    }

    /** A builder of {@link Incident}s; not thread-safe. */
    public static final class Builder {
        private final String id;
        private final String service;
        private final Instant start;
        private IncidentSeverity severity = IncidentSeverity.SEV2;
        private @Nullable Instant detected; // null: at start
        private @Nullable Instant acknowledged; // null: when detected
        private @Nullable Instant mitigated; // null: when resolved
        private @Nullable Instant resolved; // null: when mitigated

        private double impactRatio = 1.0;
        private boolean excluded;

        private Builder(String id, String service, Instant start) {
            this.id = id;
            this.service = service;
            this.start = Objects.requireNonNull(start, "start");
        }

        /**
         * Sets the severity (default {@link IncidentSeverity#SEV2}).
         *
         * @param severity the severity
         * @return this builder
         */
        public Builder severity(IncidentSeverity severity) {
            this.severity = Objects.requireNonNull(severity, "severity");
            return this;
        }

        /**
         * Sets when the incident was detected (default: at start).
         *
         * @param detected the instant
         * @return this builder
         */
        public Builder detected(Instant detected) {
            this.detected = Objects.requireNonNull(detected, "detected");
            return this;
        }

        /**
         * Sets when the incident was acknowledged (default: when detected).
         *
         * @param acknowledged the instant
         * @return this builder
         */
        public Builder acknowledged(Instant acknowledged) {
            this.acknowledged = Objects.requireNonNull(acknowledged, "acknowledged");
            return this;
        }

        /**
         * Sets when user impact ended (default: when resolved).
         *
         * @param mitigated the instant
         * @return this builder
         */
        public Builder mitigated(Instant mitigated) {
            this.mitigated = Objects.requireNonNull(mitigated, "mitigated");
            return this;
        }

        /**
         * Sets when the incident was closed (default: when mitigated).
         *
         * @param resolved the instant
         * @return this builder
         */
        public Builder resolved(Instant resolved) {
            this.resolved = Objects.requireNonNull(resolved, "resolved");
            return this;
        }

        /**
         * Sets the fraction of requests failing during the impact (default 1, a full outage).
         *
         * @param impactRatio a ratio in (0, 1]
         * @return this builder
         */
        public Builder impactRatio(double impactRatio) {
            this.impactRatio = Arguments.inOpenClosed("impactRatio of incident " + id, impactRatio, 0, 1);
            return this;
        }

        /**
         * Sets whether the incident is excluded from availability figures (default false).
         *
         * @param excluded whether excluded
         * @return this builder
         */
        public Builder excluded(boolean excluded) {
            this.excluded = excluded;
            return this;
        }

        /**
         * Builds the incident.
         *
         * @return the incident
         * @throws IllegalArgumentException if neither mitigated nor resolved is set, or the
         *     instants are out of order
         */
        public Incident build() {
            Instant m = mitigated != null ? mitigated : resolved;
            if (m == null) {
                throw new IllegalArgumentException("incident " + id + " needs mitigated or resolved, was neither");
            }
            Instant d = detected == null ? start : detected;
            Instant a = acknowledged == null ? d : acknowledged;
            Instant r = resolved == null ? m : resolved;
            return new Incident(id, service, severity, start, d, a, m, r, impactRatio, excluded);
        }
    }
}
