package dev.nines.core.bulkhead;

import dev.nines.core.internal.Arguments;
import java.time.Duration;
import java.util.Objects;

/**
 * The immutable configuration of a {@link Bulkhead}: how many calls may run at once and how long a
 * call may wait for a permit.
 *
 * <p>Thread-safe (immutable). Every builder setter rejects a bad value at once with an
 * {@link IllegalArgumentException} naming the field and the value.
 *
 * <pre>{@code
 * BulkheadConfig config = BulkheadConfig.builder()
 *         .maxConcurrentCalls(10)
 *         .maxWaitDuration(Duration.ofMillis(50))
 *         .build();
 * }</pre>
 */
public final class BulkheadConfig {

    /** The default number of concurrent calls, as in resilience4j. */
    public static final int DEFAULT_MAX_CONCURRENT_CALLS = 25;

    private static final BulkheadConfig DEFAULTS = builder().build();

    private final int maxConcurrentCalls;
    private final Duration maxWaitDuration;

    private BulkheadConfig(Builder builder) {
        this.maxConcurrentCalls = builder.maxConcurrentCalls;
        this.maxWaitDuration = builder.maxWaitDuration;
    }

    /**
     * Returns the default configuration: 25 concurrent calls, no waiting.
     *
     * @return the default configuration
     */
    public static BulkheadConfig ofDefaults() {
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
     * Returns a builder holding this configuration's values, to derive a variant.
     *
     * @return a new builder initialised from this configuration
     */
    public Builder toBuilder() {
        return new Builder().maxConcurrentCalls(maxConcurrentCalls).maxWaitDuration(maxWaitDuration);
    }

    /**
     * Returns the maximum number of calls that may hold a permit at the same time.
     *
     * @return the maximum number of concurrent calls, at least 1
     */
    public int maxConcurrentCalls() {
        return maxConcurrentCalls;
    }

    /**
     * Returns how long a call may wait for a permit; zero means the bulkhead never blocks.
     *
     * @return the maximum wait, not negative
     */
    public Duration maxWaitDuration() {
        return maxWaitDuration;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BulkheadConfig other
                && maxConcurrentCalls == other.maxConcurrentCalls
                && maxWaitDuration.equals(other.maxWaitDuration);
    }

    @Override
    public int hashCode() {
        return Objects.hash(maxConcurrentCalls, maxWaitDuration);
    }

    @Override
    public String toString() {
        return "BulkheadConfig[maxConcurrentCalls=" + maxConcurrentCalls + ", maxWaitDuration=" + maxWaitDuration + "]";
    }

    /** A builder of {@link BulkheadConfig}; not thread-safe. */
    public static final class Builder {

        private int maxConcurrentCalls = DEFAULT_MAX_CONCURRENT_CALLS;
        private Duration maxWaitDuration = Duration.ZERO;

        private Builder() {}

        /**
         * Sets the maximum number of calls that may hold a permit at the same time.
         *
         * @param maxConcurrentCalls at least 1; default 25
         * @return this builder
         * @throws IllegalArgumentException if {@code maxConcurrentCalls < 1}
         */
        public Builder maxConcurrentCalls(int maxConcurrentCalls) {
            this.maxConcurrentCalls = Arguments.atLeast("maxConcurrentCalls", maxConcurrentCalls, 1);
            return this;
        }

        /**
         * Sets how long a call may wait for a permit when none is free. Zero (the default) makes
         * the bulkhead non-blocking: a call is rejected at once.
         *
         * @param maxWaitDuration not negative, at most {@code Long.MAX_VALUE} nanoseconds
         * @return this builder
         * @throws IllegalArgumentException if {@code maxWaitDuration} is negative or too large
         */
        public Builder maxWaitDuration(Duration maxWaitDuration) {
            this.maxWaitDuration =
                    Arguments.fitsInNanos("maxWaitDuration", Arguments.notNegative("maxWaitDuration", maxWaitDuration));
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return a new immutable configuration
         */
        public BulkheadConfig build() {
            return new BulkheadConfig(this);
        }
    }
}
