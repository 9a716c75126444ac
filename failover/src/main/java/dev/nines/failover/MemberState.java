package dev.nines.failover;

import dev.nines.core.health.HealthResult;
import dev.nines.core.health.HealthStatus;
import dev.nines.core.health.Hysteresis;
import dev.nines.core.time.TimeSource;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The mutable state of one member: its role, its health verdict after hysteresis and its last
 * reported lag, with the start times that order incoming reports. Guarded by the controller's lock.
 */
final class MemberState {

    final Member member;
    private final Hysteresis hysteresis;
    Role role;

    @Nullable
    HealthResult verdict;

    @Nullable
    Instant lastHealthStart;

    @Nullable
    Boolean lastRawHealthy;

    @Nullable
    Instant failingSince;

    Lag lag = Lag.unknown();

    @Nullable
    Instant lastLagAt;

    boolean recovered;
    long recoveredNanos;

    MemberState(Member member, Role role, Hysteresis hysteresis) {
        this.member = member;
        this.role = role;
        this.hysteresis = hysteresis;
    }

    /** Whether the verdict is healthy; {@code false} before the first verdict. */
    boolean healthy() {
        return verdict != null && verdict.status().isHealthy();
    }

    /** The verdict's status, {@link HealthStatus#UNKNOWN} before the first verdict. */
    HealthStatus health() {
        return verdict == null ? HealthStatus.UNKNOWN : verdict.status();
    }

    MemberStatus status() {
        return new MemberStatus(member, role, health(), lag);
    }

    /**
     * Feeds a raw health result through the hysteresis, unless it started before the last accepted
     * one; a verdict that turns healthy again starts the recovery grace period at {@code time}'s now.
     *
     * @return whether the result was accepted
     */
    boolean offerHealth(HealthResult result, Instant startedAt, TimeSource time) {
        if (lastHealthStart != null && startedAt.isBefore(lastHealthStart)) {
            return false;
        }
        lastHealthStart = startedAt;
        boolean rawHealthy = result.status().isHealthy();
        if (!rawHealthy && (lastRawHealthy == null || lastRawHealthy)) {
            failingSince = startedAt;
        }
        lastRawHealthy = rawHealthy;
        boolean wasUnhealthy = verdict != null && !verdict.status().isHealthy();
        verdict = hysteresis.offer(result);
        if (wasUnhealthy && healthy()) {
            recoveredNanos = time.nanoTime();
            recovered = true;
        }
        return true;
    }

    /**
     * Records a lag report, unless it was measured before the last accepted one.
     *
     * @return whether the report was accepted
     */
    boolean offerLag(Lag reported, Instant measuredAt) {
        if (lastLagAt != null && measuredAt.isBefore(lastLagAt)) {
            return false;
        }
        lastLagAt = measuredAt;
        lag = reported;
        return true;
    }

    /** Makes a fenced member a standby whose lag is unknown until reported again. */
    void rejoin() {
        role = Role.STANDBY;
        lag = Lag.unknown();
        lastLagAt = null;
    }
}
