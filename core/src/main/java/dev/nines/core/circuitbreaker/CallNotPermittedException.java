package dev.nines.core.circuitbreaker;

import dev.nines.core.policy.CallRejectedException;
import java.util.Objects;

/**
 * Thrown when a circuit breaker rejects a call (it is {@code OPEN}, {@code FORCED_OPEN}, or
 * {@code HALF_OPEN} with no trial permit left).
 *
 * <p>Has a stack trace unless the breaker's configuration turned
 * {@code writableStackTraceEnabled} off.
 */
public final class CallNotPermittedException extends CallRejectedException {

    private static final long serialVersionUID = 1L;

    /** The name of the breaker that rejected the call. */
    private final String breakerName;
    /** The breaker's state when it rejected the call. */
    private final CircuitBreaker.State state;

    private CallNotPermittedException(String breakerName, CircuitBreaker.State state, boolean writableStackTrace) {
        super(
                breakerName,
                "CircuitBreaker '" + breakerName + "' is " + state + " and does not permit further calls",
                writableStackTrace);
        this.breakerName = breakerName;
        this.state = state;
    }

    /**
     * Creates the exception for a rejection by {@code breaker} in its current state.
     *
     * @param breaker the breaker that rejected the call
     * @return a new exception
     */
    public static CallNotPermittedException of(CircuitBreaker breaker) {
        Objects.requireNonNull(breaker, "breaker");
        return new CallNotPermittedException(
                breaker.name(), breaker.state(), breaker.config().isWritableStackTraceEnabled());
    }

    /**
     * Returns the name of the breaker that rejected the call.
     *
     * @return the breaker's name
     */
    public String breakerName() {
        return breakerName;
    }

    /**
     * Returns the breaker's state when it rejected the call.
     *
     * @return the state
     */
    public CircuitBreaker.State state() {
        return state;
    }
}
