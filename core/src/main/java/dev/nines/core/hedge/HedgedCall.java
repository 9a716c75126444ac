package dev.nines.core.hedge;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * One hedged call: its attempts, the timers that start the next one, and the one outcome, which is
 * this future itself.
 *
 * <p>Slots are reserved in order by a CAS on {@code reserved}; a reserved slot either launches an
 * attempt or is given up at once (budget refused, gate closed, call already decided), and then
 * counts as ended. The call is decided by a CAS on {@code winner}: an acceptable outcome claims it
 * with its attempt index; when every reserved slot has ended unacceptably and no more can be
 * reserved, the last outcome claims it with {@link #NO_WINNER}; cancelling this future claims it
 * with {@link #CANCELLED}. Whoever claims it cancels the timers and every other attempt
 * <em>before</em> completing this future, so no attempt outlives the call's outcome.
 *
 * <p>Allocation: a call that starts no hedge is this one object (the future, with its counters in
 * plain fields updated through {@link VarHandle}s), which also listens to an asynchronous first
 * attempt ({@link #accept}) and is the task of the first hedge's timer ({@link #run}); besides it
 * come only what the first attempt needs (a synchronous one's task on the executor, an asynchronous
 * one's callback node in its stage) and what the scheduler allocates for the armed timer. The array
 * of the later attempts' and timers' handles is allocated once a second attempt or timer needs it.
 * {@code accept} and {@code run} are public only because their interfaces are: nothing else calls
 * them.
 *
 * @param <T> the result type
 */
abstract class HedgedCall<T> extends CompletableFuture<T> implements BiConsumer<T, @Nullable Throwable>, Runnable {

    private static final int UNDECIDED = -1;
    private static final int NO_WINNER = -2;
    private static final int CANCELLED = -3;

    private static final VarHandle RESERVED;
    private static final VarHandle ENDED;
    private static final VarHandle LAUNCHED;
    private static final VarHandle WINNER;
    private static final VarHandle FIRST_ATTEMPT;
    private static final VarHandle MORE;
    private static final VarHandle HANDLES = MethodHandles.arrayElementVarHandle(Future[].class);
    /** {@link #more} until a later attempt or timer needs the array. */
    private static final Future<?>[] NONE = new Future<?>[0];

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            RESERVED = lookup.findVarHandle(HedgedCall.class, "reserved", int.class);
            ENDED = lookup.findVarHandle(HedgedCall.class, "ended", int.class);
            LAUNCHED = lookup.findVarHandle(HedgedCall.class, "launched", int.class);
            WINNER = lookup.findVarHandle(HedgedCall.class, "winner", int.class);
            FIRST_ATTEMPT = lookup.findVarHandle(HedgedCall.class, "firstAttempt", Future.class);
            MORE = lookup.findVarHandle(HedgedCall.class, "more", Future[].class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final HedgeImpl hedge;
    /** The configuration the call started with: it finishes under it. */
    private final HedgeImpl.Settings settings;

    private final ScheduledExecutorService scheduler;
    private final int maxAttempts;
    /** The start of the first attempt; written before any other thread can read it. */
    private final long callStart;

    /** The first attempt's future, to cancel it. */
    @SuppressWarnings("UnusedVariable") // read and cleared through FIRST_ATTEMPT
    private volatile @Nullable Future<?> firstAttempt;
    /** The timer that starts the second attempt. */
    private volatile @Nullable Future<?> firstTimer;
    /**
     * {@link #NONE}, or the later attempts' futures at {@code [1, maxAttempts)} and their timers at
     * {@code [maxAttempts + 2, 2 maxAttempts)}.
     */
    private volatile Future<?>[] more = NONE;

    @SuppressWarnings("UnusedVariable") // updated through RESERVED
    private volatile int reserved;

    @SuppressWarnings("UnusedVariable") // updated through ENDED
    private volatile int ended;

    @SuppressWarnings("UnusedVariable") // updated through LAUNCHED
    private volatile int launched;

    private volatile int winner = UNDECIDED;
    private volatile boolean stopped;
    private volatile @Nullable Throwable lastFailure;
    private volatile @Nullable T lastResult;

    private HedgedCall(
            HedgeImpl hedge, HedgeImpl.Settings settings, ScheduledExecutorService scheduler, long callStart) {
        this.hedge = hedge;
        this.settings = settings;
        this.scheduler = scheduler;
        this.maxAttempts = settings.maxAttempts;
        this.callStart = callStart;
    }

    /** Starts a synchronous call: every attempt runs {@code callable} on {@code executor}. */
    static <T> HedgedCall<T> sync(
            HedgeImpl hedge,
            HedgeImpl.Settings settings,
            ScheduledExecutorService scheduler,
            Executor executor,
            Callable<T> callable) {
        HedgedCall<T> call = new Sync<>(hedge, settings, scheduler, executor, callable, null, null);
        call.tryStart(0);
        return call;
    }

    /** Starts a synchronous call: every attempt runs {@code supplier} on {@code executor}. */
    static <T> HedgedCall<T> sync(
            HedgeImpl hedge,
            HedgeImpl.Settings settings,
            ScheduledExecutorService scheduler,
            Executor executor,
            Supplier<T> supplier) {
        HedgedCall<T> call = new Sync<>(hedge, settings, scheduler, executor, null, supplier, null);
        call.tryStart(0);
        return call;
    }

    /** Starts a synchronous call: every attempt runs {@code runnable} on {@code executor}. */
    static HedgedCall<@Nullable Void> sync(
            HedgeImpl hedge,
            HedgeImpl.Settings settings,
            ScheduledExecutorService scheduler,
            Executor executor,
            Runnable runnable) {
        HedgedCall<@Nullable Void> call = new Sync<>(hedge, settings, scheduler, executor, null, null, runnable);
        call.tryStart(0);
        return call;
    }

    /**
     * A synchronous call: each attempt is a task on the executor. The attempts of a supplier or a
     * runnable call this object ({@link #call}), so that no adapter is allocated.
     */
    private static final class Sync<T> extends HedgedCall<T> implements Callable<T> {
        private final Executor executor;
        private final Callable<T> callable;
        private final @Nullable Supplier<T> supplier;
        private final @Nullable Runnable runnable;

        Sync(
                HedgeImpl hedge,
                HedgeImpl.Settings settings,
                ScheduledExecutorService scheduler,
                Executor executor,
                @Nullable Callable<T> callable,
                @Nullable Supplier<T> supplier,
                @Nullable Runnable runnable) {
            super(hedge, settings, scheduler, hedge.nanoTime());
            this.executor = executor;
            this.callable = callable != null ? callable : this;
            this.supplier = supplier;
            this.runnable = runnable;
        }

        @Override
        public @Nullable T call() {
            if (supplier != null) {
                return supplier.get();
            }
            Objects.requireNonNull(runnable, "runnable").run();
            return null;
        }

        @Override
        @Nullable
        Future<?> launch(int index, long start) {
            FutureTask<T> task = new FutureTask<>(callable) {
                @Override
                protected void done() {
                    if (isCancelled()) {
                        onOutcome(
                                index,
                                start,
                                null,
                                new CancellationException(
                                        "attempt " + (index + 1) + " of hedge '" + hedgeName() + "' was cancelled"));
                        return;
                    }
                    try {
                        onOutcome(index, start, get(), null);
                    } catch (ExecutionException e) {
                        onOutcome(index, start, null, Objects.requireNonNullElse(e.getCause(), e));
                    } catch (InterruptedException | CancellationException e) {
                        onOutcome(index, start, null, e); // not reached: the task is done
                    }
                }
            };
            try {
                executor.execute(task);
            } catch (RejectedExecutionException rejected) {
                onOutcome(index, start, null, rejected);
                return null;
            }
            return task;
        }
    }

    /**
     * Goes on with an asynchronous call whose first attempt, {@code first}, started at
     * {@code start}: every later attempt is a stage from {@code supplier}.
     */
    static <T> HedgedCall<T> async(
            HedgeImpl hedge,
            HedgeImpl.Settings settings,
            ScheduledExecutorService scheduler,
            Supplier<? extends CompletionStage<T>> supplier,
            CompletionStage<T> first,
            long start) {
        HedgedCall<T> call = new HedgedCall<>(hedge, settings, scheduler, start) {
            @Override
            @Nullable
            Future<?> launch(int index, long start) {
                if (index == 0) {
                    return listen(first, this);
                }
                CompletionStage<T> stage;
                try {
                    stage = Objects.requireNonNull(supplier.get(), "the supplier returned a null stage");
                } catch (RuntimeException e) {
                    onOutcome(index, start, null, e);
                    return null;
                }
                return listen(stage, (value, failure) -> onOutcome(index, start, value, failure));
            }
        };
        call.tryStart(0);
        return call;
    }

    /** Hears {@code stage}'s outcome; returns its future to cancel it, or null if it cannot be. */
    private static <T> @Nullable Future<?> listen(
            CompletionStage<T> stage, BiConsumer<? super T, ? super @Nullable Throwable> outcome) {
        CompletionStage<T> unused = stage.whenComplete(outcome);
        try {
            return stage.toCompletableFuture();
        } catch (UnsupportedOperationException notCancellable) {
            return null;
        }
    }

    /** The outcome of an asynchronous first attempt (this object listens to it, to save one). */
    @Override
    public final void accept(@Nullable T value, @Nullable Throwable failure) {
        onOutcome(0, callStart, value, failure);
    }

    /** The first hedge's timer fired (this object is its task, to save one). */
    @Override
    public final void run() {
        tryStart(1);
    }

    /**
     * Launches attempt {@code index} (0-based), whose outcome must reach
     * {@link #onOutcome(int, long, Object, Throwable)} exactly once.
     *
     * @return the attempt's future, to cancel it; null if it cannot be cancelled (or already ended)
     */
    abstract @Nullable Future<?> launch(int index, long start);

    String hedgeName() {
        return hedge.name();
    }

    /** Cancels the call: every attempt and timer is cancelled, as when another attempt wins. */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = super.cancel(mayInterruptIfRunning);
        stopIfCancelled();
        return cancelled;
    }

    /** Completing the call with a {@link CancellationException} cancels it, as {@link #cancel} does. */
    @Override
    public boolean completeExceptionally(Throwable failure) {
        boolean completed = super.completeExceptionally(failure);
        stopIfCancelled();
        return completed;
    }

    private void stopIfCancelled() {
        if (isCancelled() && WINNER.compareAndSet(this, UNDECIDED, CANCELLED)) {
            cancelAllBut(CANCELLED);
        }
    }

    private boolean decided() {
        return winner != UNDECIDED;
    }

    /** Reserves slot {@code index} and launches its attempt, unless it is taken or not allowed. */
    private void tryStart(int index) {
        if (index >= maxAttempts || stopped || decided() || !RESERVED.compareAndSet(this, index, index + 1)) {
            return;
        }
        long start = callStart;
        if (index > 0) {
            if (stopped || decided() || !settings.gate.isOpen() || !hedge.tryAcquireHedge(settings, index + 1)) {
                stopped = true;
                ENDED.getAndAdd(this, 1);
                decideIfExhausted();
                return;
            }
            start = hedge.nanoTime();
            hedge.onHedgeStarted(index + 1, start - callStart);
        }
        LAUNCHED.getAndAdd(this, 1);
        Future<?> handle = launch(index, start);
        if (handle != null) {
            if (index == 0) {
                firstAttempt = handle;
            } else {
                HANDLES.setVolatile(more(), index, handle);
            }
            int decidedBy = winner;
            if (decidedBy != UNDECIDED && decidedBy != index) {
                cancel(index); // decided while it was launching: the decider may have missed it
            }
        }
        scheduleNext(index + 1);
    }

    private void scheduleNext(int next) {
        if (next >= maxAttempts || stopped || decided() || (int) RESERVED.getVolatile(this) > next) {
            return;
        }
        Future<?> timer;
        try {
            Runnable start = next == 1 ? this : () -> tryStart(next);
            timer = scheduler.schedule(start, hedge.delayNanos(settings), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException rejected) {
            stopped = true;
            decideIfExhausted();
            return;
        }
        if (next == 1) {
            firstTimer = timer;
        } else {
            HANDLES.setVolatile(more(), maxAttempts + next, timer);
        }
        if (decided()) {
            timer.cancel(false);
        }
    }

    /** Called once per launched attempt, on whatever thread ends it. */
    final void onOutcome(int index, long start, @Nullable T value, @Nullable Throwable failure) {
        long end = hedge.nanoTime();
        hedge.recordLatency(end - start, end);
        if (decided()) {
            return; // a loser, ending after the winner (usually cancelled by it)
        }
        Throwable cause = failure == null ? null : unwrap(failure);
        HedgeConfig config = settings.config;
        boolean unacceptable = cause != null ? config.isHedgedException(cause) : config.isHedgedResult(value);
        if (!unacceptable) {
            if (WINNER.compareAndSet(this, UNDECIDED, index)) {
                cancelAllBut(index);
                hedge.onWon(index + 1, (int) LAUNCHED.getVolatile(this));
                finish(value, cause);
            }
            return;
        }
        lastFailure = cause;
        lastResult = value;
        ENDED.getAndAdd(this, 1);
        tryStart((int) RESERVED.getVolatile(this)); // no reason to wait out the delay: start the next attempt now
        decideIfExhausted();
    }

    /** Ends the call with the last outcome once every slot ended unacceptably and no more can start. */
    private void decideIfExhausted() {
        int slots = (int) RESERVED.getVolatile(this);
        if ((int) ENDED.getVolatile(this) != slots || (!stopped && slots < maxAttempts)) {
            return;
        }
        if (WINNER.compareAndSet(this, UNDECIDED, NO_WINNER)) {
            cancelAllBut(NO_WINNER);
            Throwable failure = lastFailure;
            hedge.onAllUnacceptable((int) LAUNCHED.getVolatile(this), failure);
            finish(lastResult, failure);
        }
    }

    private void finish(@Nullable T value, @Nullable Throwable failure) {
        if (failure != null) {
            super.completeExceptionally(failure);
        } else {
            complete(value);
        }
    }

    /**
     * Returns the array of the later attempts and timers, allocating it on first need. A reader that
     * finds {@link #NONE} has nothing to cancel there yet: whoever stores a handle afterwards checks
     * whether the call was decided meanwhile and cancels it then.
     */
    private Future<?>[] more() {
        Future<?>[] current = more;
        if (current != NONE) {
            return current;
        }
        Future<?>[] created = new Future<?>[2 * maxAttempts];
        Future<?>[] witness = (Future<?>[]) MORE.compareAndExchange(this, NONE, created);
        return witness == NONE ? created : witness;
    }

    private void cancelAllBut(int keep) {
        Future<?> first = firstTimer;
        if (first != null) {
            first.cancel(false);
        }
        Future<?>[] later = more;
        for (int i = 0; i < maxAttempts; i++) {
            if (i >= 2 && later != NONE) {
                Future<?> timer = (Future<?>) HANDLES.getVolatile(later, maxAttempts + i);
                if (timer != null) {
                    timer.cancel(false);
                }
            }
            if (i != keep) {
                cancel(i);
            }
        }
    }

    private void cancel(int index) {
        Future<?> attempt;
        if (index == 0) {
            attempt = (Future<?>) FIRST_ATTEMPT.getAndSet(this, null);
        } else {
            Future<?>[] later = more;
            attempt = later == NONE ? null : (Future<?>) HANDLES.getAndSet(later, index, null);
        }
        if (attempt != null && attempt.cancel(true)) {
            hedge.onCancelled(index + 1);
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
}
