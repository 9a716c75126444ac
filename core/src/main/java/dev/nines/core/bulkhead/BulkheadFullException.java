package dev.nines.core.bulkhead;

import dev.nines.core.policy.CallRejectedException;
import java.util.Objects;

/**
 * Thrown when a {@link Bulkhead} has no free permit for a call and its wait (if any) ran out.
 *
 * <p>The exception carries no stack trace: rejections are frequent under overload and the cause is
 * always the same, so filling a stack trace would only add cost where it hurts most.
 */
public final class BulkheadFullException extends CallRejectedException {

    private static final long serialVersionUID = 1L;

    private final String bulkheadName;

    /**
     * Creates the exception for the named bulkhead.
     *
     * @param bulkheadName the name of the bulkhead that rejected the call
     */
    public BulkheadFullException(String bulkheadName) {
        super(
                Objects.requireNonNull(bulkheadName, "bulkheadName"),
                "Bulkhead '" + bulkheadName + "' is full and does not permit further calls",
                false);
        this.bulkheadName = bulkheadName;
    }

    /**
     * Returns the name of the bulkhead that rejected the call.
     *
     * @return the bulkhead name
     */
    public String bulkheadName() {
        return bulkheadName;
    }
}
