package dev.nines.core.access;

import dev.nines.core.circuitbreaker.CircuitBreaker;
import dev.nines.core.circuitbreaker.CircuitBreakerConfig;
import dev.nines.core.internal.Arguments;
import java.time.Duration;
import java.util.Objects;

/**
 * A circuit breaker's manual actions behind an {@link Authorizer}: each transition and {@link
 * #reset} asks for {@link ManualAction#BREAKER_TRANSITION} on the breaker's name, {@link
 * #reconfigure} for {@link ManualAction#RECONFIGURE}, and acts only if permitted. A denied action
 * throws {@link AccessDeniedException} and leaves the breaker as it was; the authorizer has recorded
 * the denial (the built-in {@code GrantStore} audits it).
 *
 * <p>Hand this facade, not the breaker, to operator tooling (an admin endpoint, a chat command): it
 * offers every state-changing method of the breaker that an operator may call, guarded, plus reads
 * ({@link #name}, {@link #state}, {@link #config}), and never hands out the breaker itself. The
 * breaker's own {@code transitionTo*}, {@code reset} and {@code reconfigure}, and its registry's
 * {@code reconfigure(name, config)}, stay callable by code, unguarded: they are the application's,
 * not an operator's. Recording calls ({@code onSuccess}, {@code onError}, permissions) are the
 * breaker's normal operation, not manual actions, and are not offered here. Thread-safe if the
 * authorizer is.
 *
 * <pre>{@code
 * GuardedCircuitBreaker guarded = GuardedCircuitBreaker.of(breaker, grantStore);
 * guarded.transitionToForcedOpenState("alice", "psp maintenance window");   // throws if no live grant
 * }</pre>
 */
public final class GuardedCircuitBreaker {

    private final CircuitBreaker breaker;
    private final Authorizer authorizer;

    private GuardedCircuitBreaker(CircuitBreaker breaker, Authorizer authorizer) {
        this.breaker = breaker;
        this.authorizer = authorizer;
    }

    /**
     * Guards a breaker.
     *
     * @param breaker the breaker
     * @param authorizer decides on each manual transition
     * @return the facade
     */
    public static GuardedCircuitBreaker of(CircuitBreaker breaker, Authorizer authorizer) {
        return new GuardedCircuitBreaker(
                Objects.requireNonNull(breaker, "breaker"), Objects.requireNonNull(authorizer, "authorizer"));
    }

    /**
     * Returns the guarded breaker's name (the target of every request).
     *
     * @return the name
     */
    public String name() {
        return breaker.name();
    }

    /**
     * Returns the guarded breaker's state.
     *
     * @return the state
     */
    public CircuitBreaker.State state() {
        return breaker.state();
    }

    /**
     * Returns the guarded breaker's configuration.
     *
     * @return the configuration in force
     */
    public CircuitBreakerConfig config() {
        return breaker.config();
    }

    /**
     * Replaces the breaker's configuration, if permitted; see {@link CircuitBreaker#reconfigure}. The
     * request asks for {@link ManualAction#RECONFIGURE} on the breaker's name; its reason names the
     * new configuration, so the audit record says what was set.
     *
     * @param actor who asks
     * @param newConfig the configuration to put in force
     * @param reason why
     * @return the configuration in force before
     * @throws AccessDeniedException if denied (the configuration in force stays)
     * @throws IllegalArgumentException if {@code reason} is blank, or the breaker cannot run with
     *     {@code newConfig} (the configuration in force stays)
     */
    public CircuitBreakerConfig reconfigure(String actor, CircuitBreakerConfig newConfig, String reason) {
        Objects.requireNonNull(newConfig, "newConfig");
        Arguments.notBlank("reason", reason);
        authorizer.check(AccessRequest.of(
                actor, ManualAction.RECONFIGURE, breaker.name(), "reconfigure to " + newConfig + ": " + reason));
        return breaker.reconfigure(newConfig);
    }

    /**
     * Closes the breaker, if permitted.
     *
     * @param actor who asks
     * @param reason why
     * @throws AccessDeniedException if denied
     */
    public void transitionToClosedState(String actor, String reason) {
        check(actor, "close", reason);
        breaker.transitionToClosedState();
    }

    /**
     * Opens the breaker for its configured wait, if permitted.
     *
     * @param actor who asks
     * @param reason why
     * @throws AccessDeniedException if denied
     */
    public void transitionToOpenState(String actor, String reason) {
        check(actor, "open", reason);
        breaker.transitionToOpenState();
    }

    /**
     * Opens the breaker for {@code wait}, if permitted.
     *
     * @param actor who asks
     * @param wait how long to stay open
     * @param reason why
     * @throws AccessDeniedException if denied
     */
    public void transitionToOpenStateFor(String actor, Duration wait, String reason) {
        Objects.requireNonNull(wait, "wait");
        check(actor, "open for " + wait, reason);
        breaker.transitionToOpenStateFor(wait);
    }

    /**
     * Moves the breaker to half-open, if permitted.
     *
     * @param actor who asks
     * @param reason why
     * @throws AccessDeniedException if denied
     */
    public void transitionToHalfOpenState(String actor, String reason) {
        check(actor, "half-open", reason);
        breaker.transitionToHalfOpenState();
    }

    /**
     * Forces the breaker open until a manual transition out, if permitted.
     *
     * @param actor who asks
     * @param reason why
     * @throws AccessDeniedException if denied
     */
    public void transitionToForcedOpenState(String actor, String reason) {
        check(actor, "force open", reason);
        breaker.transitionToForcedOpenState();
    }

    /**
     * Disables the breaker (every call permitted, nothing recorded), if permitted.
     *
     * @param actor who asks
     * @param reason why
     * @throws AccessDeniedException if denied
     */
    public void transitionToDisabledState(String actor, String reason) {
        check(actor, "disable", reason);
        breaker.transitionToDisabledState();
    }

    /**
     * Moves the breaker to metrics-only, if permitted.
     *
     * @param actor who asks
     * @param reason why
     * @throws AccessDeniedException if denied
     */
    public void transitionToMetricsOnlyState(String actor, String reason) {
        check(actor, "metrics only", reason);
        breaker.transitionToMetricsOnlyState();
    }

    /**
     * Resets the breaker to closed with empty metrics, if permitted.
     *
     * @param actor who asks
     * @param reason why
     * @throws AccessDeniedException if denied
     */
    public void reset(String actor, String reason) {
        check(actor, "reset", reason);
        breaker.reset();
    }

    private void check(String actor, String transition, String reason) {
        Arguments.notBlank("reason", reason);
        authorizer.check(
                AccessRequest.of(actor, ManualAction.BREAKER_TRANSITION, breaker.name(), transition + ": " + reason));
    }

    @Override
    public String toString() {
        return "GuardedCircuitBreaker[" + breaker.name() + "]";
    }
}
