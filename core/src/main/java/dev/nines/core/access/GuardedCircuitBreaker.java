package dev.nines.core.access;

import dev.nines.core.circuitbreaker.CircuitBreaker;
import dev.nines.core.internal.Arguments;
import java.time.Duration;
import java.util.Objects;

/**
 * A circuit breaker's manual transitions behind an {@link Authorizer}: each method asks for {@link
 * ManualAction#BREAKER_TRANSITION} on the breaker's name, and transitions only if permitted. A
 * denied transition throws {@link AccessDeniedException} and leaves the breaker as it was.
 *
 * <p>Hand this facade, not the breaker, to operator tooling (an admin endpoint, a chat command): the
 * breaker's own {@code transitionTo*} and {@code reset} stay callable by code, unguarded. Thread-safe
 * if the authorizer is.
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
