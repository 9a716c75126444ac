package dev.nines.core.retry;

import dev.nines.core.time.TimeSource;
import java.util.Objects;

/**
 * A retry budget: retries are allowed only while, over the recent sliding window, retries stay
 * within {@code retryRatio * requests + minRetriesPerSecond * windowSeconds}. During an outage,
 * when every attempt fails, a client with a budget sends at most about {@code (1 + retryRatio)}
 * attempts per request instead of {@code maxAttempts}.
 *
 * <p>Callers {@link #recordRequest() record each request} (a first attempt, not a retry) and
 * {@link #tryAcquireRetry() ask before each retry}. A {@link Retry} configured with a
 * {@link RetryBudgetConfig} does both; a budget may also be used alone, or shared by several
 * callers of the same downstream service.
 *
 * <p>Counting uses the injected {@link TimeSource}'s monotonic clock and ten buckets per window,
 * so the window slides in tenths: a request counts for between 0.9 and 1.0 windows. Each bucket is
 * one {@code long} updated by CAS (no locks, no allocation). Requests are counted in rings striped
 * by thread, so recording them scales with threads; retries in one ring, so that concurrent
 * {@code tryAcquireRetry} calls never overdraw the budget. A bucket's epoch stamp repeats after
 * 2^22 buckets (about 48 days for a 10 s window): a budget left completely idle for exactly such a
 * period could count a stale bucket once. Thread-safe.
 *
 * <pre>{@code
 * RetryBudget budget = RetryBudget.of(RetryBudgetConfig.ofDefaults(), TimeSource.system());
 * budget.recordRequest();
 * if (failed && budget.tryAcquireRetry()) {
 *     retry();
 * }
 * }</pre>
 */
public interface RetryBudget {

    /**
     * Creates a budget.
     *
     * @param config the configuration
     * @param timeSource the clock whose monotonic time drives the window
     * @return a new, empty budget (only the per-second minimum is available)
     */
    static RetryBudget of(RetryBudgetConfig config, TimeSource timeSource) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(timeSource, "timeSource");
        return new SlidingRetryBudget(config, timeSource);
    }

    /** Records one request (a first attempt), which adds {@code retryRatio} to the budget. */
    void recordRequest();

    /**
     * Takes one retry from the budget if the budget allows it.
     *
     * @return {@code true} if the retry may proceed (and was counted), {@code false} if the budget
     *     is exhausted
     */
    boolean tryAcquireRetry();

    /**
     * Returns how many more retries the budget would allow now.
     *
     * @return the remaining retries, zero or more (fractional: 0.2 retries per request)
     */
    double balance();

    /**
     * Returns the number of requests counted in the current window.
     *
     * @return requests in the window
     */
    long requestsInWindow();

    /**
     * Returns the number of retries taken in the current window.
     *
     * @return retries in the window
     */
    long retriesInWindow();

    /**
     * Returns the configuration.
     *
     * @return the configuration
     */
    RetryBudgetConfig config();
}
