package dev.nines.failover.client;

/**
 * How a failed call counts for {@linkplain OutlierDetection outlier detection}, as an
 * {@link OutlierClassifier} decides it.
 */
public enum EndpointOutcome {
    /** The endpoint did its job (for example an HTTP 4xx caused by the request): counts as a success. */
    SUCCESS,
    /** A failure of the endpoint (for example an HTTP 500): counts towards the consecutive failures. */
    FAILURE,
    /**
     * A gateway failure (HTTP 502, 503, 504 or a connection failure): counts as a failure and also
     * towards the separate run of consecutive gateway failures.
     */
    GATEWAY_FAILURE,
    /** Not the endpoint's doing (for example the caller cancelled): not counted at all. */
    IGNORED
}
