package dev.nines.failover.access;

import dev.nines.core.access.ManualAction;
import dev.nines.core.internal.Arguments;
import java.time.Instant;
import java.util.Objects;

/**
 * A time-boxed right of one actor to one manual action on a target scope, approved by someone else.
 *
 * <p>A scope is either an exact target ({@code "orders-db/db-2"}) or a prefix ending in {@code *}
 * ({@code "orders-db/*"}; {@code "*"} alone matches every target). A grant is live from {@code
 * grantedAt} (inclusive) to {@code expiresAt} (exclusive), unless revoked.
 *
 * @param id the grant id, unique within its store
 * @param actor who may act
 * @param action what they may do
 * @param scope which targets
 * @param approver who approved, never the actor
 * @param reason why
 * @param grantedAt when it was granted
 * @param expiresAt when it expires
 */
public record Grant(
        String id,
        String actor,
        ManualAction action,
        String scope,
        String approver,
        String reason,
        Instant grantedAt,
        Instant expiresAt) {

    /**
     * Checks the fields.
     *
     * @throws IllegalArgumentException naming the field and value if a string is blank, the approver
     *     is the actor, or {@code expiresAt} is not after {@code grantedAt}
     */
    public Grant {
        Arguments.notBlank("id", id);
        Arguments.notBlank("actor", actor);
        Objects.requireNonNull(action, "action");
        Arguments.notBlank("scope", scope);
        Arguments.notBlank("approver", approver);
        Arguments.notBlank("reason", reason);
        Objects.requireNonNull(grantedAt, "grantedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (approver.equals(actor)) {
            throw new IllegalArgumentException("approver must differ from actor, was " + approver);
        }
        if (!expiresAt.isAfter(grantedAt)) {
            throw new IllegalArgumentException("expiresAt must be after grantedAt " + grantedAt + ", was " + expiresAt);
        }
    }

    /**
     * Returns whether this grant's scope covers {@code target}.
     *
     * @param target a target
     * @return {@code true} if the scope is the target or a matching {@code *} prefix
     */
    public boolean covers(String target) {
        if (scope.endsWith("*")) {
            return target.startsWith(scope.substring(0, scope.length() - 1));
        }
        return scope.equals(target);
    }

    /**
     * Returns whether this grant is live at {@code now} (ignoring revocation, which its store tracks).
     *
     * @param now the instant
     * @return {@code true} if {@code grantedAt <= now < expiresAt}
     */
    public boolean liveAt(Instant now) {
        return !now.isBefore(grantedAt) && now.isBefore(expiresAt);
    }
}
