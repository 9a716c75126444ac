package dev.nines.core.retry;

import java.time.Duration;
import java.util.Optional;

/**
 * An event of a {@link Retry}, delivered to listeners registered with
 * {@link Retry#onEvent(java.util.function.Consumer)} or {@link RetryRegistry#onEvent}.
 */
public sealed interface RetryEvent {

    /**
     * Returns the name of the retry that published the event.
     *
     * @return the retry's name
     */
    String retryName();

    /**
     * Returns the number of attempts made so far in this call.
     *
     * @return at least 1
     */
    int numberOfAttempts();

    /**
     * An attempt failed (or its result was rejected) and the next one will start after
     * {@code waitDuration}.
     *
     * @param retryName the retry's name
     * @param numberOfAttempts the attempts made so far
     * @param waitDuration the wait before the next attempt
     * @param lastFailure the failure, or empty if the result was rejected
     */
    record Retrying(String retryName, int numberOfAttempts, Duration waitDuration, Optional<Throwable> lastFailure)
            implements RetryEvent {
    }

    /**
     * The call succeeded (after {@code numberOfAttempts} attempts; 1 means without retry).
     *
     * @param retryName the retry's name
     * @param numberOfAttempts the attempts made
     */
    record Succeeded(String retryName, int numberOfAttempts) implements RetryEvent {
    }

    /**
     * The call failed for good: attempts or budget ran out on a retryable failure or result.
     *
     * @param retryName the retry's name
     * @param numberOfAttempts the attempts made
     * @param lastFailure the last failure, or empty if the last result was rejected
     */
    record Failed(String retryName, int numberOfAttempts, Optional<Throwable> lastFailure) implements RetryEvent {
    }

    /**
     * The call failed with an exception that is not retried.
     *
     * @param retryName the retry's name
     * @param numberOfAttempts the attempts made
     * @param failure the failure
     */
    record IgnoredError(String retryName, int numberOfAttempts, Throwable failure) implements RetryEvent {
    }

    /**
     * A retry was refused by the {@link RetryBudget}; a {@link Failed} event follows.
     *
     * @param retryName the retry's name
     * @param numberOfAttempts the attempts made
     */
    record BudgetExhausted(String retryName, int numberOfAttempts) implements RetryEvent {
    }
}
