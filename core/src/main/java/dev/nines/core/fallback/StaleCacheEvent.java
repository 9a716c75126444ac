package dev.nines.core.fallback;

import java.time.Duration;

/**
 * An event of a {@link StaleCache}, delivered to listeners registered with
 * {@link StaleCache#onEvent(java.util.function.Consumer)}.
 */
public sealed interface StaleCacheEvent {

    /**
     * Returns the name of the cache that published the event.
     *
     * @return the name
     */
    String cacheName();

    /**
     * A call failed and a stale value answered it (a degraded answer).
     *
     * @param cacheName the cache's name
     * @param age the stale value's age
     * @param failure the call's failure
     */
    record ServedStale(String cacheName, Duration age, Throwable failure) implements StaleCacheEvent {}

    /**
     * A call failed and no usable stale value existed (or the failure does not serve stale), so
     * the failure propagated.
     *
     * @param cacheName the cache's name
     * @param failure the call's failure
     */
    record NoStaleValue(String cacheName, Throwable failure) implements StaleCacheEvent {}
}
