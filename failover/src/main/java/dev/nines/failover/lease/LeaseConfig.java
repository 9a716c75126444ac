package dev.nines.failover.lease;

import dev.nines.core.internal.Arguments;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The timing of a {@link LeadershipLease}: the lease TTL, how often the leader renews, how long it
 * keeps retrying a failed renewal (the retry budget) before it steps down, and the drift margin it
 * keeps between stepping down and the earliest moment the store can let anyone else in.
 *
 * <p><b>The renew deadline.</b> The leader measures from the moment it <em>sent</em> its last
 * successful acquire or renew, on its own monotonic clock. The store expires the lease no earlier
 * than {@code ttl} after it <em>processed</em> that request, which is later; so the lease cannot
 * have expired at the store before {@code sent + ttl} on the store's clock. The leader steps down at
 * {@code sent + renewInterval + retryBudget} ({@link LeadershipLease#isLeader()} turns {@code false}
 * then even without a tick), and {@code build()} requires
 * <pre>{@code renewInterval + retryBudget + driftMargin <= ttl}</pre>
 * The drift margin covers what that argument leaves out: the two clocks running at different rates
 * over one TTL (NTP keeps that under 500 ppm; {@code build()} requires at least 1000 ppm, {@code
 * ttl / 1000}) and the pause between a caller's {@code isLeader()} check and the action it guards
 * (GC, a stalled scheduler). Pauses longer than the margin (a process stopped for minutes) are the
 * fencing tokens' job: the store and the fences reject the old leader's writes.
 *
 * <p>Immutable. Defaults: TTL 30 s, renew every 10 s, retry budget 5 s, drift margin 5 s, retry
 * every 1 s.
 *
 * <pre>{@code
 * LeaseConfig config = LeaseConfig.builder().ttl(Duration.ofSeconds(15))
 *         .renewInterval(Duration.ofSeconds(5)).retryBudget(Duration.ofSeconds(5))
 *         .driftMargin(Duration.ofSeconds(3)).build();
 * }</pre>
 */
public final class LeaseConfig {

    private final Duration ttl;
    private final Duration renewInterval;
    private final Duration retryBudget;
    private final Duration retryInterval;
    private final Duration driftMargin;

    private LeaseConfig(Builder builder) {
        this.driftMargin = builder.driftMargin;
        this.ttl = builder.ttl;
        this.renewInterval = builder.renewInterval;
        this.retryBudget = builder.retryBudget;
        this.retryInterval = builder.retryInterval;
    }

    /**
     * Returns the defaults.
     *
     * @return the default configuration
     */
    public static LeaseConfig ofDefaults() {
        return builder().build();
    }

    /**
     * Returns a builder with the defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder initialised with this configuration.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        return new Builder()
                .ttl(ttl)
                .renewInterval(renewInterval)
                .retryBudget(retryBudget)
                .retryInterval(retryInterval)
                .driftMargin(driftMargin);
    }

    /**
     * Returns the lease duration.
     *
     * @return the TTL
     */
    public Duration ttl() {
        return ttl;
    }

    /**
     * Returns how long after a successful renewal the leader renews again.
     *
     * @return the renew interval
     */
    public Duration renewInterval() {
        return renewInterval;
    }

    /**
     * Returns how long the leader keeps retrying a failed renewal before it demotes itself.
     *
     * @return the retry budget
     */
    public Duration retryBudget() {
        return retryBudget;
    }

    /**
     * Returns the pause between failed attempts (and between a follower's attempts to acquire).
     *
     * @return the retry interval
     */
    public Duration retryInterval() {
        return retryInterval;
    }

    /**
     * Returns the margin kept between the leader stepping down and the earliest expiry at the store.
     *
     * @return the drift margin
     */
    public Duration driftMargin() {
        return driftMargin;
    }

    /**
     * Returns how long after sending its last successful acquire or renew the leader steps down:
     * {@code renewInterval + retryBudget}, at most {@code ttl - driftMargin}.
     *
     * @return the renew deadline
     */
    public Duration renewDeadline() {
        return renewInterval.plus(retryBudget);
    }

    /**
     * Returns whether {@code o} is a {@code LeaseConfig} with the same settings. Functions and
     * predicates (and other objects without value equality) compare by identity, so a copy made by
     * {@code toBuilder().build()} equals its original.
     *
     * @param o the other object
     * @return {@code true} if every setting is equal
     */
    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof LeaseConfig other
                && Objects.equals(ttl, other.ttl)
                && Objects.equals(renewInterval, other.renewInterval)
                && Objects.equals(retryBudget, other.retryBudget)
                && Objects.equals(retryInterval, other.retryInterval)
                && Objects.equals(driftMargin, other.driftMargin);
    }

    /**
     * Returns a hash code consistent with {@link #equals(Object)}.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return Objects.hash(ttl, renewInterval, retryBudget, retryInterval, driftMargin);
    }

    @Override
    public String toString() {
        return "LeaseConfig[ttl=" + ttl + ", renewInterval=" + renewInterval + ", retryBudget=" + retryBudget
                + ", retryInterval=" + retryInterval + ", driftMargin=" + driftMargin + "]";
    }

    /** Builds a {@link LeaseConfig}. Not thread-safe. */
    public static final class Builder {
        private Duration ttl = Duration.ofSeconds(30);
        private Duration renewInterval = Duration.ofSeconds(10);
        private Duration retryBudget = Duration.ofSeconds(5);
        private Duration retryInterval = Duration.ofSeconds(1);
        private Duration driftMargin = Duration.ofSeconds(5);

        private Builder() {}

        /**
         * Sets the lease duration.
         *
         * @param ttl positive
         * @return this builder
         */
        public Builder ttl(Duration ttl) {
            this.ttl = Arguments.positive("ttl", ttl);
            return this;
        }

        /**
         * Sets how long after a successful renewal the leader renews again.
         *
         * @param renewInterval positive
         * @return this builder
         */
        public Builder renewInterval(Duration renewInterval) {
            this.renewInterval = Arguments.positive("renewInterval", renewInterval);
            return this;
        }

        /**
         * Sets how long the leader retries a failed renewal before demoting itself.
         *
         * @param retryBudget not negative
         * @return this builder
         */
        public Builder retryBudget(Duration retryBudget) {
            this.retryBudget = Arguments.notNegative("retryBudget", retryBudget);
            return this;
        }

        /**
         * Sets the pause between failed attempts.
         *
         * @param retryInterval positive
         * @return this builder
         */
        public Builder retryInterval(Duration retryInterval) {
            this.retryInterval = Arguments.positive("retryInterval", retryInterval);
            return this;
        }

        /**
         * Sets the margin kept between the leader stepping down and the earliest expiry of its lease
         * at the store (clock-rate drift and pauses; see {@link LeaseConfig}).
         *
         * @param driftMargin positive
         * @return this builder
         */
        public Builder driftMargin(Duration driftMargin) {
            this.driftMargin = Arguments.positive("driftMargin", driftMargin);
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return a new configuration
         * @throws IllegalArgumentException if {@code renewInterval + retryBudget + driftMargin} exceeds
         *     {@code ttl}, or {@code driftMargin} is below {@code ttl / 1000}
         */
        public LeaseConfig build() {
            Arguments.fitsInNanos("ttl", ttl);
            Duration needed = renewInterval.plus(retryBudget).plus(driftMargin);
            if (needed.compareTo(ttl) > 0) {
                throw new IllegalArgumentException("renewInterval + retryBudget + driftMargin must not exceed ttl "
                        + ttl + ", was " + renewInterval + " + " + retryBudget + " + " + driftMargin + " = " + needed);
            }
            Duration minimumMargin = ttl.dividedBy(1000);
            if (driftMargin.compareTo(minimumMargin) < 0) {
                throw new IllegalArgumentException("driftMargin must be at least ttl / 1000 = " + minimumMargin
                        + " (clock-rate drift over one ttl at 1000 ppm), was " + driftMargin);
            }
            return new LeaseConfig(this);
        }
    }
}
