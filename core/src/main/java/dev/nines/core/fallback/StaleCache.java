package dev.nines.core.fallback;

import dev.nines.core.event.EventListeners;
import dev.nines.core.internal.Arguments;
import dev.nines.core.internal.OptionalDependencies;
import dev.nines.core.time.TimeSource;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A stale-if-error cache: successful call results are kept per key; within {@code freshTtl} a
 * key is answered from the cache without calling ({@link CacheResult.Freshness#CACHED_FRESH});
 * after that the call is made, and if it fails with a failure that {@code serveStaleOn} accepts
 * (an I/O error, a circuit breaker's "call not permitted", ...) the last value is served if it is
 * less than {@code freshTtl + staleTtl} old, marked {@link CacheResult.Freshness#STALE}
 * (degraded). Other failures, and failures with no usable value, propagate unchanged.
 *
 * <p>TTLs are per entry: the configuration's by default, or chosen per key and value by the
 * {@code entryTtl} function given at creation ({@link EntryTtl}).
 *
 * <p>Backed by Caffeine (an optional dependency that must be on the class path to create one):
 * bounded by {@code maximumSize}, each entry expires {@code freshTtl + staleTtl} after its write, on
 * a Caffeine {@code Ticker} fed by the injected {@link TimeSource} (so tests drive it with a
 * {@code ManualTimeSource}); maintenance runs on the calling thread, never on a hidden one.
 *
 * <p>Thread-safe. Concurrent calls for the same expired key each call through (no coalescing);
 * the last success wins. Values must not be {@code null}.
 *
 * <pre>{@code
 * StaleCache<String, Price> prices = StaleCache.of("prices", StaleCacheConfig.ofDefaults(), TimeSource.system());
 * CacheResult<Price> price = prices.get(sku, () -> pricing.price(sku));
 * if (price.isDegraded()) {
 *     response.header("Warning", "110 - \"Response is Stale\"");
 * }
 * }</pre>
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public interface StaleCache<K, V> {

    /**
     * Creates a cache.
     *
     * @param name the name, for events and metrics
     * @param config the configuration
     * @param timeSource the clock that ages entries
     * @param <K> the key type
     * @param <V> the value type
     * @return a new, empty cache
     * @throws IllegalArgumentException if {@code name} is blank
     * @throws IllegalStateException if Caffeine (an optional dependency of nines-core) is not on the
     *     class path; the message names the artifact
     */
    static <K, V> StaleCache<K, V> of(String name, StaleCacheConfig config, TimeSource timeSource) {
        Arguments.notBlank("name", name);
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(timeSource, "timeSource");
        EntryTtl ttl = new EntryTtl(config.freshTtl(), config.staleTtl());
        requireCaffeine();
        return new CaffeineStaleCache<>(name, config, timeSource, (key, value) -> ttl);
    }

    /**
     * Creates a cache whose entries each get their own time-to-live, chosen when they are stored.
     *
     * @param name the name, for events and metrics
     * @param config the configuration (its TTLs are not used)
     * @param timeSource the clock that ages entries
     * @param entryTtl chooses each entry's TTLs from its key and value; thread-safe, must not
     *     return {@code null}
     * @param <K> the key type
     * @param <V> the value type
     * @return a new, empty cache
     * @throws IllegalArgumentException if {@code name} is blank
     * @throws IllegalStateException if Caffeine (an optional dependency of nines-core) is not on the
     *     class path; the message names the artifact
     */
    static <K, V> StaleCache<K, V> of(
            String name,
            StaleCacheConfig config,
            TimeSource timeSource,
            BiFunction<? super K, ? super V, EntryTtl> entryTtl) {
        Arguments.notBlank("name", name);
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(timeSource, "timeSource");
        Objects.requireNonNull(entryTtl, "entryTtl");
        requireCaffeine();
        return new CaffeineStaleCache<>(name, config, timeSource, entryTtl);
    }

    /** Fails with a message naming the artifact when Caffeine is missing, not a NoClassDefFoundError. */
    private static void requireCaffeine() {
        OptionalDependencies.require(
                "StaleCache",
                "nines-core",
                OptionalDependencies.CAFFEINE,
                "com.github.benmanes.caffeine.cache.Caffeine",
                StaleCache.class);
    }

    /**
     * Returns the name.
     *
     * @return the name
     */
    String name();

    /**
     * Returns the configuration.
     *
     * @return the configuration
     */
    StaleCacheConfig config();

    /**
     * Answers {@code key} from the cache if fresh, else calls {@code call} and caches its result,
     * serving a stale value if the call fails (see the class comment).
     *
     * @param key the key
     * @param call produces a fresh value; must not return {@code null}
     * @return the value and its freshness
     * @throws RuntimeException the call's failure when no stale value may answer it
     */
    CacheResult<V> get(K key, Supplier<? extends V> call);

    /**
     * Like {@link #get(Object, Supplier)} for a call that throws checked exceptions.
     *
     * @param key the key
     * @param call produces a fresh value; must not return {@code null}
     * @return the value and its freshness
     * @throws Exception the call's failure when no stale value may answer it
     */
    CacheResult<V> getCallable(K key, Callable<? extends V> call) throws Exception;

    /**
     * Asynchronous {@link #get(Object, Supplier)}: the stage completes with the fresh, cached or
     * stale value, or fails with the call's (unwrapped) failure when no stale value may answer it.
     *
     * @param key the key
     * @param call starts the call; a supplier that throws counts as a failed call
     * @return a stage with the value and its freshness
     */
    CompletionStage<CacheResult<V>> getCompletionStage(K key, Supplier<? extends CompletionStage<? extends V>> call);

    /**
     * Stores {@code value} as fresh now.
     *
     * @param key the key
     * @param value the value
     */
    void put(K key, V value);

    /**
     * Removes {@code key}.
     *
     * @param key the key
     */
    void invalidate(K key);

    /**
     * Returns Caffeine's estimate of the number of keys kept.
     *
     * @return the estimated size
     */
    long estimatedSize();

    /**
     * Returns the answer counters.
     *
     * @return a live view of the counters
     */
    Metrics metrics();

    /**
     * Registers a listener for this cache's events.
     *
     * @param listener the listener
     * @return the registration; close it to unregister
     */
    EventListeners.Registration onEvent(Consumer<? super StaleCacheEvent> listener);

    /** Answer counters of a {@link StaleCache}, counted since creation. */
    interface Metrics {

        /**
         * Returns the answers from a successful call.
         *
         * @return the count
         */
        long numberOfFreshAnswers();

        /**
         * Returns the answers from the cache within the fresh time-to-live.
         *
         * @return the count
         */
        long numberOfCachedFreshAnswers();

        /**
         * Returns the stale (degraded) answers to failed calls.
         *
         * @return the count
         */
        long numberOfStaleAnswers();

        /**
         * Returns the failed calls that no stale value answered.
         *
         * @return the count
         */
        long numberOfFailures();
    }
}
