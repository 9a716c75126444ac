package dev.nines.failover.runbook;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** A scheduler that records the periodic task instead of running it; the test runs it by hand. */
final class CapturingScheduler extends ScheduledThreadPoolExecutor {

    Runnable task;
    long periodNanos;
    ScheduledFuture<?> future;

    CapturingScheduler() {
        super(1);
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        task = command;
        periodNanos = unit.toNanos(delay);
        future = super.schedule(() -> {}, 1, TimeUnit.DAYS);
        return future;
    }
}
