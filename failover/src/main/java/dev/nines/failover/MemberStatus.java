package dev.nines.failover;

import dev.nines.core.health.HealthStatus;
import java.util.Objects;

/**
 * A snapshot of one member as the controller sees it.
 *
 * @param member the configured member
 * @param role its role
 * @param health its health verdict after hysteresis ({@link HealthStatus#UNKNOWN} before a verdict)
 * @param lag its last reported lag ({@link Lag#unknown()} before a report)
 */
public record MemberStatus(Member member, Role role, HealthStatus health, Lag lag) {

    /** Checks the fields. */
    public MemberStatus {
        Objects.requireNonNull(member, "member");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(lag, "lag");
    }

    /**
     * Returns the member id.
     *
     * @return the id
     */
    public String id() {
        return member.id();
    }
}
