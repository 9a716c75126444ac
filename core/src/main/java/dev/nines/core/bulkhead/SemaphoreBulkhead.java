package dev.nines.core.bulkhead;

import dev.nines.core.event.EventListeners;
import dev.nines.core.internal.Arguments;
import dev.nines.core.internal.Reconfigurator;
import dev.nines.core.time.TimeSource;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The {@link Bulkhead} implementation: a CAS counter of free permits, plus a FIFO queue of waiters
 * guarded by a {@link ReentrantLock}.
 *
 * <p>Released permits always go back to the counter; a releaser that sees waiters then takes the
 * lock and hands free permits to the queue's head, in order ({@link #dispatch()}). While anyone
 * waits, new calls skip the CAS fast path and queue behind them. No permit can be lost between a
 * release and a new waiter: the waiter announces itself in {@code waiting} before it looks at
 * {@code permits} again, and a release writes {@code permits} before it reads {@code waiting}, so at
 * least one of them sees the other (both are volatile).
 *
 * <p>The count of free permits is the one field every call writes, twice. It sits alone in the
 * middle of a 256-byte array, so no neighbouring object (the listeners every call reads, another
 * policy's fields) shares its cache lines or the pair of lines fetched together; otherwise each
 * thread's writes would evict what the other thread only reads. Each write is a read and a
 * compare-and-set. A compare-and-exchange from a guessed count (all permits free when taking, all but
 * one when giving back), which skips the read, was measured slower on two threads: another call
 * holds a permit most of the time, so the guess fails and the failed exchange costs more than the
 * read it saves (BENCHMARKS.md, issue 19).
 */
final class SemaphoreBulkhead implements Bulkhead {

    /** The count's index: 32 ints (128 bytes, a pair of cache lines) of padding on each side. */
    private static final int PERMITS = 32;

    private final String name;
    private final TimeSource timeSource;
    // The configuration in force, swapped by reconfigure(); a call reads it once.
    private volatile Settings settings;
    /** The free permits, at {@code [PERMITS]}; the rest is padding. */
    private final AtomicIntegerArray permits = new AtomicIntegerArray(2 * PERMITS + 1);

    private final AtomicInteger waiting = new AtomicInteger();
    private final LongAdder rejected = new LongAdder();
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Waiter> queue = new ArrayDeque<>();
    private final EventListeners<BulkheadEvent> listeners;
    private final @Nullable EventListeners<BulkheadEvent> registryListeners;
    private final Reconfigurator<BulkheadConfig> reconfigurator =
            new Reconfigurator<>(() -> settings.config, this::hasListeners);

    /** A configuration and what the calls derive from it. */
    private static final class Settings {
        final BulkheadConfig config;
        final int maxConcurrentCalls;
        final long maxWaitNanos;

        Settings(BulkheadConfig config) {
            this.config = config;
            this.maxConcurrentCalls = config.maxConcurrentCalls();
            this.maxWaitNanos = config.maxWaitDuration().toNanos();
        }
    }

    SemaphoreBulkhead(String name, BulkheadConfig config, TimeSource timeSource) {
        this(name, config, timeSource, null);
    }

    /** Creates a bulkhead whose events also go to {@code registryListeners}, if not null. */
    SemaphoreBulkhead(
            String name,
            BulkheadConfig config,
            TimeSource timeSource,
            @Nullable EventListeners<BulkheadEvent> registryListeners) {
        this.name = Arguments.notBlank("name", name);
        this.settings = new Settings(Objects.requireNonNull(config, "config"));
        this.timeSource = Objects.requireNonNull(timeSource, "timeSource");
        this.permits.set(PERMITS, settings.maxConcurrentCalls);
        this.listeners = EventListeners.create("bulkhead '" + name + "'");
        this.registryListeners = registryListeners;
    }

    private boolean hasListeners() {
        return listeners.hasListeners() || (registryListeners != null && registryListeners.hasListeners());
    }

    private void publish(BulkheadEvent event) {
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
    public BulkheadConfig config() {
        return settings.config;
    }

    @Override
    public boolean tryAcquirePermission() {
        long maxWaitNanos = settings.maxWaitNanos;
        boolean acquired = (maxWaitNanos == 0 || waiting.get() == 0) && tryTake();
        if (!acquired && maxWaitNanos > 0) {
            acquired = awaitPermit(maxWaitNanos);
        }
        if (acquired) {
            if (hasListeners()) {
                publish(new BulkheadEvent.CallPermitted(name, timeSource.now()));
            }
        } else {
            rejected.increment();
            if (hasListeners()) {
                publish(new BulkheadEvent.CallRejected(name, timeSource.now()));
            }
        }
        return acquired;
    }

    private boolean tryTake() {
        int current;
        do {
            current = permits.get(PERMITS);
            if (current <= 0) { // below zero after a reconfiguration lowered the limit under the calls in flight
                return false;
            }
        } while (!permits.compareAndSet(PERMITS, current, current - 1));
        return true;
    }

    private boolean awaitPermit(long maxWaitNanos) {
        long start = timeSource.nanoTime();
        lock.lock();
        try {
            if (queue.isEmpty() && tryTake()) {
                return true;
            }
            Waiter me = new Waiter(lock.newCondition());
            queue.addLast(me);
            waiting.incrementAndGet();
            // A release may have come between the tryTake above and the increment: look again, now
            // that releasers can see this waiter.
            dispatch();
            try {
                while (!me.granted) {
                    long remaining = maxWaitNanos - (timeSource.nanoTime() - start);
                    if (remaining <= 0) {
                        leave(me);
                        return false;
                    }
                    me.permitGranted.awaitNanos(remaining);
                }
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                if (me.granted) {
                    return true;
                }
                leave(me);
                return false;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Hands free permits to the waiters at the head of the queue, in order. Call under the lock. */
    private void dispatch() {
        Waiter head;
        while ((head = queue.peekFirst()) != null && tryTake()) {
            queue.pollFirst();
            waiting.decrementAndGet();
            head.granted = true;
            head.permitGranted.signal();
        }
    }

    /** Removes a waiter that gives up. Call under the lock. */
    private void leave(Waiter waiter) {
        queue.remove(waiter);
        waiting.decrementAndGet();
    }

    @Override
    public void acquirePermission() {
        if (!tryAcquirePermission()) {
            throw new BulkheadFullException(name);
        }
    }

    @Override
    public void releasePermission() {
        int current;
        do {
            current = permits.get(PERMITS);
            if (current >= settings.maxConcurrentCalls) {
                overReleased();
            }
        } while (!permits.compareAndSet(PERMITS, current, current + 1));
        if (waiting.get() > 0) {
            lock.lock();
            try {
                dispatch();
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * Throws for a release with every permit free. A reconfiguration changes the limit and the free
     * count in two steps, so a release that raced one may read them mismatched: look again with
     * reconfigurations held off before calling it a bug.
     */
    private void overReleased() {
        reconfigurator.holdingOff(() -> {
            int max = settings.maxConcurrentCalls;
            if (permits.get(PERMITS) >= max) {
                throw new IllegalStateException("bulkhead '" + name + "' released more permits than were acquired: all "
                        + max + " permits are already free");
            }
        });
    }

    @Override
    public BulkheadConfig reconfigure(BulkheadConfig newConfig) {
        BulkheadConfig previous = reconfigurator.reconfigure(newConfig, (oldConfig, config) -> {
            Settings old = settings;
            Settings next = new Settings(config);
            settings = next;
            // Calls in flight keep their permits: the free count moves by the change in the limit,
            // and may go below zero until enough of them finish.
            permits.addAndGet(PERMITS, next.maxConcurrentCalls - old.maxConcurrentCalls);
            return () -> publish(new BulkheadEvent.ConfigurationChanged(name, timeSource.now(), oldConfig, config));
        });
        // A higher limit serves the callers already waiting, first in first out, as a release does.
        // The free count was written before `waiting` is read here, and a new waiter writes
        // `waiting` before it reads the count, so one of them sees the other.
        if (waiting.get() > 0) {
            lock.lock();
            try {
                dispatch();
            } finally {
                lock.unlock();
            }
        }
        return previous;
    }

    @Override
    public long configurationChanges() {
        return reconfigurator.changes();
    }

    @Override
    public void onComplete() {
        releasePermission();
        if (hasListeners()) {
            publish(new BulkheadEvent.CallFinished(name, timeSource.now()));
        }
    }

    @Override
    public int availablePermits() {
        return Math.max(0, permits.get(PERMITS));
    }

    @Override
    public int maxConcurrentCalls() {
        return settings.maxConcurrentCalls;
    }

    @Override
    public int waitingCalls() {
        return waiting.get();
    }

    @Override
    public long rejectedCalls() {
        return rejected.sum();
    }

    @Override
    public <T> T executeSupplier(Supplier<T> supplier) {
        Objects.requireNonNull(supplier, "supplier");
        acquirePermission();
        try {
            return supplier.get();
        } finally {
            onComplete();
        }
    }

    @Override
    public <T> T executeCallable(Callable<T> callable) throws Exception {
        Objects.requireNonNull(callable, "callable");
        acquirePermission();
        try {
            return callable.call();
        } finally {
            onComplete();
        }
    }

    @Override
    public void executeRunnable(Runnable runnable) {
        Objects.requireNonNull(runnable, "runnable");
        acquirePermission();
        try {
            runnable.run();
        } finally {
            onComplete();
        }
    }

    @Override
    public <T> CompletionStage<T> executeCompletionStage(Supplier<? extends CompletionStage<T>> supplier) {
        Objects.requireNonNull(supplier, "supplier");
        if (!tryAcquirePermission()) {
            return CompletableFuture.failedFuture(new BulkheadFullException(name));
        }
        CompletionStage<T> stage;
        try {
            stage = Objects.requireNonNull(supplier.get(), "supplier returned null");
        } catch (RuntimeException | Error e) {
            onComplete();
            return CompletableFuture.failedFuture(e);
        }
        stage.whenComplete((value, failure) -> onComplete());
        return stage;
    }

    @Override
    public TimeSource timeSource() {
        return timeSource;
    }

    @Override
    public Metrics metrics() {
        return new Metrics(maxConcurrentCalls(), availablePermits(), waitingCalls(), rejectedCalls());
    }

    @Override
    public EventListeners.Registration onEvent(Consumer<? super BulkheadEvent> listener) {
        return listeners.register(listener);
    }

    /** A call waiting for a permit; its fields are guarded by the lock. */
    private static final class Waiter {

        final Condition permitGranted;
        boolean granted;

        Waiter(Condition permitGranted) {
            this.permitGranted = permitGranted;
        }
    }

    @Override
    public String toString() {
        return "Bulkhead[" + name + ", available=" + availablePermits() + "/" + maxConcurrentCalls() + "]";
    }
}
