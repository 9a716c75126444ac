package dev.nines.failover.client;

import dev.nines.core.circuitbreaker.CircuitBreaker;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

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
    private final OutlierDetector.@Nullable Tracker outliers;

    /**
     * @param startNanos the router's clock reading when it chose the endpoint (the breaker's time
     *     source, which the router shares), from which the call's latency is measured
     */
    Route(Endpoint endpoint, CircuitBreaker breaker, OutlierDetector.@Nullable Tracker outliers, long startNanos) {
        this.endpoint = endpoint;
        this.breaker = breaker;
        this.outliers = outliers;
        this.startNanos = startNanos;
    }

    /**
     * Returns the chosen endpoint.
     *
     * @return the endpoint
     */
    public Endpoint endpoint() {
        return endpoint;
    }

    /** Records a success on the endpoint's breaker and, when the router has it, outlier detection. */
    public void onSuccess() {
        long latency = breaker.timeSource().nanoTime() - startNanos;
        breaker.onSuccess(latency);
        OutlierDetector.Tracker tracker = outliers;
        if (tracker != null) {
            tracker.onSuccess(latency);
        }
    }

    /**
     * Records a failure on the endpoint's breaker and, when the router has it, outlier detection (as
     * its {@link OutlierClassifier} says; a run of failures may eject the endpoint at once).
     *
     * @param error the failure
     */
    public void onError(Throwable error) {
        Objects.requireNonNull(error, "error");
        long end = breaker.timeSource().nanoTime();
        breaker.onError(end - startNanos, error);
        OutlierDetector.Tracker tracker = outliers;
        if (tracker != null) {
            tracker.onError(end - startNanos, error, end);
        }
    }

    /** Gives the breaker permission back without recording an outcome (the call was not made). */
    public void release() {
        breaker.releasePermission();
    }
}
