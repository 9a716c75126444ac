package dev.nines.failover.access;

import dev.nines.core.access.AccessDeniedException;
import dev.nines.core.access.AccessRequest;
import dev.nines.core.access.Authorizer;
import dev.nines.core.access.ManualAction;
import dev.nines.core.internal.Arguments;
import dev.nines.failover.ControllerState;
import dev.nines.failover.Decision;
import dev.nines.failover.DryRunReport;
import dev.nines.failover.FailoverController;
import dev.nines.failover.MemberStatus;
import dev.nines.failover.Trigger;
import dev.nines.failover.audit.AuditLog;
import dev.nines.failover.runbook.Runbook;
import dev.nines.failover.runbook.Switchover;
import java.util.List;
import java.util.Objects;

/**
 * A failover controller's manual actions behind an {@link Authorizer}: forced failover, switchover
 * (the controller's promotion step or a whole {@link Switchover} runbook), rollback, an operator's
 * failover request, acknowledgement and a fenced member's rejoin. Each asks first with the actor,
 * the action and the target ({@code group/member} for an action on a member, {@code group} for one
 * on the whole controller, where {@code group} is the controller's name), and acts only if
 * permitted. A denied action throws {@link AccessDeniedException} and changes nothing; the
 * authorizer has recorded the denial.
 *
 * <p>The facade never hands out the controller: it offers every operator action of {@link
 * FailoverController}, guarded, and reads ({@link #state}, {@link #epoch}, {@link #primary}, {@link
 * #members}, {@link #auditLog}, {@link #dryRun}). What it leaves out is not a manual action:
 * automatic decisions (health and lag reports, breaker triggers, rollback rules) are the
 * controller's, audited as such; {@code addFence} and {@code triggerOn} wire the controller up in
 * code; a dry run changes nothing but its own audit record. Aborting a started {@link Switchover}
 * stops a change and is deliberately not guarded. Hand this facade, not the controller, to operator
 * tooling. Thread-safe.
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
     * Asks for a failover by hand ({@link Trigger#OPERATOR}) if permitted; the gates choose and check
     * the target. See {@link FailoverController#requestFailover}.
     *
     * @param actor the operator
     * @param expectedEpoch the epoch the operator saw
     * @param reason why
     * @return the controller's decision
     * @throws AccessDeniedException if denied (nothing changed)
     */
    public Decision requestFailover(String actor, long expectedEpoch, String reason) {
        check(actor, ManualAction.FAILOVER_REQUEST, controller.name(), reason);
        return controller.requestFailover(Trigger.OPERATOR, actor, expectedEpoch, reason);
    }

    /**
     * Acknowledges the latest failover if permitted, lifting the anti-flapping window; see {@link
     * FailoverController#acknowledge}.
     *
     * @param actor the operator
     * @param reason why
     * @throws AccessDeniedException if denied (nothing changed)
     */
    public void acknowledge(String actor, String reason) {
        check(actor, ManualAction.ACKNOWLEDGE, controller.name(), reason);
        controller.acknowledge(actor, reason);
    }

    /**
     * Lets a fenced member rejoin as a standby if permitted; see {@link FailoverController#rejoin}.
     * The controller's audit record of the rejoin names the actor; the reason is in the
     * authorizer's record of the use.
     *
     * @param actor the operator
     * @param memberId the fenced member, re-synchronised from the new primary
     * @param reason why
     * @throws AccessDeniedException if denied (nothing changed)
     */
    public void rejoin(String actor, String memberId, String reason) {
        check(actor, ManualAction.REJOIN, member(memberId), reason);
        controller.rejoin(memberId, actor);
    }

    /**
     * Computes what a failover would do now without doing it; not guarded (it changes nothing but
     * writes one audit record naming {@code actor}). See {@link FailoverController#dryRun}.
     *
     * @param actor who asks
     * @return the report
     */
    public DryRunReport dryRun(String actor) {
        return controller.dryRun(actor);
    }

    /**
     * Returns the guarded controller's name (the group in every target).
     *
     * @return the name
     */
    public String name() {
        return controller.name();
    }

    /**
     * Returns the controller's state.
     *
     * @return the state
     */
    public ControllerState state() {
        return controller.state();
    }

    /**
     * Returns the controller's fencing epoch.
     *
     * @return the epoch
     */
    public long epoch() {
        return controller.epoch();
    }

    /**
     * Returns the current primary's id.
     *
     * @return the primary
     */
    public String primary() {
        return controller.primary();
    }

    /**
     * Returns every member's status.
     *
     * @return the members
     */
    public List<MemberStatus> members() {
        return controller.members();
    }

    /**
     * Returns the controller's audit log (decisions, grants and denials).
     *
     * @return the audit log
     */
    public AuditLog auditLog() {
        return controller.auditLog();
    }

    private String member(String targetId) {
        return controller.name() + "/" + Arguments.notBlank("targetId", targetId);
    }

    private void check(String actor, ManualAction action, String target, String reason) {
        authorizer.check(AccessRequest.of(actor, action, target, reason));
    }
}
