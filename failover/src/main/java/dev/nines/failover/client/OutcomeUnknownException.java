package dev.nines.failover.client;

/**
 * Thrown when transactional work failed in flight: it may or may not have taken effect on the
 * endpoint. It is never retried automatically; the caller must reconcile (read back, or use an
 * idempotency key).
 */
public final class OutcomeUnknownException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String endpointId;

    /**
     * Creates the exception.
     *
     * @param endpointId the endpoint the work was sent to
     * @param cause the failure
     */
    public OutcomeUnknownException(String endpointId, Throwable cause) {
        super("outcome of transactional work on " + endpointId + " is unknown: " + cause, cause);
        this.endpointId = endpointId;
    }

    /**
     * Returns the endpoint the work was sent to.
     *
     * @return the endpoint id
     */
    public String endpointId() {
        return endpointId;
    }
}
