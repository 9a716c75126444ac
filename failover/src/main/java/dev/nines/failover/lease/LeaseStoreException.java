package dev.nines.failover.lease;

/**
 * Thrown by a {@link LeaseStore} or {@link ControllerStateStore} that could not give an answer: the
 * store is unreachable, timed out, failed in the middle of a call, or its schema is missing or from
 * another version. The message names the store and its address and, for a schema problem, says how
 * to create or migrate it.
 *
 * <p>A lease operation that throws has an unknown outcome: the store may or may not have applied
 * it. {@link LeadershipLease} treats it as a failed attempt and steps down when its renew deadline
 * passes; a grant it did not hear about is harmless, since the next acquire by the same holder
 * replaces it with a new token.
 */
public class LeaseStoreException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed, naming the store and its address
     */
    public LeaseStoreException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what failed, naming the store and its address
     * @param cause the driver's or client's exception
     */
    public LeaseStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
