package dev.nines.failover.client;

/** Which detector of {@link OutlierDetection} ejected an endpoint. */
public enum EjectionReason {
    /** A run of consecutive failures (gateway failures included) reached the threshold. */
    CONSECUTIVE_FAILURES,
    /** A run of consecutive gateway failures reached its threshold. */
    CONSECUTIVE_GATEWAY_FAILURES,
    /** The success rate over the last interval fell below the others' mean minus k standard deviations. */
    SUCCESS_RATE,
    /** The failure percentage over the last interval reached the threshold. */
    FAILURE_PERCENTAGE,
    /** The latency percentile over the last interval exceeded k times the median of the others'. */
    LATENCY
}
