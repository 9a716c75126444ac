package dev.nines.core.health;

import dev.nines.core.time.ManualTimeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A scheduler driven by a {@link ManualTimeSource}: tasks run only when the test calls
 * {@link #runDue()}, on the test's thread, if their time has come. {@link #stop()} simulates a dead
 * scheduler: tasks stay queued and never run.
 */
public final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {

    private final ManualTimeSource time;
    private final List<Task> tasks = new ArrayList<>();
    private boolean stopped;
    private boolean shutdown;

    public ManualScheduler(ManualTimeSource time) {
        this.time = time;
    }

    /** Runs every task that is due, including repeated runs of periodic tasks; returns how many ran. */
    public int runDue() {
        int ran = 0;
        while (true) {
            Task next;
            synchronized (this) {
                if (stopped) {
                    return ran;
                }
                next = tasks.stream()
                        .filter(t -> !t.cancelled && t.dueNanos - time.nanoTime() <= 0)
                        .min(Comparator.comparingLong(t -> t.dueNanos - time.nanoTime()))
                        .orElse(null);
                if (next == null) {
                    tasks.removeIf(t -> t.cancelled);
                    return ran;
                }
                if (next.periodNanos > 0) {
                    next.dueNanos += next.periodNanos;
                } else {
                    tasks.remove(next);
                    next.done = true;
                }
            }
            next.command.run();
            ran++;
        }
    }

    /** Advances the clock and runs what became due. */
    public int advanceAndRun(Duration duration) {
        time.advance(duration);
        return runDue();
    }

    /** From now on nothing runs: a dead scheduler thread. */
    public synchronized void stop() {
        stopped = true;
    }

    /** Returns the number of queued, uncancelled tasks. */
    public synchronized int pending() {
        return (int) tasks.stream().filter(t -> !t.cancelled).count();
    }

    private synchronized Task add(Runnable command, long delayNanos, long periodNanos) {
        if (shutdown) {
            throw new RejectedExecutionException("shut down");
        }
        Task task = new Task(command, time.nanoTime() + Math.max(0, delayNanos), periodNanos);
        tasks.add(task);
        return task;
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return add(command, unit.toNanos(delay), 0);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        return add(command, unit.toNanos(initialDelay), unit.toNanos(period));
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        return add(command, unit.toNanos(initialDelay), unit.toNanos(delay));
    }

    @Override
    public void execute(Runnable command) {
        add(command, 0, 0);
    }

    @Override
    public synchronized void shutdown() {
        shutdown = true;
    }

    @Override
    public synchronized List<Runnable> shutdownNow() {
        shutdown = true;
        List<Runnable> left = new ArrayList<>();
        tasks.forEach(t -> left.add(t.command));
        tasks.clear();
        return left;
    }

    @Override
    public synchronized boolean isShutdown() {
        return shutdown;
    }

    @Override
    public synchronized boolean isTerminated() {
        return shutdown && tasks.isEmpty();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return isTerminated();
    }

    private final class Task implements ScheduledFuture<Object> {
        final Runnable command;
        final long periodNanos;
        long dueNanos;
        volatile boolean cancelled;
        volatile boolean done;

        Task(Runnable command, long dueNanos, long periodNanos) {
            this.command = command;
            this.dueNanos = dueNanos;
            this.periodNanos = periodNanos;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            synchronized (ManualScheduler.this) {
                return unit.convert(dueNanos - time.nanoTime(), TimeUnit.NANOSECONDS);
            }
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            if (done) {
                return false;
            }
            cancelled = true;
            return true;
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public boolean isDone() {
            return done || cancelled;
        }

        @Override
        public Object get() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Object get(long timeout, TimeUnit unit) {
            throw new UnsupportedOperationException();
        }
    }
}
