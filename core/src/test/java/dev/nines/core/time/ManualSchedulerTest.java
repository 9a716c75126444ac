package dev.nines.core.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ManualSchedulerTest {

    private final ManualTimeSource time = ManualTimeSource.at(Instant.parse("2026-01-01T00:00:00Z"));
    private final ManualScheduler scheduler = ManualScheduler.of(time);

    @Test
    void nothingRunsUntilTheTestDrivesTheScheduler() {
        AtomicInteger runs = new AtomicInteger();
        scheduler.execute(runs::incrementAndGet);
        assertThat(runs).hasValue(0);
        assertThat(scheduler.pending()).isEqualTo(1);

        assertThat(scheduler.runDue()).isEqualTo(1);
        assertThat(runs).hasValue(1);
        assertThat(scheduler.executed()).isEqualTo(1);
    }

    @Test
    void advanceRunsEachTaskAtItsOwnDueTimeInDueOrder() {
        List<String> log = new ArrayList<>();
        scheduler.schedule(() -> log.add("b@" + time.now()), 200, TimeUnit.MILLISECONDS);
        scheduler.schedule(() -> log.add("a@" + time.now()), 100, TimeUnit.MILLISECONDS);
        scheduler.schedule(() -> log.add("c@" + time.now()), 200, TimeUnit.MILLISECONDS);
        scheduler.schedule(() -> log.add("late"), 2, TimeUnit.SECONDS);

        assertThat(scheduler.advance(Duration.ofSeconds(1))).isEqualTo(3);

        assertThat(log)
                .containsExactly(
                        "a@2026-01-01T00:00:00.100Z", "b@2026-01-01T00:00:00.200Z", "c@2026-01-01T00:00:00.200Z");
        assertThat(time.now()).isEqualTo(Instant.parse("2026-01-01T00:00:01Z"));
        assertThat(scheduler.pendingDelays()).containsExactly(Duration.ofSeconds(1));
    }

    @Test
    void tasksScheduledByTasksForNowRunInTheSameDrive() {
        AtomicInteger runs = new AtomicInteger();
        scheduler.execute(() -> scheduler.execute(runs::incrementAndGet));
        assertThat(scheduler.runDue()).isEqualTo(2);
        assertThat(runs).hasValue(1);
    }

    @Test
    void fixedRateTasksRepeatOnTheirScheduleAndStopWhenCancelled() {
        List<Instant> runs = new ArrayList<>();
        ScheduledFuture<?> periodic = scheduler.scheduleAtFixedRate(() -> runs.add(time.now()), 1, 2, TimeUnit.SECONDS);

        scheduler.advance(Duration.ofSeconds(6));
        assertThat(runs)
                .containsExactly(
                        Instant.parse("2026-01-01T00:00:01Z"),
                        Instant.parse("2026-01-01T00:00:03Z"),
                        Instant.parse("2026-01-01T00:00:05Z"));

        periodic.cancel(false);
        scheduler.advance(Duration.ofSeconds(10));
        assertThat(runs).hasSize(3);
        assertThat(scheduler.pending()).isZero();
    }

    @Test
    void fixedDelayCountsFromTheEndOfEachRun() {
        List<Instant> runs = new ArrayList<>();
        scheduler.scheduleWithFixedDelay(
                () -> {
                    runs.add(time.now());
                    time.advance(Duration.ofMillis(500));
                },
                0,
                1,
                TimeUnit.SECONDS);

        scheduler.advance(Duration.ofSeconds(3));

        assertThat(runs)
                .containsExactly(
                        Instant.parse("2026-01-01T00:00:00Z"),
                        Instant.parse("2026-01-01T00:00:01.500Z"),
                        Instant.parse("2026-01-01T00:00:03Z"));
    }

    @Test
    void aPeriodicTaskThatThrowsStopsRepeatingAndKeepsItsFailure() {
        ScheduledFuture<?> periodic = scheduler.scheduleAtFixedRate(
                () -> {
                    throw new IllegalStateException("boom");
                },
                0,
                1,
                TimeUnit.SECONDS);
        scheduler.advance(Duration.ofSeconds(5));
        assertThat(scheduler.executed()).isEqualTo(1);
        assertThatThrownBy(periodic::get).isInstanceOf(ExecutionException.class).hasRootCauseMessage("boom");
    }

    @Test
    void cancelledTasksDoNotRunAndFuturesCarryResults() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        ScheduledFuture<?> cancelled = scheduler.schedule(runs::incrementAndGet, 1, TimeUnit.SECONDS);
        Future<String> answer = scheduler.submit(() -> "answer");
        cancelled.cancel(false);
        scheduler.advance(Duration.ofSeconds(2));
        assertThat(runs).hasValue(0);
        assertThat(answer.get()).isEqualTo("answer");
    }

    @Test
    void runAllJumpsToEachTaskWithinABound() {
        AtomicInteger runs = new AtomicInteger();
        scheduler.scheduleAtFixedRate(runs::incrementAndGet, 1, 1, TimeUnit.HOURS);
        assertThat(scheduler.runAll(5)).isEqualTo(5);
        assertThat(time.now()).isEqualTo(Instant.parse("2026-01-01T05:00:00Z"));
    }

    @Test
    void aStoppedSchedulerRunsNothingAndAShutDownOneRefusesTasks() {
        AtomicInteger runs = new AtomicInteger();
        scheduler.execute(runs::incrementAndGet);
        scheduler.stop();
        assertThat(scheduler.runDue()).isZero();
        assertThat(runs).hasValue(0);

        scheduler.shutdown();
        assertThat(scheduler.isShutdown()).isTrue();
        assertThatThrownBy(() -> scheduler.execute(runs::incrementAndGet))
                .isInstanceOf(RejectedExecutionException.class);
        assertThat(scheduler.shutdownNow()).hasSize(1);
        assertThat(scheduler.isTerminated()).isTrue();
    }

    @Test
    void tasksSubmittedFromManyThreadsAreAllKept() throws Exception {
        int threads = 4;
        int perThread = 500;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    scheduler.schedule(() -> {}, i, TimeUnit.MILLISECONDS);
                }
            });
            worker.start();
            workers.add(worker);
        }
        start.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
        assertThat(scheduler.pending()).isEqualTo(threads * perThread);
        assertThat(scheduler.advance(Duration.ofSeconds(1))).isEqualTo(threads * perThread);
    }

    @Test
    void badArgumentsAreRefusedByName() {
        assertThatThrownBy(() -> scheduler.advance(Duration.ofSeconds(-1)))
                .hasMessage("duration must not be negative, was PT-1S");
        assertThatThrownBy(() -> scheduler.scheduleAtFixedRate(() -> {}, 0, 0, TimeUnit.SECONDS))
                .hasMessage("period must be positive, was 0");
        assertThatThrownBy(() -> scheduler.invokeAll(List.of())).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ManualScheduler.of(null)).hasMessage("time");
    }
}
