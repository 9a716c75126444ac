package dev.nines.slo.http;

import dev.nines.core.retry.RetryAfterCarrier;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Thrown inside a {@link ResilientHttpClient}'s pipeline when an attempt gets a response the client
 * retries (5xx or 429 by default), so that the circuit breaker records a failure and the retry
 * decides on another attempt. {@link ResilientHttpClient#send} catches it once retries are over and
 * returns its response; callers see it only through listeners of the pipeline's policies.
 *
 * <p>It is a {@link RetryAfterCarrier}: a valid {@code Retry-After} on the response is the wait the
 * {@link dev.nines.core.retry.Retry} honours before the next attempt (bounded by its
 * {@code maxRetryAfter}, and only if its budget allows the retry at all).
 */
public final class HttpStatusException extends RuntimeException implements RetryAfterCarrier {

    private static final long serialVersionUID = 1L;

    private final transient HttpResponse<?> response;
    private final @Nullable Duration retryAfter; // null: no usable Retry-After

    HttpStatusException(HttpResponse<?> response, @Nullable Duration retryAfter) {

        super(
                "HTTP " + response.statusCode() + " from " + response.request().method() + " "
                        + response.request().uri(),
                null,
                false,
                false);
        this.response = Objects.requireNonNull(response, "response");
        this.retryAfter = retryAfter;
    }

    /**
     * Returns the response of the attempt.
     *
     * @return the response
     */
    public HttpResponse<?> response() {
        return response;
    }

    /**
     * Returns the status code of the response.
     *
     * @return the status code
     */
    public int statusCode() {
        return response.statusCode();
    }

    /**
     * Returns the wait the server asked for in a {@code Retry-After} header, if it sent a valid one.
     *
     * @return the wait, or empty
     */
    @Override
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
