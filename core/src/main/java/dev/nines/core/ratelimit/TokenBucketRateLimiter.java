package dev.nines.core.ratelimit;

import dev.nines.core.event.EventListeners;
import dev.nines.core.internal.Arguments;
import dev.nines.core.internal.Reconfigurator;
import dev.nines.core.time.TimeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
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
 * Callers that wait for booked permits ({@link #acquirePermission(int)}, the execute methods) are
 * listed as {@link Booking}s: the old bucket records its successor and how its marks shift into it,
 * and each booking follows the chain, so a new rate that supplies its permits sooner lets it go
 * sooner (a slower one leaves it the time it was given; its permits are a debt of the new bucket
 * either way). Only waiting callers are listed; the path that takes permits at once allocates
 * nothing and takes no lock.
 *
 * <p>With a warm-up ({@link RateLimiterConfig#warmupPeriod()} of {@code P} periods), the supply and
 * the cap also depend on the period {@code o} in which the current ramp started: the rate at
 * {@code x = c - o} periods into the ramp is {@code r(x) = cold + (limitForPeriod - cold) * min(x, P) / P}
 * with {@code cold = limitForPeriod / coldFactor}, and {@code supply(c) = limitForPeriod * c - deficit(x)},
 * where {@code deficit(x)}, rounded up, is what the ramp has supplied fewer than a warm bucket would
 * have: {@code (limitForPeriod - cold) * (y - y^2 / 2P)} with {@code y = min(x, P)}. The cap is
 * {@code ceil(burst * r(x) / limitForPeriod)}. Both are non-decreasing in {@code c}, and a restart
 * ({@code o} moved to the current period) only raises the supply, so a full bucket stays full and
 * just takes the cold cap. The ramp starts at creation (and with each new bucket of a
 * reconfiguration) and restarts when the bucket is full and nobody asked for permits for more than
 * {@code P} periods (or at all since the bucket began): a caller refused for want of permits keeps
 * the limiter warm, since it is using all there is. The origin is a second atomic: a take racing a
 * restart may still be judged by the warm ramp (at most the permits of the takes in that race).
 */
final class TokenBucketRateLimiter implements RateLimiter {

    private static final long REFUSED = -1L;
    /** From {@link #reserve} asked not to book ahead: the permits are there only in a later period. */
    private static final long MUST_WAIT = -2L;
    /** The mark of a bucket being replaced: no try succeeds on it. */
    private static final long SEALED = Long.MAX_VALUE;

    private final String name;
    private final TimeSource timeSource;
    // The bucket in force: its constants and its mark; replaced as a whole by reconfigure().
    private volatile Bucket bucket;
    private final Reconfigurator<RateLimiterConfig> reconfigurator =
            new Reconfigurator<>(() -> this.bucket.config, this::listening);
    private final AtomicInteger waiting = new AtomicInteger();
    /** The callers waiting for booked permits, guarded by {@code waitersLock}. */
    private final List<Booking> bookings = new ArrayList<>();

    private final ReentrantLock waitersLock = new ReentrantLock();
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
        // The warm-up ramp (see the class comment); unused when warming is false.
        final boolean warming;
        final long rampPeriods;
        final double coldRate;
        final double rampSlack;
        final AtomicLong rampOrigin = new AtomicLong();
        volatile long lastRequestPeriod = Long.MIN_VALUE / 2;
        /** How a mark of this bucket shifts into its successor; written before {@code successor}. */
        long shiftToSuccessor;
        /** The bucket that replaced this one, once reconfigure() has. */
        volatile @Nullable Bucket successor;

        /** A bucket whose period 0 starts at {@code origin} holding {@code held} permits (negative: owed). */
        Bucket(RateLimiterConfig config, long origin, long held) {
            this.config = config;
            this.origin = origin;
            this.periodNanos = config.limitRefreshPeriod().toNanos();
            this.limitForPeriod = config.limitForPeriod();
            this.burst = config.burstCapacity();
            this.timeoutNanos = config.timeoutDuration().toNanos();
            this.spent = new AtomicLong(-held);
            this.warming = !config.warmupPeriod().isZero();
            this.rampPeriods = warming ? config.warmupPeriod().toNanos() / periodNanos : 1;
            this.coldRate = limitForPeriod / config.coldFactor();
            this.rampSlack = limitForPeriod - coldRate;
        }

        /** The permits received by {@code period}, on a ramp started in {@code rampStart} if warming. */
        long supplyAt(long period, long rampStart) {
            long full = limitForPeriod * period;
            return warming ? full - deficit(period - rampStart) : full;
        }

        /** What a ramp {@code x} periods old has supplied fewer than a warm bucket, rounded up. */
        private long deficit(long x) {
            if (x <= 0) {
                return 0;
            }
            long y = Math.min(x, rampPeriods);
            // y * y is exact in a double: y is at most a million (RateLimiterConfig.MAX_WARMUP_PERIODS).
            double deficit = rampSlack * (y - (double) y * y / (2.0 * rampPeriods));
            // A few ulps off, so that a deficit that is a whole number does not round up to the next.
            return (long) Math.ceil(deficit - 8 * Math.ulp(deficit));
        }

        /** The most the bucket holds in {@code period}: the burst, scaled by the ramp's rate if warming. */
        long capAt(long period, long rampStart) {
            if (!warming) {
                return burst;
            }
            long x = Math.max(0, Math.min(period - rampStart, rampPeriods));
            double rate = coldRate + rampSlack * x / rampPeriods;
            double cap = burst * rate / limitForPeriod;
            // A few ulps off, as in deficit(): a whole number must not round up to the next.
            return Math.max(1, Math.min(burst, (long) Math.ceil(cap - 8 * Math.ulp(cap))));
        }

        /**
         * The period the current ramp started in. If the bucket is full and nobody asked for permits
         * for more than a whole warm-up period (or ever, since the bucket began), the limiter is
         * cold: the ramp restarts now ({@code commit} records it; otherwise the answer only says what
         * a take would see).
         */
        long rampStart(long period, long mark, boolean commit) {
            if (!warming) {
                return 0;
            }
            long start = rampOrigin.get();
            if (period > start
                    && period - lastRequestPeriod > rampPeriods
                    && supplyAt(period, start) - mark >= capAt(period, start)) {
                if (!commit) {
                    return period;
                }
                return rampOrigin.compareAndSet(start, period) ? period : rampOrigin.get();
            }
            return start;
        }

        /** Records that permits were asked for in {@code period} (a racy maximum: it only gates cooling). */
        void requestedIn(long period) {
            if (warming && lastRequestPeriod < period) {
                lastRequestPeriod = period;
            }
        }

        /** The first period after {@code period} whose supply covers {@code next}. */
        long firstPeriodSupplying(long next, long period, long rampStart) {
            if (!warming) {
                return Math.floorDiv(next + limitForPeriod - 1, limitForPeriod);
            }
            // Past the ramp the supply is limitForPeriod * c - deficit(P): a bound to search below.
            long low = period;
            long high = Math.max(
                    rampStart + rampPeriods,
                    Math.floorDiv(next + deficit(rampPeriods) + limitForPeriod - 1, limitForPeriod));
            high = Math.max(high, period + 1);
            while (high - low > 1) {
                long middle = low + (high - low) / 2;
                if (supplyAt(middle, rampStart) >= next) {
                    high = middle;
                } else {
                    low = middle;
                }
            }
            return high;
        }

        /**
         * When this bucket has supplied permits up to {@code mark}, on the time source's clock; its
         * origin if it has already, {@code Long.MAX_VALUE} if that is beyond the clock's range.
         */
        long readyAt(long mark) {
            if (mark <= 0) {
                return origin;
            }
            long period = firstPeriodSupplying(mark, 0, rampOrigin.get());
            try {
                return Math.addExact(origin, Math.multiplyExact(period, periodNanos));
            } catch (ArithmeticException e) {
                return Long.MAX_VALUE;
            }
        }

        /** The permits held at {@code elapsedNanos} with the mark {@code mark}, without restarting the ramp. */
        long held(long elapsedNanos, long mark) {
            long period = elapsedNanos / periodNanos;
            long rampStart = rampStart(period, mark, false);
            return Math.min(capAt(period, rampStart), supplyAt(period, rampStart) - mark);
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
        long period = 0;
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
            period = (timeSource.nanoTime() - b.origin) / b.periodNanos;
            long rampStart = b.rampStart(period, current, true);
            long supply = b.supplyAt(period, rampStart);
            next = Math.max(current, supply - b.capAt(period, rampStart)) + permits;
            if (next > supply) {
                b.requestedIn(period);
                refused(permits);
                return false;
            }
        } while (current == SEALED || !b.spent.compareAndSet(current, next));
        b.requestedIn(period);
        granted(permits);
        return true;
    }

    @Override
    public long reservePermission(int permits) {
        checkPermits(bucket, permits);
        return reserve(permits, null, true);
    }

    /**
     * Books permits; returns the wait from the time of booking, or REFUSED. The clock is read on
     * each try, so a booking that lost the race to a later period books against that period (a
     * stale time would book the next period while a permit is there now). Without {@code
     * bookAhead}, permits of a later period (within the timeout) are not booked: MUST_WAIT, nothing
     * changed, nothing published, so that a waiting caller allocates its booking only when it waits.
     * A booking of a later period is written to {@code into}, if given.
     */
    private long reserve(int permits, @Nullable Booking into, boolean bookAhead) {
        Bucket b = bucket;
        long elapsed;
        long current;
        long next;
        long readyAt;
        long period = 0;
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
            period = elapsed / b.periodNanos;
            long rampStart = b.rampStart(period, current, true);
            long supply = b.supplyAt(period, rampStart);
            next = Math.max(current, supply - b.capAt(period, rampStart)) + permits;
            if (next <= supply) {
                readyAt = elapsed;
            } else {
                // The first period whose supply covers the booking: limitForPeriod * c >= next.
                readyAt = b.firstPeriodSupplying(next, period, rampStart) * b.periodNanos;
                if (readyAt - elapsed > b.timeoutNanos) {
                    b.requestedIn(period);
                    refused(permits);
                    return REFUSED;
                }
                if (!bookAhead) {
                    return MUST_WAIT;
                }
            }
        } while (current == SEALED || !b.spent.compareAndSet(current, next));
        b.requestedIn(period);
        if (into != null && readyAt > elapsed) {
            into.bucket = b;
            into.mark = next;
            into.readyAtNanos = b.origin + readyAt;
        }
        granted(permits);
        return readyAt - elapsed;
    }

    @Override
    public boolean acquirePermission(int permits) {
        checkPermits(bucket, permits);
        long wait = reserve(permits, null, false);
        if (wait != MUST_WAIT) {
            return wait != REFUSED;
        }
        ParkedThread me = new ParkedThread(Thread.currentThread());
        wait = reserve(permits, me, true);
        if (wait <= 0) {
            return wait == 0;
        }
        waiting.incrementAndGet();
        register(me);
        try {
            long remaining;
            while ((remaining = me.readyAtNanos - timeSource.nanoTime()) > 0) {
                LockSupport.parkNanos(this, remaining);
                if (Thread.currentThread().isInterrupted()) {
                    return false;
                }
            }
            return true;
        } finally {
            unregister(me);
            waiting.decrementAndGet();
        }
    }

    /**
     * Lists a waiting caller, so that a reconfiguration can let it go sooner; follows the buckets
     * that replaced the one it booked in since (a reconfiguration between its booking and this).
     * Returns whether its time moved earlier.
     */
    private boolean register(Booking booking) {
        waitersLock.lock();
        try {
            bookings.add(booking);
            return booking.follow();
        } finally {
            waitersLock.unlock();
        }
    }

    private void unregister(Booking booking) {
        waitersLock.lock();
        try {
            bookings.remove(booking);
        } finally {
            waitersLock.unlock();
        }
    }

    /**
     * Moves the waiting callers into the buckets that replaced theirs, and lets those that the new
     * rate supplies sooner go sooner: a parked thread is woken to look at its new time, a scheduled
     * call is scheduled again. Runs after every lock (a scheduler may run a task at once).
     */
    private void retimeWaiters() {
        List<ScheduledCall<?>> sooner = null;
        waitersLock.lock();
        try {
            for (Booking booking : bookings) {
                if (booking.follow()) {
                    if (booking instanceof ScheduledCall) {
                        if (sooner == null) {
                            sooner = new ArrayList<>();
                        }
                        sooner.add((ScheduledCall<?>) booking);
                    } else {
                        LockSupport.unpark(((ParkedThread) booking).thread);
                    }
                }
            }
        } finally {
            waitersLock.unlock();
        }
        if (sooner != null) {
            for (ScheduledCall<?> call : sooner) {
                call.schedule();
            }
        }
    }

    @Override
    public long availablePermits() {
        // The mark only grows: reading it again unchanged after the clock means both hold at the
        // clock's reading, so the answer never mixes a stale time with a newer booking.
        Bucket b = bucket;
        long mark;
        do {
            mark = b.spent.get();
            if (mark == SEALED) {
                b = successor(b);
                continue;
            }
            long held = b.held(timeSource.nanoTime() - b.origin, mark);
            if (mark == b.spent.get()) {
                return held;
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
        checkPermits(bucket, 1);
        long waitNanos = reserve(1, null, false);
        ScheduledCall<T> call = null;
        if (waitNanos == MUST_WAIT) {
            call = new ScheduledCall<>(scheduler, supplier);
            waitNanos = reserve(1, call, true);
        }
        if (waitNanos < 0) {
            return CompletableFuture.failedFuture(new RequestNotPermittedException(name));
        }
        if (waitNanos == 0 || call == null) {
            return start(supplier);
        }
        call.schedule();
        if (register(call)) {
            call.schedule(); // a reconfiguration came between the booking and the listing
        }
        return call.promise;
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
    public RateLimiterConfig reconfigure(RateLimiterConfig newConfig) {
        RateLimiterConfig previous = reconfigurator.reconfigure(newConfig, (oldConfig, config) -> {
            Bucket old = bucket;
            long mark = old.spent.getAndSet(SEALED);
            long now = timeSource.nanoTime();
            long held = Math.min(old.held(now - old.origin, mark), config.burstCapacity());
            Bucket next = new Bucket(config, now, held);
            // The new bucket's mark starts at -held where the old one's stood at `mark`.
            old.shiftToSuccessor = mark + held;
            old.successor = next;
            bucket = next;
            return () -> publish(new RateLimiterEvent.ConfigurationChanged(name, timeSource.now(), oldConfig, config));
        });
        retimeWaiters();
        return previous;
    }

    @Override
    public long configurationChanges() {
        return reconfigurator.changes();
    }

    private boolean listening() {
        return listeners.hasListeners() || (registryListeners != null && registryListeners.hasListeners());
    }

    private void granted(int permits) {
        if (listening()) {
            publish(new RateLimiterEvent.PermitsGranted(name, permits, timeSource.now()));
        }
    }

    private void refused(int permits) {
        if (listening()) {
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

    /**
     * A caller waiting for booked permits: the bucket it booked in and the mark its booking reached
     * there (both guarded by {@code waitersLock} once listed), and the time it may go.
     */
    private abstract static class Booking {

        @Nullable
        Bucket bucket;

        long mark;
        volatile long readyAtNanos;

        /**
         * Follows the buckets that replaced this booking's own, shifting its mark into each; returns
         * whether one of them supplies it sooner (its time is then moved earlier). Under the lock.
         */
        final boolean follow() {
            Bucket current = Objects.requireNonNull(bucket, "bucket");
            boolean sooner = false;
            Bucket next;
            while ((next = current.successor) != null) {
                mark -= current.shiftToSuccessor;
                current = next;
                long candidate = next.readyAt(mark);
                if (candidate != Long.MAX_VALUE && candidate - readyAtNanos < 0) {
                    readyAtNanos = candidate;
                    sooner = true;
                }
            }
            bucket = current;
            return sooner;
        }
    }

    /** A thread parked in {@link #acquirePermission(int)}. */
    private static final class ParkedThread extends Booking {

        final Thread thread;

        ParkedThread(Thread thread) {
            this.thread = thread;
        }
    }

    /** A call of {@link #executeCompletionStage} started by its scheduler once its permit's time comes. */
    private final class ScheduledCall<T> extends Booking {

        final ScheduledExecutorService scheduler;
        final Supplier<? extends CompletionStage<T>> supplier;
        final CompletableFuture<T> promise = new CompletableFuture<>();
        final AtomicBoolean started = new AtomicBoolean();
        final AtomicReference<@Nullable ScheduledFuture<?>> timer = new AtomicReference<>();

        ScheduledCall(ScheduledExecutorService scheduler, Supplier<? extends CompletionStage<T>> supplier) {
            this.scheduler = scheduler;
            this.supplier = supplier;
        }

        /** Schedules the start at the booking's time, in place of an earlier schedule (cancelled). */
        void schedule() {
            long delay = Math.max(0, readyAtNanos - timeSource.nanoTime());
            ScheduledFuture<?> next;
            try {
                next = scheduler.schedule(this::run, delay, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                if (started.compareAndSet(false, true)) {
                    unregister(this);
                    promise.completeExceptionally(e);
                }
                return;
            }
            ScheduledFuture<?> previous = timer.getAndSet(next);
            if (previous != null) {
                previous.cancel(false);
            }
        }

        private void run() {
            if (!started.compareAndSet(false, true)) {
                return; // started by a schedule that replaced this one
            }
            unregister(this);
            relay(start(supplier), promise);
        }
    }
}
