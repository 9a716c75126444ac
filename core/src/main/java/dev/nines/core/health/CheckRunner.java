package dev.nines.core.health;

import dev.nines.core.event.EventListeners;
import dev.nines.core.time.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Runs one check at a time on the caller's executor: timeouts on the caller's scheduler, one run in
 * flight per check, hung runs reported at once, thresholds, the cached result of scheduled checks and
 * its expiry, and the check-level events. Owned by {@link HealthRegistry}; thread-safe.
 */
final class CheckRunner {

    private final TimeSource time;
    private final ScheduledExecutorService scheduler;
    private final Executor executor;
    private final EventListeners<HealthEvent> listeners;

    CheckRunner(
            TimeSource time,
            ScheduledExecutorService scheduler,
            Executor executor,
            EventListeners<HealthEvent> listeners) {
        this.time = time;
        this.scheduler = scheduler;
        this.executor = executor;
        this.listeners = listeners;
    }

    /** The result a member contributes to a group now: the cached one if scheduled, else a run. */
    CompletableFuture<HealthResult> resultFor(CheckEntry entry, long nowNanos) {
        return entry.config.isScheduled() ? CompletableFuture.completedFuture(current(entry, nowNanos)) : run(entry);
    }

    /** Schedules a scheduled check's runs; throws if the scheduler rejects it. */
    void schedule(CheckEntry entry, Runnable runScheduled) {
        long periodNanos = entry.config.period().toNanos();
        entry.schedule = scheduler.scheduleAtFixedRate(runScheduled, 0L, periodNanos, TimeUnit.NANOSECONDS);
    }

    static void cancel(CheckEntry entry) {
        ScheduledFuture<?> schedule = entry.schedule;
        if (schedule != null) {
            schedule.cancel(false);
        }
    }

    /** Starts a run of the check, or joins the run in flight; returns the reported result. */
    CompletableFuture<HealthResult> run(CheckEntry entry) {
        long startNanos = time.nanoTime();
        CompletableFuture<HealthResult> raw;
        CompletableFuture<HealthResult> reported;
        boolean stuck = false;
        synchronized (entry) {
            if (entry.inFlight != null && !entry.inFlight.isDone()) {
                return entry.inFlight;
            }
            raw = new CompletableFuture<>();
            reported = raw.thenApply(result -> record(entry, result));
            entry.inFlight = reported;
            if (entry.running.get()) {
                stuck = true;
                startNanos = entry.runStartNanos;
            } else {
                entry.running.set(true);
                entry.runStartNanos = startNanos;
            }
        }
        if (stuck) {
            raw.complete(timeoutResult(
                    startNanos, "previous run has not returned after its timeout of " + entry.config.timeout()));
        } else {
            start(entry, raw, startNanos, time.now());
        }
        return reported;
    }

    private void start(CheckEntry entry, CompletableFuture<HealthResult> raw, long startNanos, Instant startedAt) {
        AtomicInteger phase = new AtomicInteger(); // 0 not started, 1 running, 2 finished or never will
        FutureTask<Void> task =
                new FutureTask<>(() -> {
                    if (!phase.compareAndSet(0, 1)) {
                        return null;
                    }
                    HealthResult result;
                    try {
                        result = invoke(entry.check).toBuilder()
                                .duration(Duration.ofNanos(Math.max(0L, time.nanoTime() - startNanos)))
                                .checkedAt(startedAt)
                                .build();
                    } finally {
                        // Before completing: whoever sees this run done must not take it for a hung run.
                        phase.set(2);
                        entry.running.set(false);
                    }
                    raw.complete(result);
                    return null;
                }) {
                    @Override
                    protected void done() {
                        if (isCancelled() && phase.compareAndSet(0, 2)) {
                            entry.running.set(false);
                        }
                    }
                };
        ScheduledFuture<?> timer;
        try {
            timer = scheduler.schedule(
                    () -> {
                        if (raw.complete(
                                timeoutResult(startNanos, "did not complete within " + entry.config.timeout()))) {
                            task.cancel(true);
                        }
                    },
                    entry.config.timeout().toNanos(),
                    TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            task.cancel(false);
            raw.complete(rejectedResult(startedAt, "scheduler rejected the timeout", e));
            return;
        }
        CompletableFuture<?> unused = raw.whenComplete((result, failure) -> timer.cancel(false));
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            task.cancel(false);
            raw.complete(rejectedResult(startedAt, "executor rejected the check", e));
        }
    }

    private static HealthResult invoke(HealthCheck check) {
        try {
            HealthResult result = check.check();
            if (result == null) {
                return HealthResult.builder(HealthStatus.DOWN)
                        .message("check returned null")
                        .detail(HealthResult.REASON, HealthResult.REASON_EXCEPTION)
                        .build();
            }
            return result;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return exceptionResult(e);
        } catch (Exception | LinkageError | AssertionError | StackOverflowError e) {
            return exceptionResult(e);
        }
    }

    private static HealthResult exceptionResult(Throwable e) {
        return HealthResult.builder(HealthStatus.DOWN)
                .message(String.valueOf(e))
                .detail(HealthResult.REASON, HealthResult.REASON_EXCEPTION)
                .detail("exception", e.getClass().getName())
                .error(e)
                .build();
    }

    private HealthResult timeoutResult(long startNanos, String message) {
        long elapsed = Math.max(0L, time.nanoTime() - startNanos);
        return HealthResult.builder(HealthStatus.DOWN)
                .message(message)
                .detail(HealthResult.REASON, HealthResult.REASON_TIMEOUT)
                .duration(Duration.ofNanos(elapsed))
                .checkedAt(time.now().minusNanos(elapsed))
                .build();
    }

    private static HealthResult rejectedResult(Instant startedAt, String message, Exception e) {
        return HealthResult.builder(HealthStatus.DOWN)
                .message(message)
                .detail(HealthResult.REASON, "rejected")
                .checkedAt(startedAt)
                .error(e)
                .build();
    }

    /** Passes one raw result through the thresholds, caches it and publishes the events. */
    private HealthResult record(CheckEntry entry, HealthResult raw) {
        HealthResult verdict = entry.hysteresis.offer(raw);
        HealthResult reported = verdict != null ? verdict : pending(entry, raw);
        entry.last = new CheckEntry.Snapshot(reported, time.nanoTime());
        if (listeners.hasListeners()) {
            listeners.publish(new HealthEvent.CheckCompleted(entry.name, raw, reported.status()));
            if (entry.synthetic) {
                boolean success = raw.status().isHealthy();
                listeners.publish(new HealthEvent.SyntheticOutcome(
                        entry.name,
                        success,
                        raw.duration(),
                        raw.checkedAt(),
                        success
                                ? Optional.empty()
                                : Optional.of(raw.message().orElse(raw.status().name()))));
            }
        }
        publishIfChanged(entry, reported);
        return reported;
    }

    private static HealthResult pending(CheckEntry entry, HealthResult raw) {
        boolean healthy = raw.status().isHealthy();
        return HealthResult.builder(HealthStatus.UNKNOWN)
                .message("no verdict yet: " + entry.hysteresis.run() + " of " + entry.hysteresis.threshold(healthy)
                        + " consecutive " + (healthy ? "successes" : "failures"))
                .detail(HealthResult.REASON, HealthRegistry.REASON_PENDING)
                .detail("lastStatus", raw.status().name())
                .duration(raw.duration())
                .checkedAt(raw.checkedAt())
                .build();
    }

    private void publishIfChanged(CheckEntry entry, HealthResult reported) {
        HealthStatus previous = entry.publishedStatus.getAndSet(reported.status());
        if (!previous.equals(reported.status()) && listeners.hasListeners()) {
            listeners.publish(new HealthEvent.CheckStatusChanged(entry.name, previous, reported.status(), reported));
        }
    }

    /** The cached result of a scheduled check, expired if the checker has not refreshed it in time. */
    HealthResult current(CheckEntry entry, long nowNanos) {
        HealthCheckConfig config = entry.config;
        long horizonNanos =
                config.period().multipliedBy(config.expireAfterMissedPeriods()).toNanos();
        CheckEntry.Snapshot last = entry.last;
        HealthResult result;
        if (last == null) {
            result = nowNanos - entry.registeredNanos > horizonNanos
                    ? expired(entry, null, nowNanos - entry.registeredNanos)
                    : HealthResult.builder(HealthStatus.UNKNOWN)
                            .message("not run yet")
                            .detail(HealthResult.REASON, HealthResult.REASON_NOT_YET_RUN)
                            .build();
        } else if (last.result().status().isHealthy() && nowNanos - last.recordedNanos() > horizonNanos) {
            result = expired(entry, last.result(), nowNanos - last.recordedNanos());
        } else {
            result = last.result();
        }
        publishIfChanged(entry, result);
        return result;
    }

    private static HealthResult expired(CheckEntry entry, @Nullable HealthResult stale, long ageNanos) {
        HealthCheckConfig config = entry.config;
        HealthResult.Builder builder = HealthResult.builder(config.expiredStatus())
                .message("no fresh result for " + Duration.ofNanos(ageNanos) + ", more than "
                        + config.expireAfterMissedPeriods() + " periods of " + config.period()
                        + ": is the scheduler running?")
                .detail(HealthResult.REASON, HealthResult.REASON_EXPIRED);
        if (stale != null) {
            builder.detail("lastStatus", stale.status().name()).checkedAt(stale.checkedAt());
        }
        return builder.build();
    }
}
