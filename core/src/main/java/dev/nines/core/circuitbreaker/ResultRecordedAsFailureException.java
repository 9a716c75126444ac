package dev.nines.core.circuitbreaker;

/**
 * Stands for a result that the {@code recordResult} predicate classed as a failure, in
 * {@link CircuitBreakerEvent.Error} events. Never thrown to the caller; has no stack trace.
 */
public final class ResultRecordedAsFailureException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Object result;

    ResultRecordedAsFailureException(String breakerName, Object result) {
        super("CircuitBreaker '" + breakerName + "' recorded result '" + result + "' as a failure", null, false, false);
        this.result = result;
    }

    /**
     * Returns the result recorded as a failure.
     *
     * @return the result (not serialized)
     */
    public Object result() {
        return result;
    }
}
