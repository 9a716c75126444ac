package dev.nines.core.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nines.core.time.ManualScheduler;
import dev.nines.core.time.ManualTimeSource;
import io.github.resilience4j.core.IntervalFunction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * A retry that reads the outcome: {@link RetryDelayFunction}, {@link RetryAfterCarrier} and the
 * bound {@link RetryConfig#maxRetryAfter()}, with the budget and {@code maxAttempts} still in charge.
 */
class RetryDelayFunctionTest {

    private final ManualTimeSource time = ManualTimeSource.at(Instant.parse("2026-01-01T00:00:00Z"));
    private final List<Duration> waits = new ArrayList<>();
    private final Sleeper sleeper = nanos -> {
        waits.add(Duration.ofNanos(nanos));
        time.advanceNanos(nanos);
    };

    /** A throttling failure that carries the server's wait, like an HTTP 429 with Retry-After. */
    static final class Throttled extends RuntimeException implements RetryAfterCarrier {
        private static final long serialVersionUID = 1L;
        private final transient @Nullable Duration wait;

        Throttled(@Nullable Duration wait) {
            super("throttled", null, false, false);
            this.wait = wait;
        }

        @Override
        public Optional<Duration> retryAfter() {
            return Optional.ofNullable(wait);
        }
    }

    /** A result that carries the server's wait, like an HTTP 503 response with Retry-After. */
    record Response(int status, @Nullable Duration serverWait) implements RetryAfterCarrier {
        @Override
        public Optional<Duration> retryAfter() {
            return Optional.ofNullable(serverWait);
        }
    }

    private Retry retry(RetryConfig config) {
        return Retry.of("backend", config, time, sleeper);
    }

    private static Supplier<String> failing(int failures, Supplier<RuntimeException> failure, AtomicInteger calls) {
        return () -> {
            if (calls.incrementAndGet() <= failures) {
                throw failure.get();
            }
            return "ok";
        };
    }

    @Test
    void aCarriedRetryAfterLongerThanTheBackoffIsWaitedOut() {
        Retry retry = retry(RetryConfig.builder()
                .maxAttempts(3)
                .waitDuration(Duration.ofMillis(100))
                .build());
        AtomicInteger calls = new AtomicInteger();

        String result = retry.executeSupplier(failing(2, () -> new Throttled(Duration.ofSeconds(2)), calls));

        assertThat(result).isEqualTo("ok");
        assertThat(waits).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(2));
    }

    @Test
    void aCarriedRetryAfterShorterThanTheBackoffDoesNotShortenIt() {
        Retry retry =
                retry(RetryConfig.builder().waitDuration(Duration.ofSeconds(1)).build());

        retry.executeSupplier(failing(1, () -> new Throttled(Duration.ofMillis(10)), new AtomicInteger()));

        assertThat(waits).containsExactly(Duration.ofSeconds(1));
    }

    @Test
    void aFailureWithoutACarriedWaitFollowsTheBackoff() {
        Retry retry =
                retry(RetryConfig.builder().waitDuration(Duration.ofMillis(100)).build());

        retry.executeSupplier(failing(1, () -> new Throttled(null), new AtomicInteger()));
        retry.executeSupplier(failing(1, () -> new IllegalStateException("plain"), new AtomicInteger()));

        assertThat(waits).containsExactly(Duration.ofMillis(100), Duration.ofMillis(100));
    }

    @Test
    void theCarrierIsFoundAmongTheCauses() {
        Retry retry =
                retry(RetryConfig.builder().waitDuration(Duration.ofMillis(100)).build());

        retry.executeSupplier(failing(
                1,
                () -> new UncheckedIOException(new IOException("wrapped", new Throttled(Duration.ofSeconds(3)))),
                new AtomicInteger()));

        assertThat(waits).containsExactly(Duration.ofSeconds(3));
    }

    @Test
    void aRetryAfterOverTheBoundEndsTheCallWithThatFailureAndWaitsNothing() {
        Retry retry = retry(RetryConfig.builder()
                .maxAttempts(5)
                .maxRetryAfter(Duration.ofSeconds(10))
                .build());
        List<RetryEvent> events = new ArrayList<>();
        retry.onEvent(events::add);
        AtomicInteger calls = new AtomicInteger();
        Throttled tooLong = new Throttled(Duration.ofSeconds(11));

        assertThatThrownBy(() -> retry.executeSupplier(() -> {
                    calls.incrementAndGet();
                    throw tooLong;
                }))
                .isSameAs(tooLong);

        assertThat(calls).hasValue(1);
        assertThat(waits).isEmpty();
        assertThat(events).containsExactly(new RetryEvent.Failed("backend", 1, Optional.of(tooLong)));
        assertThat(retry.metrics().numberOfRetryAttempts()).isZero();
    }

    @Test
    void aRetryAfterAtTheBoundIsWaited() {
        Retry retry = retry(
                RetryConfig.builder().maxRetryAfter(Duration.ofSeconds(10)).build());

        retry.executeSupplier(failing(1, () -> new Throttled(Duration.ofSeconds(10)), new AtomicInteger()));

        assertThat(waits).containsExactly(Duration.ofSeconds(10));
    }

    @Test
    void honorRetryAfterFalseIgnoresCarriedWaitsAndTheirBound() {
        Retry retry = retry(RetryConfig.builder()
                .waitDuration(Duration.ofMillis(100))
                .honorRetryAfter(false)
                .maxRetryAfter(Duration.ZERO)
                .build());

        retry.executeSupplier(failing(1, () -> new Throttled(Duration.ofHours(1)), new AtomicInteger()));

        assertThat(waits).containsExactly(Duration.ofMillis(100));
    }

    @Test
    void aRejectedResultThatCarriesAWaitIsRetriedAfterIt() {
        Retry retry = retry(RetryConfig.builder()
                .waitDuration(Duration.ofMillis(100))
                .retryOnResult(r -> r instanceof Response response && response.status() == 503)
                .build());
        AtomicInteger calls = new AtomicInteger();

        Response last = retry.executeSupplier(() ->
                calls.incrementAndGet() == 1 ? new Response(503, Duration.ofSeconds(5)) : new Response(200, null));

        assertThat(last.status()).isEqualTo(200);
        assertThat(waits).containsExactly(Duration.ofSeconds(5));
    }

    @Test
    void aRetryAfterNeverBypassesTheBudget() {
        Retry retry = retry(RetryConfig.builder()
                .maxAttempts(5)
                .retryBudget(RetryBudgetConfig.builder()
                        .retryRatio(0.0)
                        .minRetriesPerSecond(0)
                        .build())
                .build());
        List<RetryEvent> events = new ArrayList<>();
        retry.onEvent(events::add);
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> retry.executeSupplier(failing(5, () -> new Throttled(Duration.ofSeconds(1)), calls)))
                .isInstanceOf(Throttled.class);

        assertThat(calls).hasValue(1);
        assertThat(waits).isEmpty();
        assertThat(events.get(0)).isEqualTo(new RetryEvent.BudgetExhausted("backend", 1));
        assertThat(retry.metrics().numberOfBudgetExhaustedCalls()).isOne();
    }

    @Test
    void aRetryAfterNeverBypassesMaxAttempts() {
        Retry retry = retry(RetryConfig.builder().maxAttempts(2).build());
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> retry.executeSupplier(failing(5, () -> new Throttled(Duration.ofSeconds(1)), calls)))
                .isInstanceOf(Throttled.class);

        assertThat(calls).hasValue(2);
        assertThat(waits).containsExactly(Duration.ofSeconds(1));
    }

    @Test
    void aDeclinedRetryCostsNoBudget() {
        RetryDelayFunction onlyTimeouts = (attempts, failure, result) ->
                failure instanceof java.util.concurrent.TimeoutException ? 0L : RetryDelayFunction.NO_RETRY;
        Retry retry = retry(RetryConfig.builder()
                .maxAttempts(3)
                .delayFunction(onlyTimeouts)
                .retryBudget(RetryBudgetConfig.builder()
                        .retryRatio(0.0)
                        .minRetriesPerSecond(1)
                        .build())
                .build());
        RetryBudget budget = retry.budget().orElseThrow();
        double before = budget.balance();
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> retry.executeSupplier(failing(5, () -> new IllegalStateException("no"), calls)))
                .isInstanceOf(IllegalStateException.class);

        assertThat(calls).hasValue(1);
        assertThat(budget.balance()).isEqualTo(before);
        assertThat(budget.retriesInWindow()).isZero();
        assertThat(retry.metrics().numberOfBudgetExhaustedCalls()).isZero();
    }

    @Test
    void theDelayFunctionSeesTheAttemptsAndTheOutcome() {
        List<String> seen = new ArrayList<>();
        Retry retry = retry(RetryConfig.builder()
                .maxAttempts(3)
                .retryOnResult("busy"::equals)
                .delayFunction((attempts, failure, result) -> {
                    seen.add(attempts + ":" + (failure == null ? "result " + result : failure.getMessage()));
                    return Duration.ofMillis(attempts * 10L).toNanos();
                })
                .build());
        AtomicInteger calls = new AtomicInteger();

        String result = retry.executeSupplier(() -> switch (calls.incrementAndGet()) {
            case 1 -> throw new IllegalStateException("boom");
            case 2 -> "busy";
            default -> "done";
        });

        assertThat(result).isEqualTo("done");
        assertThat(seen).containsExactly("1:boom", "2:result busy");
        assertThat(waits).containsExactly(Duration.ofMillis(10), Duration.ofMillis(20));
    }

    @Test
    void asyncRetriesWaitOutTheCarriedRetryAfterOnTheScheduler() {
        ManualScheduler scheduler = ManualScheduler.of(time);
        Retry retry =
                retry(RetryConfig.builder().waitDuration(Duration.ofMillis(100)).build());
        AtomicInteger calls = new AtomicInteger();

        CompletableFuture<String> result = retry.<String>executeCompletionStage(
                        scheduler,
                        () -> calls.incrementAndGet() == 1
                                ? CompletableFuture.failedFuture(new Throttled(Duration.ofSeconds(4)))
                                : CompletableFuture.completedFuture("ok"))
                .toCompletableFuture();

        time.advance(Duration.ofMillis(3_999));
        scheduler.runDue();
        assertThat(calls).as("not before the server's wait").hasValue(1);
        time.advance(Duration.ofMillis(1));
        scheduler.runDue();
        assertThat(calls).hasValue(2);
        assertThat(result.join()).isEqualTo("ok");
    }

    @Test
    void asyncEndsAtOnceWhenTheRetryAfterExceedsTheBound() {
        ManualScheduler scheduler = ManualScheduler.of(time);
        Retry retry =
                retry(RetryConfig.builder().maxRetryAfter(Duration.ofSeconds(1)).build());
        Throttled tooLong = new Throttled(Duration.ofMinutes(1));

        CompletableFuture<String> result = retry.<String>executeCompletionStage(
                        scheduler, () -> CompletableFuture.failedFuture(tooLong))
                .toCompletableFuture();

        assertThat(scheduler.pending()).isZero();
        assertThatThrownBy(result::join).hasCause(tooLong);
    }

    @Test
    void aResilience4jIntervalFunctionWorksThroughTheDelayFunction() {
        RetryDelayFunction function =
                RetryDelayFunction.of(Backoff.of(IntervalFunction.ofExponentialBackoff(Duration.ofMillis(50), 3.0)));
        Retry retry = retry(
                RetryConfig.builder().maxAttempts(4).delayFunction(function).build());

        assertThatThrownBy(
                () -> retry.executeSupplier(failing(9, () -> new IllegalStateException(), new AtomicInteger())));

        assertThat(waits).containsExactly(Duration.ofMillis(50), Duration.ofMillis(150), Duration.ofMillis(450));
    }

    @Test
    void settingABackoffAfterADelayFunctionReplacesIt() {
        RetryConfig config = RetryConfig.builder()
                .delayFunction((attempts, failure, result) -> RetryDelayFunction.NO_RETRY)
                .waitDuration(Duration.ofMillis(7))
                .build();

        assertThat(config.retryDelayNanos(1, new IllegalStateException(), null))
                .isEqualTo(Duration.ofMillis(7).toNanos());
        assertThat(config.toBuilder().build().delayFunction().delayNanos(1, null, null))
                .isEqualTo(Duration.ofMillis(7).toNanos());
    }

    @Test
    void toBuilderKeepsTheDelaySettings() {
        RetryDelayFunction function = (attempts, failure, result) -> 42L;
        RetryConfig config = RetryConfig.builder()
                .delayFunction(function)
                .honorRetryAfter(false)
                .maxRetryAfter(Duration.ofSeconds(3))
                .build();

        RetryConfig copy = config.toBuilder().build();

        assertThat(copy.delayFunction()).isSameAs(function);
        assertThat(copy.honorRetryAfter()).isFalse();
        assertThat(copy.maxRetryAfter()).isEqualTo(Duration.ofSeconds(3));
        assertThat(RetryConfig.ofDefaults().maxRetryAfter()).isEqualTo(Duration.ofSeconds(30));
        assertThat(RetryConfig.ofDefaults().honorRetryAfter()).isTrue();
    }

    @Test
    void rejectsANegativeBoundNamingTheFieldAndTheValue() {
        assertThatThrownBy(() -> RetryConfig.builder().maxRetryAfter(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxRetryAfter must not be negative, was PT-1S");
    }

    @Test
    void aCarrierReturningNullOrANegativeWaitIsReadAsNoneOrZero() {
        RetryAfterCarrier returnsNull = () -> null;
        RuntimeException negative = new Throttled(Duration.ofSeconds(-5));
        RetryConfig config =
                RetryConfig.builder().waitDuration(Duration.ofMillis(3)).build();

        assertThat(config.retryDelayNanos(1, null, returnsNull))
                .isEqualTo(Duration.ofMillis(3).toNanos());
        assertThat(config.retryDelayNanos(1, negative, null))
                .isEqualTo(Duration.ofMillis(3).toNanos());
    }

    /** The model of delay selection: the function's answer, raised to an allowed carried wait. */
    @Property(tries = 2_000)
    void theChosenDelayFollowsTheModel(
            @ForAll @IntRange(min = 1, max = 20) int attempts,
            @ForAll("delays") long functionAnswer,
            @ForAll("carried") long carriedNanos,
            @ForAll @LongRange(min = 0, max = 60_000_000_000L) long maxRetryAfterNanos,
            @ForAll boolean honor,
            @ForAll boolean asResult) {
        RetryConfig config = RetryConfig.builder()
                .delayFunction((a, f, r) -> {
                    assertThat(a).isEqualTo(attempts);
                    return functionAnswer;
                })
                .honorRetryAfter(honor)
                .maxRetryAfter(Duration.ofNanos(maxRetryAfterNanos))
                .build();
        @Nullable Duration wait = carriedNanos < 0 ? null : Duration.ofNanos(carriedNanos);
        long chosen = asResult
                ? config.retryDelayNanos(attempts, null, new Response(503, wait))
                : config.retryDelayNanos(attempts, new Throttled(wait), null);

        long expected;
        if (functionAnswer < 0) {
            expected = RetryDelayFunction.NO_RETRY;
        } else if (!honor || carriedNanos < 0) {
            expected = functionAnswer;
        } else if (carriedNanos > maxRetryAfterNanos) {
            expected = RetryDelayFunction.NO_RETRY;
        } else {
            expected = Math.max(functionAnswer, carriedNanos);
        }
        assertThat(chosen).isEqualTo(expected);
        if (chosen >= 0 && honor && carriedNanos >= 0) {
            assertThat(chosen).as("never earlier than the server asked").isGreaterThanOrEqualTo(carriedNanos);
            assertThat(carriedNanos).as("never a carried wait over the bound").isLessThanOrEqualTo(maxRetryAfterNanos);
        }
    }

    @Provide
    Arbitrary<Long> delays() {
        return Arbitraries.oneOf(
                Arbitraries.longs().between(0, 120_000_000_000L),
                Arbitraries.of(RetryDelayFunction.NO_RETRY, Long.MIN_VALUE, 0L, Long.MAX_VALUE));
    }

    @Provide
    Arbitrary<Long> carried() {
        // -1: the outcome carries no wait.
        return Arbitraries.oneOf(
                Arbitraries.longs().between(0, 120_000_000_000L), Arbitraries.of(-1L, 0L, Long.MAX_VALUE));
    }

    /** Across random outcomes, retries never exceed the budget, whatever waits the server asks for. */
    @Property(tries = 200)
    void carriedWaitsNeverLetRetriesExceedTheBudget(
            @ForAll @IntRange(min = 1, max = 200) int requests, @ForAll @IntRange(min = 0, max = 5) int seconds) {
        ManualTimeSource clock = ManualTimeSource.at(Instant.EPOCH);
        Retry retry = Retry.of(
                "budgeted",
                RetryConfig.builder()
                        .maxAttempts(4)
                        .retryBudget(RetryBudgetConfig.builder()
                                .retryRatio(0.2)
                                .minRetriesPerSecond(0)
                                .build())
                        .build(),
                clock,
                nanos -> {});
        for (int i = 0; i < requests; i++) {
            try {
                retry.executeSupplier(() -> {
                    throw new Throttled(Duration.ofSeconds(seconds));
                });
            } catch (Throttled expected) {
                // every attempt is throttled
            }
        }
        // The budget's whole window: 0.2 retries per request, nothing per second.
        assertThat(retry.metrics().numberOfRetryAttempts()).isLessThanOrEqualTo((long) Math.floor(0.2 * requests) + 1);
    }
}
