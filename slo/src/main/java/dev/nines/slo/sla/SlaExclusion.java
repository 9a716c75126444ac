package dev.nines.slo.sla;

import dev.nines.slo.exclusion.ExclusionKind;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An interval {@code [start, end)} that a customer agreed to leave out of SLA measurement: a
 * maintenance window announced at some instant, or a force-majeure event. Whether it is honoured
 * depends on the {@link Sla} (notice period, force-majeure clause).
 *
 * @param kind {@link ExclusionKind#MAINTENANCE} or {@link ExclusionKind#FORCE_MAJEURE}
 * @param start the first excluded instant
 * @param end the first instant after, after {@code start}
 * @param announcedAt when a maintenance was announced to customers; empty for force majeure
 * @param reason a human-readable reason, may be empty
 */
public record SlaExclusion(
        ExclusionKind kind, Instant start, Instant end, Optional<Instant> announcedAt, String reason) {

    /**
     * Validates the exclusion.
     *
     * @param kind maintenance or force majeure
     * @param start the first excluded instant
     * @param end the first instant after, after {@code start}
     * @param announcedAt when a maintenance was announced; required for maintenance
     * @param reason a human-readable reason, may be empty
     */
    public SlaExclusion {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(announcedAt, "announcedAt");
        Objects.requireNonNull(reason, "reason");
        if (kind == ExclusionKind.NO_DATA) {
            throw new IllegalArgumentException(
                    "kind of SLA exclusion '" + reason + "' must be MAINTENANCE or " + "FORCE_MAJEURE, was NO_DATA");
        }
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException(
                    "end of SLA exclusion '" + reason + "' must be after start " + start + ", was " + end);
        }
        if (kind == ExclusionKind.MAINTENANCE && announcedAt.isEmpty()) {
            throw new IllegalArgumentException("announcedAt of maintenance '" + reason + "' must be set, was empty");
        }
    }

    /**
     * Returns a maintenance window announced at {@code announcedAt}.
     *
     * @param start the first instant
     * @param end the first instant after
     * @param announcedAt when customers were told
     * @param reason why
     * @return the exclusion
     */
    public static SlaExclusion maintenance(Instant start, Instant end, Instant announcedAt, String reason) {
        return new SlaExclusion(
                ExclusionKind.MAINTENANCE,
                start,
                end,
                Optional.of(Objects.requireNonNull(announcedAt, "announcedAt")),
                reason);
    }

    /**
     * Returns a force-majeure interval.
     *
     * @param start the first instant
     * @param end the first instant after
     * @param reason why
     * @return the exclusion
     */
    public static SlaExclusion forceMajeure(Instant start, Instant end, String reason) {
        return new SlaExclusion(ExclusionKind.FORCE_MAJEURE, start, end, Optional.empty(), reason);
    }

    /**
     * Returns how far ahead of its start a maintenance was announced.
     *
     * @return {@code start - announcedAt}, negative if announced late; zero for force majeure
     */
    public Duration notice() {
        return announcedAt.map(a -> Duration.between(a, start)).orElse(Duration.ZERO);
    }
}
