package dev.nines.failover;

/**
 * The user-supplied side effects of a promotion: what it means, for this backend, to promote a
 * standby and to fence the old primary (revoke its credentials, set it read-only, STONITH).
 *
 * <p>Called by the controller with its state lock held, at most one promotion at a time. A
 * {@code promote} that throws leaves the roles unchanged (the new epoch is spent, never reused); a
 * {@code fence} that throws is logged and the old primary is still marked {@link Role#FENCED}, since
 * the epoch has already moved and {@link dev.nines.failover.fence.Fence}s reject it.
 */
public interface FailoverActions {

    /** Actions that do nothing, for controllers whose only effect is the epoch and the fences. */
    FailoverActions NONE = (memberId, epoch) -> {};

    /**
     * Makes {@code memberId} the primary at {@code epoch}.
     *
     * @param memberId the member to promote
     * @param epoch the new fencing epoch
     * @throws Exception if the promotion failed
     */
    void promote(String memberId, long epoch) throws Exception;

    /**
     * Stops the replaced primary from serving writes; does nothing by default.
     *
     * @param memberId the member to fence
     * @param epoch the epoch that replaced it
     * @throws Exception if fencing failed
     */
    default void fence(String memberId, long epoch) throws Exception {}
}
