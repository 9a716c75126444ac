package dev.nines.core.policy;

import java.util.Objects;

/**
 * The supertype of every rejection by a Nines policy: a circuit breaker that does not permit the
 * call, a full bulkhead, a rate limiter that refuses a permit, an adaptive limiter at its limit.
 * A rejected call never reached the dependency, so it says nothing about the dependency's health:
 * to keep local saturation from opening a breaker, ignore the whole family in one line:
 *
 * <pre>{@code
 * CircuitBreakerConfig.custom().ignoreExceptions(CallRejectedException.class).build();
 * }</pre>
 *
 * <p>Catch the concrete subclasses to tell the policies apart.
 */
public abstract class CallRejectedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The name of the policy that rejected the call. */
    private final String policyName;

    /**
     * Creates the exception.
     *
     * @param policyName the name of the policy that rejected the call
     * @param message the detail message
     * @param writableStackTrace whether to fill in a stack trace (rejections under overload are
     *     frequent, so most policies leave it off)
     */
    protected CallRejectedException(String policyName, String message, boolean writableStackTrace) {
        super(message, null, false, writableStackTrace);
        this.policyName = Objects.requireNonNull(policyName, "policyName");
    }

    /**
     * Returns the name of the policy that rejected the call.
     *
     * @return the policy's name
     */
    public String policyName() {
        return policyName;
    }
}
