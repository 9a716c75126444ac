package dev.nines.core.retry;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How long a {@link Retry} waits before the next attempt, as a function of the attempts made so
 * far and of the outcome of the last one, or whether it should not retry at all. Set it with
 * {@link RetryConfig.Builder#delayFunction(RetryDelayFunction)} when the wait depends on the
 * failure or the result, for example a quota error that says which minute the quota refills in.
 *
 * <p>It is asked only once the outcome was found retryable and attempts remain; a non-negative
 * answer is the wait, {@link #NO_RETRY} (any negative answer) ends the call with that outcome. A
 * {@link RetryAfterCarrier} outcome is still honoured on top of it (the retry waits the longer of
 * the two, see {@link RetryConfig#maxRetryAfter()}), and the {@link RetryBudget} still decides
 * afterwards whether the retry may start: no answer of this function bypasses the budget or
 * {@code maxAttempts}.
 *
 * <p>The outcome comes as two arguments so that asking allocates nothing: {@code failure} is the
 * exception of a failed attempt ({@code result} is then {@code null}), or {@code null} for an
 * attempt whose result was rejected by {@code retryOnResult}. Implementations must be
 * thread-safe, must not block and must not throw.
 *
 * <pre>{@code
 * RetryDelayFunction quotaAware = (attempts, failure, result) ->
 *         failure instanceof QuotaExceededException quota
 *                 ? quota.refillInNanos()
 *                 : Backoff.exponential(Duration.ofMillis(100), 2.0).delayNanos(attempts);
 * }</pre>
 *
 * <p>resilience4j's {@code IntervalFunction} works through {@link Backoff#of(java.util.function.Function)}
 * and {@link #of(Backoff)}: {@code RetryDelayFunction.of(Backoff.of(intervalFunction))}.
 */
@FunctionalInterface
public interface RetryDelayFunction {

    /** The answer that ends the retries: the call fails (or returns) with the last outcome. */
    long NO_RETRY = -1L;

    /**
     * Returns the wait before the next attempt, or {@link #NO_RETRY}.
     *
     * @param attempts the number of attempts made so far (1 before the first retry)
     * @param failure the last attempt's exception, or {@code null} if its result was rejected
     * @param result the last attempt's rejected result (possibly {@code null}); {@code null} when
     *     {@code failure} is set
     * @return the wait in nanoseconds (zero or more), or a negative value for no retry
     */
    long delayNanos(int attempts, @Nullable Throwable failure, @Nullable Object result);

    /**
     * Returns a delay function that waits as {@code backoff} says, whatever the outcome.
     *
     * @param backoff the backoff
     * @return a function that always retries after {@code backoff.delayNanos(attempts)}
     */
    static RetryDelayFunction of(Backoff backoff) {
        Objects.requireNonNull(backoff, "backoff");
        return new RetryDelays.FromBackoff(backoff);
    }
}
