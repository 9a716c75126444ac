package dev.nines.core.ratelimit;

import dev.nines.core.event.EventListeners;
import dev.nines.core.internal.OptionalDependencies;
import dev.nines.core.time.TimeSource;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A rate limit per key (per client, tenant or API token), with a bounded number of keys: each key
 * gets its own {@link RateLimiter} with {@link KeyedRateLimiterConfig#rateLimiterConfig()}, created
 * on its first use and kept in a Caffeine cache bounded by {@link KeyedRateLimiterConfig#maximumKeys()}.
 *
 * <p><b>Eviction and its trade-off.</b> A key is dropped in two ways. (1) Unused for
 * {@link KeyedRateLimiterConfig#idleKeyRetention()}, which is at least the time its bucket takes to
 * fill up again: dropping it forgets nothing, since a new bucket starts full, as the old one would be.
 * (2) By the size bound, when more keys are in use than {@code maximumKeys}: a key dropped this way
 * and seen again starts with a full bucket, so it may get up to {@code burstCapacity} permits more
 * than one long-lived bucket would have given it, once per such eviction. Caffeine's W-TinyLFU
 * admission makes this hard to exploit: a flood of new keys mostly evicts other rarely used keys,
 * not the frequent ones being limited. Size {@code maximumKeys} above the keys active within the
 * retention time and evictions of this kind do not happen; {@link Metrics#evictedKeys()} counts them.
 *
 * <p>Caffeine is an optional dependency of nines-core: {@link #of} throws
 * {@link IllegalStateException} naming the artifact when it is missing; everything else in core
 * works without it.
 *
 * <p>Thread-safe. For a key already present, {@link #tryAcquirePermission(Object)} is a Caffeine
 * look-up plus one CAS, and allocates nothing. The cache runs its maintenance on the calling
 * threads (no hidden threads) and reads time from the injected {@link TimeSource}.
 *
 * <pre>{@code
 * KeyedRateLimiter<String> perClient = KeyedRateLimiter.of("api", KeyedRateLimiterConfig.builder()
 *         .rateLimiterConfig(RateLimiterConfig.builder().limitForPeriod(10).build())
 *         .maximumKeys(100_000)
 *         .build(), TimeSource.system());
 * if (!perClient.tryAcquirePermission(clientId)) {
 *     return tooManyRequests();
 * }
 * }</pre>
 *
 * @param <K> the key type; keys are compared with {@code equals} and must not change while used
 */
public interface KeyedRateLimiter<K> {

    /**
     * Creates a keyed rate limiter with no keys.
     *
     * @param name the name, used in events, metrics and exceptions; a key's limiter is named
     *     {@code name[key]}
     * @param config the configuration
     * @param timeSource the clock of every key's periods and of key retention
     * @param <K> the key type
     * @return a new keyed rate limiter
     * @throws IllegalArgumentException if {@code name} is blank
     * @throws IllegalStateException if Caffeine is not on the class path
     */
    static <K> KeyedRateLimiter<K> of(String name, KeyedRateLimiterConfig config, TimeSource timeSource) {
        OptionalDependencies.require(
                "KeyedRateLimiter",
                "nines-core",
                OptionalDependencies.CAFFEINE,
                "com.github.benmanes.caffeine.cache.Caffeine",
                KeyedRateLimiter.class);
        return new CaffeineKeyedRateLimiter<>(name, config, timeSource);
    }

    /**
     * Returns the name of this keyed rate limiter.
     *
     * @return the name
     */
    String name();

    /**
     * Returns the configuration.
     *
     * @return the configuration
     */
    KeyedRateLimiterConfig config();

    /**
     * Returns the clock of the keys' periods.
     *
     * @return the time source given at creation
     */
    TimeSource timeSource();

    /**
     * Takes one permit from {@code key}'s bucket if it has one; never waits.
     *
     * @param key the key, not null
     * @return whether the permit was granted
     */
    boolean tryAcquirePermission(K key);

    /**
     * Takes {@code permits} from {@code key}'s bucket if it holds them all; never waits.
     *
     * @param key the key, not null
     * @param permits in {@code [1, burstCapacity]}
     * @return whether the permits were granted
     * @throws IllegalArgumentException if {@code permits} is out of range
     */
    boolean tryAcquirePermission(K key, int permits);

    /**
     * Takes one permit for {@code key} (waiting up to the configured timeout, as
     * {@link RateLimiter#acquirePermission()} does) and runs {@code supplier}.
     *
     * @param key the key, not null
     * @param supplier the call
     * @param <T> the result type
     * @return the supplier's result
     * @throws RequestNotPermittedException if no permit was granted; its name is {@code name[key]}
     */
    <T> T executeSupplier(K key, Supplier<T> supplier);

    /**
     * Returns {@code key}'s rate limiter, creating it (with a full bucket) if absent.
     *
     * @param key the key, not null
     * @return the key's limiter; it stays valid after the key is evicted, but is then no longer
     *     the one this keyed limiter uses
     */
    RateLimiter rateLimiter(K key);

    /**
     * Returns a snapshot of the keys and the permits granted and refused.
     *
     * @return a new snapshot
     */
    Metrics metrics();

    /**
     * Registers a listener for the events of every key's limiter (their {@code rateLimiterName} is
     * {@code name[key]}), called on the thread that caused them.
     *
     * @param listener the listener
     * @return a handle that unregisters the listener when closed
     */
    EventListeners.Registration onEvent(Consumer<? super RateLimiterEvent> listener);

    /**
     * A snapshot of a keyed rate limiter.
     *
     * @param keys the keys held (an estimate while evictions are pending)
     * @param evictedKeys the keys dropped by the size bound since creation (not by idleness); each
     *     may have come back with a full bucket
     * @param grantedPermits the permits granted since creation, over all keys
     * @param refusedPermits the permits refused since creation, over all keys
     */
    record Metrics(long keys, long evictedKeys, long grantedPermits, long refusedPermits) {}
}
