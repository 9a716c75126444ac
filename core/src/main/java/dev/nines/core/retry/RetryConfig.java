package dev.nines.core.retry;

import dev.nines.core.internal.Arguments;
import dev.nines.core.internal.ExceptionTypes;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Immutable configuration of a {@link Retry}, in resilience4j's vocabulary and with its defaults:
 * {@code maxAttempts} 3 (the first call included), {@code waitDuration} 500 ms, every exception
 * retried, results never retried, {@code failAfterMaxAttempts} false, no retry budget.
 *
 * <p>An exception is retried if it matches {@code retryExceptions} (by {@code instanceof}) or
 * {@code retryOnException}, and matches none of {@code ignoreExceptions}; when neither
 * {@code retryExceptions} nor {@code retryOnException} is set, every {@link Exception} matches.
 * {@link Error}s are never retried. A result is retried if {@code retryOnResult} accepts it.
 *
 * <p>Backoff: {@link Builder#waitDuration(Duration)} (fixed), {@link Builder#backoff(Backoff)}
 * (exponential, jittered, capped, with no extra dependency),
 * {@link Builder#intervalFunction(Function)} (for example a resilience4j {@code IntervalFunction})
 * or {@link Builder#delayFunction(RetryDelayFunction)} (a wait that depends on the failure or the
 * result, or that declines to retry).
 *
 * <p>Server-requested waits: a failure (or one of its causes) or a rejected result that is a
 * {@link RetryAfterCarrier}, such as the HTTP client's {@code HttpStatusException} for a 429 or 503
 * with {@code Retry-After}, makes the retry wait the longer of the backoff and the carried wait.
 * The carried wait is bounded by {@link #maxRetryAfter()} (30 s by default): a server that asks for
 * longer ends the retries at once with that outcome, since an earlier retry would most likely be
 * refused again and a longer wait is what the bound forbids. {@link Builder#honorRetryAfter(boolean)
 * honorRetryAfter(false)} ignores carried waits. Neither overrides {@code maxAttempts} or the
 * {@link RetryBudget}: a server's {@code Retry-After} never buys a retry the budget refuses.
 *
 * <pre>{@code
 * RetryConfig config = RetryConfig.builder()
 *         .maxAttempts(4)
 *         .backoff(Backoff.exponential(Duration.ofMillis(100), 2.0, Duration.ofSeconds(2)).withJitter(0.5))
 *         .retryExceptions(IOException.class, TimeoutException.class)
 *         .ignoreExceptions(FileNotFoundException.class)
 *         .retryOnResult(response -> ((HttpResponse<?>) response).statusCode() == 503)
 *         .retryBudget(RetryBudgetConfig.ofDefaults())
 *         .build();
 * }</pre>
 *
 * <p>Thread-safe (immutable); predicates must be thread-safe and must not throw.
 */
public final class RetryConfig {

    private static final RetryConfig DEFAULTS = new Builder().build();

    private final int maxAttempts;
    private final Backoff backoff;
    private final List<Class<? extends Throwable>> retryExceptions;
    private final List<Class<? extends Throwable>> ignoreExceptions;
    private final @Nullable Predicate<Throwable> retryOnException;
    private final @Nullable Predicate<Object> retryOnResult;
    private final boolean failAfterMaxAttempts;
    private final @Nullable RetryBudgetConfig retryBudget;
    private final @Nullable RetryDelayFunction delayFunction;
    private final RetryDelayFunction effectiveDelayFunction;
    private final boolean honorRetryAfter;
    private final Duration maxRetryAfter;
    private final long maxRetryAfterNanos;

    private RetryConfig(Builder builder) {
        this.maxAttempts = builder.maxAttempts;
        this.backoff = builder.backoff;
        this.retryExceptions = builder.retryExceptions;
        this.ignoreExceptions = builder.ignoreExceptions;
        this.retryOnException = builder.retryOnException;
        this.retryOnResult = builder.retryOnResult;
        this.failAfterMaxAttempts = builder.failAfterMaxAttempts;
        this.retryBudget = builder.retryBudget;
        this.delayFunction = builder.delayFunction;
        this.effectiveDelayFunction =
                builder.delayFunction != null ? builder.delayFunction : RetryDelayFunction.of(builder.backoff);
        this.honorRetryAfter = builder.honorRetryAfter;
        this.maxRetryAfter = builder.maxRetryAfter;
        this.maxRetryAfterNanos = builder.maxRetryAfter.toNanos();
    }

    /**
     * Returns the default configuration.
     *
     * @return the defaults (3 attempts, 500 ms apart)
     */
    public static RetryConfig ofDefaults() {
        return DEFAULTS;
    }

    /**
     * Returns a builder holding the defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder holding this configuration's values.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Returns the maximum number of attempts, the first call included.
     *
     * @return at least 1
     */
    public int maxAttempts() {
        return maxAttempts;
    }

    /**
     * Returns the backoff between attempts.
     *
     * @return the backoff
     */
    public Backoff backoff() {
        return backoff;
    }

    /**
     * Returns the function that chooses the wait before each retry (or declines it): the one set
     * with {@link Builder#delayFunction(RetryDelayFunction)}, or else one that follows
     * {@link #backoff()} whatever the outcome.
     *
     * @return the delay function
     */
    public RetryDelayFunction delayFunction() {
        return effectiveDelayFunction;
    }

    /**
     * Returns whether a {@link RetryAfterCarrier} outcome raises the wait to the carried one.
     *
     * @return the flag, {@code true} by default
     */
    public boolean honorRetryAfter() {
        return honorRetryAfter;
    }

    /**
     * Returns the longest carried retry-after the retry waits for; a longer one ends the retries.
     *
     * @return the bound, 30 s by default
     */
    public Duration maxRetryAfter() {
        return maxRetryAfter;
    }

    /**
     * Returns the wait before the next attempt as this configuration chooses it, or
     * {@link RetryDelayFunction#NO_RETRY}: the {@link #delayFunction()}'s answer, raised to the
     * outcome's carried retry-after (if {@link #honorRetryAfter()}), or {@code NO_RETRY} if the
     * function declines or the carried wait exceeds {@link #maxRetryAfter()}. Attempts and budget
     * are not considered here.
     *
     * @param attempts the number of attempts made so far (1 before the first retry)
     * @param failure the last attempt's exception, or {@code null} if its result was rejected
     * @param result the rejected result, or {@code null}
     * @return the wait in nanoseconds, or a negative value for no retry
     */
    public long retryDelayNanos(int attempts, @Nullable Throwable failure, @Nullable Object result) {
        return RetryDelays.select(
                effectiveDelayFunction, honorRetryAfter, maxRetryAfterNanos, attempts, failure, result);
    }

    /**
     * Returns whether a still-rejected result after the last attempt throws
     * {@link MaxRetriesExceededException} instead of being returned.
     *
     * @return the flag
     */
    public boolean failAfterMaxAttempts() {
        return failAfterMaxAttempts;
    }

    /**
     * Returns the retry budget each {@link Retry} built from this configuration gets, if any.
     *
     * @return the budget configuration, or empty for none
     */
    public Optional<RetryBudgetConfig> retryBudget() {
        return Optional.ofNullable(retryBudget);
    }

    @Nullable
    RetryBudgetConfig retryBudgetOrNull() {
        return retryBudget;
    }

    /**
     * Returns whether a failure is retried (ignoring attempts and budget).
     *
     * @param throwable the failure
     * @return {@code true} if this configuration retries it
     */
    public boolean isRetryable(Throwable throwable) {
        Objects.requireNonNull(throwable, "throwable");
        if (!(throwable instanceof Exception) || ExceptionTypes.isInstanceOfAny(ignoreExceptions, throwable)) {
            return false;
        }
        if (retryExceptions.isEmpty() && retryOnException == null) {
            return true;
        }
        return ExceptionTypes.isInstanceOfAny(retryExceptions, throwable)
                || (retryOnException != null && retryOnException.test(throwable));
    }

    /**
     * Returns whether a result is retried (ignoring attempts and budget).
     *
     * @param result the result, possibly {@code null}
     * @return {@code true} if {@code retryOnResult} is set and accepts it
     */
    public boolean isRetryableResult(@Nullable Object result) {
        return retryOnResult != null && retryOnResult.test(result);
    }

    boolean hasResultPredicate() {
        return retryOnResult != null;
    }

    /**
     * Returns whether {@code o} is a {@code RetryConfig} with the same settings. Functions and
     * predicates (and other objects without value equality) compare by identity, so a copy made by
     * {@code toBuilder().build()} equals its original.
     *
     * @param o the other object
     * @return {@code true} if every setting is equal
     */
    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof RetryConfig other
                && maxAttempts == other.maxAttempts
                && Objects.equals(backoff, other.backoff)
                && Objects.equals(retryExceptions, other.retryExceptions)
                && Objects.equals(ignoreExceptions, other.ignoreExceptions)
                && Objects.equals(retryOnException, other.retryOnException)
                && Objects.equals(retryOnResult, other.retryOnResult)
                && failAfterMaxAttempts == other.failAfterMaxAttempts
                && Objects.equals(retryBudget, other.retryBudget)
                && Objects.equals(delayFunction, other.delayFunction)
                && honorRetryAfter == other.honorRetryAfter
                && Objects.equals(maxRetryAfter, other.maxRetryAfter);
    }

    /**
     * Returns a hash code consistent with {@link #equals(Object)}.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return Objects.hash(
                maxAttempts,
                backoff,
                retryExceptions,
                ignoreExceptions,
                retryOnException,
                retryOnResult,
                failAfterMaxAttempts,
                retryBudget,
                delayFunction,
                honorRetryAfter,
                maxRetryAfter);
    }

    @Override
    public String toString() {
        return "RetryConfig[maxAttempts=" + maxAttempts + ", backoff=" + backoff + ", retryExceptions="
                + retryExceptions + ", ignoreExceptions=" + ignoreExceptions
                + ", failAfterMaxAttempts=" + failAfterMaxAttempts + ", retryBudget=" + retryBudget
                + (delayFunction == null ? "" : ", delayFunction=" + delayFunction) + ", honorRetryAfter="
                + honorRetryAfter + ", maxRetryAfter=" + maxRetryAfter + "]";
    }

    /** A builder of {@link RetryConfig}; not thread-safe. */
    public static final class Builder {

        private int maxAttempts = 3;
        private Backoff backoff = Backoff.fixed(Duration.ofMillis(500));
        private List<Class<? extends Throwable>> retryExceptions = List.of();
        private List<Class<? extends Throwable>> ignoreExceptions = List.of();
        private @Nullable Predicate<Throwable> retryOnException;
        private @Nullable Predicate<Object> retryOnResult;
        private boolean failAfterMaxAttempts;
        private @Nullable RetryBudgetConfig retryBudget;
        private @Nullable RetryDelayFunction delayFunction;
        private boolean honorRetryAfter = true;
        private Duration maxRetryAfter = Duration.ofSeconds(30);

        private Builder() {}

        private Builder(RetryConfig config) {
            this.maxAttempts = config.maxAttempts;
            this.backoff = config.backoff;
            this.retryExceptions = config.retryExceptions;
            this.ignoreExceptions = config.ignoreExceptions;
            this.retryOnException = config.retryOnException;
            this.retryOnResult = config.retryOnResult;
            this.failAfterMaxAttempts = config.failAfterMaxAttempts;
            this.retryBudget = config.retryBudget;
            this.delayFunction = config.delayFunction;
            this.honorRetryAfter = config.honorRetryAfter;
            this.maxRetryAfter = config.maxRetryAfter;
        }

        /**
         * Sets the maximum number of attempts, the first call included (1 disables retries).
         *
         * @param maxAttempts at least 1
         * @return this builder
         * @throws IllegalArgumentException if below 1
         */
        public Builder maxAttempts(int maxAttempts) {
            this.maxAttempts = Arguments.atLeast("maxAttempts", maxAttempts, 1);
            return this;
        }

        /**
         * Sets a fixed wait between attempts (replaces any backoff or delay function set before).
         *
         * @param waitDuration the wait, zero or more
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder waitDuration(Duration waitDuration) {
            this.backoff = Backoff.fixed(waitDuration);
            this.delayFunction = null;
            return this;
        }

        /**
         * Sets the backoff between attempts (replaces any wait or delay function set before).
         *
         * @param backoff the backoff
         * @return this builder
         */
        public Builder backoff(Backoff backoff) {
            this.backoff = Objects.requireNonNull(backoff, "backoff");
            this.delayFunction = null;
            return this;
        }

        /**
         * Sets a wait that depends on the last outcome, or declines the retry (replaces any wait or
         * backoff set before, for the waits; {@link RetryConfig#backoff()} keeps its last value but
         * is no longer used). A {@link RetryAfterCarrier} outcome is still honoured on top of it.
         *
         * @param delayFunction the function, thread-safe
         * @return this builder
         */
        public Builder delayFunction(RetryDelayFunction delayFunction) {
            this.delayFunction = Objects.requireNonNull(delayFunction, "delayFunction");
            return this;
        }

        /**
         * Sets whether a {@link RetryAfterCarrier} failure or result raises the wait to the carried
         * one (default {@code true}).
         *
         * @param honorRetryAfter the flag
         * @return this builder
         */
        public Builder honorRetryAfter(boolean honorRetryAfter) {
            this.honorRetryAfter = honorRetryAfter;
            return this;
        }

        /**
         * Sets the longest carried retry-after the retry waits for (default 30 s). A server that asks
         * for longer ends the retries with that outcome; zero means any non-zero request ends them.
         *
         * @param maxRetryAfter the bound, zero or more
         * @return this builder
         * @throws IllegalArgumentException if {@code maxRetryAfter} is negative or does not fit in
         *     a {@code long} of nanoseconds
         */
        public Builder maxRetryAfter(Duration maxRetryAfter) {
            this.maxRetryAfter = Arguments.notNegative("maxRetryAfter", maxRetryAfter);
            return this;
        }

        /**
         * Sets the wait between attempts from a function of the attempt number (from 1) to
         * milliseconds, resilience4j's name for it. A resilience4j {@code IntervalFunction}, e.g.
         * {@code IntervalFunction.ofExponentialRandomBackoff(...)}, is such a function and works
         * unchanged; see {@link Backoff#of(Function)}.
         *
         * @param intervalFunction the wait in milliseconds per attempt number
         * @return this builder
         */
        public Builder intervalFunction(Function<? super Integer, ? extends Long> intervalFunction) {
            this.backoff = Backoff.of(intervalFunction);
            this.delayFunction = null;
            return this;
        }

        /**
         * Sets the exception types that are retried (with their subclasses).
         *
         * @param types the types; none restores "every exception"
         * @return this builder
         */
        @SafeVarargs
        public final Builder retryExceptions(Class<? extends Throwable>... types) {
            this.retryExceptions = ExceptionTypes.copyOf("retryExceptions", types);
            return this;
        }

        /**
         * Sets the exception types that are never retried, even if they match a retry rule.
         *
         * @param types the types
         * @return this builder
         */
        @SafeVarargs
        public final Builder ignoreExceptions(Class<? extends Throwable>... types) {
            this.ignoreExceptions = ExceptionTypes.copyOf("ignoreExceptions", types);
            return this;
        }

        /**
         * Sets a predicate that also marks exceptions as retried (in addition to
         * {@code retryExceptions}).
         *
         * @param predicate the predicate; thread-safe, must not throw
         * @return this builder
         */
        public Builder retryOnException(Predicate<Throwable> predicate) {
            this.retryOnException = Objects.requireNonNull(predicate, "retryOnException");
            return this;
        }

        /**
         * Sets a predicate on results that asks for a retry (e.g. an HTTP 503 response).
         *
         * @param predicate the predicate, given the result (possibly {@code null}); thread-safe
         * @return this builder
         */
        public Builder retryOnResult(Predicate<Object> predicate) {
            this.retryOnResult = Objects.requireNonNull(predicate, "retryOnResult");
            return this;
        }

        /**
         * Sets whether a result still rejected by {@code retryOnResult} after the last attempt
         * throws {@link MaxRetriesExceededException} ({@code true}) or is returned ({@code false},
         * the default).
         *
         * @param failAfterMaxAttempts the flag
         * @return this builder
         */
        public Builder failAfterMaxAttempts(boolean failAfterMaxAttempts) {
            this.failAfterMaxAttempts = failAfterMaxAttempts;
            return this;
        }

        /**
         * Gives every {@link Retry} built from this configuration its own {@link RetryBudget}.
         *
         * @param retryBudget the budget configuration
         * @return this builder
         */
        public Builder retryBudget(RetryBudgetConfig retryBudget) {
            this.retryBudget = Objects.requireNonNull(retryBudget, "retryBudget");
            return this;
        }

        /**
         * Removes the retry budget.
         *
         * @return this builder
         */
        public Builder withoutRetryBudget() {
            this.retryBudget = null;
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return a new immutable configuration
         */
        public RetryConfig build() {
            return new RetryConfig(this);
        }
    }
}
