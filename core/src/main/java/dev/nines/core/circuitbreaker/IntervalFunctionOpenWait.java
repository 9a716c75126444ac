package dev.nines.core.circuitbreaker;

import io.github.resilience4j.core.IntervalFunction;

/**
 * Adapts resilience4j's {@link IntervalFunction} (milliseconds per attempt) to the breaker's wait
 * in OPEN. The only class that touches resilience4j-core, loaded only when a user passes one.
 */
final class IntervalFunctionOpenWait implements CircuitBreakerConfig.OpenWait {

    private final IntervalFunction function;

    IntervalFunctionOpenWait(IntervalFunction function) {
        this.function = function;
    }

    @Override
    public long waitNanos(int attempts) {
        long millis = function.apply(attempts);
        return millis >= Long.MAX_VALUE / 1_000_000 ? Long.MAX_VALUE : Math.max(0, millis) * 1_000_000;
    }
}
