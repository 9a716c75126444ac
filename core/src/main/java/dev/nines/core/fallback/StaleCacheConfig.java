package dev.nines.core.fallback;

import dev.nines.core.internal.Arguments;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Immutable configuration of a {@link StaleCache}: how long a value is fresh ({@code freshTtl}),
 * how long after that it may still be served when the call fails ({@code staleTtl}, as HTTP's
 * {@code stale-if-error}), how many keys are kept ({@code maximumSize}) and which failures serve a
 * stale value ({@code serveStaleOn}).
 *
 * <p>The TTLs are the defaults for every entry; {@link StaleCache#of(String, StaleCacheConfig,
 * dev.nines.core.time.TimeSource, java.util.function.BiFunction)} can choose them per key and value.
 *
 * <p>Defaults: {@code freshTtl} 30 s, {@code staleTtl} 10 min, {@code maximumSize} 10,000, stale
 * on every {@link Exception}. Thread-safe (immutable).
 *
 * <pre>{@code
 * StaleCacheConfig config = StaleCacheConfig.builder()
 *         .freshTtl(Duration.ofSeconds(10))
 *         .staleTtl(Duration.ofHours(1))
 *         .maximumSize(50_000)
 *         .serveStaleOn(e -> e instanceof IOException || e instanceof CallNotPermittedException)
 *         .build();
 * }</pre>
 */
public final class StaleCacheConfig {

    private static final StaleCacheConfig DEFAULTS = new Builder().build();

    private final Duration freshTtl;
    private final Duration staleTtl;
    private final long maximumSize;
    private final Predicate<Throwable> serveStaleOn;

    private StaleCacheConfig(Builder builder) {
        this.freshTtl = builder.freshTtl;
        this.staleTtl = builder.staleTtl;
        this.maximumSize = builder.maximumSize;
        this.serveStaleOn = builder.serveStaleOn;
    }

    /**
     * Returns the default configuration.
     *
     * @return the defaults
     */
    public static StaleCacheConfig ofDefaults() {
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
     * Returns how long after it was stored a value is served without calling.
     *
     * @return the fresh time-to-live, positive
     */
    public Duration freshTtl() {
        return freshTtl;
    }

    /**
     * Returns how long after it stops being fresh a value may still be served when the call fails.
     *
     * @return the stale time-to-live, zero or more
     */
    public Duration staleTtl() {
        return staleTtl;
    }

    /**
     * Returns the maximum number of keys kept.
     *
     * @return at least 1
     */
    public long maximumSize() {
        return maximumSize;
    }

    /**
     * Returns whether a failure lets a stale value be served.
     *
     * @param failure the call's failure
     * @return {@code true} if a stale value may answer it
     */
    public boolean servesStaleOn(Throwable failure) {
        Objects.requireNonNull(failure, "failure");
        return serveStaleOn.test(failure);
    }

    /**
     * Returns whether {@code o} is a {@code StaleCacheConfig} with the same settings. Functions and
     * predicates (and other objects without value equality) compare by identity, so a copy made by
     * {@code toBuilder().build()} equals its original.
     *
     * @param o the other object
     * @return {@code true} if every setting is equal
     */
    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof StaleCacheConfig other
                && Objects.equals(freshTtl, other.freshTtl)
                && Objects.equals(staleTtl, other.staleTtl)
                && maximumSize == other.maximumSize
                && Objects.equals(serveStaleOn, other.serveStaleOn);
    }

    /**
     * Returns a hash code consistent with {@link #equals(Object)}.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return Objects.hash(freshTtl, staleTtl, maximumSize, serveStaleOn);
    }

    @Override
    public String toString() {
        return "StaleCacheConfig[freshTtl=" + freshTtl + ", staleTtl=" + staleTtl + ", maximumSize=" + maximumSize
                + "]";
    }

    /** A builder of {@link StaleCacheConfig}; not thread-safe. */
    public static final class Builder {

        private Duration freshTtl = Duration.ofSeconds(30);
        private Duration staleTtl = Duration.ofMinutes(10);
        private long maximumSize = 10_000;
        private Predicate<Throwable> serveStaleOn = e -> e instanceof Exception;

        private Builder() {}

        private Builder(StaleCacheConfig config) {
            this.freshTtl = config.freshTtl;
            this.staleTtl = config.staleTtl;
            this.maximumSize = config.maximumSize;
            this.serveStaleOn = config.serveStaleOn;
        }

        /**
         * Sets how long after it was stored a value is served without calling.
         *
         * @param freshTtl the fresh time-to-live, positive
         * @return this builder
         * @throws IllegalArgumentException if zero or negative
         */
        public Builder freshTtl(Duration freshTtl) {
            this.freshTtl = Arguments.positive("freshTtl", freshTtl);
            return this;
        }

        /**
         * Sets how long after it stops being fresh a value may still be served on failure.
         *
         * @param staleTtl the stale time-to-live, zero or more (zero: never serve stale)
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder staleTtl(Duration staleTtl) {
            this.staleTtl = Arguments.notNegative("staleTtl", staleTtl);
            return this;
        }

        /**
         * Sets the maximum number of keys kept (Caffeine evicts beyond it).
         *
         * @param maximumSize at least 1
         * @return this builder
         * @throws IllegalArgumentException if below 1
         */
        public Builder maximumSize(long maximumSize) {
            this.maximumSize = Arguments.atLeast("maximumSize", maximumSize, 1L);
            return this;
        }

        /**
         * Sets which failures serve a stale value, e.g. I/O errors and a circuit breaker's "call not
         * permitted"; other failures propagate.
         *
         * @param serveStaleOn the predicate; thread-safe, must not throw
         * @return this builder
         */
        public Builder serveStaleOn(Predicate<Throwable> serveStaleOn) {
            this.serveStaleOn = Objects.requireNonNull(serveStaleOn, "serveStaleOn");
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return a new immutable configuration
         * @throws IllegalArgumentException if {@code freshTtl + staleTtl} overflows a {@code long} of
         *     nanoseconds
         */
        public StaleCacheConfig build() {
            new EntryTtl(freshTtl, staleTtl);
            return new StaleCacheConfig(this);
        }
    }
}
