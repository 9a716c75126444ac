package dev.nines.core.pipeline;

import dev.nines.core.bulkhead.Bulkhead;
import dev.nines.core.bulkhead.BulkheadFullException;
import dev.nines.core.circuitbreaker.CircuitBreaker;
import dev.nines.core.fallback.Fallback;
import dev.nines.core.adaptivelimit.AdaptiveLimiter;
import dev.nines.core.adaptivelimit.AdaptiveLimiterFullException;
import dev.nines.core.ratelimit.RateLimiter;
import dev.nines.core.ratelimit.RequestNotPermittedException;
import dev.nines.core.retry.Retry;
import dev.nines.core.time.TimeSource;
import dev.nines.core.timelimit.TimeLimiter;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The asynchronous stages. The bulkhead and adaptive limiter stages return the inner call's own
 * stage (with a completion callback) instead of a new promise, so that a time limiter outside them
 * that cancels on timeout cancels the running call itself, whose end then returns the permits.
 */
final class AsyncStages {

    private AsyncStages() {
    }

    static <T> Supplier<CompletionStage<T>> fallback(Fallback fallback, Function<? super Throwable, ? extends T> function,
            Supplier<CompletionStage<T>> next) {
        return () -> fallback.executeCompletionStage(next, function);
    }

    static <T> Supplier<CompletionStage<T>> retry(Retry retry, ScheduledExecutorService scheduler,
            Supplier<CompletionStage<T>> next) {
        return () -> retry.executeCompletionStage(scheduler, next);
    }

    static <T> Supplier<CompletionStage<T>> circuitBreaker(CircuitBreaker breaker, Supplier<CompletionStage<T>> next) {
        return () -> breaker.executeCompletionStage(next);
    }

    static <T> Supplier<CompletionStage<T>> timeLimiter(TimeLimiter limiter, ScheduledExecutorService scheduler,
            Supplier<CompletionStage<T>> next) {
        return () -> limiter.executeCompletionStage(scheduler, next);
    }

    /**
     * Books one permit; starts the call now if it is free now, else on {@code scheduler} when its
     * period starts. A refused permit fails the stage with {@link RequestNotPermittedException}.
     */
    static <T> Supplier<CompletionStage<T>> rateLimiter(RateLimiter limiter, ScheduledExecutorService scheduler,
            Supplier<CompletionStage<T>> next) {
        return () -> {
            long waitNanos = limiter.reservePermission(1);
            if (waitNanos < 0) {
                return CompletableFuture.failedFuture(new RequestNotPermittedException(limiter.name()));
            }
            if (waitNanos == 0) {
                return start(next);
            }
            CompletableFuture<T> promise = new CompletableFuture<>();
            try {
                scheduler.schedule(() -> relay(start(next), promise), waitNanos, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                promise.completeExceptionally(e);
            }
            return promise;
        };
    }

    static <T> Supplier<CompletionStage<T>> bulkhead(Bulkhead bulkhead, Supplier<CompletionStage<T>> next) {
        return () -> {
            if (!bulkhead.tryAcquirePermission()) {
                return CompletableFuture.failedFuture(new BulkheadFullException(bulkhead.name()));
            }
            CompletionStage<T> stage;
            try {
                stage = Objects.requireNonNull(next.get(), "the call returned a null stage");
            } catch (RuntimeException | Error e) {
                bulkhead.onComplete();
                return CompletableFuture.failedFuture(e);
            }
            stage.whenComplete((result, failure) -> bulkhead.onComplete());
            return stage;
        };
    }

    static <T> Supplier<CompletionStage<T>> adaptiveLimiter(AdaptiveLimiter limiter, TimeSource clock,
            Supplier<CompletionStage<T>> next) {
        return () -> {
            AdaptiveLimiter.Permit permit = limiter.tryAcquirePermission();
            if (!permit.isAcquired()) {
                return CompletableFuture.failedFuture(new AdaptiveLimiterFullException(limiter.name(), limiter.limit()));
            }
            long start = clock.nanoTime();
            CompletionStage<T> stage;
            try {
                stage = Objects.requireNonNull(next.get(), "the call returned a null stage");
            } catch (RuntimeException | Error e) {
                SyncStages.report(permit, e);
                return CompletableFuture.failedFuture(e);
            }
            stage.whenComplete((result, failure) -> {
                if (failure == null) {
                    permit.onSuccess(Math.max(0, clock.nanoTime() - start));
                } else {
                    SyncStages.report(permit, failure);
                }
            });
            return stage;
        };
    }

    private static <T> CompletionStage<T> start(Supplier<CompletionStage<T>> next) {
        try {
            return Objects.requireNonNull(next.get(), "the call returned a null stage");
        } catch (RuntimeException | Error e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static <T> void relay(CompletionStage<T> stage, CompletableFuture<T> promise) {
        stage.whenComplete((result, failure) -> {
            if (failure == null) {
                promise.complete(result);
            } else {
                promise.completeExceptionally(SyncStages.unwrap(failure));
            }
        });
    }
}
