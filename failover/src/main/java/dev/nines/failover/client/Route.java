package dev.nines.failover.client;

import dev.nines.core.circuitbreaker.CircuitBreaker;
import java.util.Objects;

/**
 * One routed call: the chosen endpoint and a permission from its circuit breaker. Finish it with
 * exactly one of {@link #onSuccess()}, {@link #onError(Throwable)} or {@link #release()}.
 *
 * <p>Not thread-safe; one route per call.
 */
public final class Route {

    private final Endpoint endpoint;
    private final CircuitBreaker breaker;
    private final long startNanos;

    Route(Endpoint endpoint, CircuitBreaker breaker) {
        this.endpoint = endpoint;
        this.breaker = breaker;
        this.startNanos = breaker.timeSource().nanoTime();
    }

    /**
     * Returns the chosen endpoint.
     *
     * @return the endpoint
     */
    public Endpoint endpoint() {
        return endpoint;
    }

    /** Records a success on the endpoint's breaker. */
    public void onSuccess() {
        breaker.onSuccess(breaker.timeSource().nanoTime() - startNanos);
    }

    /**
     * Records a failure on the endpoint's breaker.
     *
     * @param error the failure
     */
    public void onError(Throwable error) {
        breaker.onError(breaker.timeSource().nanoTime() - startNanos, Objects.requireNonNull(error, "error"));
    }

    /** Gives the breaker permission back without recording an outcome (the call was not made). */
    public void release() {
        breaker.releasePermission();
    }
}
