package dev.nines.core.policy;

/**
 * A policy whose configuration can be replaced while it runs ("live reconfiguration"). The handle
 * the user holds, and every pipeline and decorator built from it, sees the new configuration from
 * the next call on; nothing needs rebuilding.
 *
 * <p>What survives a change is decided per policy and documented in each policy's
 * {@code reconfigure} (and in the README's table "core: live reconfiguration"): state is kept where
 * the change allows it (a circuit breaker's window survives a threshold change, a bulkhead's
 * calls in flight survive a new limit) and reset where it does not (a new window size starts an
 * empty window). Calls in progress finish under the configuration they started with, unless the
 * policy's documentation says otherwise.
 *
 * <p>Each change that is applied publishes the policy's {@code ConfigurationChanged} event (old and
 * new configuration) to its listeners and its registry's, and adds one to
 * {@link #configurationChanges()}, which the Micrometer binders export as
 * {@code nines.<policy>.configuration.changes}. The event is delivered after the policy's lock is
 * released, so a listener may call back into the policy, from any thread; events are delivered in
 * the order the changes were applied. When changes race, an event may be delivered by the thread
 * delivering the previous one, shortly after its own {@code reconfigure} returned.
 *
 * <p>Invalid configuration (one this policy cannot run with) throws
 * {@link IllegalArgumentException} naming the field and the value, and the configuration in force
 * stays as it was. Reconfiguring never blocks calls and costs the per-call path no lock and no
 * allocation: implementations read their configuration through one volatile reference. Concurrent
 * {@code reconfigure} calls are applied one at a time; the last one wins.
 *
 * <pre>{@code
 * CircuitBreaker breaker = breakers.circuitBreaker("payments");
 * breaker.reconfigure(breaker.config().toBuilder().failureRateThreshold(25).build());
 * // or, by name: breakers.reconfigure("payments", newConfig);
 * }</pre>
 *
 * @param <C> the configuration type
 */
public interface Reconfigurable<C> {

    /**
     * Replaces the configuration. Replacing it with the configuration in force (the same object) is
     * a no-op that publishes nothing; an equal copy (configurations compare by value) is applied as a
     * change.
     *
     * @param newConfig the new configuration
     * @return the configuration that was in force before
     * @throws IllegalArgumentException if this policy cannot run with {@code newConfig} (the message
     *     names the field and the value); the previous configuration stays in force
     * @throws NullPointerException if {@code newConfig} is null
     */
    C reconfigure(C newConfig);

    /**
     * Returns how many times {@link #reconfigure} changed the configuration since creation.
     *
     * @return the number of applied changes, zero or more
     */
    long configurationChanges();
}
