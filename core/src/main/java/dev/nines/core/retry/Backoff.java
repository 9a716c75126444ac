package dev.nines.core.retry;

import dev.nines.core.internal.Arguments;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;

/**
 * How long a {@link Retry} waits before the next attempt, as a function of the number of attempts
 * made so far.
 *
 * <p>The plain factories ({@link #fixed(Duration)}, {@link #exponential(Duration, double, Duration)},
 * {@link #withJitter(double)}) need nothing beyond the JDK. {@link #of(Function)} adapts a
 * function of milliseconds per attempt, such as resilience4j's {@code IntervalFunction} (it boxes
 * on every wait).
 *
 * <p>Implementations must be thread-safe and must not block.
 *
 * <pre>{@code
 * // 100 ms, 200 ms, 400 ms, ... capped at 5 s, each randomized by +/- 50 %
 * Backoff backoff = Backoff.exponential(Duration.ofMillis(100), 2.0, Duration.ofSeconds(5))
 *         .withJitter(0.5);
 * }</pre>
 */
@FunctionalInterface
public interface Backoff {

    /**
     * Returns the wait before the next attempt.
     *
     * @param attempts the number of attempts made so far (1 before the first retry)
     * @return the wait in nanoseconds, never negative
     */
    long delayNanos(int attempts);

    /**
     * Returns a backoff that always waits {@code waitDuration}.
     *
     * @param waitDuration the wait, zero or more
     * @return a fixed backoff
     * @throws IllegalArgumentException if {@code waitDuration} is negative
     */
    static Backoff fixed(Duration waitDuration) {
        Arguments.notNegative("waitDuration", waitDuration);
        return new Backoffs.Fixed(waitDuration.toNanos());
    }

    /**
     * Returns an exponential backoff without a cap: {@code initialInterval * multiplier^(attempts - 1)}
     * (saturating at {@code Long.MAX_VALUE} nanoseconds).
     *
     * @param initialInterval the wait before the first retry, positive
     * @param multiplier the growth factor, at least 1
     * @return an exponential backoff
     * @throws IllegalArgumentException if an argument is out of range
     */
    static Backoff exponential(Duration initialInterval, double multiplier) {
        return exponential(initialInterval, multiplier, Duration.ofNanos(Long.MAX_VALUE));
    }

    /**
     * Returns an exponential backoff capped at {@code maxInterval}:
     * {@code min(maxInterval, initialInterval * multiplier^(attempts - 1))}.
     *
     * @param initialInterval the wait before the first retry, positive
     * @param multiplier the growth factor, at least 1
     * @param maxInterval the largest wait, at least {@code initialInterval}
     * @return a capped exponential backoff
     * @throws IllegalArgumentException if an argument is out of range
     */
    static Backoff exponential(Duration initialInterval, double multiplier, Duration maxInterval) {
        Arguments.positive("initialInterval", initialInterval);
        Arguments.atLeast("multiplier", multiplier, 1.0);
        Arguments.positive("maxInterval", maxInterval);
        if (maxInterval.compareTo(initialInterval) < 0) {
            throw new IllegalArgumentException(
                    "maxInterval must be at least initialInterval (" + initialInterval + "), was " + maxInterval);
        }
        return new Backoffs.Exponential(initialInterval.toNanos(), multiplier, maxInterval.toNanos());
    }

    /**
     * Adapts a function from the attempt number (counted from 1) to the wait in milliseconds. A
     * resilience4j {@code io.github.resilience4j.core.IntervalFunction} is such a function, so
     * {@code Backoff.of(IntervalFunction.ofExponentialBackoff(100, 2.0))} works unchanged; taking a
     * plain {@link Function} keeps resilience4j out of Nines' signatures. Boxes on every wait.
     *
     * @param millisPerAttempt the wait in milliseconds for each attempt number
     * @return a backoff that delegates to it; a negative or null wait is treated as zero
     */
    static Backoff of(Function<? super Integer, ? extends Long> millisPerAttempt) {
        Objects.requireNonNull(millisPerAttempt, "millisPerAttempt");
        return new Backoffs.FromMillisFunction(millisPerAttempt);
    }

    /**
     * Returns this backoff randomized uniformly within {@code +/- randomizationFactor} of each
     * wait ("jitter", which spreads out the retries of many clients that failed together).
     *
     * @param randomizationFactor the relative spread, in [0, 1]; 0 returns this backoff
     * @return the jittered backoff
     * @throws IllegalArgumentException if {@code randomizationFactor} is outside [0, 1]
     */
    default Backoff withJitter(double randomizationFactor) {
        Arguments.inClosed("randomizationFactor", randomizationFactor, 0.0, 1.0);
        return randomizationFactor == 0.0 ? this : new Backoffs.Jittered(this, randomizationFactor);
    }

    /**
     * Returns this backoff capped at {@code maxInterval}.
     *
     * @param maxInterval the largest wait, zero or more
     * @return the capped backoff
     * @throws IllegalArgumentException if {@code maxInterval} is negative
     */
    default Backoff withMaxInterval(Duration maxInterval) {
        Arguments.notNegative("maxInterval", maxInterval);
        return new Backoffs.Capped(this, maxInterval.toNanos());
    }
}
