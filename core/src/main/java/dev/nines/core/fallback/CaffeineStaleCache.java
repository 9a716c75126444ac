package dev.nines.core.fallback;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.nines.core.event.EventListeners;
import dev.nines.core.time.TimeSource;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** The {@link StaleCache} implementation over a Caffeine {@link Cache}. */
final class CaffeineStaleCache<K, V> implements StaleCache<K, V>, StaleCache.Metrics {

    /** A cached value, the monotonic time it was stored and its own TTLs in nanoseconds. */
    private record Stored<V>(V value, long storedNanos, long freshNanos, long usableNanos) {}

    /** Expires each entry {@code freshTtl + staleTtl} after its latest write. */
    private static final class StoredExpiry<K, V> implements Expiry<K, Stored<V>> {
        @Override
        public long expireAfterCreate(K key, Stored<V> stored, long currentTime) {
            return stored.usableNanos();
        }

        @Override
        public long expireAfterUpdate(K key, Stored<V> stored, long currentTime, long currentDuration) {
            return stored.usableNanos();
        }

        @Override
        public long expireAfterRead(K key, Stored<V> stored, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }

    private final String name;
    private final StaleCacheConfig config;
    private final TimeSource timeSource;
    private final BiFunction<? super K, ? super V, EntryTtl> entryTtl;
    private final Cache<K, Stored<V>> cache;
    private final EventListeners<StaleCacheEvent> listeners;
    private final LongAdder fresh = new LongAdder();
    private final LongAdder cachedFresh = new LongAdder();
    private final LongAdder stale = new LongAdder();
    private final LongAdder failures = new LongAdder();

    CaffeineStaleCache(
            String name,
            StaleCacheConfig config,
            TimeSource timeSource,
            BiFunction<? super K, ? super V, EntryTtl> entryTtl) {
        this.name = name;
        this.config = config;
        this.timeSource = timeSource;
        this.entryTtl = entryTtl;
        this.cache = Caffeine.newBuilder()
                .ticker(timeSource::nanoTime)
                .executor(Runnable::run)
                .maximumSize(config.maximumSize())
                .expireAfter(new StoredExpiry<K, V>())
                .build();
        this.listeners = EventListeners.create("stale cache '" + name + "'");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public StaleCacheConfig config() {
        return config;
    }

    @Override
    public CacheResult<V> get(K key, Supplier<? extends V> call) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(call, "call");
        long now = timeSource.nanoTime();
        Stored<V> stored = cache.getIfPresent(key);
        if (stored != null && now - stored.storedNanos() < stored.freshNanos()) {
            return cachedFresh(stored, now);
        }
        V value;
        try {
            value = call.get();
        } catch (RuntimeException failure) {
            CacheResult<V> answer = staleOrNull(stored, failure);
            if (answer == null) {
                throw failure;
            }
            return answer;
        }
        return store(key, value);
    }

    @Override
    public CacheResult<V> getCallable(K key, Callable<? extends V> call) throws Exception {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(call, "call");
        long now = timeSource.nanoTime();
        Stored<V> stored = cache.getIfPresent(key);
        if (stored != null && now - stored.storedNanos() < stored.freshNanos()) {
            return cachedFresh(stored, now);
        }
        V value;
        try {
            value = call.call();
        } catch (Exception failure) {
            CacheResult<V> answer = staleOrNull(stored, failure);
            if (answer == null) {
                throw failure;
            }
            return answer;
        }
        return store(key, value);
    }

    @Override
    public CompletionStage<CacheResult<V>> getCompletionStage(
            K key, Supplier<? extends CompletionStage<? extends V>> call) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(call, "call");
        long now = timeSource.nanoTime();
        Stored<V> stored = cache.getIfPresent(key);
        if (stored != null && now - stored.storedNanos() < stored.freshNanos()) {
            return CompletableFuture.completedFuture(cachedFresh(stored, now));
        }
        CompletionStage<? extends V> stage;
        try {
            stage = Objects.requireNonNull(call.get(), "the call returned a null stage");
        } catch (RuntimeException failure) {
            stage = CompletableFuture.failedFuture(failure);
        }
        CompletableFuture<CacheResult<V>> promise = new CompletableFuture<>();
        stage.whenComplete((value, failure) -> {
            if (failure == null) {
                try {
                    promise.complete(store(key, value));
                } catch (RuntimeException nullValue) {
                    promise.completeExceptionally(nullValue);
                }
                return;
            }
            Throwable cause =
                    failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            CacheResult<V> answer = staleOrNull(stored, cause);
            if (answer == null) {
                promise.completeExceptionally(cause);
            } else {
                promise.complete(answer);
            }
        });
        return promise;
    }

    private CacheResult<V> cachedFresh(Stored<V> stored, long now) {
        cachedFresh.increment();
        return new CacheResult<>(
                stored.value(),
                CacheResult.Freshness.CACHED_FRESH,
                Duration.ofNanos(now - stored.storedNanos()),
                Optional.empty());
    }

    private CacheResult<V> store(K key, V value) {
        Objects.requireNonNull(value, "the call returned null; a StaleCache cannot cache null");
        cache.put(key, stored(key, value));
        fresh.increment();
        return new CacheResult<>(value, CacheResult.Freshness.FRESH, Duration.ZERO, Optional.empty());
    }

    /** Returns the stale answer to {@code failure}, or null if the failure must propagate. */
    private @Nullable CacheResult<V> staleOrNull(@Nullable Stored<V> stored, Throwable failure) {
        long age = stored == null ? 0 : timeSource.nanoTime() - stored.storedNanos();
        if (stored == null || age >= stored.usableNanos() || !config.servesStaleOn(failure)) {
            failures.increment();
            if (listeners.hasListeners()) {
                listeners.publish(new StaleCacheEvent.NoStaleValue(name, failure));
            }
            return null;
        }
        stale.increment();
        Duration ageDuration = Duration.ofNanos(age);
        if (listeners.hasListeners()) {
            listeners.publish(new StaleCacheEvent.ServedStale(name, ageDuration, failure));
        }
        return new CacheResult<>(stored.value(), CacheResult.Freshness.STALE, ageDuration, Optional.of(failure));
    }

    @Override
    public void put(K key, V value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        cache.put(key, stored(key, value));
    }

    private Stored<V> stored(K key, V value) {
        EntryTtl ttl = Objects.requireNonNull(entryTtl.apply(key, value), "entryTtl returned null");
        long freshNanos = ttl.freshTtl().toNanos();
        return new Stored<>(
                value,
                timeSource.nanoTime(),
                freshNanos,
                freshNanos + ttl.staleTtl().toNanos());
    }

    @Override
    public void invalidate(K key) {
        Objects.requireNonNull(key, "key");
        cache.invalidate(key);
    }

    @Override
    public long estimatedSize() {
        return cache.estimatedSize();
    }

    @Override
    public Metrics metrics() {
        return this;
    }

    @Override
    public EventListeners.Registration onEvent(Consumer<? super StaleCacheEvent> listener) {
        return listeners.register(listener);
    }

    @Override
    public long numberOfFreshAnswers() {
        return fresh.sum();
    }

    @Override
    public long numberOfCachedFreshAnswers() {
        return cachedFresh.sum();
    }

    @Override
    public long numberOfStaleAnswers() {
        return stale.sum();
    }

    @Override
    public long numberOfFailures() {
        return failures.sum();
    }

    @Override
    public String toString() {
        return "StaleCache[" + name + ", " + config + "]";
    }
}
