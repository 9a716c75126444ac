package dev.nines.core.pipeline;

import dev.nines.core.fallback.Fallback;
import dev.nines.core.policy.AttemptGuard;
import dev.nines.core.policy.CallPolicy;
import dev.nines.core.time.TimeSource;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The stages the pipeline builds from the policies. A policy brings its own stage through its
 * {@code decorate*} family ({@link CallPolicy}); the pipeline only adapts it. Consecutive
 * {@link AttemptGuard}s share one {@link GuardedAttempt}, which reads the clock once at the start
 * and once at the end of each synchronous attempt for all of them.
 */
final class Stages {

    private Stages() {}

    /** A policy's own {@code decorate*} family as a stage. */
    static <T> PipelineStage<T> of(CallPolicy<?, ?, ?> policy) {
        return new PipelineStage<>() {
            @Override
            public String name() {
                return policy.name();
            }

            @Override
            public Supplier<T> decorateSupplier(Supplier<T> next) {
                return policy.decorateSupplier(next);
            }

            @Override
            public Callable<T> decorateCallable(Callable<T> next) {
                return policy.decorateCallable(next);
            }

            @Override
            public Supplier<CompletionStage<T>> decorateCompletionStage(
                    ScheduledExecutorService scheduler, Supplier<CompletionStage<T>> next) {
                return policy.decorateCompletionStage(scheduler, next);
            }
        };
    }

    /** A fallback and its function as a stage. */
    static <T> PipelineStage<T> of(Fallback fallback, Function<? super Throwable, ? extends T> function) {
        return new PipelineStage<>() {
            @Override
            public String name() {
                return fallback.name();
            }

            @Override
            public Supplier<T> decorateSupplier(Supplier<T> next) {
                return fallback.decorateSupplier(next, function);
            }

            @Override
            public Callable<T> decorateCallable(Callable<T> next) {
                return fallback.decorateCallable(next, function);
            }

            @Override
            public Supplier<CompletionStage<T>> decorateCompletionStage(
                    ScheduledExecutorService scheduler, Supplier<CompletionStage<T>> next) {
                return fallback.decorateCompletionStage(next, function);
            }
        };
    }

    /**
     * Consecutive guards of one attempt, outermost first, sharing one clock: permission is asked
     * outermost first; the clock is read once just before the call and once just after it, and the
     * one duration is reported innermost first. When no guard needs the duration
     * ({@link AttemptGuard#needsDuration()}) the clock is not read and the duration is 0. A refusal is reported to the guards that had granted
     * permission, as nested policies would see it. Allocates nothing.
     *
     * <p>A pipeline has at most four guards (breaker, rate limiter, bulkhead, adaptive limiter).
     * Each position has its own call sites rather than one call in a loop over an array: a loop's
     * one call site sees every guard type and, past two, turns megamorphic (a virtual dispatch per
     * guard, nothing inlined), while a position that always holds the same policy stays
     * monomorphic and is inlined.
     */
    static final class GuardedAttempt {

        /** The most guards one attempt can have: one per guard position of the pipeline. */
        static final int MAX_GUARDS = 4;

        private final AttemptGuard g0;
        private final @Nullable AttemptGuard g1;
        private final @Nullable AttemptGuard g2;
        private final @Nullable AttemptGuard g3;
        private final int count;
        private final TimeSource clock;

        GuardedAttempt(AttemptGuard[] guards) {
            if (guards.length < 1 || guards.length > MAX_GUARDS) {
                throw new IllegalArgumentException("guards must number 1 to " + MAX_GUARDS + ", was " + guards.length);
            }
            this.count = guards.length;
            this.g0 = guards[0];
            this.g1 = count > 1 ? guards[1] : null;
            this.g2 = count > 2 ? guards[2] : null;
            this.g3 = count > 3 ? guards[3] : null;
            this.clock = g0.timeSource();
        }

        <T> Supplier<T> decorateSupplier(Supplier<T> next) {
            return () -> {
                acquire();
                boolean timed = needsDuration();
                long start = timed ? clock.nanoTime() : 0;
                T result;
                try {
                    result = next.get();
                } catch (Throwable failure) {
                    failed(count, timed ? clock.nanoTime() - start : 0, failure);
                    throw failure;
                }
                succeeded(timed ? clock.nanoTime() - start : 0, result);
                return result;
            };
        }

        <T> Callable<T> decorateCallable(Callable<T> next) {
            return () -> {
                acquire();
                boolean timed = needsDuration();
                long start = timed ? clock.nanoTime() : 0;
                T result;
                try {
                    result = next.call();
                } catch (Throwable failure) {
                    failed(count, timed ? clock.nanoTime() - start : 0, failure);
                    throw failure;
                }
                succeeded(timed ? clock.nanoTime() - start : 0, result);
                return result;
            };
        }

        /** Whether any guard needs this attempt's duration; if none does, no clock is read. */
        private boolean needsDuration() {
            return g0.needsDuration()
                    || (g1 != null && g1.needsDuration())
                    || (g2 != null && g2.needsDuration())
                    || (g3 != null && g3.needsDuration());
        }

        /** Asks each guard for permission, outermost first; a refusal goes to those that granted it. */
        private void acquire() {
            int granted = 0;
            try {
                g0.acquirePermission();
                granted = 1;
                if (g1 != null) {
                    g1.acquirePermission();
                    granted = 2;
                    if (g2 != null) {
                        g2.acquirePermission();
                        granted = 3;
                        if (g3 != null) {
                            g3.acquirePermission();
                        }
                    }
                }
            } catch (RuntimeException | Error rejection) {
                failed(granted, 0, rejection);
                throw rejection;
            }
        }

        /** Reports a failure to the {@code granted} outermost guards, innermost first. */
        @SuppressWarnings("NullAway") // granted > n implies guard n was set: count > n
        private void failed(int granted, long durationNanos, Throwable failure) {
            long duration = Math.max(0, durationNanos);
            if (granted > 3) {
                g3.onAttemptError(duration, failure);
            }
            if (granted > 2) {
                g2.onAttemptError(duration, failure);
            }
            if (granted > 1) {
                g1.onAttemptError(duration, failure);
            }
            if (granted > 0) {
                g0.onAttemptError(duration, failure);
            }
        }

        /** Reports a result to every guard, innermost first. */
        private void succeeded(long durationNanos, Object result) {
            long duration = Math.max(0, durationNanos);
            if (g3 != null) {
                g3.onAttemptResult(duration, result);
            }
            if (g2 != null) {
                g2.onAttemptResult(duration, result);
            }
            if (g1 != null) {
                g1.onAttemptResult(duration, result);
            }
            g0.onAttemptResult(duration, result);
        }
    }
}
