package dev.nines.core.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nines.core.testing.Concurrently;
import dev.nines.core.time.ManualScheduler;
import dev.nines.core.time.ManualTimeSource;
import io.github.resilience4j.core.IntervalFunction;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class RetryTest {

    private final ManualTimeSource time = ManualTimeSource.at(Instant.parse("2026-01-01T00:00:00Z"));
    private final List<Duration> waits = new ArrayList<>();
    private final Sleeper sleeper = nanos -> {
        waits.add(Duration.ofNanos(nanos));
        time.advanceNanos(nanos);
    };

    private Retry retry(RetryConfig config) {
        return Retry.of("backend", config, time, sleeper);
    }

    /** Fails {@code failures} times with {@code failure}, then returns {@code "ok"}. */
    private static Supplier<String> failing(int failures, RuntimeException failure, AtomicInteger calls) {
        return () -> {
            if (calls.incrementAndGet() <= failures) {
                throw failure;
            }
            return "ok";
        };
    }

    @Test
    void publishesNoEventOnAFirstAttemptSuccessAndTheRetriesMadeOnALaterOneAsResilience4j() {
        Retry retry = retry(RetryConfig.builder()
                .maxAttempts(3)
                .waitDuration(Duration.ofMillis(1))
                .build());
        List<RetryEvent> events = new ArrayList<>();
        retry.onEvent(events::add);

        retry.executeSupplier(() -> "first time");
        assertThat(events).isEmpty();

        retry.executeSupplier(failing(2, new IllegalStateException(), new AtomicInteger()));
        assertThat(events).last().isInstanceOfSatisfying(RetryEvent.Succeeded.class, e -> {
            assertThat(e.numberOfAttempts()).as("retries, as resilience4j").isEqualTo(2);
            assertThat(e.attemptsMade()).isEqualTo(3);
        });
    }

    @Test
    void reportsZeroAttemptsOnAnIgnoredErrorAsResilience4jAndKeepsTheAttemptsMade() {
        Retry retry = retry(RetryConfig.builder()
                .maxAttempts(3)
                .waitDuration(Duration.ofMillis(1))
                .retryOnException(e -> e instanceof IllegalStateException)
                .build());
        List<RetryEvent> events = new ArrayList<>();
        retry.onEvent(events::add);
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> retry.executeSupplier(() -> {
                    throw calls.incrementAndGet() == 1 ? new IllegalStateException() : new IllegalArgumentException();
                }))
                .isInstanceOf(IllegalArgumentException.class);

        assertThat(events).last().isInstanceOfSatisfying(RetryEvent.IgnoredError.class, e -> {
            assertThat(e.numberOfAttempts()).isZero();
            assertThat(e.attemptsMade()).isEqualTo(2);
        });
        // resilience4j counts an exception it does not retry "without retry attempt", even after retries.
        assertThat(retry.metrics().numberOfFailedCallsWithoutRetryAttempt()).isOne();
        assertThat(retry.metrics().numberOfFailedCallsWithRetryAttempt()).isZero();
        assertThat(retry.metrics().numberOfFailedCallsAfterRetries()).isOne();
        assertThat(retry.metrics().numberOfFailedCallsAtFirstAttempt()).isZero();
    }

    @Test
    void countsAFailureWithMaxAttemptsOneAsFailedWithRetryAttemptAsResilience4j() {
        Retry retry = retry(RetryConfig.builder().maxAttempts(1).build());

        assertThatThrownBy(() -> retry.executeSupplier(failing(1, new IllegalStateException(), new AtomicInteger())));

        assertThat(retry.metrics().numberOfFailedCallsWithRetryAttempt()).isOne();
        assertThat(retry.metrics().numberOfFailedCallsWithoutRetryAttempt()).isZero();
        assertThat(retry.metrics().numberOfFailedCallsAtFirstAttempt()).isOne();
        assertThat(retry.metrics().numberOfFailedCallsAfterRetries()).isZero();
    }

    @Test
    void defaultsAreThoseOfResilience4j() {
        RetryConfig config = RetryConfig.ofDefaults();
        assertThat(config.maxAttempts()).isEqualTo(3);
        assertThat(config.backoff().delayNanos(1))
                .isEqualTo(Duration.ofMillis(500).toNanos());
        assertThat(config.failAfterMaxAttempts()).isFalse();
        assertThat(config.retryBudget()).isEmpty();
    }

    @Test
    void retriesUpToMaxAttemptsThenRethrowsTheLastException() {
        Retry retry = retry(RetryConfig.ofDefaults());
        AtomicInteger calls = new AtomicInteger();
        IllegalStateException failure = new IllegalStateException("down");

        assertThatThrownBy(() -> retry.executeSupplier(failing(10, failure, calls)))
                .isSameAs(failure);

        assertThat(calls).hasValue(3);
        assertThat(waits).containsExactly(Duration.ofMillis(500), Duration.ofMillis(500));
        assertThat(time.elapsed()).isEqualTo(Duration.ofSeconds(1));
        assertThat(retry.metrics().numberOfFailedCallsWithRetryAttempt()).isOne();
        assertThat(retry.metrics().numberOfRetryAttempts()).isEqualTo(2);
    }

    @Test
    void returnsTheFirstSuccessAndCountsIt() {
        Retry retry = retry(RetryConfig.ofDefaults());
        AtomicInteger calls = new AtomicInteger();

        assertThat(retry.executeSupplier(failing(1, new IllegalStateException(), calls)))
                .isEqualTo("ok");
        assertThat(retry.executeSupplier(() -> "first time")).isEqualTo("first time");

        assertThat(calls).hasValue(2);
        assertThat(retry.metrics().numberOfSuccessfulCallsWithRetryAttempt()).isOne();
        assertThat(retry.metrics().numberOfSuccessfulCallsWithoutRetryAttempt()).isOne();
    }

    @Test
    void ignoredExceptionsAreRethrownAtOnceEvenIfTheyMatchARetryRule() {
        Retry retry = retry(RetryConfig.builder()
                .retryExceptions(IOException.class)
                .ignoreExceptions(FileNotFoundException.class)
                .build());
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> retry.executeCallable(() -> {
                    calls.incrementAndGet();
                    throw new FileNotFoundException("gone");
                }))
                .isInstanceOf(FileNotFoundException.class);

        assertThat(calls).hasValue(1);
        assertThat(retry.metrics().numberOfFailedCallsWithoutRetryAttempt()).isOne();
    }

    @Test
    void retryExceptionsOrThePredicateSelectWhatIsRetried() throws Exception {
        Retry retry = retry(RetryConfig.builder()
                .maxAttempts(2)
                .retryExceptions(IOException.class)
                .retryOnException(e -> e.getMessage() != null && e.getMessage().startsWith("transient"))
                .build());
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> retry.executeSupplier(failing(5, new IllegalStateException("fatal"), calls)))
                .hasMessage("fatal");
        assertThat(calls).hasValue(1);

        calls.set(0);
        assertThat(retry.executeSupplier(failing(1, new IllegalStateException("transient glitch"), calls)))
                .isEqualTo("ok");
        assertThat(calls).hasValue(2);

        AtomicInteger ioCalls = new AtomicInteger();
        assertThat(retry.executeCallable(() -> {
                    if (ioCalls.incrementAndGet() == 1) {
                        throw new IOException("reset");
                    }
                    return "ok";
                }))
                .isEqualTo("ok");
        assertThat(ioCalls).hasValue(2);
    }

    @Test
    void errorsAreNeverRetried() {
        Retry retry = retry(RetryConfig.ofDefaults());
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> retry.executeRunnable(() -> {
                    calls.incrementAndGet();
                    throw new AssertionError("bug");
                }))
                .isInstanceOf(AssertionError.class);

        assertThat(calls).hasValue(1);
    }

    @Test
    void aRejectedResultIsRetriedAndTheLastOneReturned() {
        Retry retry =
                retry(RetryConfig.builder().retryOnResult(r -> "busy".equals(r)).build());
        AtomicInteger calls = new AtomicInteger();

        assertThat(retry.executeSupplier(() -> calls.incrementAndGet() < 3 ? "busy" : "done"))
                .isEqualTo("done");
        assertThat(calls).hasValue(3);

        calls.set(0);
        assertThat(retry.executeSupplier(() -> {
                    calls.incrementAndGet();
                    return "busy";
                }))
                .isEqualTo("busy");
        assertThat(calls).hasValue(3);
        assertThat(retry.metrics().numberOfFailedCallsWithRetryAttempt()).isOne();
    }

    @Test
    void failAfterMaxAttemptsThrowsWhenTheLastResultIsStillRejected() {
        Retry retry = retry(RetryConfig.builder()
                .maxAttempts(2)
                .retryOnResult(r -> r == null)
                .failAfterMaxAttempts(true)
                .build());

        assertThatThrownBy(() -> retry.executeSupplier(() -> null))
                .isInstanceOfSatisfying(MaxRetriesExceededException.class, e -> {
                    assertThat(e.retryName()).isEqualTo("backend");
                    assertThat(e.numberOfAttempts()).isEqualTo(2);
                })
                .hasMessage("Retry 'backend' gave up after 2 attempts and the last result was still rejected");
    }

    @Test
    void waitsFollowTheExponentialBackoff() {
        Retry retry = retry(RetryConfig.builder()
                .maxAttempts(5)
                .backoff(Backoff.exponential(Duration.ofMillis(100), 2.0, Duration.ofMillis(300)))
                .build());

        assertThatThrownBy(() -> retry.executeSupplier(failing(10, new IllegalStateException(), new AtomicInteger())));

        assertThat(waits)
                .containsExactly(
                        Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(300), Duration.ofMillis(300));
    }

    @Test
    void acceptsAResilience4jIntervalFunction() {
        Retry retry = retry(RetryConfig.builder()
                .maxAttempts(3)
                .intervalFunction(IntervalFunction.ofExponentialBackoff(Duration.ofMillis(50), 3.0))
                .build());

        assertThatThrownBy(() -> retry.executeSupplier(failing(10, new IllegalStateException(), new AtomicInteger())));

        assertThat(waits).containsExactly(Duration.ofMillis(50), Duration.ofMillis(150));
    }

    @Test
    void publishesRetryingThenFailedEvents() {
        Retry retry = retry(RetryConfig.builder()
                .maxAttempts(2)
                .waitDuration(Duration.ofMillis(10))
                .build());
        List<RetryEvent> events = new ArrayList<>();
        retry.onEvent(events::add);
        IllegalStateException failure = new IllegalStateException();

        assertThatThrownBy(() -> retry.executeSupplier(failing(10, failure, new AtomicInteger())));
        retry.executeSupplier(() -> "x");

        assertThat(events)
                .containsExactly(
                        new RetryEvent.Retrying("backend", 1, Duration.ofMillis(10), java.util.Optional.of(failure)),
                        new RetryEvent.Failed("backend", 2, java.util.Optional.of(failure)));
    }

    @Test
    void anInterruptDuringTheWaitStopsRetryingAndKeepsTheFlag() {
        Retry retry = Retry.of("backend", RetryConfig.ofDefaults(), time, nanos -> {
            throw new InterruptedException("stop");
        });
        AtomicInteger calls = new AtomicInteger();
        IllegalStateException failure = new IllegalStateException("down");

        try {
            assertThatThrownBy(() -> retry.executeSupplier(failing(10, failure, calls)))
                    .isSameAs(failure);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
            assertThat(failure.getSuppressed()).singleElement().isInstanceOf(InterruptedException.class);
            assertThat(calls).hasValue(1);
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void decoratorsRetryLikeExecute() throws Exception {
        Retry retry = retry(RetryConfig.builder().waitDuration(Duration.ZERO).build());
        AtomicInteger calls = new AtomicInteger();

        assertThat(retry.decorateSupplier(failing(2, new IllegalStateException(), calls))
                        .get())
                .isEqualTo("ok");
        calls.set(0);
        Supplier<String> flaky = failing(1, new IllegalStateException(), calls);
        assertThat(retry.decorateCallable(flaky::get).call()).isEqualTo("ok");
        calls.set(0);
        assertThat(retry.<Integer, String>decorateFunction(n -> n + flaky.get()).apply(1))
                .isEqualTo("1ok");
        calls.set(0);
        retry.decorateRunnable(flaky::get).run();
        assertThat(calls).hasValue(2);
    }

    @Test
    void asyncRetriesAreScheduledOnTheCallersSchedulerAfterTheBackoff() {
        ManualScheduler scheduler = ManualScheduler.of(time);
        Retry retry = retry(RetryConfig.builder()
                .maxAttempts(3)
                .backoff(Backoff.exponential(Duration.ofMillis(100), 2.0))
                .build());
        AtomicInteger calls = new AtomicInteger();
        Supplier<CompletionStage<String>> call = () -> calls.incrementAndGet() < 3
                ? CompletableFuture.failedFuture(new IOException("reset"))
                : CompletableFuture.completedFuture("ok");

        CompletableFuture<String> result =
                retry.executeCompletionStage(scheduler, call).toCompletableFuture();

        assertThat(calls).hasValue(1);
        assertThat(scheduler.pendingDelays()).containsExactly(Duration.ofMillis(100));
        scheduler.advance(Duration.ofMillis(99));
        assertThat(calls).hasValue(1);
        scheduler.advance(Duration.ofMillis(1));
        assertThat(calls).hasValue(2);
        assertThat(scheduler.pendingDelays()).containsExactly(Duration.ofMillis(200));
        scheduler.advance(Duration.ofMillis(200));
        assertThat(result).isCompletedWithValue("ok");
        assertThat(waits).isEmpty();
        assertThat(retry.metrics().numberOfSuccessfulCallsWithRetryAttempt()).isOne();
    }

    @Test
    void asyncFailsWithTheUnwrappedLastFailureWhenAttemptsRunOut() {
        ManualScheduler scheduler = ManualScheduler.of(time);
        Retry retry = retry(RetryConfig.builder()
                .maxAttempts(2)
                .retryExceptions(IOException.class)
                .build());
        IOException failure = new IOException("reset");
        AtomicInteger calls = new AtomicInteger();

        CompletableFuture<String> result = retry.<String>executeCompletionStage(scheduler, () -> {
                    calls.incrementAndGet();
                    return CompletableFuture.<String>failedFuture(new CompletionException(failure));
                })
                .toCompletableFuture();
        scheduler.runAll(10);

        assertThat(calls).hasValue(2);
        assertThat(result).isCompletedExceptionally();
        assertThatThrownBy(result::join).hasCause(failure);
    }

    @Test
    void asyncTreatsAThrowingSupplierAsAFailedAttemptAndStopsOnIgnoredFailures() {
        ManualScheduler scheduler = ManualScheduler.of(time);
        Retry retry = retry(RetryConfig.builder()
                .ignoreExceptions(IllegalArgumentException.class)
                .build());
        AtomicInteger calls = new AtomicInteger();

        CompletableFuture<String> result = retry.<String>executeCompletionStage(scheduler, () -> {
                    if (calls.incrementAndGet() == 1) {
                        throw new IllegalStateException("sync failure");
                    }
                    return CompletableFuture.failedFuture(new IllegalArgumentException("bad request"));
                })
                .toCompletableFuture();
        scheduler.runAll(10);

        assertThat(calls).hasValue(2);
        assertThatThrownBy(result::join).hasCauseInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void asyncRetriesRejectedResults() {
        ManualScheduler scheduler = ManualScheduler.of(time);
        Retry retry = retry(RetryConfig.builder()
                .retryOnResult(r -> r.equals(503))
                .failAfterMaxAttempts(true)
                .build());

        CompletableFuture<Integer> result = retry.<Integer>executeCompletionStage(
                        scheduler, () -> CompletableFuture.completedFuture(503))
                .toCompletableFuture();
        scheduler.runAll(10);

        assertThat(scheduler.executed()).isEqualTo(2);
        assertThatThrownBy(result::join).hasCauseInstanceOf(MaxRetriesExceededException.class);
    }

    @Test
    void budgetCapsTotalAttemptsNearOnePlusRatioTimesRequestsDuringAnOutage() {
        // Outage: 10 requests per second for 100 s, every attempt fails.
        int requests = 1_000;
        RetryConfig plain =
                RetryConfig.builder().maxAttempts(3).waitDuration(Duration.ZERO).build();
        RetryConfig budgeted = plain.toBuilder()
                .retryBudget(RetryBudgetConfig.builder()
                        .retryRatio(0.1)
                        .minRetriesPerSecond(0)
                        .build())
                .build();

        long plainAttempts = attemptsDuringOutage(retry(plain), requests);
        Retry withBudget = retry(budgeted);
        long budgetedAttempts = attemptsDuringOutage(withBudget, requests);

        assertThat(plainAttempts).isEqualTo(3L * requests);
        // 1,000 first attempts + 100 retries: exactly (1 + 0.1) x requests in this simulation.
        assertThat(budgetedAttempts).isBetween((long) (1.09 * requests), (long) (1.10 * requests));
        assertThat(withBudget.metrics().numberOfBudgetExhaustedCalls()).isGreaterThan(800);
    }

    private long attemptsDuringOutage(Retry retry, int requests) {
        AtomicInteger attempts = new AtomicInteger();
        for (int i = 0; i < requests; i++) {
            try {
                retry.executeSupplier(() -> {
                    attempts.incrementAndGet();
                    throw new IllegalStateException("outage");
                });
            } catch (IllegalStateException expected) {
                // every call fails
            }
            time.advance(Duration.ofMillis(100));
        }
        return attempts.get();
    }

    @Test
    void asyncRetriesAlsoDrawOnTheBudget() {
        ManualScheduler scheduler = ManualScheduler.of(time);
        Retry retry = retry(RetryConfig.builder()
                .maxAttempts(5)
                .waitDuration(Duration.ofMillis(10))
                .retryBudget(RetryBudgetConfig.builder()
                        .retryRatio(0.0)
                        .minRetriesPerSecond(0)
                        .build())
                .build());
        AtomicInteger calls = new AtomicInteger();

        CompletableFuture<String> result = retry.<String>executeCompletionStage(scheduler, () -> {
                    calls.incrementAndGet();
                    return CompletableFuture.failedFuture(new IllegalStateException("down"));
                })
                .toCompletableFuture();

        assertThat(calls).hasValue(1);
        assertThat(scheduler.pending()).isZero();
        assertThatThrownBy(result::join).hasCauseInstanceOf(IllegalStateException.class);
        assertThat(retry.metrics().numberOfBudgetExhaustedCalls()).isOne();
    }

    @Test
    void asyncFailsWithTheLastFailureWhenTheSchedulerRejectsTheRetry() {
        ManualScheduler scheduler = ManualScheduler.of(time);
        scheduler.shutdown();
        Retry retry = retry(RetryConfig.ofDefaults());
        IllegalStateException failure = new IllegalStateException("down");

        CompletableFuture<String> result = retry.<String>executeCompletionStage(
                        scheduler, () -> CompletableFuture.failedFuture(failure))
                .toCompletableFuture();

        assertThatThrownBy(result::join).hasCause(failure);
        assertThat(failure.getSuppressed())
                .singleElement()
                .isInstanceOf(java.util.concurrent.RejectedExecutionException.class);
    }

    @Test
    void budgetRefusalPublishesAnEventBeforeFailed() {
        Retry retry = retry(RetryConfig.builder()
                .retryBudget(RetryBudgetConfig.builder()
                        .retryRatio(0.0)
                        .minRetriesPerSecond(0)
                        .build())
                .build());
        List<RetryEvent> events = new ArrayList<>();
        retry.onEvent(events::add);

        assertThatThrownBy(() -> retry.executeSupplier(failing(5, new IllegalStateException(), new AtomicInteger())));

        assertThat(events).hasSize(2);
        assertThat(events.get(0)).isEqualTo(new RetryEvent.BudgetExhausted("backend", 1));
        assertThat(events.get(1)).isInstanceOf(RetryEvent.Failed.class);
        assertThat(retry.budget()).isPresent();
    }

    @Test
    void aFirstAttemptSuccessAllocatesNothingEvenWithABudget() {
        Retry retry = Retry.of(
                "hot",
                RetryConfig.builder()
                        .retryBudget(RetryBudgetConfig.ofDefaults())
                        .build(),
                time);
        Supplier<String> call = () -> "ok";
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 100_000; i++) {
            retry.executeSupplier(call);
        }

        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 100_000; i++) {
            retry.executeSupplier(call);
        }
        long bytesPerCall = (threads.getCurrentThreadAllocatedBytes() - before) / 100_000;

        assertThat(bytesPerCall).isZero();
        assertThat(retry.metrics().numberOfSuccessfulCallsWithoutRetryAttempt()).isEqualTo(200_000);
    }

    @Test
    void concurrentCallsAreCountedExactly() throws InterruptedException {
        Retry retry = Retry.of(
                "shared", RetryConfig.builder().waitDuration(Duration.ZERO).build(), time, nanos -> {});
        int threads = 4;
        int callsPerThread = 5_000;
        Concurrently.onThreads(threads, thread -> {
            for (int i = 0; i < callsPerThread; i++) {
                // Each call fails once, then succeeds.
                retry.executeSupplier(failing(1, new IllegalStateException(), new AtomicInteger()));
            }
        });

        assertThat(retry.metrics().numberOfSuccessfulCallsWithRetryAttempt()).isEqualTo(threads * callsPerThread);
        assertThat(retry.metrics().numberOfRetryAttempts()).isEqualTo(threads * callsPerThread);
    }

    @Test
    void concurrentFirstAttemptSuccessesAreCountedExactly() throws InterruptedException {
        Retry retry = Retry.of("shared", RetryConfig.ofDefaults(), time, nanos -> {});
        int threads = 6;
        int callsPerThread = 20_000;
        Concurrently.onThreads(threads, thread -> {
            for (int i = 0; i < callsPerThread; i++) {
                retry.executeSupplier(() -> "ok");
            }
        });

        assertThat(retry.metrics().numberOfSuccessfulCallsWithoutRetryAttempt())
                .isEqualTo((long) threads * callsPerThread);
        assertThat(retry.metrics().numberOfRetryAttempts()).isZero();
    }

    /** Outcome of one attempt: 0 = success, 1 = retryable exception, 2 = ignored exception, 3 = rejected result. */
    @Property(tries = 1_000)
    void attemptsAndOutcomeFollowAReferenceModel(
            @ForAll @Size(min = 1, max = 8) List<@IntRange(min = 0, max = 3) Integer> outcomes,
            @ForAll @IntRange(min = 1, max = 6) int maxAttempts,
            @ForAll boolean failAfterMaxAttempts) {
        ManualTimeSource clock = ManualTimeSource.at(Instant.EPOCH);
        Retry retry = Retry.of(
                "model",
                RetryConfig.builder()
                        .maxAttempts(maxAttempts)
                        .waitDuration(Duration.ofMillis(7))
                        .ignoreExceptions(IllegalArgumentException.class)
                        .retryOnResult("rejected"::equals)
                        .failAfterMaxAttempts(failAfterMaxAttempts)
                        .build(),
                clock,
                clock::advanceNanos);
        AtomicInteger calls = new AtomicInteger();
        Supplier<String> call = () -> {
            int outcome = outcomes.get(Math.min(calls.getAndIncrement(), outcomes.size() - 1));
            switch (outcome) {
                case 1 -> throw new IllegalStateException("retryable");
                case 2 -> throw new IllegalArgumentException("ignored");
                case 3 -> {
                    return "rejected";
                }
                default -> {
                    return "ok";
                }
            }
        };

        // Reference: attempt i (0-based) has outcome min(i, last); stop at success, ignored, or maxAttempts.
        int expectedAttempts = 0;
        int last = -1;
        while (expectedAttempts < maxAttempts) {
            last = outcomes.get(Math.min(expectedAttempts, outcomes.size() - 1));
            expectedAttempts++;
            if (last == 0 || last == 2) {
                break;
            }
        }
        String expected = switch (last) {
            case 0 -> "ok";
            case 1 -> "IllegalStateException";
            case 2 -> "IllegalArgumentException";
            default -> failAfterMaxAttempts ? "MaxRetriesExceededException" : "rejected";
        };

        String actual;
        try {
            actual = retry.executeSupplier(call);
        } catch (RuntimeException e) {
            actual = e.getClass().getSimpleName();
        }

        assertThat(actual).isEqualTo(expected);
        assertThat(calls).hasValue(expectedAttempts);
        assertThat(clock.elapsed()).isEqualTo(Duration.ofMillis(7L * (expectedAttempts - 1)));
        assertThat(retry.metrics().numberOfRetryAttempts()).isEqualTo(expectedAttempts - 1);
    }

    @Test
    void rejectsBadConfigurationWithTheHouseMessage() {
        assertThatThrownBy(() -> RetryConfig.builder().maxAttempts(0))
                .hasMessage("maxAttempts must be at least 1, was 0");
        assertThatThrownBy(() -> RetryConfig.builder().waitDuration(Duration.ofMillis(-5)))
                .hasMessage("waitDuration must not be negative, was PT-0.005S");
        assertThatThrownBy(() -> Retry.of(" ", RetryConfig.ofDefaults(), time))
                .hasMessage("name must not be blank, was \" \"");
        assertThatThrownBy(() -> RetryConfig.builder().retryExceptions(IOException.class, null))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void toBuilderKeepsEveryValue() {
        RetryConfig config = RetryConfig.builder()
                .maxAttempts(7)
                .retryOnResult(r -> r == null)
                .retryExceptions(IOException.class)
                .failAfterMaxAttempts(true)
                .retryBudget(RetryBudgetConfig.ofDefaults())
                .build();
        RetryConfig copy = config.toBuilder().build();

        assertThat(copy.maxAttempts()).isEqualTo(7);
        assertThat(copy.isRetryableResult(null)).isTrue();
        assertThat(copy.isRetryable(new IOException())).isTrue();
        assertThat(copy.isRetryable(new IllegalStateException())).isFalse();
        assertThat(copy.failAfterMaxAttempts()).isTrue();
        assertThat(copy.retryBudget()).contains(RetryBudgetConfig.ofDefaults());
        assertThat(copy.toBuilder().withoutRetryBudget().build().retryBudget()).isEmpty();
    }
}
