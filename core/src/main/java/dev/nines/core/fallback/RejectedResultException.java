package dev.nines.core.fallback;

/**
 * Passed to a fallback function when the call returned a result that {@code fallbackOnResult}
 * rejected (rather than throwing); {@link #result()} holds that result.
 */
public final class RejectedResultException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Object result;

    /**
     * Creates the exception.
     *
     * @param fallbackName the fallback's name
     * @param result the rejected result, possibly {@code null}
     */
    public RejectedResultException(String fallbackName, Object result) {
        super("Fallback '" + fallbackName + "' rejected the result " + result, null, false, false);
        this.result = result;
    }

    /**
     * Returns the rejected result.
     *
     * @return the result, possibly {@code null} (the call's own value)
     */
    public Object result() {
        return result;
    }
}
