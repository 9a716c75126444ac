package dev.nines.failover;

import dev.nines.core.internal.Arguments;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The configuration of a {@link FailoverController}: health thresholds, the RPO limit, synchronous
 * mode and anti-flapping.
 *
 * <p>Immutable and thread-safe. Defaults: failure threshold 3, success threshold 1 (Kubernetes
 * probe defaults), no lag limit, asynchronous mode, anti-flapping window 5 minutes, recovery grace
 * 30 seconds, clock skew allowance 5 seconds.
 *
 * <pre>{@code
 * FailoverConfig config = FailoverConfig.builder()
 *         .failureThreshold(3).successThreshold(2)
 *         .rpoLimitBytes(1 << 20)
 *         .build();
 * }</pre>
 */
public final class FailoverConfig {

    private final int failureThreshold;
    private final int successThreshold;
    private final long rpoLimitBytes;
    private final Duration rpoLimitTime;
    private final boolean synchronousMode;
    private final boolean asyncPromotionAllowed;
    private final Duration antiFlappingWindow;
    private final Duration recoveryGrace;
    private final Duration clockSkewAllowance;

    private FailoverConfig(Builder builder) {
        this.failureThreshold = builder.failureThreshold;
        this.successThreshold = builder.successThreshold;
        this.rpoLimitBytes = builder.rpoLimitBytes;
        this.rpoLimitTime = builder.rpoLimitTime;
        this.synchronousMode = builder.synchronousMode;
        this.asyncPromotionAllowed = builder.asyncPromotionAllowed;
        this.antiFlappingWindow = builder.antiFlappingWindow;
        this.recoveryGrace = builder.recoveryGrace;
        this.clockSkewAllowance = builder.clockSkewAllowance;
    }

    /**
     * Returns the default configuration.
     *
     * @return the defaults
     */
    public static FailoverConfig ofDefaults() {
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
        Builder builder = new Builder();
        builder.failureThreshold = failureThreshold;
        builder.successThreshold = successThreshold;
        builder.rpoLimitBytes = rpoLimitBytes;
        builder.rpoLimitTime = rpoLimitTime;
        builder.synchronousMode = synchronousMode;
        builder.asyncPromotionAllowed = asyncPromotionAllowed;
        builder.antiFlappingWindow = antiFlappingWindow;
        builder.recoveryGrace = recoveryGrace;
        builder.clockSkewAllowance = clockSkewAllowance;
        return builder;
    }

    /**
     * Returns the consecutive failed results that make a member unhealthy.
     *
     * @return the failure threshold
     */
    public int failureThreshold() {
        return failureThreshold;
    }

    /**
     * Returns the consecutive successful results that make a member healthy.
     *
     * @return the success threshold
     */
    public int successThreshold() {
        return successThreshold;
    }

    /**
     * Returns the largest byte lag a standby may have to be promoted automatically.
     *
     * @return the limit in bytes; {@link Long#MAX_VALUE} means no limit
     */
    public long rpoLimitBytes() {
        return rpoLimitBytes;
    }

    /**
     * Returns the largest time lag a standby may have to be promoted automatically.
     *
     * @return the limit; {@code Duration.ofNanos(Long.MAX_VALUE)} means no limit
     */
    public Duration rpoLimitTime() {
        return rpoLimitTime;
    }

    /**
     * Returns whether only synchronous standbys may be promoted automatically.
     *
     * @return {@code true} in synchronous mode
     */
    public boolean synchronousMode() {
        return synchronousMode;
    }

    /**
     * Returns whether asynchronous standbys may be promoted in synchronous mode.
     *
     * @return {@code true} if allowed
     */
    public boolean asyncPromotionAllowed() {
        return asyncPromotionAllowed;
    }

    /**
     * Returns how long after a failover automatic failover is blocked unless acknowledged.
     *
     * @return the window; zero disables it
     */
    public Duration antiFlappingWindow() {
        return antiFlappingWindow;
    }

    /**
     * Returns how long a member that recovered must stay healthy before it may be promoted.
     *
     * @return the grace period; zero disables it
     */
    public Duration recoveryGrace() {
        return recoveryGrace;
    }

    /**
     * Returns how far apart the wall clocks of a controller's replicas may be. With
     * {@linkplain FailoverController.Builder#durableState durable state}, a replica that takes over
     * counts the anti-flapping window from the recorded promotion, an instant on the promoting
     * replica's clock, by its own clock: it assumes its clock may be ahead by up to this allowance, so
     * that skew within it lengthens the rest of the window (by at most twice the allowance) and never
     * shortens it.
     *
     * @return the allowance; zero trusts the clocks to agree
     */
    public Duration clockSkewAllowance() {
        return clockSkewAllowance;
    }

    /**
     * Returns whether {@code o} is a {@code FailoverConfig} with the same settings. Functions and
     * predicates (and other objects without value equality) compare by identity, so a copy made by
     * {@code toBuilder().build()} equals its original.
     *
     * @param o the other object
     * @return {@code true} if every setting is equal
     */
    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof FailoverConfig other
                && failureThreshold == other.failureThreshold
                && successThreshold == other.successThreshold
                && rpoLimitBytes == other.rpoLimitBytes
                && Objects.equals(rpoLimitTime, other.rpoLimitTime)
                && synchronousMode == other.synchronousMode
                && asyncPromotionAllowed == other.asyncPromotionAllowed
                && Objects.equals(antiFlappingWindow, other.antiFlappingWindow)
                && Objects.equals(recoveryGrace, other.recoveryGrace)
                && Objects.equals(clockSkewAllowance, other.clockSkewAllowance);
    }

    /**
     * Returns a hash code consistent with {@link #equals(Object)}.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return Objects.hash(
                failureThreshold,
                successThreshold,
                rpoLimitBytes,
                rpoLimitTime,
                synchronousMode,
                asyncPromotionAllowed,
                antiFlappingWindow,
                recoveryGrace,
                clockSkewAllowance);
    }

    @Override
    public String toString() {
        return "FailoverConfig[failureThreshold=" + failureThreshold + ", successThreshold=" + successThreshold
                + ", rpoLimitBytes=" + rpoLimitBytes + ", rpoLimitTime=" + rpoLimitTime
                + ", synchronousMode=" + synchronousMode + ", asyncPromotionAllowed=" + asyncPromotionAllowed
                + ", antiFlappingWindow=" + antiFlappingWindow + ", recoveryGrace=" + recoveryGrace
                + ", clockSkewAllowance=" + clockSkewAllowance + "]";
    }

    /** Builds a {@link FailoverConfig}; each setter validates its argument. Not thread-safe. */
    public static final class Builder {
        private int failureThreshold = 3;
        private int successThreshold = 1;
        private long rpoLimitBytes = Long.MAX_VALUE;
        private Duration rpoLimitTime = Arguments.MAX_NANOS;
        private boolean synchronousMode;
        private boolean asyncPromotionAllowed;
        private Duration antiFlappingWindow = Duration.ofMinutes(5);
        private Duration recoveryGrace = Duration.ofSeconds(30);
        private Duration clockSkewAllowance = Duration.ofSeconds(5);

        private Builder() {}

        /**
         * Sets the consecutive failed results that make a member unhealthy.
         *
         * @param failureThreshold at least 1
         * @return this builder
         * @throws IllegalArgumentException if below 1
         */
        public Builder failureThreshold(int failureThreshold) {
            this.failureThreshold = Arguments.atLeast("failureThreshold", failureThreshold, 1);
            return this;
        }

        /**
         * Sets the consecutive successful results that make a member healthy.
         *
         * @param successThreshold at least 1
         * @return this builder
         * @throws IllegalArgumentException if below 1
         */
        public Builder successThreshold(int successThreshold) {
            this.successThreshold = Arguments.atLeast("successThreshold", successThreshold, 1);
            return this;
        }

        /**
         * Sets the RPO limit for lags measured in bytes.
         *
         * @param rpoLimitBytes at least 0
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder rpoLimitBytes(long rpoLimitBytes) {
            this.rpoLimitBytes = Arguments.atLeast("rpoLimitBytes", rpoLimitBytes, 0L);
            return this;
        }

        /**
         * Sets the RPO limit for lags measured in time.
         *
         * @param rpoLimitTime not negative, at most {@code Long.MAX_VALUE} nanoseconds
         * @return this builder
         * @throws IllegalArgumentException if negative or too large
         */
        public Builder rpoLimitTime(Duration rpoLimitTime) {
            this.rpoLimitTime =
                    Arguments.fitsInNanos("rpoLimitTime", Arguments.notNegative("rpoLimitTime", rpoLimitTime));
            return this;
        }

        /**
         * Sets synchronous mode: only synchronous standbys are promoted automatically.
         *
         * @param synchronousMode whether synchronous mode is on
         * @return this builder
         */
        public Builder synchronousMode(boolean synchronousMode) {
            this.synchronousMode = synchronousMode;
            return this;
        }

        /**
         * Allows asynchronous standbys to be promoted in synchronous mode.
         *
         * @param asyncPromotionAllowed whether allowed
         * @return this builder
         */
        public Builder asyncPromotionAllowed(boolean asyncPromotionAllowed) {
            this.asyncPromotionAllowed = asyncPromotionAllowed;
            return this;
        }

        /**
         * Sets how long after a failover automatic failover is blocked unless acknowledged.
         *
         * @param antiFlappingWindow not negative; zero disables the window
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder antiFlappingWindow(Duration antiFlappingWindow) {
            this.antiFlappingWindow = Arguments.notNegative("antiFlappingWindow", antiFlappingWindow);
            return this;
        }

        /**
         * Sets how long a recovered member must stay healthy before it may be promoted.
         *
         * @param recoveryGrace not negative; zero disables the grace period
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder recoveryGrace(Duration recoveryGrace) {
            this.recoveryGrace = Arguments.notNegative("recoveryGrace", recoveryGrace);
            return this;
        }

        /**
         * Sets how far apart the replicas' wall clocks may be (see {@link FailoverConfig#clockSkewAllowance()}).
         * Hosts kept in step by NTP are usually within tens of milliseconds; the default of 5 s also
         * covers a virtual machine that resumed before its clock was corrected.
         *
         * @param clockSkewAllowance not negative
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder clockSkewAllowance(Duration clockSkewAllowance) {
            this.clockSkewAllowance = Arguments.notNegative("clockSkewAllowance", clockSkewAllowance);
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return a new configuration
         * @throws IllegalArgumentException if {@code asyncPromotionAllowed} is set without
         *     {@code synchronousMode}
         */
        public FailoverConfig build() {
            if (asyncPromotionAllowed && !synchronousMode) {
                throw new IllegalArgumentException(
                        "asyncPromotionAllowed requires synchronousMode, was synchronousMode=false");
            }
            return new FailoverConfig(this);
        }
    }
}
