package dev.nines.core.retry;

import dev.nines.core.internal.Arguments;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Immutable configuration of a {@link RetryBudget}: within any {@code window}, retries may not
 * exceed {@code retryRatio * requests + minRetriesPerSecond * windowSeconds}.
 *
 * <p>The semantics follow Finagle's {@code RetryBudget} ({@code ttl}, {@code minRetriesPerSec},
 * {@code percentCanRetry}) and tower's {@code Budget}: the ratio bounds retries in proportion to
 * recent traffic, and the per-second minimum lets clients with little traffic still retry. gRPC's
 * retry throttling ({@code maxTokens}, {@code tokenRatio}) and Envoy's {@code retry_budget}
 * ({@code budget_percent}, {@code min_retry_concurrency}) bound retries the same way, by token
 * count and by concurrency respectively.
 *
 * <p>Defaults: {@code retryRatio} 0.2, {@code minRetriesPerSecond} 10, {@code window} 10 s (as
 * Finagle). Thread-safe (immutable).
 *
 * <pre>{@code
 * RetryBudgetConfig budget = RetryBudgetConfig.builder()
 *         .retryRatio(0.1)            // at most one retry per ten requests ...
 *         .minRetriesPerSecond(5)     // ... plus 5 per second
 *         .window(Duration.ofSeconds(10))
 *         .build();
 * }</pre>
 */
public final class RetryBudgetConfig {

    private static final RetryBudgetConfig DEFAULTS = new Builder().build();

    private final double retryRatio;
    private final int minRetriesPerSecond;
    private final Duration window;

    private RetryBudgetConfig(Builder builder) {
        this.retryRatio = builder.retryRatio;
        this.minRetriesPerSecond = builder.minRetriesPerSecond;
        this.window = builder.window;
    }

    /**
     * Returns the default configuration (ratio 0.2, 10 retries per second, 10 s window).
     *
     * @return the defaults
     */
    public static RetryBudgetConfig ofDefaults() {
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
     * Returns the retries allowed per request in the window, e.g. 0.2 for one retry per five
     * requests.
     *
     * @return the ratio, in [0, 1000]
     */
    public double retryRatio() {
        return retryRatio;
    }

    /**
     * Returns the retries per second always allowed regardless of traffic.
     *
     * @return the minimum, zero or more
     */
    public int minRetriesPerSecond() {
        return minRetriesPerSecond;
    }

    /**
     * Returns the sliding window over which requests and retries are counted.
     *
     * @return the window, positive
     */
    public Duration window() {
        return window;
    }

    /**
     * Returns whether {@code o} is a {@code RetryBudgetConfig} with the same settings. Functions and
     * predicates (and other objects without value equality) compare by identity, so a copy made by
     * {@code toBuilder().build()} equals its original.
     *
     * @param o the other object
     * @return {@code true} if every setting is equal
     */
    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof RetryBudgetConfig other
                && Double.compare(retryRatio, other.retryRatio) == 0
                && minRetriesPerSecond == other.minRetriesPerSecond
                && Objects.equals(window, other.window);
    }

    /**
     * Returns a hash code consistent with {@link #equals(Object)}.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return Objects.hash(retryRatio, minRetriesPerSecond, window);
    }

    @Override
    public String toString() {
        return "RetryBudgetConfig[retryRatio=" + retryRatio + ", minRetriesPerSecond=" + minRetriesPerSecond
                + ", window=" + window + "]";
    }

    /** A builder of {@link RetryBudgetConfig}; not thread-safe. */
    public static final class Builder {

        private double retryRatio = 0.2;
        private int minRetriesPerSecond = 10;
        private Duration window = Duration.ofSeconds(10);

        private Builder() {}

        private Builder(RetryBudgetConfig config) {
            this.retryRatio = config.retryRatio;
            this.minRetriesPerSecond = config.minRetriesPerSecond;
            this.window = config.window;
        }

        /**
         * Sets the retries allowed per request counted in the window (0.2: one retry per five
         * requests; 2.0: two retries per request).
         *
         * @param retryRatio the ratio, in [0, 1000]
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder retryRatio(double retryRatio) {
            this.retryRatio = Arguments.inClosed("retryRatio", retryRatio, 0.0, 1000.0);
            return this;
        }

        /**
         * Sets the retries per second allowed even without traffic, so that a client that has just
         * started or sends little can still retry.
         *
         * @param minRetriesPerSecond the minimum, zero or more
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder minRetriesPerSecond(int minRetriesPerSecond) {
            this.minRetriesPerSecond = Arguments.atLeast("minRetriesPerSecond", minRetriesPerSecond, 0);
            return this;
        }

        /**
         * Sets the sliding window over which requests and retries count (Finagle's {@code ttl}).
         * It is kept in ten buckets, so the window effectively slides in tenths.
         *
         * @param window the window, from 10 ms to 1 hour
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder window(Duration window) {
            Arguments.positive("window", window);
            if (window.compareTo(Duration.ofMillis(10)) < 0 || window.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException("window must be in [PT0.01S, PT1H], was " + window);
            }
            this.window = window;
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return a new immutable configuration
         */
        public RetryBudgetConfig build() {
            Objects.requireNonNull(window, "window");
            return new RetryBudgetConfig(this);
        }
    }
}
