package dev.nines.core.adaptivelimit;

import dev.nines.core.internal.Arguments;
import java.util.Objects;

/**
 * The immutable configuration of an {@link AdaptiveLimiter}: the bounds of the limit, where it
 * starts, and the algorithm that moves it.
 *
 * <p>Defaults follow Netflix's {@code Gradient2Limit}: limit between 20 and 200, starting at 20,
 * moved by {@link LimitAlgorithm#gradient()}. Thread-safe (immutable). Setters reject bad values
 * at once; {@link Builder#build()} checks the bounds against each other. Each message names the
 * field and the value.
 *
 * <pre>{@code
 * AdaptiveLimiterConfig config = AdaptiveLimiterConfig.builder()
 *         .minLimit(5).initialLimit(10).maxLimit(500)
 *         .algorithm(LimitAlgorithm.aimd().withBackoffRatio(0.8))
 *         .build();
 * }</pre>
 */
public final class AdaptiveLimiterConfig {

    private static final AdaptiveLimiterConfig DEFAULTS = builder().build();

    private final int minLimit;
    private final int maxLimit;
    private final int initialLimit;
    private final LimitAlgorithm algorithm;

    private AdaptiveLimiterConfig(Builder builder) {
        this.minLimit = builder.minLimit;
        this.maxLimit = builder.maxLimit;
        this.initialLimit = builder.initialLimit;
        this.algorithm = builder.algorithm;
    }

    /**
     * Returns the default configuration: limit in [20, 200], starting at 20, gradient algorithm.
     *
     * @return the default configuration
     */
    public static AdaptiveLimiterConfig ofDefaults() {
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
        return new Builder()
                .minLimit(minLimit)
                .maxLimit(maxLimit)
                .initialLimit(initialLimit)
                .algorithm(algorithm);
    }

    /**
     * Returns the lowest the limit may go.
     *
     * @return the minimum limit, at least 1
     */
    public int minLimit() {
        return minLimit;
    }

    /**
     * Returns the highest the limit may go.
     *
     * @return the maximum limit, at least {@link #minLimit()}
     */
    public int maxLimit() {
        return maxLimit;
    }

    /**
     * Returns the limit of a new limiter.
     *
     * @return the initial limit, within the bounds
     */
    public int initialLimit() {
        return initialLimit;
    }

    /**
     * Returns the algorithm that moves the limit.
     *
     * @return the algorithm
     */
    public LimitAlgorithm algorithm() {
        return algorithm;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AdaptiveLimiterConfig other
                && minLimit == other.minLimit
                && maxLimit == other.maxLimit
                && initialLimit == other.initialLimit
                && algorithm.equals(other.algorithm);
    }

    @Override
    public int hashCode() {
        return Objects.hash(minLimit, maxLimit, initialLimit, algorithm);
    }

    @Override
    public String toString() {
        return "AdaptiveLimiterConfig[minLimit=" + minLimit + ", maxLimit=" + maxLimit + ", initialLimit="
                + initialLimit + ", algorithm=" + algorithm + "]";
    }

    /** A builder of {@link AdaptiveLimiterConfig}; not thread-safe. */
    public static final class Builder {

        private int minLimit = 20;
        private int maxLimit = 200;
        private int initialLimit = 20;
        private LimitAlgorithm algorithm = LimitAlgorithm.gradient();

        private Builder() {}

        /**
         * Sets the lowest the limit may go.
         *
         * @param minLimit at least 1; default 20
         * @return this builder
         * @throws IllegalArgumentException if {@code minLimit < 1}
         */
        public Builder minLimit(int minLimit) {
            this.minLimit = Arguments.atLeast("minLimit", minLimit, 1);
            return this;
        }

        /**
         * Sets the highest the limit may go.
         *
         * @param maxLimit at least 1, and at least the {@linkplain #minLimit(int) minimum} (checked in {@link #build()}); default 200
         * @return this builder
         * @throws IllegalArgumentException if {@code maxLimit < 1}
         */
        public Builder maxLimit(int maxLimit) {
            this.maxLimit = Arguments.atLeast("maxLimit", maxLimit, 1);
            return this;
        }

        /**
         * Sets the limit of a new limiter.
         *
         * @param initialLimit at least 1, and within the bounds (checked in {@link #build()}); default 20
         * @return this builder
         * @throws IllegalArgumentException if {@code initialLimit < 1}
         */
        public Builder initialLimit(int initialLimit) {
            this.initialLimit = Arguments.atLeast("initialLimit", initialLimit, 1);
            return this;
        }

        /**
         * Sets the algorithm that moves the limit.
         *
         * @param algorithm {@link LimitAlgorithm#aimd()} or {@link LimitAlgorithm#gradient()} (or variants)
         * @return this builder
         */
        public Builder algorithm(LimitAlgorithm algorithm) {
            this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return a new immutable configuration
         * @throws IllegalArgumentException if {@code maxLimit < minLimit} or {@code initialLimit} is
         *     outside {@code [minLimit, maxLimit]}
         */
        public AdaptiveLimiterConfig build() {
            if (maxLimit < minLimit) {
                throw new IllegalArgumentException(
                        "maxLimit must be at least minLimit (" + minLimit + "), was " + maxLimit);
            }
            if (initialLimit < minLimit || initialLimit > maxLimit) {
                throw new IllegalArgumentException(
                        "initialLimit must be in [" + minLimit + ", " + maxLimit + "], was " + initialLimit);
            }
            return new AdaptiveLimiterConfig(this);
        }
    }
}
