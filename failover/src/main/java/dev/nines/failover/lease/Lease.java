package dev.nines.failover.lease;

import dev.nines.core.internal.Arguments;

/**
 * One tenure of a lease, as a {@link LeaseStore} granted it: the lease name, the holder it was
 * granted to, and the fencing token the store issued for this grant.
 *
 * <p>The token is the store's: every grant of the same lease name carries a token greater than any
 * token the store issued for that name before (across holders, releases, expiry, restarts of every
 * client and fail-over of the store itself), and a renewal keeps it. A resource that remembers the
 * highest token it has seen can therefore reject a holder whose tenure ended, however late its
 * request arrives. Renew and release name the lease by this whole value: they succeed only for the
 * holder and the token of the tenure that is current at the store.
 *
 * @param name the lease name, not blank
 * @param holder the holder it was granted to, not blank
 * @param token the fencing token of this grant, at least 1
 */
public record Lease(String name, String holder, long token) {

    /**
     * Checks the components.
     *
     * @throws IllegalArgumentException if {@code name} or {@code holder} is blank or {@code token < 1}
     */
    public Lease {
        Arguments.notBlank("name", name);
        Arguments.notBlank("holder", holder);
        Arguments.atLeast("token", token, 1L);
    }
}
