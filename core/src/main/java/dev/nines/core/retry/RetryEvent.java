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
     * Returns the number of attempts as resilience4j's retry events report it: the failed
     * attempts so far on {@link Retrying} and {@link Failed}, the <em>retries</em> made on
     * {@link Succeeded} (the failed attempts before the one that succeeded), and 0 on
     * {@link IgnoredError}. {@link Succeeded#attemptsMade()} and {@link IgnoredError#attemptsMade()}
     * give every attempt of the call, the successful or failing one included.
     *
     * @return zero or more
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
            implements RetryEvent {}

    /**
     * The call succeeded after at least one retry. As in resilience4j, a call that succeeds at
     * its first attempt publishes no event.
     *
     * @param retryName the retry's name
     * @param numberOfAttempts the retries made (failed attempts before the success), as resilience4j
     */
    record Succeeded(String retryName, int numberOfAttempts) implements RetryEvent {

        /**
         * Returns every attempt of the call, the successful one included.
         *
         * @return {@code numberOfAttempts() + 1}
         */
        public int attemptsMade() {
            return numberOfAttempts + 1;
        }
    }

    /**
     * The call failed for good: attempts or budget ran out on a retryable failure or result.
     *
     * @param retryName the retry's name
     * @param numberOfAttempts the attempts made
     * @param lastFailure the last failure, or empty if the last result was rejected
     */
    record Failed(String retryName, int numberOfAttempts, Optional<Throwable> lastFailure) implements RetryEvent {}

    /**
     * The call failed with an exception that is not retried.
     *
     * @param retryName the retry's name
     * @param attemptsMade every attempt of the call, the one that failed included
     * @param failure the failure
     */
    record IgnoredError(String retryName, int attemptsMade, Throwable failure) implements RetryEvent {

        /**
         * Returns 0, as resilience4j's ignored-error event reports; see {@link #attemptsMade()}.
         *
         * @return 0
         */
        @Override
        public int numberOfAttempts() {
            return 0;
        }
    }

    /**
     * A retry was refused by the {@link RetryBudget}; a {@link Failed} event follows.
     *
     * @param retryName the retry's name
     * @param numberOfAttempts the attempts made
     */
    record BudgetExhausted(String retryName, int numberOfAttempts) implements RetryEvent {}

    /**
     * The retry's configuration was replaced ({@link Retry#reconfigure}). Calls already running
     * finish under the configuration they started with.
     *
     * @param retryName the retry's name
     * @param oldConfig the configuration before
     * @param newConfig the configuration now in force
     * @param budgetReset whether a new, empty {@link RetryBudget} took over (the budget
     *     configuration changed); {@code false} if the budget and its window were kept, or there is
     *     none
     */
    record ConfigurationChanged(String retryName, RetryConfig oldConfig, RetryConfig newConfig, boolean budgetReset)
            implements RetryEvent {

        /**
         * Returns 0: a configuration change is not about a call.
         *
         * @return 0
         */
        @Override
        public int numberOfAttempts() {
            return 0;
        }
    }
}
