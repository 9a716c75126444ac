package dev.nines.core.hedge;

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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * One hedged call: its attempts, the timers that start the next one, and the one outcome.
 *
 * <p>Slots are reserved in order by a CAS on {@code reserved}; a reserved slot either launches an
 * attempt or is given up at once (budget refused, gate closed, call already decided), and then
 * counts as ended. The call is decided by a CAS on {@code winner}: an acceptable outcome claims it
 * with its attempt index; when every reserved slot has ended unacceptably and no more can be
 * reserved, the last outcome claims it with {@link #NO_WINNER}; a cancelled result claims it with
 * {@link #CANCELLED}. Whoever claims it cancels the timers and every other attempt <em>before</em>
 * completing {@link #result}, so no attempt outlives the call's outcome.
 *
 * @param <T> the result type
 */
abstract class HedgedCall<T> {

    private static final int UNDECIDED = -1;
    private static final int NO_WINNER = -2;
    private static final int CANCELLED = -3;

    final CompletableFuture<T> result = new CompletableFuture<>();

    private final HedgeImpl hedge;
    /** The configuration the call started with: it finishes under it. */
    private final HedgeImpl.Settings settings;

    private final HedgeConfig config;
    private final ScheduledExecutorService scheduler;
    private final int maxAttempts;
    /** The start of the first attempt; written before any other thread can read it. */
    private long callStart;

    private final AtomicReferenceArray<Future<?>> attempts;
    private final AtomicReferenceArray<Future<?>> timers;
    private final AtomicInteger reserved = new AtomicInteger();
    private final AtomicInteger ended = new AtomicInteger();
    private final AtomicInteger launched = new AtomicInteger();
    private final AtomicInteger winner = new AtomicInteger(UNDECIDED);
    private volatile boolean stopped;
    private volatile @Nullable Throwable lastFailure;
    private volatile @Nullable T lastResult;

    private HedgedCall(HedgeImpl hedge, HedgeImpl.Settings settings, ScheduledExecutorService scheduler) {
        this.hedge = hedge;
        this.settings = settings;
        this.config = settings.config;
        this.scheduler = scheduler;
        this.maxAttempts = settings.maxAttempts;
        this.attempts = new AtomicReferenceArray<>(maxAttempts);
        this.timers = new AtomicReferenceArray<>(maxAttempts);
    }

    /** Starts a synchronous call: every attempt runs {@code callable} on {@code executor}. */
    static <T> HedgedCall<T> sync(
            HedgeImpl hedge,
            HedgeImpl.Settings settings,
            ScheduledExecutorService scheduler,
            Executor executor,
            Callable<T> callable) {
        HedgedCall<T> call = new HedgedCall<>(hedge, settings, scheduler) {
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
                                    new CancellationException("attempt " + (index + 1) + " of hedge '" + hedgeName()
                                            + "' was cancelled"));
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
        };
        call.begin();
        return call;
    }

    /** Starts an asynchronous call: every attempt is a stage from {@code supplier}. */
    static <T> HedgedCall<T> async(
            HedgeImpl hedge,
            HedgeImpl.Settings settings,
            ScheduledExecutorService scheduler,
            Supplier<? extends CompletionStage<T>> supplier) {
        HedgedCall<T> call = new HedgedCall<>(hedge, settings, scheduler) {
            @Override
            @Nullable
            Future<?> launch(int index, long start) {
                CompletionStage<T> stage;
                try {
                    stage = Objects.requireNonNull(supplier.get(), "the supplier returned a null stage");
                } catch (RuntimeException e) {
                    onOutcome(index, start, null, e);
                    return null;
                }
                CompletionStage<T> unused =
                        stage.whenComplete((value, failure) -> onOutcome(index, start, value, failure));
                try {
                    return stage.toCompletableFuture();
                } catch (UnsupportedOperationException notCancellable) {
                    return null;
                }
            }
        };
        call.begin();
        return call;
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

    private void begin() {
        CompletableFuture<T> unused = result.whenComplete((value, failure) -> {
            if (result.isCancelled() && winner.compareAndSet(UNDECIDED, CANCELLED)) {
                cancelAllBut(CANCELLED);
            }
        });
        tryStart(0);
    }

    private boolean decided() {
        return winner.get() != UNDECIDED;
    }

    /** Reserves slot {@code index} and launches its attempt, unless it is taken or not allowed. */
    private void tryStart(int index) {
        if (index >= maxAttempts || stopped || decided() || !reserved.compareAndSet(index, index + 1)) {
            return;
        }
        if (index > 0) {
            if (stopped || decided() || !settings.gate.isOpen() || !hedge.tryAcquireHedge(settings, index + 1)) {
                stopped = true;
                ended.incrementAndGet();
                decideIfExhausted();
                return;
            }
            hedge.onHedgeStarted(index + 1, hedge.nanoTime() - callStart);
        }
        launched.incrementAndGet();
        long start = hedge.nanoTime();
        if (index == 0) {
            callStart = start;
        }
        Future<?> handle = launch(index, start);
        if (handle != null) {
            attempts.set(index, handle);
            int decidedBy = winner.get();
            if (decidedBy != UNDECIDED && decidedBy != index) {
                cancel(index); // decided while it was launching: the decider may have missed it
            }
        }
        scheduleNext(index + 1);
    }

    private void scheduleNext(int next) {
        if (next >= maxAttempts || stopped || decided() || reserved.get() > next) {
            return;
        }
        Future<?> timer;
        try {
            timer = scheduler.schedule(() -> tryStart(next), hedge.delayNanos(settings), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException rejected) {
            stopped = true;
            decideIfExhausted();
            return;
        }
        timers.set(next, timer);
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
        boolean unacceptable = cause != null ? config.isHedgedException(cause) : config.isHedgedResult(value);
        if (!unacceptable) {
            if (winner.compareAndSet(UNDECIDED, index)) {
                cancelAllBut(index);
                hedge.onWon(index + 1, launched.get());
                complete(value, cause);
            }
            return;
        }
        lastFailure = cause;
        lastResult = value;
        ended.incrementAndGet();
        tryStart(reserved.get()); // no reason to wait out the delay: start the next attempt now
        decideIfExhausted();
    }

    /** Ends the call with the last outcome once every slot ended unacceptably and no more can start. */
    private void decideIfExhausted() {
        int slots = reserved.get();
        if (ended.get() != slots || (!stopped && slots < maxAttempts)) {
            return;
        }
        if (winner.compareAndSet(UNDECIDED, NO_WINNER)) {
            cancelAllBut(NO_WINNER);
            Throwable failure = lastFailure;
            hedge.onAllUnacceptable(launched.get(), failure);
            complete(lastResult, failure);
        }
    }

    private void complete(@Nullable T value, @Nullable Throwable failure) {
        if (failure != null) {
            result.completeExceptionally(failure);
        } else {
            result.complete(value);
        }
    }

    private void cancelAllBut(int keep) {
        for (int i = 0; i < maxAttempts; i++) {
            Future<?> timer = timers.get(i);
            if (timer != null) {
                timer.cancel(false);
            }
            if (i != keep) {
                cancel(i);
            }
        }
    }

    private void cancel(int index) {
        Future<?> attempt = attempts.getAndSet(index, null);
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
