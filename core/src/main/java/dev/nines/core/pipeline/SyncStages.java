package dev.nines.core.pipeline;

import dev.nines.core.bulkhead.Bulkhead;
import dev.nines.core.circuitbreaker.CircuitBreaker;
import dev.nines.core.fallback.Fallback;
import dev.nines.core.adaptivelimit.AdaptiveLimiter;
import dev.nines.core.adaptivelimit.AdaptiveLimiterFullException;
import dev.nines.core.ratelimit.RateLimiter;
import dev.nines.core.retry.Retry;
import dev.nines.core.time.TimeSource;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The synchronous stages: each wraps the next one in a lambda made once, when the pipeline decorates
 * a call, so a decorated call allocates only what the policies allocate.
 */
final class SyncStages {

    private SyncStages() {
    }

    static <T> Supplier<T> fallback(Fallback fallback, Function<? super Throwable, ? extends T> function,
            Supplier<T> next) {
        return () -> fallback.executeSupplier(next, function);
    }

    static <T> Callable<T> fallback(Fallback fallback, Function<? super Throwable, ? extends T> function,
            Callable<T> next) {
        return () -> fallback.executeCallable(next, function);
    }

    static <T> Supplier<T> retry(Retry retry, Supplier<T> next) {
        return () -> retry.executeSupplier(next);
    }

    static <T> Callable<T> retry(Retry retry, Callable<T> next) {
        return () -> retry.executeCallable(next);
    }

    static <T> Supplier<T> circuitBreaker(CircuitBreaker breaker, Supplier<T> next) {
        return () -> breaker.executeSupplier(next);
    }

    static <T> Callable<T> circuitBreaker(CircuitBreaker breaker, Callable<T> next) {
        return () -> breaker.executeCallable(next);
    }

    static <T> Supplier<T> rateLimiter(RateLimiter limiter, Supplier<T> next) {
        return () -> limiter.executeSupplier(next);
    }

    static <T> Callable<T> rateLimiter(RateLimiter limiter, Callable<T> next) {
        return () -> limiter.executeCallable(next);
    }

    static <T> Supplier<T> bulkhead(Bulkhead bulkhead, Supplier<T> next) {
        return () -> bulkhead.executeSupplier(next);
    }

    static <T> Callable<T> bulkhead(Bulkhead bulkhead, Callable<T> next) {
        return () -> bulkhead.executeCallable(next);
    }

    static <T> Supplier<T> adaptiveLimiter(AdaptiveLimiter limiter, TimeSource clock, Supplier<T> next) {
        return () -> {
            AdaptiveLimiter.Permit permit = admit(limiter);
            long start = clock.nanoTime();
            T result;
            try {
                result = next.get();
            } catch (Throwable failure) {
                report(permit, failure);
                throw failure;
            }
            permit.onSuccess(Math.max(0, clock.nanoTime() - start));
            return result;
        };
    }

    static <T> Callable<T> adaptiveLimiter(AdaptiveLimiter limiter, TimeSource clock, Callable<T> next) {
        return () -> {
            AdaptiveLimiter.Permit permit = admit(limiter);
            long start = clock.nanoTime();
            T result;
            try {
                result = next.call();
            } catch (Throwable failure) {
                report(permit, failure);
                throw failure;
            }
            permit.onSuccess(Math.max(0, clock.nanoTime() - start));
            return result;
        };
    }

    private static AdaptiveLimiter.Permit admit(AdaptiveLimiter limiter) {
        AdaptiveLimiter.Permit permit = limiter.tryAcquirePermission();
        if (!permit.isAcquired()) {
            throw new AdaptiveLimiterFullException(limiter.name(), limiter.limit());
        }
        return permit;
    }

    /** Reports a failed call: a timeout or cancellation is a drop, anything else says nothing about capacity. */
    static void report(AdaptiveLimiter.Permit permit, Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof TimeoutException || cause instanceof CancellationException) {
            permit.onDropped();
        } else {
            permit.onIgnore();
        }
    }

    static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }
}
