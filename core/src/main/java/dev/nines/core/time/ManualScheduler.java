package dev.nines.core.time;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A deterministic {@link ScheduledExecutorService} driven by a {@link ManualTimeSource}, the
 * scheduler that belongs beside the manual clock in tests. Nothing runs on its own: tasks run on
 * the thread that calls {@link #runDue()}, {@link #advance(Duration)} or {@link #runAll(int)}, in
 * due-time order (ties in submission order), and their delays are measured on the manual clock.
 * Periodic tasks ({@code scheduleAtFixedRate}, {@code scheduleWithFixedDelay}) are supported; a
 * task that throws is done (a periodic one stops repeating, as in {@code ScheduledThreadPoolExecutor})
 * and its exception is kept in its future.
 *
 * <pre>{@code
 * ManualTimeSource time = ManualTimeSource.at(Instant.parse("2026-01-01T00:00:00Z"));
 * ManualScheduler scheduler = ManualScheduler.of(time);
 * CompletionStage<Quote> quote = retry.executeCompletionStage(scheduler, () -> client.quoteAsync());
 * scheduler.advance(Duration.ofSeconds(1)); // runs the retries due within the second, at their times
 * }</pre>
 *
 * <p>Thread-safe: tasks may be submitted from any thread; the queue is guarded by this object's
 * monitor, which is never held while a task runs. The blocking {@code invokeAll}/{@code invokeAny}
 * would wait for tasks that only the waiting thread could run, so they throw
 * {@link UnsupportedOperationException}. {@code awaitTermination} does not wait.
 */
public final class ManualScheduler implements ScheduledExecutorService {

    private final ManualTimeSource time;
    private final PriorityQueue<Task<?>> queue = new PriorityQueue<>();
    private long sequence;
    private long executed;
    private boolean shutdown;
    private boolean stopped;

    private ManualScheduler(ManualTimeSource time) {
        this.time = time;
    }

    /**
     * Creates a scheduler with no tasks, driven by {@code time}.
     *
     * @param time the clock the delays are measured on, advanced by {@link #advance(Duration)}
     * @return a new scheduler
     */
    public static ManualScheduler of(ManualTimeSource time) {
        return new ManualScheduler(Objects.requireNonNull(time, "time"));
    }

    /**
     * Returns the clock that drives this scheduler.
     *
     * @return the manual time source
     */
    public ManualTimeSource timeSource() {
        return time;
    }

    /**
     * Runs every task due now, including tasks that the tasks schedule for now and periodic tasks
     * whose next run is due; the clock does not move.
     *
     * @return the number of task runs
     */
    public int runDue() {
        return advanceNanos(0);
    }

    /**
     * Advances the clock by {@code duration}, stopping at each task's due time to run it (so each
     * task sees the clock at its own due time), and ends with the clock {@code duration} later.
     *
     * @param duration how far to advance, not negative
     * @return the number of task runs
     * @throws IllegalArgumentException if {@code duration} is negative
     */
    public int advance(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("duration must not be negative, was " + duration);
        }
        return advanceNanos(duration.toNanos());
    }

    private int advanceNanos(long nanos) {
        long target = time.nanoTime() + nanos;
        int ran = 0;
        while (true) {
            Task<?> next = pollDueBy(target);
            if (next == null) {
                break;
            }
            moveClockTo(next.dueNanos);
            run(next);
            ran++;
        }
        moveClockTo(target);
        return ran;
    }

    /**
     * Advances to each next task and runs it until no task is left or {@code maxTasks} runs were
     * made (periodic tasks never leave, so give a bound).
     *
     * @param maxTasks the most task runs to make
     * @return the number of task runs
     */
    public int runAll(int maxTasks) {
        int ran = 0;
        while (ran < maxTasks) {
            Task<?> next = pollDueBy(Long.MAX_VALUE);
            if (next == null) {
                break;
            }
            moveClockTo(next.dueNanos);
            run(next);
            ran++;
        }
        return ran;
    }

    /**
     * From now on nothing runs, as if the scheduler's thread had died; tasks can still be
     * submitted and stay queued.
     */
    public synchronized void stop() {
        stopped = true;
    }

    /**
     * Returns the number of queued tasks that are not cancelled.
     *
     * @return the pending tasks
     */
    public synchronized int pending() {
        return (int) queue.stream().filter(t -> !t.isCancelled()).count();
    }

    /**
     * Returns how many task runs this scheduler made.
     *
     * @return the runs, periodic repeats included
     */
    public synchronized long executed() {
        return executed;
    }

    /**
     * Returns the delays from now of the queued tasks that are not cancelled, in due order.
     *
     * @return the delays, zero or negative for tasks already due
     */
    public synchronized List<Duration> pendingDelays() {
        List<Duration> delays = new ArrayList<>();
        long now = time.nanoTime();
        queue.stream()
                .filter(t -> !t.isCancelled())
                .sorted()
                .forEach(t -> delays.add(Duration.ofNanos(t.dueNanos - now)));
        return delays;
    }

    private synchronized @Nullable Task<?> pollDueBy(long targetNanos) {
        if (stopped) {
            return null;
        }
        while (true) {
            Task<?> next = queue.peek();
            if (next == null || next.dueNanos - targetNanos > 0) {
                return null;
            }
            queue.poll();
            if (!next.isCancelled()) {
                executed++;
                return next;
            }
        }
    }

    private void moveClockTo(long dueNanos) {
        long ahead = dueNanos - time.nanoTime();
        if (ahead > 0) {
            time.advanceNanos(ahead);
        }
    }

    private void run(Task<?> task) {
        if (task.periodNanos == 0) {
            task.run();
            return;
        }
        if (task.runPeriodic()) {
            synchronized (this) {
                task.dueNanos = task.fixedRate ? task.dueNanos + task.periodNanos : time.nanoTime() + task.periodNanos;
                task.sequence = sequence++;
                if (!shutdown) {
                    queue.add(task);
                }
            }
        }
    }

    private synchronized <V> Task<V> enqueue(
            Callable<V> callable, long delayNanos, long periodNanos, boolean fixedRate) {
        if (shutdown) {
            throw new RejectedExecutionException("the ManualScheduler is shut down");
        }
        Task<V> task =
                new Task<>(callable, time.nanoTime() + Math.max(0, delayNanos), periodNanos, fixedRate, sequence++);
        queue.add(task);
        return task;
    }

    private static Callable<Object> callable(Runnable command) {
        Objects.requireNonNull(command, "command");
        return () -> {
            command.run();
            return null;
        };
    }

    private static long period(long period, TimeUnit unit, String field) {
        if (period <= 0) {
            throw new IllegalArgumentException(field + " must be positive, was " + period);
        }
        return unit.toNanos(period);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return enqueue(callable(command), unit.toNanos(delay), 0, false);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        return enqueue(Objects.requireNonNull(callable, "callable"), unit.toNanos(delay), 0, false);
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        return enqueue(callable(command), unit.toNanos(initialDelay), period(period, unit, "period"), true);
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        return enqueue(callable(command), unit.toNanos(initialDelay), period(delay, unit, "delay"), false);
    }

    @Override
    public void execute(Runnable command) {
        ScheduledFuture<?> unused = schedule(command, 0, TimeUnit.NANOSECONDS);
    }

    @Override
    public <T> Future<T> submit(Callable<T> task) {
        return schedule(task, 0, TimeUnit.NANOSECONDS);
    }

    @Override
    public <T> Future<T> submit(Runnable task, T result) {
        Objects.requireNonNull(task, "task");
        return schedule(
                () -> {
                    task.run();
                    return result;
                },
                0,
                TimeUnit.NANOSECONDS);
    }

    @Override
    public Future<?> submit(Runnable task) {
        return schedule(task, 0, TimeUnit.NANOSECONDS);
    }

    @Override
    public synchronized void shutdown() {
        shutdown = true;
    }

    @Override
    public synchronized List<Runnable> shutdownNow() {
        shutdown = true;
        List<Runnable> left = new ArrayList<>(queue);
        queue.clear();
        return left;
    }

    @Override
    public synchronized boolean isShutdown() {
        return shutdown;
    }

    @Override
    public synchronized boolean isTerminated() {
        return shutdown && queue.isEmpty();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return isTerminated();
    }

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) {
        throw blocking();
    }

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit) {
        throw blocking();
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks) {
        throw blocking();
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit) {
        throw blocking();
    }

    private static UnsupportedOperationException blocking() {
        return new UnsupportedOperationException(
                "a ManualScheduler runs tasks only when driven: submit them and call runDue() or advance(...)");
    }

    @Override
    public synchronized String toString() {
        return "ManualScheduler[pending=" + queue.size() + ", executed=" + executed + "]";
    }

    /** A queued task: a future with its due time on the manual clock. */
    private final class Task<V> extends FutureTask<V> implements ScheduledFuture<V> {

        final long periodNanos;
        final boolean fixedRate;
        long dueNanos;
        long sequence;

        Task(Callable<V> callable, long dueNanos, long periodNanos, boolean fixedRate, long sequence) {
            super(callable);
            this.dueNanos = dueNanos;
            this.periodNanos = periodNanos;
            this.fixedRate = fixedRate;
            this.sequence = sequence;
        }

        /** Runs a periodic task without completing it; false if it threw or was cancelled. */
        boolean runPeriodic() {
            return runAndReset();
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(dueNanos - time.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            Task<?> that = (Task<?>) other;
            int byDue = Long.compare(dueNanos - that.dueNanos, 0);
            return byDue != 0 ? byDue : Long.compare(sequence, that.sequence);
        }

        @Override
        public boolean equals(Object o) {
            return this == o;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
    }
}
