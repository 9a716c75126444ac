package dev.nines.slo.http;

import dev.nines.core.circuitbreaker.CircuitBreaker;
import dev.nines.core.internal.Arguments;
import dev.nines.core.pipeline.Pipeline;
import dev.nines.core.pipeline.Resilience;
import dev.nines.core.retry.Retry;
import dev.nines.core.retry.RetryConfig;
import dev.nines.core.time.TimeSource;
import dev.nines.slo.Sli;
import dev.nines.slo.SloTracker;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntPredicate;
import org.jspecify.annotations.Nullable;

/**
 * A wrapper around {@link HttpClient} that runs each call through a {@link Pipeline} (retry outside
 * circuit breaker, each attempt bounded by a time limit) and records a client SLI.
 *
 * <ul>
 *   <li><b>Retry decisions.</b> A response whose status the {@link Builder#retryableStatus(IntPredicate)
 *       rule} matches (5xx and 429 by default) fails its attempt with an {@link HttpStatusException}:
 *       the breaker records a failure and the retry decides (its configuration must retry that
 *       exception; the default retries every exception). A valid {@code Retry-After} (seconds or an
 *       HTTP date) is carried by the {@link HttpStatusException}, a
 *       {@link dev.nines.core.retry.RetryAfterCarrier}: the retry waits the longer of its backoff
 *       and the server's wait ({@link RetryConfig#honorRetryAfter()}), through its own sleeper or
 *       scheduler, and only if its budget and {@code maxAttempts} allow the retry at all. A
 *       {@code Retry-After} longer than {@link Builder#maxRetryAfter(Duration)} ends the call at
 *       once with that response; one longer than the retry's {@link RetryConfig#maxRetryAfter()}
 *       ends it too (the retry declines).</li>
 *   <li><b>Outcomes.</b> When retries are over, {@link #send} returns the last response (a 503 is
 *       a response, not an exception); I/O failures, timeouts ({@code HttpTimeoutException}) and
 *       an open breaker's rejection are thrown.</li>
 *   <li><b>Idempotency.</b> Only GET, HEAD, OPTIONS, TRACE, PUT and DELETE are retried; any other
 *       method (POST, PATCH) runs once through the breaker unless
 *       {@link Builder#retryNonIdempotent(boolean)} says otherwise.</li>
 *   <li><b>Time limit.</b> {@link Builder#attemptTimeout(Duration)} bounds each attempt, as the
 *       request's timeout (a request's own timeout wins).</li>
 *   <li><b>Client SLI.</b> Each call (not attempt) records one event in the tracker, if given: bad
 *       when it threw or its final status is retryable; a latency SLI records the whole call's
 *       duration.</li>
 * </ul>
 * Thread-safe and immutable; no thread of its own (the {@link HttpClient} has its own executor).
 *
 * <pre>{@code
 * ResilientHttpClient client = ResilientHttpClient.builder(HttpClient.newHttpClient(), TimeSource.system())
 *         .retry(retry).circuitBreaker(breaker).attemptTimeout(Duration.ofSeconds(2))
 *         .tracker(paymentsClientSlo)
 *         .build();
 * HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
 * }</pre>
 */
public final class ResilientHttpClient {

    private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE");

    private final HttpClient client;
    private final TimeSource time;
    private final Pipeline<HttpResponse<?>> retrying;
    private final Pipeline<HttpResponse<?>> once;
    private final boolean retryNonIdempotent;
    private final IntPredicate retryableStatus;
    private final @Nullable Duration attemptTimeout; // null: none
    private final long maxRetryAfterNanos;
    private final @Nullable SloTracker tracker; // null: no SLI
    private final boolean latencySli;

    private ResilientHttpClient(Builder b) {
        this.client = b.client;
        this.time = b.time;
        Pipeline.Builder<HttpResponse<?>> withRetry = Resilience.pipeline();
        Pipeline.Builder<HttpResponse<?>> withoutRetry = Resilience.pipeline();
        if (b.retry != null) {
            withRetry.retry(b.retry);
        }
        if (b.circuitBreaker != null) {
            withRetry.circuitBreaker(b.circuitBreaker);
            withoutRetry.circuitBreaker(b.circuitBreaker);
        }
        this.retrying = withRetry.build();
        this.once = withoutRetry.build();
        this.retryNonIdempotent = b.retryNonIdempotent;
        this.retryableStatus = b.retryableStatus;
        this.attemptTimeout = b.attemptTimeout;
        this.maxRetryAfterNanos = b.maxRetryAfter.toNanos();
        this.tracker = b.tracker;
        this.latencySli = b.tracker != null && b.tracker.slo().sli() instanceof Sli.LatencyThreshold;
    }

    /**
     * Returns a builder around {@code client}, timing calls and reading {@code Retry-After} dates
     * with {@code timeSource}.
     *
     * @param client the JDK client that sends the requests
     * @param timeSource the clock
     * @return a new builder
     */
    public static Builder builder(HttpClient client, TimeSource timeSource) {
        return new Builder(Objects.requireNonNull(client, "client"), Objects.requireNonNull(timeSource, "timeSource"));
    }

    /**
     * Returns whether calls with this method are retried.
     *
     * @param method the HTTP method, e.g. {@code POST}
     * @return {@code true} if the method is idempotent or non-idempotent retries were allowed
     */
    public boolean retries(String method) {
        return retryNonIdempotent || IDEMPOTENT.contains(method.toUpperCase(Locale.ROOT));
    }

    /**
     * Sends the request through the pipeline and returns the last response.
     *
     * @param request the request
     * @param bodyHandler the body handler
     * @param <T> the body type
     * @return the final response, possibly a 5xx or 429 once retries are over
     * @throws IOException if the last attempt failed with I/O (including {@code HttpTimeoutException})
     * @throws InterruptedException if interrupted while sending or waiting
     * @throws RuntimeException the breaker's {@code CallNotPermittedException} or a retry's
     *     exhaustion exception, as the pipeline's policies throw them
     */
    @SuppressWarnings("unchecked")
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> bodyHandler)
            throws IOException, InterruptedException {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(bodyHandler, "bodyHandler");
        HttpRequest timed = attemptTimeout == null || request.timeout().isPresent()
                ? request
                : HttpRequest.newBuilder(request, (name, value) -> true)
                        .timeout(attemptTimeout)
                        .build();
        Pipeline<HttpResponse<?>> pipeline = retries(request.method()) ? retrying : once;
        Attempts<T> attempts = new Attempts<>(timed, bodyHandler);
        long start = time.nanoTime();
        boolean failed = true;
        try {
            HttpResponse<T> response;
            try {
                response = (HttpResponse<T>) pipeline.executeCallable(attempts::attempt);
            } catch (HttpStatusException e) {
                response = (HttpResponse<T>) e.response();
            }
            failed = retryableStatus.test(response.statusCode());
            return response;
        } catch (IOException | InterruptedException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        } finally {
            record(start, failed);
        }
    }

    private void record(long start, boolean failed) {
        if (tracker == null) {
            return;
        }
        if (latencySli) {
            tracker.recordLatency(Math.max(0, time.nanoTime() - start), !failed);
        } else if (failed) {
            tracker.recordBad();
        } else {
            tracker.recordGood();
        }
    }

    /** The attempts of one call; the retry reads each failed attempt's Retry-After. */
    private final class Attempts<T> {
        private final HttpRequest request;
        private final HttpResponse.BodyHandler<T> bodyHandler;

        Attempts(HttpRequest request, HttpResponse.BodyHandler<T> bodyHandler) {
            this.request = request;
            this.bodyHandler = bodyHandler;
        }

        HttpResponse<?> attempt() throws IOException, InterruptedException {
            HttpResponse<T> response = client.send(request, bodyHandler);
            if (!retryableStatus.test(response.statusCode())) {
                return response;
            }
            Duration retryAfter = parseRetryAfter(response, time.now());
            if (retryAfter != null && retryAfter.toNanos() > maxRetryAfterNanos) {
                return response; // the server asks for longer than we wait: end the call now
            }
            throw new HttpStatusException(response, retryAfter);
        }
    }

    /**
     * Reads a {@code Retry-After} header: delay-seconds or an HTTP date (RFC 9110, section 10.2.3).
     * A malformed value, or a date in the past, counts as no header (null) or zero.
     */
    static @Nullable Duration parseRetryAfter(HttpResponse<?> response, Instant now) {
        Optional<String> header = response.headers().firstValue("Retry-After");
        if (header.isEmpty()) {
            return null;
        }
        String value = header.get().trim();
        if (!value.isEmpty() && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            try {
                return Duration.ofSeconds(Long.parseLong(value));
            } catch (NumberFormatException e) {
                return Duration.ofSeconds(Long.MAX_VALUE / 1_000_000_000L); // absurdly long: never waited
            }
        }
        try {
            Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant();
            Duration wait = Duration.between(now, at);
            return wait.isNegative() ? Duration.ZERO : wait;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Builder of {@link ResilientHttpClient}. Not thread-safe. */
    public static final class Builder {
        private final HttpClient client;
        private final TimeSource time;
        private @Nullable Retry retry;
        private @Nullable CircuitBreaker circuitBreaker;
        private boolean retryNonIdempotent;
        private IntPredicate retryableStatus = status -> status >= 500 || status == 429;
        private @Nullable Duration attemptTimeout;
        private Duration maxRetryAfter = Duration.ofSeconds(30);
        private @Nullable SloTracker tracker;

        private Builder(HttpClient client, TimeSource time) {
            this.client = client;
            this.time = time;
        }

        /**
         * Retries idempotent calls with {@code retry} (outside the breaker: every attempt is a call
         * the breaker records).
         *
         * @param retry the retry
         * @return this builder
         */
        public Builder retry(Retry retry) {
            this.retry = Objects.requireNonNull(retry, "retry");
            return this;
        }

        /**
         * Guards every attempt with {@code circuitBreaker}.
         *
         * @param circuitBreaker the breaker
         * @return this builder
         */
        public Builder circuitBreaker(CircuitBreaker circuitBreaker) {
            this.circuitBreaker = Objects.requireNonNull(circuitBreaker, "circuitBreaker");
            return this;
        }

        /**
         * Allows retrying methods that are not idempotent (POST, PATCH); off by default, since a
         * retried POST may act twice.
         *
         * @param retryNonIdempotent whether to retry them
         * @return this builder
         */
        public Builder retryNonIdempotent(boolean retryNonIdempotent) {
            this.retryNonIdempotent = retryNonIdempotent;
            return this;
        }

        /**
         * Sets which statuses fail an attempt, for the breaker and the retry, and count as bad in
         * the SLI (default: 500 and above, and 429).
         *
         * @param retryableStatus the rule
         * @return this builder
         */
        public Builder retryableStatus(IntPredicate retryableStatus) {
            this.retryableStatus = Objects.requireNonNull(retryableStatus, "retryableStatus");
            return this;
        }

        /**
         * Bounds each attempt to {@code timeout}, as its request's timeout; a timed-out attempt
         * fails with {@code HttpTimeoutException}, which the breaker records and the retry retries.
         *
         * @param timeout the time limit per attempt, positive
         * @return this builder
         * @throws IllegalArgumentException if {@code timeout} is zero or negative
         */
        public Builder attemptTimeout(Duration timeout) {
            this.attemptTimeout = Arguments.positive("attemptTimeout", timeout);
            return this;
        }

        /**
         * Sets the longest {@code Retry-After} the client accepts (default 30 s); a longer one ends
         * the call with that response. The retry waits out shorter ones (see the class comment), up
         * to its own {@link RetryConfig#maxRetryAfter()}.
         *
         * @param maxRetryAfter the longest wait, not negative
         * @return this builder
         * @throws IllegalArgumentException if {@code maxRetryAfter} is negative
         */
        public Builder maxRetryAfter(Duration maxRetryAfter) {
            this.maxRetryAfter = Arguments.notNegative("maxRetryAfter", maxRetryAfter);
            return this;
        }

        /**
         * Records a client SLI in {@code tracker}: one event per call.
         *
         * @param tracker the tracker
         * @return this builder
         */
        public Builder tracker(SloTracker tracker) {
            this.tracker = Objects.requireNonNull(tracker, "tracker");
            return this;
        }

        /**
         * Builds the client.
         *
         * @return the client
         */
        public ResilientHttpClient build() {
            return new ResilientHttpClient(this);
        }
    }
}
