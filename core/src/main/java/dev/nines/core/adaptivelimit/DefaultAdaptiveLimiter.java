package dev.nines.core.adaptivelimit;

import dev.nines.core.adaptivelimit.AdaptiveLimiterFullException.Reason;
import dev.nines.core.event.EventListeners;
import dev.nines.core.internal.Arguments;
import dev.nines.core.internal.Reconfigurator;
import dev.nines.core.internal.SerialDelivery;
import dev.nines.core.time.TimeSource;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The {@link AdaptiveLimiter} implementation: a CAS counter of calls in flight, admitted against the
 * limit scaled by the call's priority share; plus, when a queue is configured, one FIFO queue of
 * waiters per priority, guarded by a {@link ReentrantLock}.
 *
 * <p>As in the bulkhead, no slot is lost between a release and a new waiter: a waiter announces
 * itself in {@code waiting} before it looks at the count again under the lock, and a release writes
 * the count before it reads {@code waiting}. While anyone waits, new calls go through the lock, so
 * they queue behind waiters of their priority or higher instead of overtaking them. Without a queue,
 * {@code waiting} stays 0 and admission is the CAS alone.
 */
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
    private final Reconfigurator<AdaptiveLimiterConfig> reconfigurator =
            new Reconfigurator<>(() -> config, this::hasListeners);
    private final AtomicInteger inflight = new AtomicInteger();
    private final AtomicBoolean updating = new AtomicBoolean();
    private final AtomicInteger pendingDrops = new AtomicInteger();
    private final LongAdder rejected = new LongAdder();
    private final EventListeners<AdaptiveLimiterEvent> listeners;
    private final @Nullable EventListeners<AdaptiveLimiterEvent> registryListeners;
    private final Permit acquired = new AcquiredPermit();
    private final double[] shares;
    private final int maxQueueSize;
    private final long maxWaitNanos;
    private final AtomicInteger waiting = new AtomicInteger();
    private final ReentrantLock lock = new ReentrantLock();
    /**
     * Events decided under the lock (a call queued), in that order, delivered after the lock is
     * released so that no listener runs under it.
     */
    private final SerialDelivery<AdaptiveLimiterEvent> eventsAfterUnlock = SerialDelivery.to(this::publish);
    /** One FIFO queue per priority, guarded by the lock; empty and unused without a queue. */
    private final ArrayDeque<Waiter>[] queues;

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
        this.shares = config.shares();
        this.maxQueueSize = config.maxQueueSize();
        this.maxWaitNanos = config.maxWaitDuration().toNanos();
        @SuppressWarnings({"unchecked", "rawtypes"}) // a generic array; each element is an ArrayDeque<Waiter>
        ArrayDeque<Waiter>[] perPriority = new ArrayDeque[maxQueueSize > 0 ? shares.length : 0];
        for (int i = 0; i < perPriority.length; i++) {
            perPriority[i] = new ArrayDeque<>();
        }
        this.queues = perPriority;
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
        return tryAcquirePermission(0);
    }

    @Override
    public Permit tryAcquirePermission(int priority) {
        checkPriority(priority);
        if (waiting.get() == 0 ? tryTake(priority) : tryTakeBehindWaiters(priority)) {
            return acquired;
        }
        rejected(priority, Reason.LIMIT_REACHED);
        return REJECTED;
    }

    @Override
    public Permit acquirePermission(int priority) {
        checkPriority(priority);
        if (waiting.get() == 0 ? tryTake(priority) : tryTakeBehindWaiters(priority)) {
            return acquired;
        }
        if (maxQueueSize == 0) {
            throw rejected(priority, Reason.LIMIT_REACHED);
        }
        Reason refusal = awaitSlot(priority);
        if (refusal != null) {
            throw rejected(priority, refusal);
        }
        return acquired;
    }

    private void checkPriority(int priority) {
        if (priority < 0 || priority >= shares.length) {
            throw new IllegalArgumentException(
                    "priority must be in [0, " + (shares.length - 1) + "] (priorityShares), was " + priority);
        }
    }

    /** The most calls in flight at which a call of {@code priority} is still admitted, exclusive. */
    private int threshold(int priority) {
        int current = limit;
        return priority == 0 ? current : Math.max(1, (int) (current * shares[priority]));
    }

    /** Takes a slot if fewer than the priority's threshold are in flight: the lock-free path. */
    private boolean tryTake(int priority) {
        int current;
        do {
            current = inflight.get();
            if (current >= threshold(priority)) {
                return false;
            }
        } while (!inflight.compareAndSet(current, current + 1));
        return true;
    }

    /** Takes a slot unless a call of this priority or a higher one waits (it would be overtaken). */
    private boolean tryTakeBehindWaiters(int priority) {
        lock.lock();
        try {
            return !waitsAtOrAbove(priority) && tryTake(priority);
        } finally {
            lock.unlock();
        }
    }

    /** Whether a call of {@code priority} or higher waits. Call under the lock. */
    private boolean waitsAtOrAbove(int priority) {
        for (int p = 0; p <= priority && p < queues.length; p++) {
            if (!queues[p].isEmpty()) {
                return true;
            }
        }
        return false;
    }

    private AdaptiveLimiterFullException rejected(int priority, Reason reason) {
        rejected.increment();
        int current = limit;
        if (hasListeners()) {
            publish(new AdaptiveLimiterEvent.CallRejected(name, current, priority, reason, timeSource.now()));
        }
        return new AdaptiveLimiterFullException(name, current, priority, reason);
    }

    /**
     * Waits in the queue for a slot; returns null once one is held, or why the call is refused.
     * The caller has found no slot on the lock-free path.
     */
    private @Nullable Reason awaitSlot(int priority) {
        long start = timeSource.nanoTime();
        SyncWaiter me;
        lock.lock();
        try {
            if (!waitsAtOrAbove(priority) && tryTake(priority)) {
                return null;
            }
            if (!makeRoomFor(priority)) {
                return Reason.QUEUE_FULL;
            }
            me = new SyncWaiter(priority, lock.newCondition());
            enqueue(me);
            // A release may have come between the look above and the enqueue: look again, now
            // that releasers can see this waiter.
            dispatch();
            if (me.state == Waiter.WAITING) {
                // Tell listeners of the queued call without the lock (a listener may call into this
                // limiter from any thread); the wait below reads the state again.
                lock.unlock();
                try {
                    eventsAfterUnlock.deliver();
                } finally {
                    lock.lock();
                }
            }
            try {
                while (me.state == Waiter.WAITING) {
                    long remaining = maxWaitNanos - (timeSource.nanoTime() - start);
                    if (remaining <= 0) {
                        leave(me);
                        return Reason.WAIT_TIMED_OUT;
                    }
                    me.signal.awaitNanos(remaining);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                if (me.state == Waiter.WAITING) {
                    leave(me);
                    return Reason.WAIT_INTERRUPTED;
                }
            }
            return me.state == Waiter.GRANTED ? null : Reason.QUEUE_FULL;
        } finally {
            lock.unlock();
            eventsAfterUnlock.deliver();
            startGranted();
        }
    }

    /**
     * Makes room in a full queue by displacing the newest waiter of the lowest priority below
     * {@code priority}; returns false if the queue is full of calls of this priority or higher.
     * Call under the lock.
     */
    private boolean makeRoomFor(int priority) {
        if (waiting.get() < maxQueueSize) {
            return true;
        }
        for (int p = queues.length - 1; p > priority; p--) {
            Waiter victim = queues[p].pollLast();
            if (victim != null) {
                waiting.decrementAndGet();
                victim.state = Waiter.DISPLACED;
                victim.wake(this);
                return true;
            }
        }
        return false;
    }

    /**
     * Queues a waiter. Call under the lock, after {@link #makeRoomFor(int)}, and {@code
     * eventsAfterUnlock.deliver()} after releasing it.
     */
    private void enqueue(Waiter waiter) {
        queues[waiter.priority].addLast(waiter);
        int now = waiting.incrementAndGet();
        if (hasListeners()) {
            // Delivered once the lock is released (eventsAfterUnlock.deliver()), in queue order.
            eventsAfterUnlock.add(new AdaptiveLimiterEvent.CallQueued(name, waiter.priority, now, timeSource.now()));
        }
    }

    /** Removes a waiter that gives up. Call under the lock. */
    private void leave(Waiter waiter) {
        if (queues[waiter.priority].remove(waiter)) {
            waiting.decrementAndGet();
        }
    }

    /**
     * Hands free slots to the waiters, highest priority first and in order within a priority. A
     * priority that cannot take a slot stops the hand-out: a lower one could not either, its
     * threshold being no higher. Call under the lock.
     */
    private void dispatch() {
        for (int p = 0; p < queues.length; p++) {
            Waiter head;
            while ((head = queues[p].peekFirst()) != null) {
                if (!tryTake(p)) {
                    return;
                }
                queues[p].pollFirst();
                waiting.decrementAndGet();
                head.state = Waiter.GRANTED;
                head.wake(this);
            }
        }
    }

    /** Hands slots to waiters after a release or a higher limit, if any wait. */
    private void dispatchIfWaiting() {
        if (waiting.get() > 0) {
            lock.lock();
            try {
                dispatch();
            } finally {
                lock.unlock();
                startGranted();
            }
        }
    }

    // Asynchronous waiters granted under the lock, started after it is released (their scheduler
    // may run them at once): an intrusive list, guarded by the lock.
    private volatile @Nullable AsyncWaiter<?> grantedHead;

    /** Starts the asynchronous waiters granted under the lock; call after unlocking. */
    private void startGranted() {
        if (grantedHead == null) {
            return;
        }
        AsyncWaiter<?> newestFirst;
        lock.lock();
        try {
            newestFirst = grantedHead;
            grantedHead = null;
        } finally {
            lock.unlock();
        }
        // Start them in the order they were granted (priority, then arrival), as when one slot
        // frees at a time: a higher limit grants several at once.
        AsyncWaiter<?> list = null;
        while (newestFirst != null) {
            AsyncWaiter<?> next = newestFirst.next;
            newestFirst.next = list;
            list = newestFirst;
            newestFirst = next;
        }
        while (list != null) {
            AsyncWaiter<?> next = list.next;
            list.next = null;
            list.start();
            list = next;
        }
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
    public int waitingCalls() {
        return waiting.get();
    }

    @Override
    public Metrics metrics() {
        return new Metrics(limit, inflight.get(), rejected.sum(), waiting.get());
    }

    @Override
    public TimeSource timeSource() {
        return timeSource;
    }

    @Override
    public <T> T executeSupplier(Supplier<T> supplier) {
        return executeSupplier(0, supplier);
    }

    @Override
    public <T> T executeSupplier(int priority, Supplier<T> supplier) {
        Objects.requireNonNull(supplier, "supplier");
        Permit permit = acquirePermission(priority);
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
        return executeCompletionStage(0, scheduler, supplier);
    }

    @Override
    public <T> CompletionStage<T> executeCompletionStage(
            int priority, ScheduledExecutorService scheduler, Supplier<? extends CompletionStage<T>> supplier) {
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(supplier, "supplier");
        checkPriority(priority);
        if (waiting.get() == 0 ? tryTake(priority) : tryTakeBehindWaiters(priority)) {
            return startCall(supplier);
        }
        if (maxQueueSize == 0) {
            return CompletableFuture.failedFuture(rejected(priority, Reason.LIMIT_REACHED));
        }
        AsyncWaiter<T> me = new AsyncWaiter<>(priority, scheduler, supplier);
        boolean admitted = false;
        boolean queued = false;
        lock.lock();
        try {
            if (!waitsAtOrAbove(priority) && tryTake(priority)) {
                admitted = true;
            } else if (makeRoomFor(priority)) {
                enqueue(me);
                queued = true;
                try {
                    me.timeout = scheduler.schedule(() -> timedOut(me), maxWaitNanos, TimeUnit.NANOSECONDS);
                } catch (RejectedExecutionException e) {
                    leave(me);
                    me.promise.completeExceptionally(e);
                    return me.promise;
                }
                dispatch();
            }
        } finally {
            lock.unlock();
            eventsAfterUnlock.deliver();
            startGranted();
        }
        if (admitted) {
            return startCall(supplier);
        }
        if (!queued) {
            return CompletableFuture.failedFuture(rejected(priority, Reason.QUEUE_FULL));
        }
        CompletableFuture<T> unused = me.promise.whenComplete((result, failure) -> {
            if (me.promise.isCancelled()) {
                lock.lock();
                try {
                    if (me.state == Waiter.WAITING) {
                        leave(me);
                        me.state = Waiter.GAVE_UP;
                    }
                } finally {
                    lock.unlock();
                }
            }
        });
        return me.promise;
    }

    /** Gives up on a queued asynchronous call whose wait ran out. */
    private void timedOut(AsyncWaiter<?> waiter) {
        lock.lock();
        try {
            if (waiter.state != Waiter.WAITING) {
                return;
            }
            leave(waiter);
            waiter.state = Waiter.GAVE_UP;
        } finally {
            lock.unlock();
        }
        waiter.promise.completeExceptionally(rejected(waiter.priority, Reason.WAIT_TIMED_OUT));
    }

    /** Starts an admitted asynchronous call and reports its end; returns the call's own stage. */
    private <T> CompletionStage<T> startCall(Supplier<? extends CompletionStage<T>> supplier) {
        Permit permit = acquired;
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
        acquirePermission(0);
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
        return acquirePermission(0);
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
        dispatchIfWaiting();
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
        if (after > before) {
            dispatchIfWaiting();
        }
    }

    @Override
    public AdaptiveLimiterConfig reconfigure(AdaptiveLimiterConfig newConfig) {
        AdaptiveLimiterConfig old = reconfigurator.reconfigure(newConfig, this::applyConfiguration);
        // A higher limit (new bounds above it) serves the callers already queued, as a release
        // does; without this they would wait for an unrelated release or their deadline. After
        // every lock: a granted asynchronous call may start on this thread. The limit was written
        // before `waiting` is read here, and a new waiter writes `waiting` before it reads the
        // limit, so one of them sees the other.
        dispatchIfWaiting();
        return old;
    }

    /** The limiter's part of {@link #reconfigure}: checks, swaps the estimator, and moves the limit. */
    private Runnable applyConfiguration(AdaptiveLimiterConfig old, AdaptiveLimiterConfig newConfig) {
        // The queue and the priorities are built at creation: they do not change in flight.
        if (!newConfig.priorityShares().equals(old.priorityShares())) {
            throw new IllegalArgumentException("priorityShares cannot change while the limiter runs (it is "
                    + old.priorityShares() + "), was " + newConfig.priorityShares());
        }
        if (newConfig.maxQueueSize() != old.maxQueueSize()
                || !newConfig.maxWaitDuration().equals(old.maxWaitDuration())) {
            throw new IllegalArgumentException("maxQueueSize and maxWaitDuration cannot change while the limiter "
                    + "runs (they are " + old.maxQueueSize() + " and " + old.maxWaitDuration() + "), was "
                    + newConfig.maxQueueSize() + " and " + newConfig.maxWaitDuration());
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
            estimator =
                    LimitEstimator.of(newConfig.toBuilder().initialLimit(after).build());
            config = newConfig;
            limit = after;
        } finally {
            updating.set(false);
        }
        int limitBefore = before;
        int limitAfter = after;
        return () -> {
            publish(new AdaptiveLimiterEvent.ConfigurationChanged(name, old, newConfig, timeSource.now()));
            if (limitAfter != limitBefore) {
                publish(new AdaptiveLimiterEvent.LimitChanged(name, limitBefore, limitAfter, timeSource.now()));
            }
        };
    }

    @Override
    public long configurationChanges() {
        return reconfigurator.changes();
    }

    @Override
    public String toString() {
        return "AdaptiveLimiter[" + name + ", inflight=" + inflight.get() + "/" + limit + "]";
    }

    /** A call waiting in the queue; its mutable fields are guarded by the lock. */
    private abstract static class Waiter {

        static final int WAITING = 0;
        static final int GRANTED = 1;
        static final int DISPLACED = 2;
        static final int GAVE_UP = 3;

        final int priority;
        int state = WAITING;

        Waiter(int priority) {
            this.priority = priority;
        }

        /** Tells the waiter its state changed to GRANTED or DISPLACED. Called under the lock. */
        abstract void wake(DefaultAdaptiveLimiter limiter);
    }

    /** A thread parked on a condition of the lock. */
    private static final class SyncWaiter extends Waiter {

        final Condition signal;

        SyncWaiter(int priority, Condition signal) {
            super(priority);
            this.signal = signal;
        }

        @Override
        void wake(DefaultAdaptiveLimiter limiter) {
            signal.signal();
        }
    }

    /** An asynchronous call: started (or failed) on its scheduler once granted (or displaced). */
    private final class AsyncWaiter<T> extends Waiter {

        final ScheduledExecutorService scheduler;
        final Supplier<? extends CompletionStage<T>> supplier;
        final CompletableFuture<T> promise = new CompletableFuture<>();

        @Nullable
        ScheduledFuture<?> timeout;

        @Nullable
        AsyncWaiter<?> next;

        AsyncWaiter(int priority, ScheduledExecutorService scheduler, Supplier<? extends CompletionStage<T>> supplier) {
            super(priority);
            this.scheduler = scheduler;
            this.supplier = supplier;
        }

        @Override
        void wake(DefaultAdaptiveLimiter limiter) {
            next = grantedHead;
            grantedHead = this;
        }

        /** Runs outside the lock, after {@link #wake}. */
        void start() {
            ScheduledFuture<?> timer = timeout;
            if (timer != null) {
                timer.cancel(false);
            }
            if (state == DISPLACED) {
                promise.completeExceptionally(rejected(priority, Reason.QUEUE_FULL));
                return;
            }
            try {
                scheduler.execute(this::run);
            } catch (RejectedExecutionException e) {
                acquired.onIgnore();
                promise.completeExceptionally(e);
            }
        }

        private void run() {
            if (promise.isDone()) {
                // Cancelled after the slot was granted: give the slot back without a sample.
                acquired.onIgnore();
                return;
            }
            CompletionStage<T> stage = startCall(supplier);
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
            CompletableFuture<T> unused = promise.whenComplete((result, failure) -> {
                if (promise.isCancelled()) {
                    stage.toCompletableFuture().cancel(true);
                }
            });
        }
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
