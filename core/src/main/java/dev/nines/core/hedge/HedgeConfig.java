package dev.nines.core.hedge;

import dev.nines.core.internal.Arguments;
import dev.nines.core.retry.RetryBudget;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Immutable configuration of a {@link Hedge}: how many attempts a call may have in all
 * ({@code maxAttempts}, the first included), how long to wait before each hedge (a fixed
 * {@code delay}, or a quantile of the latencies of recent attempts), which outcomes are not
 * acceptable (the hedge keeps waiting for the other attempts, and starts the next one at once), the
 * {@link RetryBudget} that hedges draw on, and the {@link HedgeGate} that allows hedging.
 *
 * <p>Defaults: {@code maxAttempts} 2 (one hedge), a fixed {@code delay} of 100 ms, every exception
 * unacceptable and every result acceptable, no budget, a gate that is always open; for the quantile
 * delay a {@code latencyWindow} of 10 s and {@code minimumNumberOfCalls} 100. Thread-safe
 * (immutable). Every setter checks its argument and raises {@link IllegalArgumentException} naming
 * the field and the value.
 *
 * <pre>{@code
 * RetryBudget shared = retry.budget().orElseThrow();     // the retry's budget, shared with hedges
 * HedgeConfig config = HedgeConfig.builder()
 *         .maxAttempts(3)                                // the first attempt and up to two hedges
 *         .delayAtLatencyQuantile(0.95)                  // hedge a call slower than the recent p95
 *         .delay(Duration.ofMillis(50))                  // until 100 calls have been measured
 *         .retryBudget(shared, false)                    // the retry records the requests
 *         .build();
 * }</pre>
 */
public final class HedgeConfig {

    /** The most attempts one call may have. */
    public static final int MAX_ATTEMPTS_LIMIT = 16;

    private static final HedgeConfig DEFAULTS = new Builder().build();

    private final int maxAttempts;
    private final Duration delay;
    private final double latencyQuantile;
    private final Duration latencyWindow;
    private final int minimumNumberOfCalls;
    private final Predicate<? super Throwable> hedgeOnException;
    private final Predicate<Object> hedgeOnResult;
    private final boolean checksResults;
    private final @Nullable RetryBudget retryBudget;
    private final boolean recordRequestsInBudget;
    private final HedgeGate gate;

    private HedgeConfig(Builder builder) {
        this.maxAttempts = builder.maxAttempts;
        this.delay = builder.delay;
        this.latencyQuantile = builder.latencyQuantile;
        this.latencyWindow = builder.latencyWindow;
        this.minimumNumberOfCalls = builder.minimumNumberOfCalls;
        this.hedgeOnException = builder.hedgeOnException;
        this.hedgeOnResult = builder.hedgeOnResult;
        this.checksResults = builder.checksResults;
        this.retryBudget = builder.retryBudget;
        this.recordRequestsInBudget = builder.recordRequestsInBudget;
        this.gate = builder.gate;
    }

    /**
     * Returns the default configuration: one hedge after a fixed 100 ms.
     *
     * @return the defaults
     */
    public static HedgeConfig ofDefaults() {
        return DEFAULTS;
    }

    /**
     * Returns a configuration that starts each hedge a fixed {@code delay} after the attempt before
     * it, up to {@code maxAttempts} attempts in all.
     *
     * @param delay the wait before each hedge, zero or more
     * @param maxAttempts the attempts per call in all, the first included, in [2, 16]
     * @return a new configuration
     * @throws IllegalArgumentException if an argument is out of range
     */
    public static HedgeConfig ofFixedDelay(Duration delay, int maxAttempts) {
        return builder().delay(delay).maxAttempts(maxAttempts).build();
    }

    /**
     * Returns a configuration that hedges a call once it has run longer than the {@code quantile}
     * of the recent attempts' latencies, up to {@code maxAttempts} attempts in all.
     *
     * @param quantile the latency quantile, in (0, 1), e.g. 0.95
     * @param maxAttempts the attempts per call in all, the first included, in [2, 16]
     * @return a new configuration
     * @throws IllegalArgumentException if an argument is out of range
     */
    public static HedgeConfig ofLatencyQuantile(double quantile, int maxAttempts) {
        return builder()
                .delayAtLatencyQuantile(quantile)
                .maxAttempts(maxAttempts)
                .build();
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
     * Returns the attempts a call may have in all, the first included.
     *
     * @return in [2, 16]
     */
    public int maxAttempts() {
        return maxAttempts;
    }

    /**
     * Returns the fixed wait before each hedge, or, with a latency quantile, the wait used until
     * {@link #minimumNumberOfCalls()} attempts have been measured in the window.
     *
     * @return the delay, zero or more
     */
    public Duration delay() {
        return delay;
    }

    /**
     * Returns the latency quantile whose value is the delay, if the delay follows recent latencies.
     *
     * @return the quantile in (0, 1), or empty for a fixed delay
     */
    public OptionalDouble latencyQuantile() {
        return Double.isNaN(latencyQuantile) ? OptionalDouble.empty() : OptionalDouble.of(latencyQuantile);
    }

    /**
     * Returns how far back the latencies of the quantile delay reach (the window slides in halves:
     * between half of it and all of it is counted).
     *
     * @return the window
     */
    public Duration latencyWindow() {
        return latencyWindow;
    }

    /**
     * Returns how many attempts must have been measured in the window before the quantile replaces
     * the initial {@link #delay()}.
     *
     * @return one or more
     */
    public int minimumNumberOfCalls() {
        return minimumNumberOfCalls;
    }

    /**
     * Returns the retry budget that hedges draw on, if any.
     *
     * @return the budget, or empty for unbudgeted hedging
     */
    public Optional<RetryBudget> retryBudget() {
        return Optional.ofNullable(retryBudget);
    }

    /**
     * Returns whether the hedge records each call as a request in its {@link #retryBudget()}.
     *
     * @return {@code true} if it does
     */
    public boolean recordRequestsInBudget() {
        return recordRequestsInBudget;
    }

    /**
     * Returns the gate that allows hedging.
     *
     * @return the gate
     */
    public HedgeGate gate() {
        return gate;
    }

    /**
     * Returns whether an attempt that failed with {@code failure} is not acceptable: the hedge keeps
     * waiting for the other attempts and starts the next one at once.
     *
     * @param failure the attempt's failure
     * @return {@code true} to keep hedging, {@code false} to end the call with this failure
     */
    public boolean isHedgedException(Throwable failure) {
        return hedgeOnException.test(failure);
    }

    /**
     * Returns whether an attempt that returned {@code result} is not acceptable.
     *
     * @param result the attempt's result, may be null
     * @return {@code true} to keep hedging, {@code false} to end the call with this result
     */
    public boolean isHedgedResult(@Nullable Object result) {
        return checksResults && hedgeOnResult.test(result);
    }

    long delayNanos() {
        return delay.toNanos();
    }

    double latencyQuantileOrNaN() {
        return latencyQuantile;
    }

    @Nullable
    RetryBudget retryBudgetOrNull() {
        return retryBudget;
    }

    /**
     * Returns whether {@code o} is a {@code HedgeConfig} with the same settings. Functions and
     * predicates (and other objects without value equality) compare by identity, so a copy made by
     * {@code toBuilder().build()} equals its original.
     *
     * @param o the other object
     * @return {@code true} if every setting is equal
     */
    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof HedgeConfig other
                && maxAttempts == other.maxAttempts
                && Objects.equals(delay, other.delay)
                && Double.compare(latencyQuantile, other.latencyQuantile) == 0
                && Objects.equals(latencyWindow, other.latencyWindow)
                && minimumNumberOfCalls == other.minimumNumberOfCalls
                && Objects.equals(hedgeOnException, other.hedgeOnException)
                && Objects.equals(hedgeOnResult, other.hedgeOnResult)
                && checksResults == other.checksResults
                && Objects.equals(retryBudget, other.retryBudget)
                && recordRequestsInBudget == other.recordRequestsInBudget
                && Objects.equals(gate, other.gate);
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
                delay,
                latencyQuantile,
                latencyWindow,
                minimumNumberOfCalls,
                hedgeOnException,
                hedgeOnResult,
                checksResults,
                retryBudget,
                recordRequestsInBudget,
                gate);
    }

    @Override
    public String toString() {
        return "HedgeConfig[maxAttempts=" + maxAttempts + ", delay=" + delay
                + (Double.isNaN(latencyQuantile)
                        ? ""
                        : ", latencyQuantile=" + latencyQuantile + ", latencyWindow=" + latencyWindow
                                + ", minimumNumberOfCalls=" + minimumNumberOfCalls)
                + ", retryBudget=" + (retryBudget == null ? "none" : retryBudget.config())
                + ", recordRequestsInBudget=" + recordRequestsInBudget + ", gate=" + gate + "]";
    }

    /** A builder of {@link HedgeConfig}; not thread-safe. */
    public static final class Builder {

        private int maxAttempts = 2;
        private Duration delay = Duration.ofMillis(100);
        private double latencyQuantile = Double.NaN;
        private Duration latencyWindow = Duration.ofSeconds(10);
        private int minimumNumberOfCalls = 100;
        private Predicate<? super Throwable> hedgeOnException = failure -> true;
        private Predicate<Object> hedgeOnResult = result -> false;
        private boolean checksResults;
        private @Nullable RetryBudget retryBudget;
        private boolean recordRequestsInBudget = true;
        private HedgeGate gate = HedgeGate.alwaysOpen();

        private Builder() {}

        private Builder(HedgeConfig config) {
            this.maxAttempts = config.maxAttempts;
            this.delay = config.delay;
            this.latencyQuantile = config.latencyQuantile;
            this.latencyWindow = config.latencyWindow;
            this.minimumNumberOfCalls = config.minimumNumberOfCalls;
            this.hedgeOnException = config.hedgeOnException;
            this.hedgeOnResult = config.hedgeOnResult;
            this.checksResults = config.checksResults;
            this.retryBudget = config.retryBudget;
            this.recordRequestsInBudget = config.recordRequestsInBudget;
            this.gate = config.gate;
        }

        /**
         * Sets the attempts a call may have in all, the first included: 3 is the first attempt and up
         * to two hedges. At most this many attempts of one call ever run, in parallel or not.
         *
         * @param maxAttempts in [2, 16]
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder maxAttempts(int maxAttempts) {
            if (maxAttempts < 2 || maxAttempts > MAX_ATTEMPTS_LIMIT) {
                throw new IllegalArgumentException(
                        "maxAttempts must be in [2, " + MAX_ATTEMPTS_LIMIT + "], was " + maxAttempts);
            }
            this.maxAttempts = maxAttempts;
            return this;
        }

        /**
         * Sets the wait before each hedge, measured from the start of the attempt before it. With
         * {@link #delayAtLatencyQuantile(double)} it is the wait used until enough attempts have been
         * measured. Zero starts every attempt at once.
         *
         * @param delay the delay, zero or more
         * @return this builder
         * @throws IllegalArgumentException if negative or too long for a {@code long} of nanoseconds
         */
        public Builder delay(Duration delay) {
            this.delay = Arguments.notNegative("delay", delay);
            return this;
        }

        /**
         * Makes the delay follow recent latencies: a hedge starts once the attempt before it has run
         * longer than {@code quantile} of the attempts measured in the {@link #latencyWindow(Duration)}
         * (0.95: a call slower than the recent p95 is hedged, about one call in twenty). Latencies are
         * kept in a fixed-size log-linear histogram (1/16 relative precision), recorded without locks
         * or allocation.
         *
         * @param quantile in (0, 1)
         * @return this builder
         * @throws IllegalArgumentException if out of range or NaN
         */
        public Builder delayAtLatencyQuantile(double quantile) {
            if (!(quantile > 0.0 && quantile < 1.0)) {
                throw new IllegalArgumentException("latencyQuantile must be in (0, 1), was " + quantile);
            }
            this.latencyQuantile = quantile;
            return this;
        }

        /**
         * Makes the delay fixed again (the value of {@link #delay(Duration)}).
         *
         * @return this builder
         */
        public Builder fixedDelay() {
            this.latencyQuantile = Double.NaN;
            return this;
        }

        /**
         * Sets how far back the latencies of the quantile delay reach.
         *
         * @param latencyWindow from 100 ms to 1 hour
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder latencyWindow(Duration latencyWindow) {
            Arguments.positive("latencyWindow", latencyWindow);
            if (latencyWindow.compareTo(Duration.ofMillis(100)) < 0
                    || latencyWindow.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException("latencyWindow must be in [PT0.1S, PT1H], was " + latencyWindow);
            }
            this.latencyWindow = latencyWindow;
            return this;
        }

        /**
         * Sets how many attempts must be measured in the window before the quantile is trusted.
         *
         * @param minimumNumberOfCalls one or more
         * @return this builder
         * @throws IllegalArgumentException if less than one
         */
        public Builder minimumNumberOfCalls(int minimumNumberOfCalls) {
            this.minimumNumberOfCalls = Arguments.atLeast("minimumNumberOfCalls", minimumNumberOfCalls, 1);
            return this;
        }

        /**
         * Sets which failures are not acceptable (by default all): such an attempt does not end the
         * call; the hedge waits for the other attempts and starts the next one at once. A failure
         * the predicate refuses ends the call at once, as a result would.
         *
         * @param predicate {@code true} for failures to hedge past; thread-safe
         * @return this builder
         */
        public Builder hedgeOnException(Predicate<? super Throwable> predicate) {
            this.hedgeOnException = Objects.requireNonNull(predicate, "hedgeOnException");
            return this;
        }

        /**
         * Sets which results are not acceptable (by default none), for example an empty or stale
         * answer: such a result does not end the call while other attempts may still do better. If
         * every attempt is unacceptable, the call ends with the last outcome.
         *
         * @param predicate {@code true} for results to hedge past; thread-safe
         * @return this builder
         */
        public Builder hedgeOnResult(Predicate<Object> predicate) {
            this.hedgeOnResult = Objects.requireNonNull(predicate, "hedgeOnResult");
            this.checksResults = true;
            return this;
        }

        /**
         * Makes hedges draw on {@code budget}, one retry per hedge: a hedge the budget refuses is not
         * started. Give a {@link dev.nines.core.retry.Retry}'s budget
         * ({@code retry.budget().orElseThrow()}) to make retries and hedges share one budget, so
         * that during an outage the two together send at most about {@code 1 + retryRatio}
         * attempts per request.
         *
         * @param budget the budget
         * @param recordRequests whether this hedge records each call as a request in the budget:
         *     {@code true} when the hedge is used on its own, {@code false} when a retry with the same
         *     budget wraps it (in a pipeline, or by hand) and already records each call
         * @return this builder
         */
        public Builder retryBudget(RetryBudget budget, boolean recordRequests) {
            this.retryBudget = Objects.requireNonNull(budget, "retryBudget");
            this.recordRequestsInBudget = recordRequests;
            return this;
        }

        /**
         * Removes the retry budget: hedges are limited only by {@code maxAttempts}.
         *
         * @return this builder
         */
        public Builder withoutRetryBudget() {
            this.retryBudget = null;
            this.recordRequestsInBudget = true;
            return this;
        }

        /**
         * Sets the gate that allows hedging (by default always open). While it is closed, calls
         * pass straight through.
         *
         * @param gate the gate
         * @return this builder
         */
        public Builder gate(HedgeGate gate) {
            this.gate = Objects.requireNonNull(gate, "gate");
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return a new immutable configuration
         */
        public HedgeConfig build() {
            return new HedgeConfig(this);
        }
    }
}
