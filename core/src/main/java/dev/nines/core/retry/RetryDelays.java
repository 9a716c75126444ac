package dev.nines.core.retry;

import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The {@link RetryDelayFunction} implementations and the reading of a carried retry-after. */
final class RetryDelays {

    /** How deep the cause chain of a failure is searched for a {@link RetryAfterCarrier}. */
    static final int MAX_CAUSE_DEPTH = 8;

    /** {@link #carriedRetryAfterNanos} when the outcome carries no retry-after. */
    static final long NONE = -1L;

    private RetryDelays() {}

    record FromBackoff(Backoff backoff) implements RetryDelayFunction {
        @Override
        public long delayNanos(int attempts, @Nullable Throwable failure, @Nullable Object result) {
            return backoff.delayNanos(attempts);
        }

        @Override
        public String toString() {
            return backoff.toString();
        }
    }

    /**
     * Returns the retry-after an outcome carries, in nanoseconds (saturated), or {@link #NONE}: the
     * failure or one of its first {@link #MAX_CAUSE_DEPTH} causes, else the result.
     */
    static long carriedRetryAfterNanos(@Nullable Throwable failure, @Nullable Object result) {
        if (failure != null) {
            Throwable current = failure;
            for (int depth = 0; current != null && depth < MAX_CAUSE_DEPTH; depth++) {
                if (current instanceof RetryAfterCarrier carrier) {
                    return nanos(carrier.retryAfter());
                }
                Throwable cause = current.getCause();
                current = cause == current ? null : cause;
            }
            return NONE;
        }
        return result instanceof RetryAfterCarrier carrier ? nanos(carrier.retryAfter()) : NONE;
    }

    private static long nanos(Optional<Duration> retryAfter) {
        // A carrier is user code: a null Optional is read as "none", like an empty one.
        if (retryAfter == null || retryAfter.isEmpty()) {
            return NONE;
        }
        Duration wait = retryAfter.get();
        if (wait.isNegative()) {
            return 0L;
        }
        return wait.compareTo(MAX) >= 0 ? Long.MAX_VALUE : wait.toNanos();
    }

    private static final Duration MAX = Duration.ofNanos(Long.MAX_VALUE);

    /**
     * The wait before the next attempt: the delay function's answer, raised to a carried
     * retry-after if there is one and {@code honor} is set; {@link RetryDelayFunction#NO_RETRY} if
     * the function says so or the carried wait exceeds {@code maxRetryAfterNanos}.
     */
    static long select(
            RetryDelayFunction function,
            boolean honor,
            long maxRetryAfterNanos,
            int attempts,
            @Nullable Throwable failure,
            @Nullable Object result) {
        long base = function.delayNanos(attempts, failure, result);
        if (base < 0) {
            return RetryDelayFunction.NO_RETRY;
        }
        if (!honor) {
            return base;
        }
        long carried = carriedRetryAfterNanos(failure, result);
        if (carried == NONE) {
            return base;
        }
        if (carried > maxRetryAfterNanos) {
            return RetryDelayFunction.NO_RETRY;
        }
        return Math.max(base, carried);
    }
}
