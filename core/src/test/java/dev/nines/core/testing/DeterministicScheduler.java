package dev.nines.core.testing;

import dev.nines.core.time.ManualTimeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A single-threaded {@link ScheduledExecutorService} for tests: tasks run only when the test calls
 * {@link #advance(Duration)} or {@link #runDue()}, on the test's thread, in due-time order, with time
 * taken from a {@link ManualTimeSource}. Shared by the retry, time limiter and pipeline tests.
 */
public final class DeterministicScheduler implements ScheduledExecutorService {

    private final ManualTimeSource time;
    private final PriorityQueue<Task<?>> queue = new PriorityQueue<>();
    private final AtomicLong sequence = new AtomicLong();
    private boolean shutdown;
    private int executed;

    public DeterministicScheduler(ManualTimeSource time) {
        this.time = time;
    }

    /** Advances time step by step to each due task within {@code duration}, running it. */
    public void advance(Duration duration) {
        long target = time.nanoTime() + duration.toNanos();
        while (true) {
            Task<?> next = queue.peek();
            if (next == null || next.dueNanos > target) {
                break;
            }
            queue.poll();
            if (next.dueNanos > time.nanoTime()) {
                time.advanceNanos(next.dueNanos - time.nanoTime());
            }
            runTask(next);
        }
        if (target > time.nanoTime()) {
            time.advanceNanos(target - time.nanoTime());
        }
    }

    /** Runs every task due now (and any they schedule for now). */
    public void runDue() {
        advance(Duration.ZERO);
    }

    /** Advances to each next task and runs it until none is left, or {@code maxTasks} ran. */
    public void runAll(int maxTasks) {
        int ran = 0;
        while (!queue.isEmpty() && ran < maxTasks) {
            Task<?> next = queue.poll();
            if (next.dueNanos > time.nanoTime()) {
                time.advanceNanos(next.dueNanos - time.nanoTime());
            }
            runTask(next);
            ran++;
        }
    }

    private void runTask(Task<?> task) {
        if (!task.isCancelled()) {
            executed++;
            task.run();
        }
    }

    /** Returns the number of tasks waiting (cancelled ones included until they are due). */
    public int pending() {
        return (int) queue.stream().filter(t -> !t.isCancelled()).count();
    }

    /** Returns the number of tasks run so far. */
    public int executed() {
        return executed;
    }

    /** Returns the delays of the waiting tasks from now, in due order. */
    public List<Duration> pendingDelays() {
        List<Duration> delays = new ArrayList<>();
        queue.stream().filter(t -> !t.isCancelled()).sorted()
                .forEach(t -> delays.add(Duration.ofNanos(t.dueNanos - time.nanoTime())));
        return delays;
    }

    private <V> Task<V> enqueue(Callable<V> callable, long delayNanos) {
        if (shutdown) {
            throw new RejectedExecutionException("shut down");
        }
        Task<V> task = new Task<>(callable, time.nanoTime() + Math.max(0, delayNanos), sequence.getAndIncrement());
        queue.add(task);
        return task;
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return enqueue(() -> {
            command.run();
            return null;
        }, unit.toNanos(delay));
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        return enqueue(callable, unit.toNanos(delay));
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void execute(Runnable command) {
        schedule(command, 0, TimeUnit.NANOSECONDS);
    }

    @Override
    public void shutdown() {
        shutdown = true;
    }

    @Override
    public List<Runnable> shutdownNow() {
        shutdown = true;
        List<Runnable> left = new ArrayList<>(queue);
        queue.clear();
        return left;
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }

    @Override
    public boolean isTerminated() {
        return shutdown && queue.isEmpty();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return isTerminated();
    }

    @Override
    public <T> Future<T> submit(Callable<T> task) {
        return schedule(task, 0, TimeUnit.NANOSECONDS);
    }

    @Override
    public <T> Future<T> submit(Runnable task, T result) {
        return schedule(() -> {
            task.run();
            return result;
        }, 0, TimeUnit.NANOSECONDS);
    }

    @Override
    public Future<?> submit(Runnable task) {
        return schedule(task, 0, TimeUnit.NANOSECONDS);
    }

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) {
        throw new UnsupportedOperationException();
    }

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit) {
        throw new UnsupportedOperationException();
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks) throws InterruptedException, ExecutionException {
        throw new UnsupportedOperationException();
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit) {
        throw new UnsupportedOperationException();
    }

    private final class Task<V> extends FutureTask<V> implements ScheduledFuture<V> {

        final long dueNanos;
        final long seq;

        Task(Callable<V> callable, long dueNanos, long seq) {
            super(callable);
            this.dueNanos = dueNanos;
            this.seq = seq;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(dueNanos - time.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            Task<?> that = (Task<?>) other;
            int byDue = Long.compare(dueNanos, that.dueNanos);
            return byDue != 0 ? byDue : Long.compare(seq, that.seq);
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
