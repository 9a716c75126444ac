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
import java.util.concurrent.locks.LockSupport;
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
 */
final class TokenBucketRateLimiter implements RateLimiter {

    private static final long REFUSED = -1L;

    private final String name;
    private final RateLimiterConfig config;
    private final TimeSource timeSource;
    private final long origin;
    private final long periodNanos;
    private final long limitForPeriod;
    private final long burst;
    private final long timeoutNanos;
    private final AtomicLong spent;
    private final AtomicInteger waiting = new AtomicInteger();
    private final EventListeners<RateLimiterEvent> listeners;
    private final @Nullable EventListeners<RateLimiterEvent> registryListeners;

    TokenBucketRateLimiter(
            String name,
            RateLimiterConfig config,
            TimeSource timeSource,
            @Nullable EventListeners<RateLimiterEvent> registryListeners) {
        this.name = Arguments.notBlank("name", name);
        this.config = Objects.requireNonNull(config, "config");
        this.timeSource = Objects.requireNonNull(timeSource, "timeSource");
        this.origin = timeSource.nanoTime();
        this.periodNanos = config.limitRefreshPeriod().toNanos();
        this.limitForPeriod = config.limitForPeriod();
        this.burst = config.burstCapacity();
        this.timeoutNanos = config.timeoutDuration().toNanos();
        this.spent = new AtomicLong(-burst);
        this.listeners = EventListeners.create("rate limiter '" + name + "'");
        this.registryListeners = registryListeners;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public RateLimiterConfig config() {
        return config;
    }

    @Override
    public boolean tryAcquirePermission() {
        return tryAcquirePermission(1);
    }

    @Override
    public boolean tryAcquirePermission(int permits) {
        checkPermits(permits);
        long current;
        long next;
        do {
            // The clock is read on each try: a try that lost the race to a thread that saw a later
            // period must judge by that period too, or it refuses permits that are there.
            // The mark before the clock: if the CAS below succeeds, the mark held from this read on,
            // so the try takes effect at the clock's reading.
            current = spent.get();
            long supply = supply(timeSource.nanoTime() - origin);
            next = Math.max(current, supply - burst) + permits;
            if (next > supply) {
                refused(permits);
                return false;
            }
        } while (!spent.compareAndSet(current, next));
        granted(permits);
        return true;
    }

    @Override
    public long reservePermission(int permits) {
        checkPermits(permits);
        return reserve(permits, true);
    }

    /**
     * Books permits; returns the elapsed-nanos time at which they are usable ({@code relative}
     * false) or the wait from the time of booking ({@code relative} true), or REFUSED. The clock is
     * read on each try, so a booking that lost the race to a later period books against that period
     * (a stale time would book the next period while a permit is there now).
     */
    private long reserve(int permits, boolean relative) {
        long elapsed;
        long current;
        long next;
        long readyAt;
        do {
            current = spent.get();
            elapsed = timeSource.nanoTime() - origin;
            long supply = supply(elapsed);
            next = Math.max(current, supply - burst) + permits;
            if (next <= supply) {
                readyAt = elapsed;
            } else {
                // The first period whose supply covers the booking: limitForPeriod * c >= next.
                long period = Math.floorDiv(next + limitForPeriod - 1, limitForPeriod);
                readyAt = period * periodNanos;
                if (readyAt - elapsed > timeoutNanos) {
                    refused(permits);
                    return REFUSED;
                }
            }
        } while (!spent.compareAndSet(current, next));
        granted(permits);
        return relative ? readyAt - elapsed : readyAt;
    }

    @Override
    public boolean acquirePermission(int permits) {
        checkPermits(permits);
        long readyAt = reserve(permits, false);
        if (readyAt == REFUSED) {
            return false;
        }
        long remaining = readyAt - (timeSource.nanoTime() - origin);
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
                remaining = readyAt - (timeSource.nanoTime() - origin);
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
        long mark;
        long supply;
        do {
            mark = spent.get();
            supply = supply(timeSource.nanoTime() - origin);
        } while (mark != spent.get());
        return Math.min(burst, supply - mark);
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
        boolean permitted = timeoutNanos == 0 ? tryAcquirePermission(1) : acquirePermission(1);
        if (!permitted) {
            throw new RequestNotPermittedException(name);
        }
    }

    @Override
    public EventListeners.Registration onEvent(Consumer<? super RateLimiterEvent> listener) {
        return listeners.register(listener);
    }

    private long supply(long elapsedNanos) {
        return limitForPeriod * (elapsedNanos / periodNanos);
    }

    private void checkPermits(int permits) {
        if (permits < 1 || permits > burst) {
            throw new IllegalArgumentException("permits must be in [1, " + burst + "] (burstCapacity), was " + permits);
        }
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
        return "RateLimiter[" + name + ", available=" + availablePermits() + "/" + burst + "]";
    }
}
