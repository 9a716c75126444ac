package dev.nines.core.access;

import dev.nines.core.internal.Arguments;
import java.util.Objects;

/**
 * What an {@link Authorizer} is asked: may {@code actor} take {@code action} on {@code target}, and
 * why.
 *
 * @param actor who asks, not blank
 * @param action the manual action
 * @param target what it acts on (a breaker name, {@code group/member} for a promotion, a system for
 *     a drill), not blank
 * @param reason why, not blank: it goes into the audit record
 */
public record AccessRequest(String actor, ManualAction action, String target, String reason) {

    /**
     * Checks the fields.
     *
     * @throws IllegalArgumentException if {@code actor}, {@code target} or {@code reason} is blank,
     *     naming the field and the value
     */
    public AccessRequest {
        Arguments.notBlank("actor", actor);
        Objects.requireNonNull(action, "action");
        Arguments.notBlank("target", target);
        Arguments.notBlank("reason", reason);
    }

    /**
     * Returns a request.
     *
     * @param actor who asks
     * @param action the action
     * @param target what it acts on
     * @param reason why
     * @return the request
     */
    public static AccessRequest of(String actor, ManualAction action, String target, String reason) {
        return new AccessRequest(actor, action, target, reason);
    }
}
