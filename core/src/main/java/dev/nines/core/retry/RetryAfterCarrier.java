package dev.nines.core.retry;

import java.time.Duration;
import java.util.Optional;

/**
 * An exception or a result that carries the wait a server asked for before the next attempt, such
 * as an HTTP {@code Retry-After} header on a 429 or 503 response, or a gRPC
 * {@code RetryInfo.retry_delay}.
 *
 * <p>A {@link Retry} reads it from a failure (the exception or any of its causes) or from a
 * rejected result that implements this interface, and then waits at least that long, as long as
 * the wait is within {@link RetryConfig#maxRetryAfter()}; a longer request ends the retries. The
 * carried wait never bypasses {@code maxAttempts} or the {@link RetryBudget}: it only chooses how
 * long to wait before a retry that is allowed anyway.
 *
 * <pre>{@code
 * final class ThrottledException extends RuntimeException implements RetryAfterCarrier {
 *     private final Duration wait;
 *     ThrottledException(Duration wait) { this.wait = wait; }
 *     public Optional<Duration> retryAfter() { return Optional.of(wait); }
 * }
 * }</pre>
 *
 * <p>Implementations must be thread-safe (they are read by whichever thread decides the retry).
 */
@FunctionalInterface
public interface RetryAfterCarrier {

    /**
     * Returns the wait the server asked for before the next attempt.
     *
     * @return the wait, zero or more, or empty if the server did not ask for one (a negative wait
     *     is read as zero)
     */
    Optional<Duration> retryAfter();
}
