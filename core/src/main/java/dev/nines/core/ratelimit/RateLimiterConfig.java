package dev.nines.core.ratelimit;

import dev.nines.core.internal.Arguments;
import java.time.Duration;
import java.util.Objects;

/**
 * The immutable configuration of a {@link RateLimiter}: a token bucket that receives
 * {@code limitForPeriod} permits at the start of every {@code limitRefreshPeriod}, holds at most
 * {@code burstCapacity} permits, and lets a caller wait at most {@code timeoutDuration}.
 *
 * <p>The names follow resilience4j's {@code RateLimiterConfig}; the defaults do not: 50 permits per
 * second, a burst equal to one period's permits, and no waiting (resilience4j waits 5 seconds by
 * default, which hides overload in latency).
 *
 * <p>Thread-safe (immutable). Setters reject bad values at once; {@link Builder#build()} checks the
 * fields against each other. Each message names the field and the value.
 *
 * <pre>{@code
 * RateLimiterConfig config = RateLimiterConfig.builder()
 *         .limitForPeriod(100)
 *         .limitRefreshPeriod(Duration.ofSeconds(1))
 *         .burstCapacity(300)
 *         .timeoutDuration(Duration.ofMillis(20))
 *         .build();
 * }</pre>
 */
public final class RateLimiterConfig {

    /** The longest warm-up, in periods: keeps the ramp's arithmetic exact in a {@code double}. */
    static final long MAX_WARMUP_PERIODS = 1_000_000L;

    private static final RateLimiterConfig DEFAULTS = builder().build();

    private final int limitForPeriod;
    private final Duration limitRefreshPeriod;
    private final int burstCapacity;
    private final Duration timeoutDuration;
    private final Duration warmupPeriod;
    private final double coldFactor;

    private RateLimiterConfig(
            int limitForPeriod,
            Duration limitRefreshPeriod,
            int burstCapacity,
            Duration timeoutDuration,
            Duration warmupPeriod,
            double coldFactor) {
        this.limitForPeriod = limitForPeriod;
        this.limitRefreshPeriod = limitRefreshPeriod;
        this.burstCapacity = burstCapacity;
        this.timeoutDuration = timeoutDuration;
        this.warmupPeriod = warmupPeriod;
        this.coldFactor = coldFactor;
    }

    /**
     * Returns the default configuration: 50 permits per second, burst 50, no waiting.
     *
     * @return the default configuration
     */
    public static RateLimiterConfig ofDefaults() {
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
        Builder builder = new Builder()
                .limitForPeriod(limitForPeriod)
                .limitRefreshPeriod(limitRefreshPeriod)
                .timeoutDuration(timeoutDuration)
                .warmupPeriod(warmupPeriod)
                .coldFactor(coldFactor);
        builder.burstCapacity = burstCapacity;
        return builder;
    }

    /**
     * Returns the permits added to the bucket at the start of every period.
     *
     * @return permits per period, at least 1
     */
    public int limitForPeriod() {
        return limitForPeriod;
    }

    /**
     * Returns the length of a period.
     *
     * @return the refresh period, positive
     */
    public Duration limitRefreshPeriod() {
        return limitRefreshPeriod;
    }

    /**
     * Returns the most permits the bucket holds; also the permits of a new rate limiter.
     *
     * @return the burst capacity, at least {@link #limitForPeriod()}
     */
    public int burstCapacity() {
        return burstCapacity;
    }

    /**
     * Returns how long a caller may wait for permits; zero means never wait.
     *
     * @return the timeout, not negative
     */
    public Duration timeoutDuration() {
        return timeoutDuration;
    }

    /**
     * Returns how long a cold limiter takes to ramp up to {@link #limitForPeriod()}; zero means no
     * warm-up (the limiter is always warm).
     *
     * <p>With a warm-up, a limiter is cold when created, when first used, and after more than a
     * whole warm-up period in which nobody asked for permits (its bucket full): it supplies {@code limitForPeriod / coldFactor} permits per period, and the
     * rate rises linearly with time to {@code limitForPeriod} over {@code warmupPeriod}. The
     * bucket's capacity ramps in the same proportion, from {@code burstCapacity / coldFactor} (at
     * least 1), so a cold limiter does not hand out a full burst either. This follows the intent of
     * Guava's {@code SmoothWarmingUp} (a cold cache or connection pool behind the limiter needs
     * time to reach its full rate; the default cold factor 3 is Guava's), with two differences: the
     * ramp is linear in time rather than in stored permits, and cooling is all or nothing after a
     * whole idle warm-up period instead of gradual.
     *
     * @return the warm-up period, zero or at least one {@link #limitRefreshPeriod()}
     */
    public Duration warmupPeriod() {
        return warmupPeriod;
    }

    /**
     * Returns how many times slower than {@link #limitForPeriod()} a cold limiter supplies permits.
     *
     * @return the cold factor, at least 1; used only with a {@link #warmupPeriod()}
     */
    public double coldFactor() {
        return coldFactor;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RateLimiterConfig other
                && limitForPeriod == other.limitForPeriod
                && limitRefreshPeriod.equals(other.limitRefreshPeriod)
                && burstCapacity == other.burstCapacity
                && timeoutDuration.equals(other.timeoutDuration)
                && warmupPeriod.equals(other.warmupPeriod)
                && Double.compare(coldFactor, other.coldFactor) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                limitForPeriod, limitRefreshPeriod, burstCapacity, timeoutDuration, warmupPeriod, coldFactor);
    }

    @Override
    public String toString() {
        return "RateLimiterConfig[limitForPeriod=" + limitForPeriod + ", limitRefreshPeriod=" + limitRefreshPeriod
                + ", burstCapacity=" + burstCapacity + ", timeoutDuration=" + timeoutDuration + ", warmupPeriod="
                + warmupPeriod + ", coldFactor=" + coldFactor + "]";
    }

    /** A builder of {@link RateLimiterConfig}; not thread-safe. */
    public static final class Builder {

        private int limitForPeriod = 50;
        private Duration limitRefreshPeriod = Duration.ofSeconds(1);
        private int burstCapacity;
        private Duration timeoutDuration = Duration.ZERO;
        private Duration warmupPeriod = Duration.ZERO;
        private double coldFactor = 3.0;

        private Builder() {}

        /**
         * Sets the permits added at the start of every period.
         *
         * @param limitForPeriod at least 1; default 50
         * @return this builder
         * @throws IllegalArgumentException if {@code limitForPeriod < 1}
         */
        public Builder limitForPeriod(int limitForPeriod) {
            this.limitForPeriod = Arguments.atLeast("limitForPeriod", limitForPeriod, 1);
            return this;
        }

        /**
         * Sets the length of a period.
         *
         * @param limitRefreshPeriod positive, at most {@code Long.MAX_VALUE} nanoseconds; default 1 second
         * @return this builder
         * @throws IllegalArgumentException if {@code limitRefreshPeriod} is zero, negative or too large
         */
        public Builder limitRefreshPeriod(Duration limitRefreshPeriod) {
            this.limitRefreshPeriod = Arguments.fitsInNanos(
                    "limitRefreshPeriod", Arguments.positive("limitRefreshPeriod", limitRefreshPeriod));
            return this;
        }

        /**
         * Sets the most permits the bucket holds (unused permits of past periods accumulate up to
         * it). Unset, it equals {@code limitForPeriod}: no burst beyond one period.
         *
         * @param burstCapacity at least 1, and at least {@code limitForPeriod} (checked in {@link #build()})
         * @return this builder
         * @throws IllegalArgumentException if {@code burstCapacity < 1}
         */
        public Builder burstCapacity(int burstCapacity) {
            this.burstCapacity = Arguments.atLeast("burstCapacity", burstCapacity, 1);
            return this;
        }

        /**
         * Sets how long a caller may wait for permits. Zero (the default) never waits.
         *
         * @param timeoutDuration not negative, at most {@code Long.MAX_VALUE} nanoseconds
         * @return this builder
         * @throws IllegalArgumentException if {@code timeoutDuration} is negative or too large
         */
        public Builder timeoutDuration(Duration timeoutDuration) {
            this.timeoutDuration =
                    Arguments.fitsInNanos("timeoutDuration", Arguments.notNegative("timeoutDuration", timeoutDuration));
            return this;
        }

        /**
         * Sets how long a cold limiter takes to ramp up to {@code limitForPeriod} (see
         * {@link RateLimiterConfig#warmupPeriod()}). Zero (the default) means no warm-up.
         *
         * @param warmupPeriod zero, or at least one {@code limitRefreshPeriod} and at most a million
         *     of them (checked in {@link #build()})
         * @return this builder
         * @throws IllegalArgumentException if {@code warmupPeriod} is negative or too large
         */
        public Builder warmupPeriod(Duration warmupPeriod) {
            this.warmupPeriod =
                    Arguments.fitsInNanos("warmupPeriod", Arguments.notNegative("warmupPeriod", warmupPeriod));
            return this;
        }

        /**
         * Sets how many times slower than {@code limitForPeriod} a cold limiter supplies permits.
         *
         * @param coldFactor at least 1 and finite; default 3 (Guava's)
         * @return this builder
         * @throws IllegalArgumentException if {@code coldFactor} is below 1, infinite or NaN
         */
        public Builder coldFactor(double coldFactor) {
            if (!(coldFactor >= 1.0) || Double.isInfinite(coldFactor)) {
                throw new IllegalArgumentException("coldFactor must be finite and at least 1, was " + coldFactor);
            }
            this.coldFactor = coldFactor;
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return a new immutable configuration
         * @throws IllegalArgumentException if {@code burstCapacity < limitForPeriod}, or if
         *     {@code limitForPeriod} exceeds one permit per nanosecond of {@code limitRefreshPeriod}, or
         *     if a non-zero {@code warmupPeriod} is shorter than one {@code limitRefreshPeriod} or longer
         *     than a million of them
         */
        public RateLimiterConfig build() {
            int burst = burstCapacity == 0 ? limitForPeriod : burstCapacity;
            if (burst < limitForPeriod) {
                throw new IllegalArgumentException(
                        "burstCapacity must be at least limitForPeriod (" + limitForPeriod + "), was " + burst);
            }
            if (limitForPeriod > limitRefreshPeriod.toNanos()) {
                throw new IllegalArgumentException("limitForPeriod must be at most one permit per nanosecond of "
                        + "limitRefreshPeriod (" + limitRefreshPeriod.toNanos() + "), was " + limitForPeriod);
            }
            if (!warmupPeriod.isZero()) {
                long periods = warmupPeriod.toNanos() / limitRefreshPeriod.toNanos();
                if (periods < 1 || periods > MAX_WARMUP_PERIODS) {
                    throw new IllegalArgumentException("warmupPeriod must be zero or between one and "
                            + MAX_WARMUP_PERIODS + " limitRefreshPeriods (" + limitRefreshPeriod + "), was "
                            + warmupPeriod);
                }
            }
            return new RateLimiterConfig(
                    limitForPeriod, limitRefreshPeriod, burst, timeoutDuration, warmupPeriod, coldFactor);
        }
    }
}
