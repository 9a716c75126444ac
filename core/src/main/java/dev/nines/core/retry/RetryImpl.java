package dev.nines.core.retry;

import dev.nines.core.event.EventListeners;
import dev.nines.core.internal.Reconfigurator;
import dev.nines.core.time.TimeSource;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** The {@link Retry} implementation: one loop for the three synchronous call shapes. */
final class RetryImpl implements Retry {

    private static final int SUPPLIER = 0;
    private static final int CALLABLE = 1;
    private static final int RUNNABLE = 2;

    // The verdicts of decide(): a wait (zero or more) means "retry after it"; these mean "stop".
    private static final long DECLINED = -1L; // the delay function, or a retry-after over the bound
    private static final long OUT_OF_ATTEMPTS = -2L;
    private static final long OUT_OF_BUDGET = -3L;

    private final String name;
    // The configuration in force, swapped as a whole by reconfigure(); each call reads it once.
    private volatile Settings settings;
    private final Sleeper sleeper;
    private final TimeSource timeSource;
    private final EventListeners<RetryEvent> listeners;
    private final @Nullable EventListeners<RetryEvent> registryListeners;

    private final LongAdder successWithoutRetry = new LongAdder();
    private final LongAdder successWithRetry = new LongAdder();
    private final LongAdder failedWithoutRetry = new LongAdder();
    private final LongAdder failedWithRetry = new LongAdder();
    private final LongAdder retryAttempts = new LongAdder();
    private final LongAdder budgetExhausted = new LongAdder();
    private final LongAdder failedAtFirstAttempt = new LongAdder();
    private final LongAdder failedAfterRetries = new LongAdder();
    private final Reconfigurator<RetryConfig> reconfigurator =
            new Reconfigurator<>(() -> settings.config, this::listening);

    RetryImpl(
            String name,
            RetryConfig config,
            TimeSource timeSource,
            Sleeper sleeper,
            @Nullable EventListeners<RetryEvent> registryListeners) {
        this.name = name;
        this.sleeper = sleeper;
        this.timeSource = timeSource;
        this.settings = new Settings(config, budgetFor(config, null, timeSource));
        this.listeners = EventListeners.create("retry '" + name + "'");
        this.registryListeners = registryListeners;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public RetryConfig config() {
        return settings.config;
    }

    @Override
    public Optional<RetryBudget> budget() {
        return Optional.ofNullable(settings.budget);
    }

    @Override
    public Metrics metrics() {
        return new Metrics(
                successWithoutRetry.sum(),
                successWithRetry.sum(),
                failedWithoutRetry.sum(),
                failedWithRetry.sum(),
                retryAttempts.sum(),
                budgetExhausted.sum(),
                failedAtFirstAttempt.sum(),
                failedAfterRetries.sum());
    }

    @Override
    public TimeSource timeSource() {
        return timeSource;
    }

    @Override
    public EventListeners.Registration onEvent(Consumer<? super RetryEvent> listener) {
        return listeners.register(listener);
    }

    @Override
    public <T> T executeSupplier(Supplier<T> supplier) {
        Objects.requireNonNull(supplier, "supplier");
        try {
            return run(supplier, SUPPLIER);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw sneaky(e);
        }
    }

    @Override
    public <T> T executeCallable(Callable<T> callable) throws Exception {
        Objects.requireNonNull(callable, "callable");
        return run(callable, CALLABLE);
    }

    @Override
    public void executeRunnable(Runnable runnable) {
        Objects.requireNonNull(runnable, "runnable");
        try {
            run(runnable, RUNNABLE);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw sneaky(e);
        }
    }

    @SuppressWarnings({"unchecked", "TypeParameterUnusedInFormals"}) // the sneaky-throw idiom: E is inferred unchecked
    private static <E extends Exception> E sneaky(Exception e) throws E {
        throw (E) e;
    }

    // T is the task's own result type, bound by each caller; null stands in for a Runnable's result,
    // which executeRunnable discards.
    @SuppressWarnings({"unchecked", "TypeParameterUnusedInFormals", "NullAway"})
    private <T> T run(Object task, int kind) throws Exception {
        Settings s = settings;
        RetryConfig config = s.config;
        if (s.budget != null) {
            s.budget.recordRequest();
        }
        int attempts = 0;
        while (true) {
            attempts++;
            T result;
            try {
                if (kind == SUPPLIER) {
                    result = ((Supplier<T>) task).get();
                } else if (kind == CALLABLE) {
                    result = ((Callable<T>) task).call();
                } else {
                    ((Runnable) task).run();
                    result = null;
                }
            } catch (Exception failure) {
                if (!config.isRetryable(failure)) {
                    onIgnoredError(attempts, failure);
                    throw failure;
                }
                long delay = decide(s, attempts, failure, null);
                if (delay < 0) {
                    onFailed(attempts, failure, delay);
                    throw failure;
                }
                onRetrying(attempts, delay, failure);
                try {
                    sleeper.sleep(delay);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    failure.addSuppressed(interrupted);
                    onFailed(attempts, failure, OUT_OF_ATTEMPTS);
                    throw failure;
                }
                continue;
            }
            if (s.checksResults && config.isRetryableResult(result)) {
                long verdict = decide(s, attempts, null, result);
                if (verdict >= 0) {
                    onRetrying(attempts, verdict, null);
                    try {
                        sleeper.sleep(verdict);
                        continue;
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        verdict = OUT_OF_ATTEMPTS;
                    }
                }
                onFailed(attempts, null, verdict);
                if (config.failAfterMaxAttempts()) {
                    throw new MaxRetriesExceededException(name, attempts);
                }
                return result;
            }
            onSuccess(attempts);
            return result;
        }
    }

    /**
     * Decides whether attempt {@code attempts + 1} may start after a retryable outcome: the wait
     * before it (zero or more, the retry then counted and its budget taken), or a negative verdict.
     * The wait is chosen before the budget is asked, so a declined retry costs no budget; a chosen
     * wait, however it came about (a server's retry-after included), still needs the budget.
     */
    private long decide(Settings s, int attempts, @Nullable Throwable failure, @Nullable Object result) {
        if (attempts >= s.maxAttempts) {
            return OUT_OF_ATTEMPTS;
        }
        long delay = s.config.retryDelayNanos(attempts, failure, result);
        if (delay < 0) {
            return DECLINED;
        }
        RetryBudget budget = s.budget;
        if (budget != null && !budget.tryAcquireRetry()) {
            return OUT_OF_BUDGET;
        }
        retryAttempts.increment();
        return delay;
    }

    private boolean listening() {
        return listeners.hasListeners() || (registryListeners != null && registryListeners.hasListeners());
    }

    private void publish(RetryEvent event) {
        listeners.publish(event);
        if (registryListeners != null) {
            registryListeners.publish(event);
        }
    }

    private void onSuccess(int attempts) {
        if (attempts == 1) {
            // As resilience4j: a first-attempt success is counted, but publishes no event.
            successWithoutRetry.increment();
            return;
        }
        successWithRetry.increment();
        if (listening()) {
            publish(new RetryEvent.Succeeded(name, attempts - 1));
        }
    }

    private void onIgnoredError(int attempts, Throwable failure) {
        // As resilience4j: an exception that is not retried counts "without retry attempt" even
        // after retries; the plain counts say which calls made retries.
        failedWithoutRetry.increment();
        (attempts == 1 ? failedAtFirstAttempt : failedAfterRetries).increment();
        if (listening()) {
            publish(new RetryEvent.IgnoredError(name, attempts, failure));
        }
    }

    private void onFailed(int attempts, @Nullable Throwable failure, long verdict) {
        // As resilience4j: a retryable failure that ends the call counts "with retry attempt",
        // maxAttempts 1 included.
        failedWithRetry.increment();
        (attempts == 1 ? failedAtFirstAttempt : failedAfterRetries).increment();
        if (verdict == OUT_OF_BUDGET) {
            budgetExhausted.increment();
        }
        if (listening()) {
            if (verdict == OUT_OF_BUDGET) {
                publish(new RetryEvent.BudgetExhausted(name, attempts));
            }
            publish(new RetryEvent.Failed(name, attempts, Optional.ofNullable(failure)));
        }
    }

    private void onRetrying(int attempts, long delayNanos, @Nullable Throwable failure) {
        if (listening()) {
            publish(new RetryEvent.Retrying(
                    name, attempts, Duration.ofNanos(delayNanos), Optional.ofNullable(failure)));
        }
    }

    @Override
    public <T> CompletionStage<T> executeCompletionStage(
            ScheduledExecutorService scheduler, Supplier<? extends CompletionStage<T>> supplier) {
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(supplier, "supplier");
        Settings s = settings;
        if (s.budget != null) {
            s.budget.recordRequest();
        }
        AsyncCall<T> call = new AsyncCall<>(s, scheduler, supplier);
        call.run();
        return call.promise;
    }

    /** One asynchronous retried call: runs an attempt, then judges its outcome. */
    private final class AsyncCall<T> implements Runnable, BiConsumer<T, Throwable> {

        final CompletableFuture<T> promise = new CompletableFuture<>();
        private final Settings s;
        private final RetryConfig config;
        private final ScheduledExecutorService scheduler;
        private final Supplier<? extends CompletionStage<T>> supplier;
        private int attempts; // confined: each attempt happens-after the previous one's completion

        AsyncCall(Settings s, ScheduledExecutorService scheduler, Supplier<? extends CompletionStage<T>> supplier) {
            this.s = s;
            this.config = s.config;
            this.scheduler = scheduler;
            this.supplier = supplier;
        }

        @Override
        public void run() {
            attempts++;
            CompletionStage<T> stage;
            try {
                stage = Objects.requireNonNull(supplier.get(), "the supplier returned a null stage");
            } catch (RuntimeException e) {
                onFailure(e);
                return;
            }
            stage.whenComplete(this);
        }

        @Override
        public void accept(T result, Throwable failure) {
            if (failure != null) {
                onFailure(unwrap(failure));
            } else if (s.checksResults && config.isRetryableResult(result)) {
                long verdict = decide(s, attempts, null, result);
                if (verdict >= 0) {
                    schedule(verdict, null, result);
                    return;
                }
                onFailed(attempts, null, verdict);
                if (config.failAfterMaxAttempts()) {
                    promise.completeExceptionally(new MaxRetriesExceededException(name, attempts));
                } else {
                    promise.complete(result);
                }
            } else {
                onSuccess(attempts);
                promise.complete(result);
            }
        }

        private void onFailure(Throwable failure) {
            if (!config.isRetryable(failure)) {
                onIgnoredError(attempts, failure);
                promise.completeExceptionally(failure);
                return;
            }
            long verdict = decide(s, attempts, failure, null);
            if (verdict < 0) {
                onFailed(attempts, failure, verdict);
                promise.completeExceptionally(failure);
                return;
            }
            schedule(verdict, failure, null);
        }

        private void schedule(long delay, @Nullable Throwable failure, @Nullable T result) {
            onRetrying(attempts, delay, failure);
            try {
                ScheduledFuture<?> unused = scheduler.schedule(this, delay, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException rejected) {
                onFailed(attempts, failure, OUT_OF_ATTEMPTS);
                if (failure == null && config.failAfterMaxAttempts()) {
                    MaxRetriesExceededException exceeded = new MaxRetriesExceededException(name, attempts);
                    exceeded.addSuppressed(rejected);
                    promise.completeExceptionally(exceeded);
                } else if (failure == null) {
                    promise.complete(result);
                } else {
                    failure.addSuppressed(rejected);
                    promise.completeExceptionally(failure);
                }
            }
        }
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    @Override
    public String toString() {
        return "Retry[" + name + ", " + settings.config + "]";
    }

    @Override
    public RetryConfig reconfigure(RetryConfig newConfig) {
        return reconfigurator.reconfigure(newConfig, (oldConfig, next) -> {
            Settings old = settings;
            RetryBudget budget = budgetFor(next, old, timeSource);
            settings = new Settings(next, budget);
            boolean budgetReset = budget != null && budget != old.budget;
            return () -> publish(new RetryEvent.ConfigurationChanged(name, oldConfig, next, budgetReset));
        });
    }

    @Override
    public long configurationChanges() {
        return reconfigurator.changes();
    }

    /**
     * The budget for {@code config}: none, the previous one if its configuration is the same
     * object (so its window of requests and retries is kept), or a new, empty one.
     */
    @SuppressWarnings("ReferenceEquality") // documented: only the same budget object keeps its window
    private static @Nullable RetryBudget budgetFor(RetryConfig config, @Nullable Settings previous, TimeSource time) {
        RetryBudgetConfig budgetConfig = config.retryBudgetOrNull();
        if (budgetConfig == null) {
            return null;
        }
        if (previous != null && previous.budget != null && previous.budget.config() == budgetConfig) {
            return previous.budget;
        }
        return RetryBudget.of(budgetConfig, time);
    }

    /** A configuration and what the calls derive from it. */
    private static final class Settings {
        final RetryConfig config;
        final int maxAttempts;
        final boolean checksResults;
        final @Nullable RetryBudget budget;

        Settings(RetryConfig config, @Nullable RetryBudget budget) {
            this.config = config;
            this.maxAttempts = config.maxAttempts();
            this.checksResults = config.hasResultPredicate();
            this.budget = budget;
        }
    }
}
