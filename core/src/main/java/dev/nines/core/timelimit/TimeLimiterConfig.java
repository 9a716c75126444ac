package dev.nines.core.timelimit;

import dev.nines.core.internal.Arguments;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Immutable configuration of a {@link TimeLimiter}, in resilience4j's vocabulary and with its
 * defaults: {@code timeoutDuration} 1 s, {@code cancelRunningFuture} true.
 *
 * <pre>{@code
 * TimeLimiterConfig config = TimeLimiterConfig.builder()
 *         .timeoutDuration(Duration.ofMillis(250))
 *         .cancelRunningFuture(true)
 *         .build();
 * }</pre>
 *
 * <p>Thread-safe (immutable).
 */
public final class TimeLimiterConfig {

    private static final TimeLimiterConfig DEFAULTS = new Builder().build();

    private final Duration timeoutDuration;
    private final boolean cancelRunningFuture;

    private TimeLimiterConfig(Builder builder) {
        this.timeoutDuration = builder.timeoutDuration;
        this.cancelRunningFuture = builder.cancelRunningFuture;
    }

    /**
     * Returns the default configuration (1 s, cancel on timeout).
     *
     * @return the defaults
     */
    public static TimeLimiterConfig ofDefaults() {
        return DEFAULTS;
    }

    /**
     * Returns a builder holding the defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder holding this configuration's values.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Returns how long a call may take.
     *
     * @return the timeout, positive
     */
    public Duration timeoutDuration() {
        return timeoutDuration;
    }

    /**
     * Returns whether a call that times out is cancelled ({@code Future.cancel(true)}).
     *
     * @return the flag
     */
    public boolean cancelRunningFuture() {
        return cancelRunningFuture;
    }

    /**
     * Returns whether {@code o} is a {@code TimeLimiterConfig} with the same settings. Functions and
     * predicates (and other objects without value equality) compare by identity, so a copy made by
     * {@code toBuilder().build()} equals its original.
     *
     * @param o the other object
     * @return {@code true} if every setting is equal
     */
    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof TimeLimiterConfig other
                && Objects.equals(timeoutDuration, other.timeoutDuration)
                && cancelRunningFuture == other.cancelRunningFuture;
    }

    /**
     * Returns a hash code consistent with {@link #equals(Object)}.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return Objects.hash(timeoutDuration, cancelRunningFuture);
    }

    @Override
    public String toString() {
        return "TimeLimiterConfig[timeoutDuration=" + timeoutDuration + ", cancelRunningFuture=" + cancelRunningFuture
                + "]";
    }

    /** A builder of {@link TimeLimiterConfig}; not thread-safe. */
    public static final class Builder {

        private Duration timeoutDuration = Duration.ofSeconds(1);
        private boolean cancelRunningFuture = true;

        private Builder() {}

        private Builder(TimeLimiterConfig config) {
            this.timeoutDuration = config.timeoutDuration;
            this.cancelRunningFuture = config.cancelRunningFuture;
        }

        /**
         * Sets how long a call may take.
         *
         * @param timeoutDuration the timeout, positive
         * @return this builder
         * @throws IllegalArgumentException if zero or negative
         */
        public Builder timeoutDuration(Duration timeoutDuration) {
            this.timeoutDuration = Arguments.positive("timeoutDuration", timeoutDuration);
            return this;
        }

        /**
         * Sets whether a call that times out is cancelled.
         *
         * @param cancelRunningFuture {@code true} to cancel (with interruption where supported)
         * @return this builder
         */
        public Builder cancelRunningFuture(boolean cancelRunningFuture) {
            this.cancelRunningFuture = cancelRunningFuture;
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return a new immutable configuration
         */
        public TimeLimiterConfig build() {
            return new TimeLimiterConfig(this);
        }
    }
}
