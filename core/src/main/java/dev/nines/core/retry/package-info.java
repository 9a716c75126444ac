/**
 * Retry with resilience4j's vocabulary ({@code maxAttempts}, {@code waitDuration},
 * {@code retryExceptions}, ...), backoff with jitter and caps, and a {@link
 * dev.nines.core.retry.RetryBudget} that keeps retries from multiplying load during an outage.
 */
@NullMarked
package dev.nines.core.retry;

import org.jspecify.annotations.NullMarked;
