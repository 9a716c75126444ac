package dev.nines.core.ratelimit;

import dev.nines.core.internal.Arguments;
import java.time.Duration;
import java.util.Objects;

/**
 * The immutable configuration of a {@link KeyedRateLimiter}: the rate limit each key gets, how many
 * keys are kept at most, and how long an unused key is kept.
 *
 * <p>Thread-safe (immutable). Setters reject bad values at once, {@link Builder#build()} checks the
 * fields against each other; each message names the field and the value.
 *
 * <pre>{@code
 * KeyedRateLimiterConfig config = KeyedRateLimiterConfig.builder()
 *         .rateLimiterConfig(RateLimiterConfig.builder().limitForPeriod(10).build())  // 10 per second per key
 *         .maximumKeys(100_000)
 *         .build();
 * }</pre>
 */
public final class KeyedRateLimiterConfig {

    private static final KeyedRateLimiterConfig DEFAULTS = builder().build();

    private final RateLimiterConfig rateLimiterConfig;
    private final long maximumKeys;
    private final Duration idleKeyRetention;
    // As set on the builder (zero: the refill time), so that toBuilder() keeps following the refill time.
    private final Duration idleKeyRetentionSetting;

    private KeyedRateLimiterConfig(Builder builder, Duration idleKeyRetention) {
        this.rateLimiterConfig = builder.rateLimiterConfig;
        this.maximumKeys = builder.maximumKeys;
        this.idleKeyRetention = idleKeyRetention;
        this.idleKeyRetentionSetting = builder.idleKeyRetention;
    }

    /**
     * Returns the default configuration: {@link RateLimiterConfig#ofDefaults()} per key, at most
     * 10,000 keys, each kept while used and until its bucket would be full again.
     *
     * @return the default configuration
     */
    public static KeyedRateLimiterConfig ofDefaults() {
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
                .rateLimiterConfig(rateLimiterConfig)
                .maximumKeys(maximumKeys)
                .idleKeyRetention(idleKeyRetentionSetting);
    }

    /**
     * Returns the rate limit of each key.
     *
     * @return the configuration of every key's {@link RateLimiter}
     */
    public RateLimiterConfig rateLimiterConfig() {
        return rateLimiterConfig;
    }

    /**
     * Returns the most keys kept at once; beyond it, Caffeine's size-based eviction (W-TinyLFU)
     * drops keys, favouring those used often.
     *
     * @return the maximum number of keys, at least 1
     */
    public long maximumKeys() {
        return maximumKeys;
    }

    /**
     * Returns how long a key is kept after its last use. It is at least the time an emptied bucket
     * takes to fill up again ({@link #refillTime(RateLimiterConfig)}), so dropping an idle key
     * forgets nothing: a new bucket for it starts full, as the old one would be by then.
     *
     * @return the retention of an idle key, positive
     */
    public Duration idleKeyRetention() {
        return idleKeyRetention;
    }

    /**
     * Returns how long an emptied bucket of {@code config} takes to fill up again: the periods that
     * supply {@code burstCapacity} permits, plus the warm-up period, after which the limiter is cold
     * again anyway.
     *
     * @param config a rate limiter configuration
     * @return the refill time, positive
     */
    public static Duration refillTime(RateLimiterConfig config) {
        Objects.requireNonNull(config, "config");
        long periods = (config.burstCapacity() + config.limitForPeriod() - 1L) / config.limitForPeriod();
        long nanos = saturatedAdd(
                saturatedMultiply(periods, config.limitRefreshPeriod().toNanos()),
                config.warmupPeriod().toNanos());
        return Duration.ofNanos(nanos);
    }

    private static long saturatedMultiply(long a, long b) {
        long high = Math.multiplyHigh(a, b);
        long low = a * b;
        return (high == 0 && low >= 0) ? low : Long.MAX_VALUE;
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyedRateLimiterConfig other
                && rateLimiterConfig.equals(other.rateLimiterConfig)
                && maximumKeys == other.maximumKeys
                && idleKeyRetention.equals(other.idleKeyRetention)
                && idleKeyRetentionSetting.equals(other.idleKeyRetentionSetting);
    }

    @Override
    public int hashCode() {
        return Objects.hash(rateLimiterConfig, maximumKeys, idleKeyRetention);
    }

    @Override
    public String toString() {
        return "KeyedRateLimiterConfig[rateLimiterConfig=" + rateLimiterConfig + ", maximumKeys=" + maximumKeys
                + ", idleKeyRetention=" + idleKeyRetention + "]";
    }

    /** A builder of {@link KeyedRateLimiterConfig}; not thread-safe. */
    public static final class Builder {

        private RateLimiterConfig rateLimiterConfig = RateLimiterConfig.ofDefaults();
        private long maximumKeys = 10_000;
        private Duration idleKeyRetention = Duration.ZERO;

        private Builder() {}

        /**
         * Sets the rate limit of each key.
         *
         * @param rateLimiterConfig the configuration of every key's limiter; default
         *     {@link RateLimiterConfig#ofDefaults()}
         * @return this builder
         */
        public Builder rateLimiterConfig(RateLimiterConfig rateLimiterConfig) {
            this.rateLimiterConfig = Objects.requireNonNull(rateLimiterConfig, "rateLimiterConfig");
            return this;
        }

        /**
         * Sets the most keys kept at once.
         *
         * @param maximumKeys at least 1; default 10,000
         * @return this builder
         * @throws IllegalArgumentException if {@code maximumKeys < 1}
         */
        public Builder maximumKeys(long maximumKeys) {
            this.maximumKeys = Arguments.atLeast("maximumKeys", maximumKeys, 1L);
            return this;
        }

        /**
         * Sets how long a key is kept after its last use. Unset (zero), it is the
         * {@linkplain KeyedRateLimiterConfig#refillTime(RateLimiterConfig) refill time} of the
         * per-key configuration.
         *
         * @param idleKeyRetention zero for the refill time, or at least the refill time (checked in
         *     {@link #build()})
         * @return this builder
         * @throws IllegalArgumentException if {@code idleKeyRetention} is negative or too large
         */
        public Builder idleKeyRetention(Duration idleKeyRetention) {
            this.idleKeyRetention = Arguments.fitsInNanos(
                    "idleKeyRetention", Arguments.notNegative("idleKeyRetention", idleKeyRetention));
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return a new immutable configuration
         * @throws IllegalArgumentException if a non-zero {@code idleKeyRetention} is shorter than the
         *     refill time: dropping a key while its bucket is not full would give it permits back
         */
        public KeyedRateLimiterConfig build() {
            Duration refill = refillTime(rateLimiterConfig);
            if (idleKeyRetention.isZero()) {
                return new KeyedRateLimiterConfig(this, refill);
            }
            if (idleKeyRetention.compareTo(refill) < 0) {
                throw new IllegalArgumentException("idleKeyRetention must be zero or at least the refill time of "
                        + "the per-key rate limiter (" + refill + "), was " + idleKeyRetention);
            }
            return new KeyedRateLimiterConfig(this, idleKeyRetention);
        }
    }
}
