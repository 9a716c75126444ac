package dev.nines.core.timelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nines.core.time.ManualScheduler;
import dev.nines.core.time.ManualTimeSource;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class TimeLimiterTest {

    private final ManualTimeSource time = ManualTimeSource.at(Instant.parse("2026-01-01T00:00:00Z"));
    private final ManualScheduler scheduler = ManualScheduler.of(time);
    private final TimeLimiterConfig config =
            TimeLimiterConfig.builder().timeoutDuration(Duration.ofMillis(250)).build();

    @Test
    void defaultsAreThoseOfResilience4j() {
        assertThat(TimeLimiterConfig.ofDefaults().timeoutDuration()).isEqualTo(Duration.ofSeconds(1));
        assertThat(TimeLimiterConfig.ofDefaults().cancelRunningFuture()).isTrue();
        assertThat(config.toBuilder().cancelRunningFuture(false).build().timeoutDuration())
                .isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void aStageThatNeverCompletesTimesOutAndIsCancelled() {
        TimeLimiter limiter = TimeLimiter.of("quotes", config, time);
        CompletableFuture<String> never = new CompletableFuture<>();
        List<TimeLimiterEvent> events = new ArrayList<>();
        limiter.onEvent(events::add);

        CompletableFuture<String> result =
                limiter.executeCompletionStage(scheduler, () -> never).toCompletableFuture();
        scheduler.advance(Duration.ofMillis(249));
        assertThat(result).isNotDone();
        scheduler.advance(Duration.ofMillis(1));

        assertThatThrownBy(result::join)
                .isInstanceOf(CompletionException.class)
                .cause()
                .isInstanceOf(TimeoutException.class)
                .hasMessage("TimeLimiter 'quotes' timed out after PT0.25S");
        assertThat(never).isCancelled();
        assertThat(events).containsExactly(new TimeLimiterEvent.TimedOut("quotes", Duration.ofMillis(250), true));
        assertThat(limiter.metrics().numberOfTimedOutCalls()).isOne();
    }

    @Test
    void withoutCancelRunningFutureTheLateCallKeepsRunning() {
        TimeLimiter limiter = TimeLimiter.of(
                "quotes", config.toBuilder().cancelRunningFuture(false).build(), time);
        CompletableFuture<String> slow = new CompletableFuture<>();

        CompletableFuture<String> result =
                limiter.executeCompletionStage(scheduler, () -> slow).toCompletableFuture();
        scheduler.advance(Duration.ofSeconds(1));
        slow.complete("late");

        assertThat(slow).isCompletedWithValue("late");
        assertThatThrownBy(result::join).hasCauseInstanceOf(TimeoutException.class);
        assertThat(limiter.metrics().numberOfSuccessfulCalls()).isZero();
    }

    @Test
    void aStageThatCompletesInTimeCancelsTheTimeout() {
        TimeLimiter limiter = TimeLimiter.of("quotes", config, time);
        CompletableFuture<String> call = new CompletableFuture<>();
        List<TimeLimiterEvent> events = new ArrayList<>();
        limiter.onEvent(events::add);

        CompletableFuture<String> result =
                limiter.executeCompletionStage(scheduler, () -> call).toCompletableFuture();
        scheduler.advance(Duration.ofMillis(100));
        call.complete("quote");

        assertThat(result).isCompletedWithValue("quote");
        assertThat(scheduler.pending()).isZero();
        assertThat(events).containsExactly(new TimeLimiterEvent.Succeeded("quotes", Duration.ofMillis(100)));
    }

    @Test
    void failuresInTimePassThroughUnwrapped() {
        TimeLimiter limiter = TimeLimiter.of("quotes", config, time);
        IOException failure = new IOException("reset");

        CompletableFuture<String> result = limiter.<String>executeCompletionStage(
                        scheduler, () -> CompletableFuture.failedFuture(new CompletionException(failure)))
                .toCompletableFuture();
        CompletableFuture<String> thrown = limiter.<String>executeCompletionStage(scheduler, () -> {
                    throw new IllegalStateException("cannot start");
                })
                .toCompletableFuture();

        assertThatThrownBy(result::join).hasCause(failure);
        assertThatThrownBy(thrown::join).hasCauseInstanceOf(IllegalStateException.class);
        assertThat(limiter.metrics().numberOfFailedCalls()).isEqualTo(2);
    }

    @Test
    void aFutureThatTimesOutIsCancelledAndReportedAsTimeout() {
        TimeLimiter limiter = TimeLimiter.of("quotes", config, time);
        NeverFuture never = new NeverFuture();

        assertThatThrownBy(() -> limiter.executeFutureSupplier(() -> never))
                .isInstanceOf(TimeoutException.class)
                .hasMessage("TimeLimiter 'quotes' timed out after PT0.25S");

        assertThat(never.requestedTimeoutNanos).isEqualTo(Duration.ofMillis(250).toNanos());
        assertThat(never.cancelledWithInterrupt.get()).isTrue();
    }

    @Test
    void aCompletedFutureReturnsItsResultAndAFailedOneItsCause() throws Exception {
        TimeLimiter limiter = TimeLimiter.of("quotes", config, time);
        IOException failure = new IOException("reset");

        assertThat(limiter.decorateFutureSupplier(() -> CompletableFuture.completedFuture("ok"))
                        .call())
                .isEqualTo("ok");
        assertThatThrownBy(() -> limiter.executeFutureSupplier(() -> CompletableFuture.failedFuture(failure)))
                .isSameAs(failure);
    }

    @Test
    void rejectsBadConfigurationWithTheHouseMessage() {
        assertThatThrownBy(() -> TimeLimiterConfig.builder().timeoutDuration(Duration.ZERO))
                .hasMessage("timeoutDuration must be positive, was PT0S");
        assertThatThrownBy(() -> TimeLimiter.of("", config, time)).hasMessage("name must not be blank, was \"\"");
    }

    /** A future whose timed get always times out at once, recording what it was asked. */
    private static final class NeverFuture implements Future<String> {
        long requestedTimeoutNanos;
        final AtomicBoolean cancelledWithInterrupt = new AtomicBoolean();

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            cancelledWithInterrupt.set(mayInterruptIfRunning);
            return true;
        }

        @Override
        public boolean isCancelled() {
            return cancelledWithInterrupt.get();
        }

        @Override
        public boolean isDone() {
            return false;
        }

        @Override
        public String get() throws ExecutionException {
            throw new ExecutionException(new AssertionError("untimed get must not be used"));
        }

        @Override
        public String get(long timeout, TimeUnit unit) throws TimeoutException {
            requestedTimeoutNanos = unit.toNanos(timeout);
            throw new TimeoutException();
        }
    }

    @Test
    void synchronousCallsRunToTheirEndAndFailWithATimeoutWhenTheyEndedLate() throws Exception {
        TimeLimiter limiter = TimeLimiter.of(
                "sync",
                TimeLimiterConfig.builder()
                        .timeoutDuration(Duration.ofSeconds(1))
                        .build(),
                time);

        assertThat(limiter.executeSupplier(() -> {
                    time.advance(Duration.ofMillis(1000));
                    return "just in time";
                }))
                .isEqualTo("just in time");
        assertThatThrownBy(() -> limiter.executeSupplier(() -> {
                    time.advance(Duration.ofMillis(1001));
                    return "late";
                }))
                .isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(TimeoutException.class)
                .hasRootCauseMessage("TimeLimiter 'sync' timed out after PT1S");
        java.util.concurrent.atomic.AtomicInteger runs = new java.util.concurrent.atomic.AtomicInteger();
        assertThatThrownBy(() -> limiter.executeRunnable(() -> {
                    runs.incrementAndGet();
                    time.advance(Duration.ofSeconds(2));
                }))
                .hasCauseInstanceOf(TimeoutException.class);
        assertThat(runs).as("the late call ran to its end").hasValue(1);
        assertThatThrownBy(() -> limiter.executeCallable(() -> {
                    time.advance(Duration.ofSeconds(2));
                    return "late";
                }))
                .isInstanceOf(TimeoutException.class);
        assertThatThrownBy(() -> limiter.executeCallable(() -> {
                    throw new IOException("failed in time");
                }))
                .isInstanceOf(IOException.class);

        assertThat(limiter.metrics()).isEqualTo(new TimeLimiter.Metrics(1, 1, 3));
    }
}
