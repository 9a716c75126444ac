package dev.nines.core.circuitbreaker;

import dev.nines.core.internal.Arguments;
import dev.nines.core.internal.ExceptionTypes;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The immutable configuration of a {@link CircuitBreaker}: the names, meanings and defaults are
 * those of resilience4j 2.x's {@code CircuitBreakerConfig}, so that a resilience4j user migrates by
 * changing imports.
 *
 * <table>
 *   <caption>Settings and defaults</caption>
 *   <tr><th>setting</th><th>default</th></tr>
 *   <tr><td>{@code failureRateThreshold} (percent, (0, 100])</td><td>50</td></tr>
 *   <tr><td>{@code slowCallRateThreshold} (percent, (0, 100])</td><td>100</td></tr>
 *   <tr><td>{@code slowCallDurationThreshold}</td><td>60 s</td></tr>
 *   <tr><td>{@code slowCallDetectionEnabled} (Nines only)</td><td>true</td></tr>
 *   <tr><td>{@code slidingWindowType}</td><td>{@code COUNT_BASED}</td></tr>
 *   <tr><td>{@code slidingWindowSize} (calls, or seconds when time based)</td><td>100</td></tr>
 *   <tr><td>{@code minimumNumberOfCalls}</td><td>100</td></tr>
 *   <tr><td>{@code permittedNumberOfCallsInHalfOpenState}</td><td>10</td></tr>
 *   <tr><td>{@code maxWaitDurationInHalfOpenState} (0 = wait for the permitted calls)</td><td>0</td></tr>
 *   <tr><td>{@code transitionToStateAfterWaitDuration}</td><td>{@code OPEN}</td></tr>
 *   <tr><td>{@code waitDurationInOpenState}</td><td>60 s</td></tr>
 *   <tr><td>{@code automaticTransitionFromOpenToHalfOpenEnabled}</td><td>false</td></tr>
 *   <tr><td>{@code writableStackTraceEnabled}</td><td>true</td></tr>
 *   <tr><td>{@code recordExceptions} / {@code recordException}</td><td>every exception is a failure</td></tr>
 *   <tr><td>{@code ignoreExceptions} / {@code ignoreException}</td><td>none ignored</td></tr>
 *   <tr><td>{@code recordResult}</td><td>no result is a failure</td></tr>
 * </table>
 *
 * <p>Thresholds are percentages in (0, 100], as in resilience4j. Every builder method checks its
 * argument and throws {@link IllegalArgumentException} naming the field and the value; a
 * {@code null} argument throws {@link NullPointerException}. Instances are immutable and
 * thread-safe; derive variants with {@link #toBuilder()}.
 *
 * <pre>{@code
 * CircuitBreakerConfig config = CircuitBreakerConfig.builder()
 *     .failureRateThreshold(25)
 *     .slidingWindow(20, 10, CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
 *     .waitDurationInOpenState(Duration.ofSeconds(30))
 *     .ignoreExceptions(IllegalArgumentException.class)
 *     .build();
 * }</pre>
 */
public final class CircuitBreakerConfig {

    /** The largest sliding window (calls, or seconds) and half-open call count accepted. */
    public static final int MAX_WINDOW_SIZE = 1_000_000;

    private static final CircuitBreakerConfig DEFAULTS = builder().build();

    /** How the sliding window of recorded calls is bounded. */
    public enum SlidingWindowType {
        /** The last {@code slidingWindowSize} calls. */
        COUNT_BASED,
        /** The calls of the last {@code slidingWindowSize} seconds (whole epoch seconds). */
        TIME_BASED
    }

    private final float failureRateThreshold;
    private final float slowCallRateThreshold;
    private final Duration slowCallDurationThreshold;
    private final long slowCallDurationThresholdNanos;
    private final boolean slowCallDetectionEnabled;
    private final SlidingWindowType slidingWindowType;
    private final int slidingWindowSize;
    private final int minimumNumberOfCalls;
    private final int permittedNumberOfCallsInHalfOpenState;
    private final Duration maxWaitDurationInHalfOpenState;
    private final CircuitBreaker.State transitionToStateAfterWaitDuration;
    private final Duration waitDurationInOpenState;
    private final @Nullable OpenWait openWait;
    private final boolean automaticTransitionFromOpenToHalfOpenEnabled;
    private final boolean writableStackTraceEnabled;
    private final List<Class<? extends Throwable>> recordExceptions;
    private final List<Class<? extends Throwable>> ignoreExceptions;
    private final @Nullable Predicate<? super Throwable> recordExceptionPredicate;
    private final @Nullable Predicate<? super Throwable> ignoreExceptionPredicate;
    private final @Nullable Predicate<Object> recordResultPredicate;

    private CircuitBreakerConfig(Builder b) {
        this.failureRateThreshold = b.failureRateThreshold;
        this.slowCallRateThreshold = b.slowCallRateThreshold;
        this.slowCallDurationThreshold = b.slowCallDurationThreshold;
        this.slowCallDetectionEnabled = b.slowCallDetectionEnabled;
        // Without slow-call detection no duration is above the threshold: no call is ever slow.
        this.slowCallDurationThresholdNanos =
                b.slowCallDetectionEnabled ? saturatedNanos(b.slowCallDurationThreshold) : Long.MAX_VALUE;
        this.slidingWindowType = b.slidingWindowType;
        this.slidingWindowSize = b.slidingWindowSize;
        // Kept as configured, as resilience4j keeps it: each window caps it where it is evaluated
        // (at the window size when CLOSED and count based, at the permitted calls when HALF_OPEN).
        this.minimumNumberOfCalls = b.minimumNumberOfCalls;
        this.permittedNumberOfCallsInHalfOpenState = b.permittedNumberOfCallsInHalfOpenState;
        this.maxWaitDurationInHalfOpenState = b.maxWaitDurationInHalfOpenState;
        this.transitionToStateAfterWaitDuration = b.transitionToStateAfterWaitDuration;
        this.waitDurationInOpenState = b.waitDurationInOpenState;
        this.openWait = b.openWait;
        this.automaticTransitionFromOpenToHalfOpenEnabled = b.automaticTransitionFromOpenToHalfOpenEnabled;
        this.writableStackTraceEnabled = b.writableStackTraceEnabled;
        this.recordExceptions = b.recordExceptions;
        this.ignoreExceptions = b.ignoreExceptions;
        this.recordExceptionPredicate = b.recordExceptionPredicate;
        this.ignoreExceptionPredicate = b.ignoreExceptionPredicate;
        this.recordResultPredicate = b.recordResultPredicate;
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
     * Returns the configuration with every default, as resilience4j's {@code ofDefaults()}.
     *
     * @return the default configuration
     */
    public static CircuitBreakerConfig ofDefaults() {
        return DEFAULTS;
    }

    /**
     * Returns a builder initialised with this configuration, to derive a variant.
     *
     * @return a new builder holding this configuration's values
     */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Returns the failure rate, in percent, at or above which the breaker opens.
     *
     * @return the threshold in (0, 100]
     */
    public float failureRateThreshold() {
        return failureRateThreshold;
    }

    /**
     * Returns the slow-call rate, in percent, at or above which the breaker opens.
     *
     * @return the threshold in (0, 100]
     */
    public float slowCallRateThreshold() {
        return slowCallRateThreshold;
    }

    /**
     * Returns the duration above which (strictly) a call counts as slow.
     *
     * @return the slow-call duration threshold
     */
    public Duration slowCallDurationThreshold() {
        return slowCallDurationThreshold;
    }

    /**
     * Returns whether the breaker counts slow calls (the default). When it does not, no call is
     * slow whatever its duration, {@link #slowCallRateThreshold()} and
     * {@link #slowCallDurationThreshold()} are not used, and the slow-call figures of the metrics
     * stay 0; a pipeline then reads no clock for the breaker (see
     * {@link Builder#slowCallDetectionEnabled(boolean)}).
     *
     * @return whether slow calls are counted
     */
    public boolean isSlowCallDetectionEnabled() {
        return slowCallDetectionEnabled;
    }

    /**
     * Returns the kind of sliding window.
     *
     * @return the window type
     */
    public SlidingWindowType slidingWindowType() {
        return slidingWindowType;
    }

    /**
     * Returns the window size: a number of calls, or of seconds for a time-based window.
     *
     * @return the sliding window size
     */
    public int slidingWindowSize() {
        return slidingWindowSize;
    }

    /**
     * Returns the number of calls the window must hold before rates are evaluated, as configured
     * (resilience4j's {@code getMinimumNumberOfCalls()}). Each window caps it where it is
     * evaluated: a count-based {@code CLOSED} window at {@code slidingWindowSize}, the
     * {@code HALF_OPEN} window at {@code permittedNumberOfCallsInHalfOpenState}; a time-based
     * window uses it as it is. {@link Builder#slidingWindow(int, int, SlidingWindowType)} with a
     * count-based type lowers it to the size when it is set, as resilience4j's does.
     *
     * @return the minimum number of calls
     */
    public int minimumNumberOfCalls() {
        return minimumNumberOfCalls;
    }

    /**
     * Returns the number of trial calls permitted in {@code HALF_OPEN}.
     *
     * @return the permitted number of calls in half-open state
     */
    public int permittedNumberOfCallsInHalfOpenState() {
        return permittedNumberOfCallsInHalfOpenState;
    }

    /**
     * Returns how long the breaker may stay {@code HALF_OPEN} before it moves to
     * {@link #transitionToStateAfterWaitDuration()}; zero means it waits for the permitted calls.
     *
     * @return the maximum wait in half-open state
     */
    public Duration maxWaitDurationInHalfOpenState() {
        return maxWaitDurationInHalfOpenState;
    }

    /**
     * Returns the state ({@code OPEN} or {@code CLOSED}) entered when
     * {@link #maxWaitDurationInHalfOpenState()} elapses.
     *
     * @return the state after the half-open wait
     */
    public CircuitBreaker.State transitionToStateAfterWaitDuration() {
        return transitionToStateAfterWaitDuration;
    }

    /**
     * Returns the fixed wait in {@code OPEN}; when an interval function was set, this is the wait
     * it gives for the first opening.
     *
     * @return the wait duration in open state
     */
    public Duration waitDurationInOpenState() {
        return waitDurationInOpenState;
    }

    /**
     * Returns whether the breaker moves from {@code OPEN} to {@code HALF_OPEN} by itself when the
     * wait ends (this needs a scheduler: see
     * {@link CircuitBreaker#of(String, CircuitBreakerConfig, dev.nines.core.time.TimeSource,
     * java.util.concurrent.ScheduledExecutorService)}).
     *
     * @return whether automatic transition is enabled
     */
    public boolean isAutomaticTransitionFromOpenToHalfOpenEnabled() {
        return automaticTransitionFromOpenToHalfOpenEnabled;
    }

    /**
     * Returns whether {@link CallNotPermittedException} records a stack trace.
     *
     * @return whether stack traces are writable
     */
    public boolean isWritableStackTraceEnabled() {
        return writableStackTraceEnabled;
    }

    /**
     * Returns whether {@code error} counts as a failure (not ignored, and recorded by the record
     * rules). Unwrapping of {@code CompletionException} is done by the breaker, not here.
     *
     * @param error the exception
     * @return whether it is recorded as a failure
     */
    public boolean isRecordedAsFailure(Throwable error) {
        Objects.requireNonNull(error, "error");
        return !isIgnored(error) && isRecorded(error);
    }

    /**
     * Returns whether {@code error} is ignored: neither a success nor a failure.
     *
     * @param error the exception
     * @return whether it is ignored
     */
    public boolean isIgnored(Throwable error) {
        Objects.requireNonNull(error, "error");
        if (ignoreExceptionPredicate == null && ignoreExceptions.isEmpty()) {
            return false;
        }
        return (ignoreExceptionPredicate != null && ignoreExceptionPredicate.test(error))
                || ExceptionTypes.isInstanceOfAny(ignoreExceptions, error);
    }

    /**
     * Returns whether {@code result} counts as a failure by the {@code recordResult} predicate.
     *
     * @param result the result; {@code null} is never a failure
     * @return whether the result is recorded as a failure
     */
    public boolean isResultRecordedAsFailure(Object result) {
        return result != null && recordResultPredicate != null && recordResultPredicate.test(result);
    }

    boolean isRecorded(Throwable error) {
        if (recordExceptionPredicate == null && recordExceptions.isEmpty()) {
            return true;
        }
        return (recordExceptionPredicate != null && recordExceptionPredicate.test(error))
                || ExceptionTypes.isInstanceOfAny(recordExceptions, error);
    }

    long slowCallDurationThresholdNanos() {
        return slowCallDurationThresholdNanos;
    }

    /** Returns the wait in OPEN for the given opening (1 for the first), in nanoseconds. */
    long openWaitNanos(int attempts) {
        return openWait == null ? saturatedNanos(waitDurationInOpenState) : openWait.waitNanos(attempts);
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /**
     * Returns whether {@code o} is a {@code CircuitBreakerConfig} with the same settings. Functions and
     * predicates (and other objects without value equality) compare by identity, so a copy made by
     * {@code toBuilder().build()} equals its original.
     *
     * @param o the other object
     * @return {@code true} if every setting is equal
     */
    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof CircuitBreakerConfig other
                && Float.compare(failureRateThreshold, other.failureRateThreshold) == 0
                && Float.compare(slowCallRateThreshold, other.slowCallRateThreshold) == 0
                && Objects.equals(slowCallDurationThreshold, other.slowCallDurationThreshold)
                && slowCallDetectionEnabled == other.slowCallDetectionEnabled
                && Objects.equals(slidingWindowType, other.slidingWindowType)
                && slidingWindowSize == other.slidingWindowSize
                && minimumNumberOfCalls == other.minimumNumberOfCalls
                && permittedNumberOfCallsInHalfOpenState == other.permittedNumberOfCallsInHalfOpenState
                && Objects.equals(maxWaitDurationInHalfOpenState, other.maxWaitDurationInHalfOpenState)
                && Objects.equals(transitionToStateAfterWaitDuration, other.transitionToStateAfterWaitDuration)
                && Objects.equals(waitDurationInOpenState, other.waitDurationInOpenState)
                && Objects.equals(openWait, other.openWait)
                && automaticTransitionFromOpenToHalfOpenEnabled == other.automaticTransitionFromOpenToHalfOpenEnabled
                && writableStackTraceEnabled == other.writableStackTraceEnabled
                && Objects.equals(recordExceptions, other.recordExceptions)
                && Objects.equals(ignoreExceptions, other.ignoreExceptions)
                && Objects.equals(recordExceptionPredicate, other.recordExceptionPredicate)
                && Objects.equals(ignoreExceptionPredicate, other.ignoreExceptionPredicate)
                && Objects.equals(recordResultPredicate, other.recordResultPredicate);
    }

    /**
     * Returns a hash code consistent with {@link #equals(Object)}.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return Objects.hash(
                failureRateThreshold,
                slowCallRateThreshold,
                slowCallDurationThreshold,
                slowCallDetectionEnabled,
                slidingWindowType,
                slidingWindowSize,
                minimumNumberOfCalls,
                permittedNumberOfCallsInHalfOpenState,
                maxWaitDurationInHalfOpenState,
                transitionToStateAfterWaitDuration,
                waitDurationInOpenState,
                openWait,
                automaticTransitionFromOpenToHalfOpenEnabled,
                writableStackTraceEnabled,
                recordExceptions,
                ignoreExceptions,
                recordExceptionPredicate,
                ignoreExceptionPredicate,
                recordResultPredicate);
    }

    @Override
    public String toString() {
        return "CircuitBreakerConfig[failureRateThreshold=" + failureRateThreshold
                + ", slowCallRateThreshold=" + slowCallRateThreshold
                + ", slowCallDurationThreshold=" + slowCallDurationThreshold
                + (slowCallDetectionEnabled ? "" : " (slow-call detection disabled)")
                + ", slidingWindowType=" + slidingWindowType
                + ", slidingWindowSize=" + slidingWindowSize
                + ", minimumNumberOfCalls=" + minimumNumberOfCalls
                + ", permittedNumberOfCallsInHalfOpenState=" + permittedNumberOfCallsInHalfOpenState
                + ", maxWaitDurationInHalfOpenState=" + maxWaitDurationInHalfOpenState
                + ", waitDurationInOpenState=" + waitDurationInOpenState
                + (openWait == null ? "" : " (interval function)")
                + ", automaticTransitionFromOpenToHalfOpenEnabled=" + automaticTransitionFromOpenToHalfOpenEnabled
                + ", recordExceptions=" + recordExceptions
                + ", ignoreExceptions=" + ignoreExceptions + "]";
    }

    /** The wait in OPEN, in nanoseconds, as a function of the number of consecutive openings. */
    @FunctionalInterface
    interface OpenWait {
        long waitNanos(int attempts);
    }

    /**
     * Builds a {@link CircuitBreakerConfig}; starts from the defaults. Not thread-safe.
     */
    public static final class Builder {

        private float failureRateThreshold = 50;
        private float slowCallRateThreshold = 100;
        private Duration slowCallDurationThreshold = Duration.ofSeconds(60);
        private boolean slowCallDetectionEnabled = true;
        private SlidingWindowType slidingWindowType = SlidingWindowType.COUNT_BASED;
        private int slidingWindowSize = 100;
        private int minimumNumberOfCalls = 100;
        private int permittedNumberOfCallsInHalfOpenState = 10;
        private Duration maxWaitDurationInHalfOpenState = Duration.ZERO;
        private CircuitBreaker.State transitionToStateAfterWaitDuration = CircuitBreaker.State.OPEN;
        private Duration waitDurationInOpenState = Duration.ofSeconds(60);
        private @Nullable OpenWait openWait;
        private boolean automaticTransitionFromOpenToHalfOpenEnabled;
        private boolean writableStackTraceEnabled = true;
        private List<Class<? extends Throwable>> recordExceptions = List.of();
        private List<Class<? extends Throwable>> ignoreExceptions = List.of();
        private @Nullable Predicate<? super Throwable> recordExceptionPredicate;
        private @Nullable Predicate<? super Throwable> ignoreExceptionPredicate;
        private @Nullable Predicate<Object> recordResultPredicate;

        private Builder() {}

        private Builder(CircuitBreakerConfig c) {
            this.failureRateThreshold = c.failureRateThreshold;
            this.slowCallRateThreshold = c.slowCallRateThreshold;
            this.slowCallDurationThreshold = c.slowCallDurationThreshold;
            this.slowCallDetectionEnabled = c.slowCallDetectionEnabled;
            this.slidingWindowType = c.slidingWindowType;
            this.slidingWindowSize = c.slidingWindowSize;
            this.minimumNumberOfCalls = c.minimumNumberOfCalls;
            this.permittedNumberOfCallsInHalfOpenState = c.permittedNumberOfCallsInHalfOpenState;
            this.maxWaitDurationInHalfOpenState = c.maxWaitDurationInHalfOpenState;
            this.transitionToStateAfterWaitDuration = c.transitionToStateAfterWaitDuration;
            this.waitDurationInOpenState = c.waitDurationInOpenState;
            this.openWait = c.openWait;
            this.automaticTransitionFromOpenToHalfOpenEnabled = c.automaticTransitionFromOpenToHalfOpenEnabled;
            this.writableStackTraceEnabled = c.writableStackTraceEnabled;
            this.recordExceptions = c.recordExceptions;
            this.ignoreExceptions = c.ignoreExceptions;
            this.recordExceptionPredicate = c.recordExceptionPredicate;
            this.ignoreExceptionPredicate = c.ignoreExceptionPredicate;
            this.recordResultPredicate = c.recordResultPredicate;
        }

        /**
         * Sets the failure rate, in percent, at or above which the breaker opens.
         *
         * @param threshold a percentage in (0, 100]
         * @return this builder
         * @throws IllegalArgumentException if {@code threshold} is outside (0, 100]
         */
        public Builder failureRateThreshold(float threshold) {
            this.failureRateThreshold = (float) Arguments.inOpenClosed("failureRateThreshold", threshold, 0, 100);
            return this;
        }

        /**
         * Sets the slow-call rate, in percent, at or above which the breaker opens.
         *
         * @param threshold a percentage in (0, 100]
         * @return this builder
         * @throws IllegalArgumentException if {@code threshold} is outside (0, 100]
         */
        public Builder slowCallRateThreshold(float threshold) {
            this.slowCallRateThreshold = (float) Arguments.inOpenClosed("slowCallRateThreshold", threshold, 0, 100);
            return this;
        }

        /**
         * Sets the duration above which (strictly) a call counts as slow.
         *
         * @param threshold a positive duration
         * @return this builder
         * @throws IllegalArgumentException if {@code threshold} is zero or negative
         */
        public Builder slowCallDurationThreshold(Duration threshold) {
            this.slowCallDurationThreshold = Arguments.positive("slowCallDurationThreshold", threshold);
            return this;
        }

        /**
         * Sets whether the breaker counts slow calls; on by default, as in resilience4j, which
         * has no way to turn it off. Turned off, no call is slow whatever its duration: the
         * breaker opens on its failure rate only, {@code slowCallRateThreshold} and
         * {@code slowCallDurationThreshold} are kept but not used, and the slow-call figures of
         * {@link CircuitBreaker.Metrics} stay 0.
         *
         * <p>What it saves: measuring a call's duration takes two clock readings (about 20 ns each
         * on a virtual machine). While nobody listens to its events (which carry the duration), the
         * breaker's own {@code execute*} methods then read no clock, nor does a pipeline whose
         * other guards need no duration either (a bulkhead, a rate limiter; an adaptive limiter
         * does). A duration that is not measured is reported as 0.
         *
         * @param enabled {@code false} to count no call as slow
         * @return this builder
         */
        public Builder slowCallDetectionEnabled(boolean enabled) {
            this.slowCallDetectionEnabled = enabled;
            return this;
        }

        /**
         * Sets the kind of sliding window.
         *
         * @param type count based or time based
         * @return this builder
         */
        public Builder slidingWindowType(SlidingWindowType type) {
            this.slidingWindowType = Objects.requireNonNull(type, "slidingWindowType");
            return this;
        }

        /**
         * Sets the window size: the number of calls, or of seconds for a time-based window.
         *
         * @param size at least 1 and at most {@link #MAX_WINDOW_SIZE}
         * @return this builder
         * @throws IllegalArgumentException if {@code size} is outside [1, 1000000]
         */
        public Builder slidingWindowSize(int size) {
            this.slidingWindowSize = atMostWindow("slidingWindowSize", Arguments.atLeast("slidingWindowSize", size, 1));
            return this;
        }

        /**
         * Sets the number of calls the window must hold before rates are evaluated.
         *
         * @param minimum at least 1
         * @return this builder
         * @throws IllegalArgumentException if {@code minimum} is less than 1
         */
        public Builder minimumNumberOfCalls(int minimum) {
            this.minimumNumberOfCalls = Arguments.atLeast("minimumNumberOfCalls", minimum, 1);
            return this;
        }

        /**
         * Sets size, minimum number of calls and type at once, as resilience4j's
         * {@code slidingWindow(...)}: with {@link SlidingWindowType#COUNT_BASED} the minimum is
         * lowered to {@code size} here (a later {@link #minimumNumberOfCalls(int)} is kept as set).
         *
         * @param size the window size, see {@link #slidingWindowSize(int)}
         * @param minimumNumberOfCalls see {@link #minimumNumberOfCalls(int)}
         * @param type see {@link #slidingWindowType(SlidingWindowType)}
         * @return this builder
         * @throws IllegalArgumentException if a value is out of range
         */
        public Builder slidingWindow(int size, int minimumNumberOfCalls, SlidingWindowType type) {
            slidingWindowSize(size).minimumNumberOfCalls(minimumNumberOfCalls).slidingWindowType(type);
            if (type == SlidingWindowType.COUNT_BASED) {
                this.minimumNumberOfCalls = Math.min(this.minimumNumberOfCalls, this.slidingWindowSize);
            }
            return this;
        }

        /**
         * Sets the number of trial calls permitted in {@code HALF_OPEN}.
         *
         * @param permitted at least 1 and at most {@link #MAX_WINDOW_SIZE}
         * @return this builder
         * @throws IllegalArgumentException if {@code permitted} is outside [1, 1000000]
         */
        public Builder permittedNumberOfCallsInHalfOpenState(int permitted) {
            this.permittedNumberOfCallsInHalfOpenState = atMostWindow(
                    "permittedNumberOfCallsInHalfOpenState",
                    Arguments.atLeast("permittedNumberOfCallsInHalfOpenState", permitted, 1));
            return this;
        }

        /**
         * Sets how long the breaker may stay {@code HALF_OPEN}; zero (the default) waits for the
         * permitted calls however long they take.
         *
         * @param maxWait zero or positive
         * @return this builder
         * @throws IllegalArgumentException if {@code maxWait} is negative
         */
        public Builder maxWaitDurationInHalfOpenState(Duration maxWait) {
            this.maxWaitDurationInHalfOpenState = Arguments.notNegative("maxWaitDurationInHalfOpenState", maxWait);
            return this;
        }

        /**
         * Sets the state entered when {@code maxWaitDurationInHalfOpenState} elapses.
         *
         * @param state {@code OPEN} (the default) or {@code CLOSED}
         * @return this builder
         * @throws IllegalArgumentException if {@code state} is neither
         */
        public Builder transitionToStateAfterWaitDuration(CircuitBreaker.State state) {
            Objects.requireNonNull(state, "transitionToStateAfterWaitDuration");
            if (state != CircuitBreaker.State.OPEN && state != CircuitBreaker.State.CLOSED) {
                throw new IllegalArgumentException(
                        "transitionToStateAfterWaitDuration must be OPEN or CLOSED, was " + state);
            }
            this.transitionToStateAfterWaitDuration = state;
            return this;
        }

        /**
         * Sets a fixed wait in {@code OPEN} before calls are tried again; replaces an interval
         * function set earlier.
         *
         * @param wait a positive duration
         * @return this builder
         * @throws IllegalArgumentException if {@code wait} is zero or negative
         */
        public Builder waitDurationInOpenState(Duration wait) {
            this.waitDurationInOpenState = Arguments.positive("waitDurationInOpenState", wait);
            this.openWait = null;
            return this;
        }

        /**
         * Sets a growing wait in {@code OPEN}: a function from the number of consecutive openings
         * (1 for the first) to the wait in milliseconds. Resilience4j's
         * {@code io.github.resilience4j.core.IntervalFunction} is such a function, so
         * {@code waitIntervalFunctionInOpenState(IntervalFunction.ofExponentialBackoff(1_000, 2))}
         * works unchanged; taking a plain {@link Function} keeps resilience4j-core optional.
         * Called only when the breaker opens, never per call.
         *
         * @param millisPerAttempt the wait per opening, in milliseconds
         * @return this builder
         * @throws IllegalArgumentException if the function's first wait is not positive
         */
        public Builder waitIntervalFunctionInOpenState(Function<? super Integer, ? extends Long> millisPerAttempt) {
            Objects.requireNonNull(millisPerAttempt, "waitIntervalFunctionInOpenState");
            OpenWait wait = attempts -> {
                Long millis = millisPerAttempt.apply(attempts);
                long m = millis == null ? 0 : Math.max(0, millis);
                return m >= Long.MAX_VALUE / 1_000_000 ? Long.MAX_VALUE : m * 1_000_000;
            };
            long first = wait.waitNanos(1);
            if (first <= 0) {
                throw new IllegalArgumentException(
                        "waitIntervalFunctionInOpenState must give a positive wait, was " + first / 1_000_000 + " ms");
            }
            this.waitDurationInOpenState = Duration.ofNanos(first);
            this.openWait = wait;
            return this;
        }

        /**
         * Sets whether the breaker moves from {@code OPEN} to {@code HALF_OPEN} by itself when
         * the wait ends, on a scheduler passed to the breaker (never a thread of its own).
         *
         * @param enabled whether to transition automatically
         * @return this builder
         */
        public Builder automaticTransitionFromOpenToHalfOpenEnabled(boolean enabled) {
            this.automaticTransitionFromOpenToHalfOpenEnabled = enabled;
            return this;
        }

        /**
         * Sets whether {@link CallNotPermittedException} records a stack trace (turn off to make
         * rejections cheaper).
         *
         * @param enabled whether stack traces are writable
         * @return this builder
         */
        public Builder writableStackTraceEnabled(boolean enabled) {
            this.writableStackTraceEnabled = enabled;
            return this;
        }

        /**
         * Sets the exceptions (and their subclasses) that count as failures; once set, other
         * exceptions count as successes unless a {@link #recordException(Predicate)} matches.
         *
         * @param classes the exception classes
         * @return this builder
         */
        @SafeVarargs
        public final Builder recordExceptions(Class<? extends Throwable>... classes) {
            this.recordExceptions = ExceptionTypes.copyOf("recordExceptions", classes);
            return this;
        }

        /**
         * Sets the exceptions (and their subclasses) that are ignored: neither success nor
         * failure, and the permission is released. Ignoring wins over recording.
         *
         * @param classes the exception classes
         * @return this builder
         */
        @SafeVarargs
        public final Builder ignoreExceptions(Class<? extends Throwable>... classes) {
            this.ignoreExceptions = ExceptionTypes.copyOf("ignoreExceptions", classes);
            return this;
        }

        /**
         * Sets a predicate for exceptions that count as failures (in addition to
         * {@link #recordExceptions(Class[])}).
         *
         * @param predicate true for a failure
         * @return this builder
         */
        public Builder recordException(Predicate<? super Throwable> predicate) {
            this.recordExceptionPredicate = Objects.requireNonNull(predicate, "recordException");
            return this;
        }

        /**
         * Sets a predicate for exceptions that are ignored (in addition to
         * {@link #ignoreExceptions(Class[])}).
         *
         * @param predicate true to ignore
         * @return this builder
         */
        public Builder ignoreException(Predicate<? super Throwable> predicate) {
            this.ignoreExceptionPredicate = Objects.requireNonNull(predicate, "ignoreException");
            return this;
        }

        /**
         * Sets a predicate for results that count as failures (never called with {@code null}).
         *
         * @param predicate true for a failure
         * @return this builder
         */
        public Builder recordResult(Predicate<Object> predicate) {
            this.recordResultPredicate = Objects.requireNonNull(predicate, "recordResult");
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return a new immutable configuration
         */
        public CircuitBreakerConfig build() {
            return new CircuitBreakerConfig(this);
        }

        private static int atMostWindow(String field, int value) {
            if (value > MAX_WINDOW_SIZE) {
                throw new IllegalArgumentException(field + " must be at most " + MAX_WINDOW_SIZE + ", was " + value);
            }
            return value;
        }
    }
}
