package dev.nines.failover.client;

/**
 * Says how a call's failure counts for {@linkplain OutlierDetection outlier detection}: the user's
 * mapping of their client's exceptions to {@link EndpointOutcome}s. Successful calls need no
 * classification.
 *
 * <p>Called on the calling thread for every failed call, so it should be cheap and must not block.
 *
 * <pre>{@code
 * OutlierClassifier classifier = error -> {
 *     if (error instanceof HttpStatusException http) {
 *         int status = http.status();
 *         if (status == 502 || status == 503 || status == 504) return EndpointOutcome.GATEWAY_FAILURE;
 *         return status >= 500 ? EndpointOutcome.FAILURE : EndpointOutcome.SUCCESS;
 *     }
 *     return error instanceof ConnectException ? EndpointOutcome.GATEWAY_FAILURE : EndpointOutcome.FAILURE;
 * };
 * }</pre>
 */
@FunctionalInterface
public interface OutlierClassifier {

    /**
     * Classifies a failure.
     *
     * @param error the failure of a call
     * @return how it counts; never {@code null}
     */
    EndpointOutcome classify(Throwable error);

    /**
     * Returns the default classifier: every failure is an {@link EndpointOutcome#FAILURE}.
     *
     * @return the classifier
     */
    static OutlierClassifier allFailures() {
        return error -> EndpointOutcome.FAILURE;
    }
}
