package dev.nines.failover.lease;

import dev.nines.core.internal.Arguments;
import java.time.Duration;

/**
 * The timing of a {@link LeadershipLease}: the lease TTL, how often the leader renews, and how long it
 * keeps retrying a failed renewal (the retry budget) before it demotes itself.
 *
 * <p>A leader demotes itself when it has not renewed for {@code renewInterval + retryBudget}; the
 * store lets another holder in only after {@code ttl}. So that a demoted leader has stopped well
 * before anyone else can lead, even with some clock drift, {@code build()} rejects configurations
 * where {@code renewInterval + 2 * retryBudget} exceeds {@code ttl}.
 *
 * <p>Immutable. Defaults: TTL 30 s, renew every 10 s, retry budget 5 s, retry every 1 s.
 *
 * <pre>{@code
 * LeaseConfig config = LeaseConfig.builder().ttl(Duration.ofSeconds(15))
 *         .renewInterval(Duration.ofSeconds(5)).retryBudget(Duration.ofSeconds(5)).build();
 * }</pre>
 */
public final class LeaseConfig {

    private final Duration ttl;
    private final Duration renewInterval;
    private final Duration retryBudget;
    private final Duration retryInterval;

    private LeaseConfig(Builder builder) {
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
        return new Builder().ttl(ttl).renewInterval(renewInterval).retryBudget(retryBudget)
                .retryInterval(retryInterval);
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

    @Override
    public String toString() {
        return "LeaseConfig[ttl=" + ttl + ", renewInterval=" + renewInterval + ", retryBudget=" + retryBudget
                + ", retryInterval=" + retryInterval + "]";
    }

    /** Builds a {@link LeaseConfig}. Not thread-safe. */
    public static final class Builder {
        private Duration ttl = Duration.ofSeconds(30);
        private Duration renewInterval = Duration.ofSeconds(10);
        private Duration retryBudget = Duration.ofSeconds(5);
        private Duration retryInterval = Duration.ofSeconds(1);

        private Builder() {
        }

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
         * Builds the configuration.
         *
         * @return a new configuration
         * @throws IllegalArgumentException if {@code renewInterval + 2 * retryBudget} exceeds {@code ttl}
         */
        public LeaseConfig build() {
            Duration needed = renewInterval.plus(retryBudget.multipliedBy(2));
            if (needed.compareTo(ttl) > 0) {
                throw new IllegalArgumentException("renewInterval + 2 * retryBudget must not exceed ttl " + ttl
                        + ", was " + renewInterval + " + 2 * " + retryBudget + " = " + needed);
            }
            return new LeaseConfig(this);
        }
    }
}
