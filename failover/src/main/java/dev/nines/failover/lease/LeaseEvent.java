package dev.nines.failover.lease;

import java.time.Instant;

/** A change of leadership seen by one {@link LeadershipLease}. */
public sealed interface LeaseEvent {

    /**
     * Returns the lease name.
     *
     * @return the lease name
     */
    String lease();

    /**
     * Returns when it happened.
     *
     * @return the time
     */
    Instant time();

    /**
     * This instance became the leader.
     *
     * @param lease the lease name
     * @param time when
     * @param holder this instance's holder id
     * @param token the fencing token the store issued for this tenure
     */
    record Acquired(String lease, Instant time, String holder, long token) implements LeaseEvent {}

    /**
     * This instance stopped leading: it could not renew in time, or released the lease.
     *
     * @param lease the lease name
     * @param time when
     * @param holder this instance's holder id
     * @param reason why
     */
    record Demoted(String lease, Instant time, String holder, String reason) implements LeaseEvent {}
}
