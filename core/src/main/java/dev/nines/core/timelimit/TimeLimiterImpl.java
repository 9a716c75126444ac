package dev.nines.core.timelimit;

import dev.nines.core.event.EventListeners;
import dev.nines.core.internal.Reconfigurator;
import dev.nines.core.time.TimeSource;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** The {@link TimeLimiter} implementation. */
final class TimeLimiterImpl implements TimeLimiter {

    private final String name;
    // The configuration in force, swapped by reconfigure(); each call reads it once, at its start.
    private volatile TimeLimiterConfig config;
    private final Reconfigurator<TimeLimiterConfig> reconfigurator =
            new Reconfigurator<>(() -> config, this::listening);
    private final TimeSource timeSource;
    private final EventListeners<TimeLimiterEvent> listeners;
    private final @Nullable EventListeners<TimeLimiterEvent> registryListeners;
    private final LongAdder succeeded = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder timedOut = new LongAdder();

    TimeLimiterImpl(
            String name,
            TimeLimiterConfig config,
            TimeSource timeSource,
            @Nullable EventListeners<TimeLimiterEvent> registryListeners) {
        this.name = name;
        this.config = config;
        this.timeSource = timeSource;
        this.listeners = EventListeners.create("time limiter '" + name + "'");
        this.registryListeners = registryListeners;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public TimeLimiterConfig config() {
        return config;
    }

    @Override
    public Metrics metrics() {
        return new Metrics(succeeded.sum(), failed.sum(), timedOut.sum());
    }

    @Override
    public TimeSource timeSource() {
        return timeSource;
    }

    @Override
    public <T> T executeSupplier(Supplier<T> supplier) {
        Objects.requireNonNull(supplier, "supplier");
        TimeLimiterConfig c = config;
        long start = timeSource.nanoTime();
        T result;
        try {
            result = supplier.get();
        } catch (RuntimeException | Error e) {
            onFailed(start, e);
            throw e;
        }
        if (timeSource.nanoTime() - start > c.timeoutDuration().toNanos()) {
            onTimedOut(c, false);
            throw new CompletionException(timeoutException(c));
        }
        onSucceeded(start);
        return result;
    }

    @Override
    public <T> T executeCallable(Callable<T> callable) throws Exception {
        Objects.requireNonNull(callable, "callable");
        TimeLimiterConfig c = config;
        long start = timeSource.nanoTime();
        T result;
        try {
            result = callable.call();
        } catch (Exception | Error e) {
            onFailed(start, e);
            throw e;
        }
        if (timeSource.nanoTime() - start > c.timeoutDuration().toNanos()) {
            onTimedOut(c, false);
            throw timeoutException(c);
        }
        onSucceeded(start);
        return result;
    }

    @Override
    public void executeRunnable(Runnable runnable) {
        Objects.requireNonNull(runnable, "runnable");
        executeSupplier(() -> {
            runnable.run();
            return null;
        });
    }

    @Override
    public EventListeners.Registration onEvent(Consumer<? super TimeLimiterEvent> listener) {
        return listeners.register(listener);
    }

    @Override
    public <T> CompletionStage<T> executeCompletionStage(
            ScheduledExecutorService scheduler, Supplier<? extends CompletionStage<T>> supplier) {
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(supplier, "supplier");
        TimeLimiterConfig c = config;
        long start = timeSource.nanoTime();
        CompletionStage<T> stage;
        try {
            stage = Objects.requireNonNull(supplier.get(), "the supplier returned a null stage");
        } catch (RuntimeException e) {
            onFailed(start, e);
            return CompletableFuture.failedFuture(e);
        }
        LimitedCall<T> call = new LimitedCall<>(c, stage, start);
        try {
            call.timer = scheduler.schedule(call, c.timeoutDuration().toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            call.promise.completeExceptionally(e);
            return call.promise;
        }
        stage.whenComplete(call);
        return call.promise;
    }

    /** One time-limited asynchronous call: the timeout task and the completion callback. */
    private final class LimitedCall<T> implements Runnable, BiConsumer<T, Throwable> {

        final CompletableFuture<T> promise = new CompletableFuture<>();
        final TimeLimiterConfig config;
        final CompletionStage<T> stage;
        final long start;
        volatile @Nullable ScheduledFuture<?> timer;

        LimitedCall(TimeLimiterConfig config, CompletionStage<T> stage, long start) {
            this.config = config;
            this.stage = stage;
            this.start = start;
        }

        @Override
        public void run() {
            if (promise.completeExceptionally(timeoutException(config))) {
                boolean cancelled = config.cancelRunningFuture() && cancelStage();
                onTimedOut(config, cancelled);
            }
        }

        private boolean cancelStage() {
            try {
                return stage.toCompletableFuture().cancel(true);
            } catch (UnsupportedOperationException notCancellable) {
                return false;
            }
        }

        @Override
        public void accept(T result, Throwable failure) {
            ScheduledFuture<?> pending = timer;
            if (pending != null) {
                pending.cancel(false);
            }
            if (failure == null) {
                if (promise.complete(result)) {
                    onSucceeded(start);
                }
            } else {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause()
                        : failure;
                if (promise.completeExceptionally(cause)) {
                    onFailed(start, cause);
                }
            }
        }
    }

    @Override
    public <T> T executeFutureSupplier(Supplier<? extends Future<T>> futureSupplier) throws Exception {
        Objects.requireNonNull(futureSupplier, "futureSupplier");
        TimeLimiterConfig c = config;
        boolean cancel = c.cancelRunningFuture();
        long start = timeSource.nanoTime();
        Future<T> future;
        try {
            future = Objects.requireNonNull(futureSupplier.get(), "the supplier returned a null future");
        } catch (RuntimeException e) {
            onFailed(start, e);
            throw e;
        }
        try {
            T result = future.get(c.timeoutDuration().toNanos(), TimeUnit.NANOSECONDS);
            onSucceeded(start);
            return result;
        } catch (TimeoutException e) {
            boolean cancelled = cancel && future.cancel(true);
            onTimedOut(c, cancelled);
            TimeoutException timeout = timeoutException(c);
            timeout.initCause(e);
            throw timeout;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            onFailed(start, cause);
            if (cause instanceof Exception exception) {
                throw exception;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw e;
        } catch (CancellationException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                if (cancel) {
                    future.cancel(true);
                }
            }
            onFailed(start, e);
            throw e;
        }
    }

    private TimeoutException timeoutException(TimeLimiterConfig c) {
        return new TimeoutException("TimeLimiter '" + name + "' timed out after " + c.timeoutDuration());
    }

    private boolean listening() {
        return listeners.hasListeners() || (registryListeners != null && registryListeners.hasListeners());
    }

    private void publish(TimeLimiterEvent event) {
        listeners.publish(event);
        if (registryListeners != null) {
            registryListeners.publish(event);
        }
    }

    private void onSucceeded(long start) {
        succeeded.increment();
        if (listening()) {
            publish(new TimeLimiterEvent.Succeeded(name, Duration.ofNanos(timeSource.nanoTime() - start)));
        }
    }

    private void onFailed(long start, Throwable failure) {
        failed.increment();
        if (listening()) {
            publish(new TimeLimiterEvent.Failed(name, Duration.ofNanos(timeSource.nanoTime() - start), failure));
        }
    }

    private void onTimedOut(TimeLimiterConfig c, boolean cancelled) {
        timedOut.increment();
        if (listening()) {
            publish(new TimeLimiterEvent.TimedOut(name, c.timeoutDuration(), cancelled));
        }
    }

    @Override
    public String toString() {
        return "TimeLimiter[" + name + ", " + config + "]";
    }

    @Override
    public TimeLimiterConfig reconfigure(TimeLimiterConfig newConfig) {
        return reconfigurator.reconfigure(newConfig, (old, next) -> {
            config = next;
            return () -> publish(new TimeLimiterEvent.ConfigurationChanged(name, old, next));
        });
    }

    @Override
    public long configurationChanges() {
        return reconfigurator.changes();
    }
}
