package dev.nines.core.adaptivelimit;

import dev.nines.core.event.EventListeners;
import dev.nines.core.internal.Arguments;
import dev.nines.core.time.TimeSource;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** The {@link AdaptiveLimiter} implementation. */
final class DefaultAdaptiveLimiter implements AdaptiveLimiter {

    private static final Permit REJECTED = new Permit() {
        @Override
        public boolean isAcquired() {
            return false;
        }

        @Override
        public void onSuccess(long latencyNanos) {}

        @Override
        public void onDropped() {}

        @Override
        public void onIgnore() {}

        @Override
        public String toString() {
            return "Permit[rejected]";
        }
    };

    private final String name;
    // Replaced by reconfigure(); the estimator is used only by the thread that holds `updating`.
    private volatile AdaptiveLimiterConfig config;
    private final TimeSource timeSource;
    private volatile LimitEstimator estimator;
    private final ReentrantLock reconfigureLock = new ReentrantLock();
    private final LongAdder configurationChanges = new LongAdder();
    private final AtomicInteger inflight = new AtomicInteger();
    private final AtomicBoolean updating = new AtomicBoolean();
    private final AtomicInteger pendingDrops = new AtomicInteger();
    private final LongAdder rejected = new LongAdder();
    private final EventListeners<AdaptiveLimiterEvent> listeners;
    private final @Nullable EventListeners<AdaptiveLimiterEvent> registryListeners;
    private final Permit acquired = new AcquiredPermit();
    private volatile int limit;

    /** Creates a limiter whose events also go to {@code registryListeners}, if not null. */
    DefaultAdaptiveLimiter(
            String name,
            AdaptiveLimiterConfig config,
            TimeSource timeSource,
            @Nullable EventListeners<AdaptiveLimiterEvent> registryListeners) {
        this(name, config, timeSource, registryListeners, null);
    }

    /** Creates a limiter with a given estimator (tests), or the config's one if null. */
    DefaultAdaptiveLimiter(
            String name,
            AdaptiveLimiterConfig config,
            TimeSource timeSource,
            @Nullable EventListeners<AdaptiveLimiterEvent> registryListeners,
            @Nullable LimitEstimator estimator) {
        this.name = Arguments.notBlank("name", name);
        this.config = Objects.requireNonNull(config, "config");
        this.timeSource = Objects.requireNonNull(timeSource, "timeSource");
        this.estimator = estimator != null ? estimator : LimitEstimator.of(config);
        this.limit = config.initialLimit();
        this.listeners = EventListeners.create("adaptive limiter '" + name + "'");
        this.registryListeners = registryListeners;
    }

    private boolean hasListeners() {
        return listeners.hasListeners() || (registryListeners != null && registryListeners.hasListeners());
    }

    private void publish(AdaptiveLimiterEvent event) {
        listeners.publish(event);
        if (registryListeners != null) {
            registryListeners.publish(event);
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public AdaptiveLimiterConfig config() {
        return config;
    }

    @Override
    public Permit tryAcquirePermission() {
        int current;
        do {
            current = inflight.get();
            if (current >= limit) {
                rejected.increment();
                if (hasListeners()) {
                    publish(new AdaptiveLimiterEvent.CallRejected(name, limit, timeSource.now()));
                }
                return REJECTED;
            }
        } while (!inflight.compareAndSet(current, current + 1));
        return acquired;
    }

    @Override
    public int limit() {
        return limit;
    }

    @Override
    public int inflight() {
        return inflight.get();
    }

    @Override
    public long rejectedCalls() {
        return rejected.sum();
    }

    @Override
    public Metrics metrics() {
        return new Metrics(limit, inflight.get(), rejected.sum());
    }

    @Override
    public TimeSource timeSource() {
        return timeSource;
    }

    @Override
    public <T> T executeSupplier(Supplier<T> supplier) {
        Objects.requireNonNull(supplier, "supplier");
        Permit permit = admit();
        long start = timeSource.nanoTime();
        T result;
        try {
            result = supplier.get();
        } catch (Throwable failure) {
            report(permit, failure);
            throw failure;
        }
        permit.onSuccess(Math.max(0, timeSource.nanoTime() - start));
        return result;
    }

    @Override
    public <T> T executeCallable(Callable<T> callable) throws Exception {
        Objects.requireNonNull(callable, "callable");
        Permit permit = admit();
        long start = timeSource.nanoTime();
        T result;
        try {
            result = callable.call();
        } catch (Throwable failure) {
            report(permit, failure);
            throw failure;
        }
        permit.onSuccess(Math.max(0, timeSource.nanoTime() - start));
        return result;
    }

    @Override
    public void executeRunnable(Runnable runnable) {
        Objects.requireNonNull(runnable, "runnable");
        Permit permit = admit();
        long start = timeSource.nanoTime();
        try {
            runnable.run();
        } catch (Throwable failure) {
            report(permit, failure);
            throw failure;
        }
        permit.onSuccess(Math.max(0, timeSource.nanoTime() - start));
    }

    @Override
    public <T> CompletionStage<T> executeCompletionStage(
            ScheduledExecutorService scheduler, Supplier<? extends CompletionStage<T>> supplier) {
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(supplier, "supplier");
        Permit permit = tryAcquirePermission();
        if (!permit.isAcquired()) {
            return CompletableFuture.failedFuture(new AdaptiveLimiterFullException(name, limit));
        }
        long start = timeSource.nanoTime();
        CompletionStage<T> stage;
        try {
            stage = Objects.requireNonNull(supplier.get(), "the call returned a null stage");
        } catch (RuntimeException | Error e) {
            report(permit, e);
            return CompletableFuture.failedFuture(e);
        }
        stage.whenComplete((result, failure) -> {
            if (failure == null) {
                permit.onSuccess(Math.max(0, timeSource.nanoTime() - start));
            } else {
                report(permit, failure);
            }
        });
        return stage;
    }

    @Override
    public void acquirePermission() {
        admit();
    }

    @Override
    public void onAttemptResult(long durationNanos, Object result) {
        acquired.onSuccess(Math.max(0, durationNanos));
    }

    @Override
    public void onAttemptError(long durationNanos, Throwable error) {
        report(acquired, error);
    }

    private Permit admit() {
        Permit permit = tryAcquirePermission();
        if (!permit.isAcquired()) {
            throw new AdaptiveLimiterFullException(name, limit);
        }
        return permit;
    }

    /** Reports a failed call: a timeout or cancellation is a drop, anything else says nothing about capacity. */
    static void report(Permit permit, Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof TimeoutException || cause instanceof CancellationException) {
            permit.onDropped();
        } else {
            permit.onIgnore();
        }
    }

    @Override
    public EventListeners.Registration onEvent(Consumer<? super AdaptiveLimiterEvent> listener) {
        return listeners.register(listener);
    }

    /** Releases one slot; returns the in-flight count before the release (this call included). */
    private int release() {
        int current;
        do {
            current = inflight.get();
            if (current <= 0) {
                throw new IllegalStateException("adaptive limiter '" + name + "' has no call in flight: "
                        + "each admitted call must report its end exactly once");
            }
        } while (!inflight.compareAndSet(current, current - 1));
        return current;
    }

    private void sample(long latencyNanos, boolean dropped, int inflightAtEnd) {
        if (!updating.compareAndSet(false, true)) {
            // Another thread is updating: a latency sample is skipped, but a drop is kept for the
            // next update, because backing off under overload is what the limiter is for.
            if (dropped) {
                pendingDrops.incrementAndGet();
            }
            return;
        }
        int before;
        int after;
        try {
            before = limit;
            for (int drops = pendingDrops.getAndSet(0); drops > 0; drops--) {
                estimator.sample(0, true, inflightAtEnd);
            }
            after = estimator.sample(latencyNanos, dropped, inflightAtEnd);
            limit = after;
        } finally {
            updating.set(false);
        }
        if (after != before && hasListeners()) {
            publish(new AdaptiveLimiterEvent.LimitChanged(name, before, after, timeSource.now()));
        }
    }

    @Override
    @SuppressWarnings("ReferenceEquality") // the same object is the no-op; an equal copy is still a change
    public AdaptiveLimiterConfig reconfigure(AdaptiveLimiterConfig newConfig) {
        Objects.requireNonNull(newConfig, "newConfig");
        reconfigureLock.lock();
        try {
            AdaptiveLimiterConfig old = config;
            if (old == newConfig) {
                return newConfig;
            }
            // Hold off samples while the estimator is replaced; a sample that finds the flag taken
            // skips (a drop is kept for the next update), as when two calls end together.
            while (!updating.compareAndSet(false, true)) {
                Thread.onSpinWait();
            }
            int before;
            int after;
            try {
                before = limit;
                after = Math.max(newConfig.minLimit(), Math.min(newConfig.maxLimit(), before));
                estimator = LimitEstimator.of(
                        newConfig.toBuilder().initialLimit(after).build());
                config = newConfig;
                limit = after;
            } finally {
                updating.set(false);
            }
            configurationChanges.increment();
            if (hasListeners()) {
                publish(new AdaptiveLimiterEvent.ConfigurationChanged(name, old, newConfig, timeSource.now()));
                if (after != before) {
                    publish(new AdaptiveLimiterEvent.LimitChanged(name, before, after, timeSource.now()));
                }
            }
            return old;
        } finally {
            reconfigureLock.unlock();
        }
    }

    @Override
    public long configurationChanges() {
        return configurationChanges.sum();
    }

    @Override
    public String toString() {
        return "AdaptiveLimiter[" + name + ", inflight=" + inflight.get() + "/" + limit + "]";
    }

    /** The permit of an admitted call; one instance per limiter. */
    private final class AcquiredPermit implements Permit {

        @Override
        public boolean isAcquired() {
            return true;
        }

        @Override
        public void onSuccess(long latencyNanos) {
            Arguments.atLeast("latencyNanos", latencyNanos, 0L);
            sample(latencyNanos, false, release());
        }

        @Override
        public void onDropped() {
            sample(0, true, release());
        }

        @Override
        public void onIgnore() {
            release();
        }

        @Override
        public String toString() {
            return "Permit[" + name + "]";
        }
    }
}
