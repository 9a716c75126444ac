package dev.nines.failover.access;

import dev.nines.core.access.AccessDeniedException;
import dev.nines.core.access.AccessRequest;
import dev.nines.core.access.Authorizer;
import dev.nines.core.access.ManualAction;
import dev.nines.core.internal.Arguments;
import dev.nines.failover.Decision;
import dev.nines.failover.FailoverController;
import dev.nines.failover.runbook.Runbook;
import dev.nines.failover.runbook.Switchover;
import java.util.Objects;

/**
 * A failover controller's manual actions behind an {@link Authorizer}: forced failover, switchover
 * (the controller's promotion step or a whole {@link Switchover} runbook) and rollback. Each asks
 * first with the actor, the action and the target ({@code group/member} for a promotion, {@code
 * group} for a rollback, where {@code group} is the controller's name), and acts only if permitted.
 * A denied action throws {@link AccessDeniedException} and changes nothing; the authorizer has
 * recorded the denial.
 *
 * <p>Automatic decisions (health and lag reports, rollback rules) do not pass through here: they are
 * the controller's, audited as such. Hand this facade, not the controller, to operator tooling.
 * Thread-safe.
 *
 * <pre>{@code
 * GuardedFailover guarded = GuardedFailover.of(controller, grantStore);
 * Decision d = guarded.forceFailover("alice", "db-2", "INC-4711: db-1 disk failing");
 * }</pre>
 */
public final class GuardedFailover {

    private final FailoverController controller;
    private final Authorizer authorizer;

    private GuardedFailover(FailoverController controller, Authorizer authorizer) {
        this.controller = controller;
        this.authorizer = authorizer;
    }

    /**
     * Guards a controller.
     *
     * @param controller the controller
     * @param authorizer decides on each manual action
     * @return the facade
     */
    public static GuardedFailover of(FailoverController controller, Authorizer authorizer) {
        return new GuardedFailover(
                Objects.requireNonNull(controller, "controller"), Objects.requireNonNull(authorizer, "authorizer"));
    }

    /**
     * Forces a failover to {@code targetId} if permitted; see {@link FailoverController#forceFailover}.
     *
     * @param actor the operator
     * @param targetId the member to promote
     * @param reason why
     * @return the controller's decision
     * @throws AccessDeniedException if denied (nothing changed)
     * @throws IllegalArgumentException naming the field if a string is blank
     */
    public Decision forceFailover(String actor, String targetId, String reason) {
        check(actor, ManualAction.FORCE_FAILOVER, member(targetId), reason);
        return controller.forceFailover(actor, targetId, reason);
    }

    /**
     * Runs the controller's switchover promotion to {@code targetId} if permitted; see {@link
     * FailoverController#switchover}.
     *
     * @param actor the operator
     * @param targetId the member to promote
     * @param expectedEpoch the epoch the switchover was planned at
     * @param reason why
     * @return the controller's decision
     * @throws AccessDeniedException if denied (nothing changed)
     */
    public Decision switchover(String actor, String targetId, long expectedEpoch, String reason) {
        check(actor, ManualAction.SWITCHOVER, member(targetId), reason);
        return controller.switchover(actor, targetId, expectedEpoch, reason);
    }

    /**
     * Starts a switchover runbook of this controller if its actor is permitted; see {@link
     * Switchover#start()}.
     *
     * @param switchover the switchover, built for this controller
     * @param reason why
     * @return the runbook state after the first attempts
     * @throws AccessDeniedException if denied (nothing started)
     * @throws IllegalArgumentException if the switchover drives another controller
     */
    public Runbook.State startSwitchover(Switchover switchover, String reason) {
        Objects.requireNonNull(switchover, "switchover");
        if (switchover.controller() != controller) {
            throw new IllegalArgumentException("switchover must drive controller " + controller.name() + ", was "
                    + switchover.controller().name());
        }
        check(switchover.actor(), ManualAction.SWITCHOVER, member(switchover.target()), reason);
        return switchover.start();
    }

    /**
     * Rolls back to the previous primary if permitted; see {@link FailoverController#rollback}.
     *
     * @param actor the operator
     * @param reason why
     * @return the controller's decision
     * @throws AccessDeniedException if denied (nothing changed)
     */
    public Decision rollback(String actor, String reason) {
        check(actor, ManualAction.ROLLBACK, controller.name(), reason);
        return controller.rollback(actor, reason);
    }

    /**
     * Returns the guarded controller (for reads: state, members, audit log).
     *
     * @return the controller
     */
    public FailoverController controller() {
        return controller;
    }

    private String member(String targetId) {
        return controller.name() + "/" + Arguments.notBlank("targetId", targetId);
    }

    private void check(String actor, ManualAction action, String target, String reason) {
        authorizer.check(AccessRequest.of(actor, action, target, reason));
    }
}
