package dev.nines.core.policy;

import dev.nines.core.time.TimeSource;

/**
 * A policy that guards each attempt of a call with a permission and learns how the attempt ended:
 * the circuit breaker, bulkhead, rate limiter and adaptive limiter. It is the form in which they
 * take part in a pipeline's synchronous attempts: the pipeline asks each guard for permission
 * (outermost first), reads the clock once when the call starts and once when it ends, and reports
 * that one duration to every guard (innermost first). A guard that refuses throws its
 * {@link CallRejectedException}; the guards that had already granted permission are told of that
 * rejection as the attempt's error (a breaker counts it unless it ignores it), as when the policies
 * are nested by hand.
 *
 * <pre>{@code
 * guard.acquirePermission();
 * long start = time.nanoTime();
 * try {
 *     T result = call.get();
 *     guard.onAttemptResult(time.nanoTime() - start, result);
 *     return result;
 * } catch (RuntimeException failure) {
 *     guard.onAttemptError(time.nanoTime() - start, failure);
 *     throw failure;
 * }
 * }</pre>
 *
 * <p>Exactly one of {@link #onAttemptResult} and {@link #onAttemptError} must follow each granted
 * permission. Implementations are thread-safe and allocate nothing on these paths.
 */
public interface AttemptGuard {

    /**
     * Returns the clock the guard's durations are measured on; a pipeline shares one start and
     * one end reading among consecutive guards that return the same time source.
     *
     * @return the time source
     */
    TimeSource timeSource();

    /**
     * Returns whether this guard needs the duration of an attempt that starts now: for a slow-call
     * rule, a latency sample, or an event a listener will receive. A pipeline asks every guard of
     * an attempt once, before the attempt, and reads the clock only if one of them says yes;
     * otherwise it reports a duration of 0 to every guard. The default is {@code true}.
     *
     * <p>Called on every attempt: implementations read a field or two and allocate nothing.
     *
     * @return whether the attempt's duration must be measured
     */
    default boolean needsDuration() {
        return true;
    }

    /**
     * Grants permission for one attempt, or refuses it.
     *
     * @throws CallRejectedException if the attempt is refused
     */
    void acquirePermission();

    /**
     * Reports that a permitted attempt returned {@code result} after {@code durationNanos}.
     *
     * @param durationNanos the attempt's duration in nanoseconds, not negative
     * @param result the attempt's result, may be null
     */
    void onAttemptResult(long durationNanos, Object result);

    /**
     * Reports that a permitted attempt failed with {@code error} after {@code durationNanos} (the
     * call's own failure, or a rejection by a guard inside this one).
     *
     * @param durationNanos the attempt's duration in nanoseconds, not negative
     * @param error the failure
     */
    void onAttemptError(long durationNanos, Throwable error);
}
