package dev.nines.core.access;

/**
 * Decides whether a manual action may run: the SPI every manual action passes with its actor,
 * action and target before it changes anything.
 *
 * <p>An implementation records its decisions (the built-in {@code
 * dev.nines.failover.access.GrantStore} writes every grant, use, expiry and denial to the audit
 * log before answering). It must fail closed: when it cannot decide, or cannot record its decision,
 * it answers {@link Authorization.Denied}. An authorizer that throws is treated as a denial by
 * {@link #check(AccessRequest)}. Implementations must be thread-safe.
 *
 * <pre>{@code
 * Authorization.Permitted grant = authorizer.check(
 *         AccessRequest.of("alice", ManualAction.FORCE_FAILOVER, "orders-db/db-2", "db-1 disk failed"));
 * controller.forceFailover("alice", "db-2", "db-1 disk failed");
 * }</pre>
 */
@FunctionalInterface
public interface Authorizer {

    /**
     * Decides on a request.
     *
     * @param request what is asked
     * @return the decision
     */
    Authorization authorize(AccessRequest request);

    /**
     * Decides on a request and throws if it is denied, or if {@link #authorize} throws.
     *
     * @param request what is asked
     * @return the permission
     * @throws AccessDeniedException if denied; nothing has changed
     */
    default Authorization.Permitted check(AccessRequest request) {
        Authorization decision;
        try {
            decision = authorize(request);
        } catch (RuntimeException e) {
            AccessDeniedException denied =
                    new AccessDeniedException(request, "the authorizer failed: " + e.getMessage());
            denied.addSuppressed(e);
            throw denied;
        }
        if (decision instanceof Authorization.Permitted permitted) {
            return permitted;
        }
        throw new AccessDeniedException(request, ((Authorization.Denied) decision).reason());
    }
}
