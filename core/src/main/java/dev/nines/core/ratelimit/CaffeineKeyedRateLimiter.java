package dev.nines.core.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.nines.core.event.EventListeners;
import dev.nines.core.internal.Arguments;
import dev.nines.core.time.TimeSource;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The {@link KeyedRateLimiter} implementation: a Caffeine cache of token buckets. The only class of
 * the package that names Caffeine, so that the rest loads without it.
 */
final class CaffeineKeyedRateLimiter<K> implements KeyedRateLimiter<K> {

    private final String name;
    private final KeyedRateLimiterConfig config;
    private final TimeSource timeSource;
    private final Cache<K, RateLimiter> limiters;
    // Built once: a lambda capturing 'this' at each look-up would allocate on the hot path.
    private final Function<K, RateLimiter> create = this::create;
    private final LongAdder granted = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder evicted = new LongAdder();
    private final EventListeners<RateLimiterEvent> listeners;

    CaffeineKeyedRateLimiter(String name, KeyedRateLimiterConfig config, TimeSource timeSource) {
        this.name = Arguments.notBlank("name", name);
        this.config = Objects.requireNonNull(config, "config");
        this.timeSource = Objects.requireNonNull(timeSource, "timeSource");
        this.listeners = EventListeners.create("keyed rate limiter '" + name + "'");
        this.limiters = Caffeine.newBuilder()
                .maximumSize(config.maximumKeys())
                .expireAfterAccess(config.idleKeyRetention())
                .ticker(timeSource::nanoTime)
                // Maintenance on the calling threads: no hidden threads, deterministic in tests.
                .executor(Runnable::run)
                .evictionListener((@Nullable K key, @Nullable RateLimiter limiter, RemovalCause cause) -> {
                    if (cause == RemovalCause.SIZE) {
                        evicted.increment();
                    }
                })
                .build();
    }

    private RateLimiter create(K key) {
        return new TokenBucketRateLimiter(name + "[" + key + "]", config.rateLimiterConfig(), timeSource, listeners);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public KeyedRateLimiterConfig config() {
        return config;
    }

    @Override
    public TimeSource timeSource() {
        return timeSource;
    }

    @Override
    public boolean tryAcquirePermission(K key) {
        return tryAcquirePermission(key, 1);
    }

    @Override
    public boolean tryAcquirePermission(K key, int permits) {
        boolean acquired = rateLimiter(key).tryAcquirePermission(permits);
        (acquired ? granted : refused).add(permits);
        return acquired;
    }

    @Override
    public <T> T executeSupplier(K key, Supplier<T> supplier) {
        Objects.requireNonNull(supplier, "supplier");
        RateLimiter limiter = rateLimiter(key);
        boolean acquired = limiter.config().timeoutDuration().isZero()
                ? limiter.tryAcquirePermission(1)
                : limiter.acquirePermission(1);
        if (!acquired) {
            refused.increment();
            throw new RequestNotPermittedException(limiter.name());
        }
        granted.increment();
        return supplier.get();
    }

    @Override
    public RateLimiter rateLimiter(K key) {
        Objects.requireNonNull(key, "key");
        RateLimiter limiter = limiters.get(key, create);
        return Objects.requireNonNull(limiter, "limiter");
    }

    @Override
    public Metrics metrics() {
        return new Metrics(limiters.estimatedSize(), evicted.sum(), granted.sum(), refused.sum());
    }

    @Override
    public EventListeners.Registration onEvent(Consumer<? super RateLimiterEvent> listener) {
        return listeners.register(listener);
    }

    @Override
    public String toString() {
        return "KeyedRateLimiter[" + name + ", keys=" + limiters.estimatedSize() + "]";
    }
}
