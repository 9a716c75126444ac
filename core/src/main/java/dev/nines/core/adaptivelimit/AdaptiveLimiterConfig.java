package dev.nines.core.adaptivelimit;

import dev.nines.core.internal.Arguments;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The immutable configuration of an {@link AdaptiveLimiter}: the bounds of the limit, where it
 * starts, and the algorithm that moves it; optionally a bounded queue in which calls wait for a slot
 * instead of being rejected at once, and priorities that are shed lowest first.
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
    private final int maxQueueSize;
    private final Duration maxWaitDuration;
    private final double[] priorityShares;

    private AdaptiveLimiterConfig(Builder builder) {
        this.minLimit = builder.minLimit;
        this.maxLimit = builder.maxLimit;
        this.initialLimit = builder.initialLimit;
        this.algorithm = builder.algorithm;
        this.maxQueueSize = builder.maxQueueSize;
        this.maxWaitDuration = builder.maxWaitDuration;
        this.priorityShares = builder.priorityShares.clone();
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
                .algorithm(algorithm)
                .maxQueueSize(maxQueueSize)
                .maxWaitDuration(maxWaitDuration)
                .priorityShares(priorityShares);
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

    /**
     * Returns how many calls may wait for a slot at once; zero (the default) rejects a call as soon
     * as the limit is reached.
     *
     * @return the queue size, at least 0
     */
    public int maxQueueSize() {
        return maxQueueSize;
    }

    /**
     * Returns how long a queued call waits for a slot before it is rejected.
     *
     * @return the longest wait; zero exactly when {@link #maxQueueSize()} is zero
     */
    public Duration maxWaitDuration() {
        return maxWaitDuration;
    }

    /**
     * Returns the share of the limit each priority may use, highest priority (0) first.
     *
     * <p>The rule: a call of priority {@code p} is admitted only while fewer than
     * {@code max(1, floor(limit * share[p]))} calls are in flight (whatever their priorities).
     * Shares never increase from one priority to the next, so as the limit falls, or as calls pile
     * up, the lowest priority is shed first, and a call is never admitted while a call of a higher
     * priority would be shed. Priority 0 has share 1: the whole limit. The default is one priority.
     *
     * @return the shares, a new list of at least one element, the first 1.0
     */
    public List<Double> priorityShares() {
        List<Double> shares = new ArrayList<>(priorityShares.length);
        for (double share : priorityShares) {
            shares.add(share);
        }
        return List.copyOf(shares);
    }

    /** The shares, not copied: callers must not write to it. */
    double[] shares() {
        return priorityShares;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AdaptiveLimiterConfig other
                && minLimit == other.minLimit
                && maxLimit == other.maxLimit
                && initialLimit == other.initialLimit
                && algorithm.equals(other.algorithm)
                && maxQueueSize == other.maxQueueSize
                && maxWaitDuration.equals(other.maxWaitDuration)
                && Arrays.equals(priorityShares, other.priorityShares);
    }

    @Override
    public int hashCode() {
        return Objects.hash(minLimit, maxLimit, initialLimit, algorithm, maxQueueSize, maxWaitDuration)
                + 31 * Arrays.hashCode(priorityShares);
    }

    @Override
    public String toString() {
        return "AdaptiveLimiterConfig[minLimit=" + minLimit + ", maxLimit=" + maxLimit + ", initialLimit="
                + initialLimit + ", algorithm=" + algorithm + ", maxQueueSize=" + maxQueueSize + ", maxWaitDuration="
                + maxWaitDuration + ", priorityShares=" + Arrays.toString(priorityShares) + "]";
    }

    /** A builder of {@link AdaptiveLimiterConfig}; not thread-safe. */
    public static final class Builder {

        private int minLimit = 20;
        private int maxLimit = 200;
        private int initialLimit = 20;
        private LimitAlgorithm algorithm = LimitAlgorithm.gradient();
        private int maxQueueSize;
        private Duration maxWaitDuration = Duration.ZERO;
        private double[] priorityShares = {1.0};

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
         * Sets how many calls may wait for a slot at once when the limit is reached. Zero (the
         * default) rejects at once. Waiting calls are admitted highest priority first, in arrival
         * order within a priority; when the queue is full, a call displaces the newest waiting call
         * of a lower priority, if there is one, and is rejected otherwise.
         *
         * @param maxQueueSize at least 0; positive needs a positive {@code maxWaitDuration} (checked in {@link #build()})
         * @return this builder
         * @throws IllegalArgumentException if {@code maxQueueSize < 0}
         */
        public Builder maxQueueSize(int maxQueueSize) {
            this.maxQueueSize = Arguments.atLeast("maxQueueSize", maxQueueSize, 0);
            return this;
        }

        /**
         * Sets how long a queued call waits for a slot before it is rejected, measured on the
         * limiter's time source.
         *
         * @param maxWaitDuration not negative; positive exactly when {@code maxQueueSize} is (checked in {@link #build()})
         * @return this builder
         * @throws IllegalArgumentException if {@code maxWaitDuration} is negative or too large
         */
        public Builder maxWaitDuration(Duration maxWaitDuration) {
            this.maxWaitDuration =
                    Arguments.fitsInNanos("maxWaitDuration", Arguments.notNegative("maxWaitDuration", maxWaitDuration));
            return this;
        }

        /**
         * Sets the share of the limit each priority may use (see
         * {@link AdaptiveLimiterConfig#priorityShares()}): {@code priorityShares(1.0, 0.8, 0.5)} gives
         * three priorities; priority 2 is shed once half the limit is in flight, priority 1 at 80%.
         *
         * @param shares one per priority, highest first: the first 1, each in (0, 1] and at most the one before
         * @return this builder
         * @throws IllegalArgumentException if a share breaks these rules; the message names its index
         */
        public Builder priorityShares(double... shares) {
            Objects.requireNonNull(shares, "priorityShares");
            if (shares.length == 0 || shares[0] != 1.0) {
                throw new IllegalArgumentException("priorityShares[0] must be 1 (the highest priority may use the whole"
                        + " limit), was " + (shares.length == 0 ? "absent" : String.valueOf(shares[0])));
            }
            for (int i = 1; i < shares.length; i++) {
                if (!(shares[i] > 0 && shares[i] <= shares[i - 1])) {
                    throw new IllegalArgumentException("priorityShares[" + i + "] must be in (0, priorityShares["
                            + (i - 1) + "] = " + shares[i - 1] + "], was " + shares[i]);
                }
            }
            this.priorityShares = shares.clone();
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return a new immutable configuration
         * @throws IllegalArgumentException if {@code maxLimit < minLimit}, {@code initialLimit} is
         *     outside {@code [minLimit, maxLimit]}, or one of {@code maxQueueSize} and
         *     {@code maxWaitDuration} is zero and the other is not
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
            if ((maxQueueSize > 0) != !maxWaitDuration.isZero()) {
                throw new IllegalArgumentException("maxWaitDuration must be positive exactly when maxQueueSize ("
                        + maxQueueSize + ") is, was " + maxWaitDuration);
            }
            return new AdaptiveLimiterConfig(this);
        }
    }
}
