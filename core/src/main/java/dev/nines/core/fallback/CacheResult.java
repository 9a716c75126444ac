package dev.nines.core.fallback;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A value answered by a {@link StaleCache}, with where it came from and how old it is.
 *
 * @param value the value
 * @param freshness where it came from
 * @param age how long ago the call that produced it completed ({@link Duration#ZERO} for
 *     {@link Freshness#FRESH})
 * @param failure the call's failure when the value is {@link Freshness#STALE}, empty otherwise
 * @param <V> the value type
 */
public record CacheResult<V>(V value, Freshness freshness, Duration age, Optional<Throwable> failure) {

    /**
     * Checks the components.
     *
     * @param value the value
     * @param freshness where it came from
     * @param age its age
     * @param failure the failure behind a stale value
     */
    public CacheResult {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(freshness, "freshness");
        Objects.requireNonNull(age, "age");
        Objects.requireNonNull(failure, "failure");
    }

    /**
     * Returns whether the value is a degraded answer (stale, served because the call failed).
     *
     * @return {@code true} for {@link Freshness#STALE}
     */
    public boolean isDegraded() {
        return freshness == Freshness.STALE;
    }

    /** Where a {@link CacheResult}'s value came from. */
    public enum Freshness {
        /** Just returned by the call (and now cached). */
        FRESH,
        /** From the cache, within its fresh time-to-live; the call was not made. */
        CACHED_FRESH,
        /** From the cache, past its fresh time-to-live, because the call failed: degraded. */
        STALE
    }
}
