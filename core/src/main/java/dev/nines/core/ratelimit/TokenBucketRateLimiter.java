package dev.nines.core.ratelimit;

import dev.nines.core.event.EventListeners;
import dev.nines.core.internal.Arguments;
import dev.nines.core.time.TimeSource;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The {@link RateLimiter} implementation: the bucket is one {@code long}, its "spent mark".
 *
 * <p>Let {@code supply(c) = limitForPeriod * c} be the permits the bucket has received by period
 * {@code c} (counted from creation, uncapped). The state {@code spent} is such that the bucket holds
 * {@code min(burst, supply(c) - spent)} permits. Taking {@code n} permits at period {@code c} sets
 * {@code spent = max(spent, supply(c) - burst) + n}: the {@code max} applies the cap lazily, which
 * is what keeps state, refill and cap in a single CAS'd number. Negative holdings are bookings of
 * future periods. Everything is integer arithmetic on a period index computed from the origin, so
 * no rounding accumulates. {@code supply(c)} cannot overflow because the config allows at most one
 * permit per nanosecond, so it never exceeds the elapsed nanoseconds.
 *
 * <p>Reconfiguration: the constants and the mark live together in one {@link Bucket}, read through
 * one volatile field. {@link #reconfigure} seals the old bucket's mark (swaps in {@code SEALED},
 * which every try sees as "look again"), reads the permits it held at that instant, and publishes a
 * new bucket holding them (capped at the new burst; bookings of future periods carry over as a
 * debt). A try that meets the seal waits for the new bucket, so no permit is granted twice or lost.
 */
final class TokenBucketRateLimiter implements RateLimiter {

    private static final long REFUSED = -1L;
    /** The mark of a bucket being replaced: no try succeeds on it. */
    private static final long SEALED = Long.MAX_VALUE;

    private final String name;
    private final TimeSource timeSource;
    // The bucket in force: its constants and its mark; replaced as a whole by reconfigure().
    private volatile Bucket bucket;
    private final ReentrantLock reconfigureLock = new ReentrantLock();
    private final LongAdder configurationChanges = new LongAdder();
    private final AtomicInteger waiting = new AtomicInteger();
    private final EventListeners<RateLimiterEvent> listeners;
    private final @Nullable EventListeners<RateLimiterEvent> registryListeners;

    TokenBucketRateLimiter(
            String name,
            RateLimiterConfig config,
            TimeSource timeSource,
            @Nullable EventListeners<RateLimiterEvent> registryListeners) {
        this.name = Arguments.notBlank("name", name);
        Objects.requireNonNull(config, "config");
        this.timeSource = Objects.requireNonNull(timeSource, "timeSource");
        this.bucket = new Bucket(config, timeSource.nanoTime(), config.burstCapacity());
        this.listeners = EventListeners.create("rate limiter '" + name + "'");
        this.registryListeners = registryListeners;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public RateLimiterConfig config() {
        return bucket.config;
    }

    /** One configuration's bucket: its constants and its spent mark. */
    private static final class Bucket {
        final RateLimiterConfig config;
        final long origin;
        final long periodNanos;
        final long limitForPeriod;
        final long burst;
        final long timeoutNanos;
        final AtomicLong spent;

        /** A bucket whose period 0 starts at {@code origin} holding {@code held} permits (negative: owed). */
        Bucket(RateLimiterConfig config, long origin, long held) {
            this.config = config;
            this.origin = origin;
            this.periodNanos = config.limitRefreshPeriod().toNanos();
            this.limitForPeriod = config.limitForPeriod();
            this.burst = config.burstCapacity();
            this.timeoutNanos = config.timeoutDuration().toNanos();
            this.spent = new AtomicLong(-held);
        }

        long supply(long elapsedNanos) {
            return limitForPeriod * (elapsedNanos / periodNanos);
        }
    }

    /** Waits for reconfigure() to publish the bucket that replaces {@code sealed}. */
    private Bucket successor(Bucket sealed) {
        Bucket next;
        while ((next = bucket) == sealed) {
            Thread.onSpinWait();
        }
        return next;
    }

    @Override
    public boolean tryAcquirePermission() {
        return tryAcquirePermission(1);
    }

    @Override
    public boolean tryAcquirePermission(int permits) {
        Bucket b = bucket;
        checkPermits(b, permits);
        long current;
        long next;
        do {
            // The clock is read on each try: a try that lost the race to a thread that saw a later
            // period must judge by that period too, or it refuses permits that are there.
            // The mark before the clock: if the CAS below succeeds, the mark held from this read on,
            // so the try takes effect at the clock's reading.
            current = b.spent.get();
            if (current == SEALED) {
                b = successor(b);
                checkPermits(b, permits);
                next = 0;
                continue;
            }
            long supply = b.supply(timeSource.nanoTime() - b.origin);
            next = Math.max(current, supply - b.burst) + permits;
            if (next > supply) {
                refused(permits);
                return false;
            }
        } while (current == SEALED || !b.spent.compareAndSet(current, next));
        granted(permits);
        return true;
    }

    @Override
    public long reservePermission(int permits) {
        checkPermits(bucket, permits);
        return reserve(permits);
    }

    /**
     * Books permits; returns the wait from the time of booking, or REFUSED. The clock is read on
     * each try, so a booking that lost the race to a later period books against that period (a
     * stale time would book the next period while a permit is there now).
     */
    private long reserve(int permits) {
        Bucket b = bucket;
        long elapsed;
        long current;
        long next;
        long readyAt;
        do {
            current = b.spent.get();
            if (current == SEALED) {
                b = successor(b);
                checkPermits(b, permits);
                elapsed = 0;
                readyAt = 0;
                next = 0;
                continue;
            }
            elapsed = timeSource.nanoTime() - b.origin;
            long supply = b.supply(elapsed);
            next = Math.max(current, supply - b.burst) + permits;
            if (next <= supply) {
                readyAt = elapsed;
            } else {
                // The first period whose supply covers the booking: limitForPeriod * c >= next.
                long period = Math.floorDiv(next + b.limitForPeriod - 1, b.limitForPeriod);
                readyAt = period * b.periodNanos;
                if (readyAt - elapsed > b.timeoutNanos) {
                    refused(permits);
                    return REFUSED;
                }
            }
        } while (current == SEALED || !b.spent.compareAndSet(current, next));
        granted(permits);
        return readyAt - elapsed;
    }

    @Override
    public boolean acquirePermission(int permits) {
        checkPermits(bucket, permits);
        long start = timeSource.nanoTime();
        long wait = reserve(permits);
        if (wait == REFUSED) {
            return false;
        }
        long remaining = wait - (timeSource.nanoTime() - start);
        if (remaining <= 0) {
            return true;
        }
        waiting.incrementAndGet();
        try {
            while (remaining > 0) {
                LockSupport.parkNanos(this, remaining);
                if (Thread.currentThread().isInterrupted()) {
                    return false;
                }
                remaining = wait - (timeSource.nanoTime() - start);
            }
            return true;
        } finally {
            waiting.decrementAndGet();
        }
    }

    @Override
    public long availablePermits() {
        // The mark only grows: reading it again unchanged after the clock means both hold at the
        // clock's reading, so the answer never mixes a stale time with a newer booking.
        Bucket b = bucket;
        long mark;
        long supply;
        do {
            mark = b.spent.get();
            if (mark == SEALED) {
                b = successor(b);
                continue;
            }
            supply = b.supply(timeSource.nanoTime() - b.origin);
            if (mark == b.spent.get()) {
                return Math.min(b.burst, supply - mark);
            }
        } while (true);
    }

    @Override
    public int waitingThreads() {
        return waiting.get();
    }

    @Override
    public <T> T executeSupplier(Supplier<T> supplier) {
        Objects.requireNonNull(supplier, "supplier");
        permitOrThrow();
        return supplier.get();
    }

    @Override
    public <T> T executeCallable(Callable<T> callable) throws Exception {
        Objects.requireNonNull(callable, "callable");
        permitOrThrow();
        return callable.call();
    }

    @Override
    public void executeRunnable(Runnable runnable) {
        Objects.requireNonNull(runnable, "runnable");
        permitOrThrow();
        runnable.run();
    }

    @Override
    public <T> CompletionStage<T> executeCompletionStage(
            ScheduledExecutorService scheduler, Supplier<? extends CompletionStage<T>> supplier) {
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(supplier, "supplier");
        long waitNanos = reservePermission(1);
        if (waitNanos < 0) {
            return CompletableFuture.failedFuture(new RequestNotPermittedException(name));
        }
        if (waitNanos == 0) {
            return start(supplier);
        }
        CompletableFuture<T> promise = new CompletableFuture<>();
        try {
            ScheduledFuture<?> unused =
                    scheduler.schedule(() -> relay(start(supplier), promise), waitNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            promise.completeExceptionally(e);
        }
        return promise;
    }

    private static <T> CompletionStage<T> start(Supplier<? extends CompletionStage<T>> supplier) {
        try {
            return Objects.requireNonNull(supplier.get(), "the call returned a null stage");
        } catch (RuntimeException | Error e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static <T> void relay(CompletionStage<T> stage, CompletableFuture<T> promise) {
        stage.whenComplete((result, failure) -> {
            if (failure == null) {
                promise.complete(result);
            } else {
                promise.completeExceptionally(
                        failure instanceof CompletionException && failure.getCause() != null
                                ? failure.getCause()
                                : failure);
            }
        });
    }

    @Override
    public TimeSource timeSource() {
        return timeSource;
    }

    @Override
    public Metrics metrics() {
        return new Metrics(availablePermits(), waitingThreads());
    }

    @Override
    public void acquirePermission() {
        permitOrThrow();
    }

    private void permitOrThrow() {
        boolean permitted = bucket.timeoutNanos == 0 ? tryAcquirePermission(1) : acquirePermission(1);
        if (!permitted) {
            throw new RequestNotPermittedException(name);
        }
    }

    @Override
    public EventListeners.Registration onEvent(Consumer<? super RateLimiterEvent> listener) {
        return listeners.register(listener);
    }

    private static void checkPermits(Bucket b, int permits) {
        if (permits < 1 || permits > b.burst) {
            throw new IllegalArgumentException(
                    "permits must be in [1, " + b.burst + "] (burstCapacity), was " + permits);
        }
    }

    @Override
    @SuppressWarnings("ReferenceEquality") // the same object is the no-op; an equal copy is still a change
    public RateLimiterConfig reconfigure(RateLimiterConfig newConfig) {
        Objects.requireNonNull(newConfig, "newConfig");
        reconfigureLock.lock();
        try {
            Bucket old = bucket;
            if (old.config == newConfig) {
                return newConfig;
            }
            long mark = old.spent.getAndSet(SEALED);
            long now = timeSource.nanoTime();
            long held = Math.min(old.burst, old.supply(now - old.origin) - mark);
            bucket = new Bucket(newConfig, now, Math.min(held, newConfig.burstCapacity()));
            configurationChanges.increment();
            if (listeners.hasListeners() || (registryListeners != null && registryListeners.hasListeners())) {
                publish(new RateLimiterEvent.ConfigurationChanged(name, timeSource.now(), old.config, newConfig));
            }
            return old.config;
        } finally {
            reconfigureLock.unlock();
        }
    }

    @Override
    public long configurationChanges() {
        return configurationChanges.sum();
    }

    private void granted(int permits) {
        if (listeners.hasListeners() || (registryListeners != null && registryListeners.hasListeners())) {
            publish(new RateLimiterEvent.PermitsGranted(name, permits, timeSource.now()));
        }
    }

    private void refused(int permits) {
        if (listeners.hasListeners() || (registryListeners != null && registryListeners.hasListeners())) {
            publish(new RateLimiterEvent.PermitsRefused(name, permits, timeSource.now()));
        }
    }

    private void publish(RateLimiterEvent event) {
        listeners.publish(event);
        if (registryListeners != null) {
            registryListeners.publish(event);
        }
    }

    @Override
    public String toString() {
        return "RateLimiter[" + name + ", available=" + availablePermits() + "/" + bucket.burst + "]";
    }
}
