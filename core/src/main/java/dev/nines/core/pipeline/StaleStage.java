package dev.nines.core.pipeline;

import dev.nines.core.fallback.CacheResult;
import dev.nines.core.fallback.StaleCache;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

/** A stale cache and the one key a pipeline caches its calls under (keeps the key type out of {@link Pipeline}). */
final class StaleStage<K, T> implements PipelineStage<T> {

    private final StaleCache<K, T> cache;
    private final K key;

    StaleStage(StaleCache<K, T> cache, K key) {
        this.cache = cache;
        this.key = key;
    }

    @Override
    public String name() {
        return cache.name();
    }

    @Override
    public Supplier<T> decorateSupplier(Supplier<T> next) {
        return () -> cache.get(key, next).value();
    }

    @Override
    public Callable<T> decorateCallable(Callable<T> next) {
        return () -> cache.getCallable(key, next).value();
    }

    /** Completes with the value, or with the unwrapped failure as the policies' own stages do. */
    @Override
    public Supplier<CompletionStage<T>> decorateCompletionStage(
            ScheduledExecutorService scheduler, Supplier<CompletionStage<T>> next) {
        return () -> {
            CompletableFuture<T> promise = new CompletableFuture<>();
            cache.getCompletionStage(key, next).whenComplete((CacheResult<T> answer, Throwable failure) -> {
                if (failure == null) {
                    promise.complete(answer.value());
                } else {
                    promise.completeExceptionally(unwrap(failure));
                }
            });
            return promise;
        };
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }
}
