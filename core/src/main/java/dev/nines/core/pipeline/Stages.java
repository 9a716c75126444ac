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

/**
 * The stages the pipeline builds from the policies. A policy brings its own stage through its
 * {@code decorate*} family ({@link CallPolicy}); the pipeline only adapts it. Consecutive
 * {@link AttemptGuard}s share one {@link GuardedAttempt}, which reads the clock once at the start
 * and once at the end of each synchronous attempt for all of them.
 */
final class Stages {

    private Stages() {
    }

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
            public Supplier<CompletionStage<T>> decorateCompletionStage(ScheduledExecutorService scheduler,
                    Supplier<CompletionStage<T>> next) {
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
            public Supplier<CompletionStage<T>> decorateCompletionStage(ScheduledExecutorService scheduler,
                    Supplier<CompletionStage<T>> next) {
                return fallback.decorateCompletionStage(next, function);
            }
        };
    }

    /**
     * Consecutive guards of one attempt, outermost first, sharing one clock: permission is asked
     * outermost first; the clock is read once just before the call and once just after it, and the
     * one duration is reported innermost first. A refusal is reported to the guards that had granted
     * permission, as nested policies would see it. Allocates nothing.
     */
    static final class GuardedAttempt {

        private final AttemptGuard[] guards;
        private final TimeSource clock;

        GuardedAttempt(AttemptGuard[] guards) {
            this.guards = guards;
            this.clock = guards[0].timeSource();
        }

        <T> Supplier<T> decorateSupplier(Supplier<T> next) {
            return () -> {
                acquire();
                long start = clock.nanoTime();
                T result;
                try {
                    result = next.get();
                } catch (Throwable failure) {
                    failed(guards.length, clock.nanoTime() - start, failure);
                    throw failure;
                }
                succeeded(clock.nanoTime() - start, result);
                return result;
            };
        }

        <T> Callable<T> decorateCallable(Callable<T> next) {
            return () -> {
                acquire();
                long start = clock.nanoTime();
                T result;
                try {
                    result = next.call();
                } catch (Throwable failure) {
                    failed(guards.length, clock.nanoTime() - start, failure);
                    throw failure;
                }
                succeeded(clock.nanoTime() - start, result);
                return result;
            };
        }

        private void acquire() {
            AttemptGuard[] all = guards;
            for (int i = 0; i < all.length; i++) {
                try {
                    all[i].acquirePermission();
                } catch (RuntimeException | Error rejection) {
                    failed(i, 0, rejection);
                    throw rejection;
                }
            }
        }

        private void failed(int granted, long durationNanos, Throwable failure) {
            long duration = Math.max(0, durationNanos);
            for (int i = granted - 1; i >= 0; i--) {
                guards[i].onAttemptError(duration, failure);
            }
        }

        private void succeeded(long durationNanos, Object result) {
            long duration = Math.max(0, durationNanos);
            for (int i = guards.length - 1; i >= 0; i--) {
                guards[i].onAttemptResult(duration, result);
            }
        }
    }
}
