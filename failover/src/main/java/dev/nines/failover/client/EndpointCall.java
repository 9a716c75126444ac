package dev.nines.failover.client;

/**
 * A call made to one endpoint by {@link EndpointRouter#execute(WorkKind, EndpointCall)}.
 *
 * @param <T> the result type
 */
@FunctionalInterface
public interface EndpointCall<T> {

    /**
     * Makes the call.
     *
     * @param endpoint the chosen endpoint
     * @return the result
     * @throws Exception if the call failed
     */
    T call(Endpoint endpoint) throws Exception;
}
