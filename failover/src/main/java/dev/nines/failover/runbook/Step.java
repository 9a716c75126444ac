package dev.nines.failover.runbook;

import dev.nines.core.internal.Arguments;
import java.time.Duration;
import java.util.Objects;

/**
 * One step of a {@link Runbook}: a name, the action, a timeout, how to undo it, and whether it is a
 * point of no return.
 *
 * <p>When a runbook aborts it undoes completed steps in reverse order. An {@code irreversible} step
 * (such as a promotion, which spent an epoch) is not undone, and the steps before it are not undone
 * either, except those marked {@code undoAlways} (such as restoring a DNS TTL).
 *
 * @param name the step name, used in audit records
 * @param action the action
 * @param timeout how long the step may stay pending, from its start; {@link #NO_TIMEOUT} for none
 * @param undo how to undo it; {@link UndoAction#NONE} if nothing
 * @param irreversible whether it is a point of no return
 * @param undoAlways whether to undo it on abort even past a completed irreversible step
 */
public record Step(
        String name, StepAction action, Duration timeout, UndoAction undo, boolean irreversible, boolean undoAlways) {

    /** A timeout that never fires. */
    public static final Duration NO_TIMEOUT = Arguments.MAX_NANOS;

    /**
     * Checks the fields.
     *
     * @throws IllegalArgumentException if {@code name} is blank or {@code timeout} not positive
     */
    public Step {
        Arguments.notBlank("name", name);
        Objects.requireNonNull(action, "action");
        Arguments.fitsInNanos("timeout", Arguments.positive("timeout", timeout));
        Objects.requireNonNull(undo, "undo");
    }

    /**
     * Returns a reversible step without timeout or undo.
     *
     * @param name the step name
     * @param action the action
     * @return a new step
     */
    public static Step of(String name, StepAction action) {
        return new Step(name, action, NO_TIMEOUT, UndoAction.NONE, false, false);
    }

    /**
     * Returns a copy with a timeout.
     *
     * @param timeout the timeout, positive
     * @return a new step
     */
    public Step withTimeout(Duration timeout) {
        return new Step(name, action, timeout, undo, irreversible, undoAlways);
    }

    /**
     * Returns a copy with an undo action.
     *
     * @param undo the undo action
     * @return a new step
     */
    public Step withUndo(UndoAction undo) {
        return new Step(name, action, timeout, undo, irreversible, undoAlways);
    }

    /**
     * Returns a copy marked as a point of no return.
     *
     * @return a new step
     */
    public Step asIrreversible() {
        return new Step(name, action, timeout, undo, true, undoAlways);
    }

    /**
     * Returns a copy that is undone on abort even past a completed irreversible step.
     *
     * @return a new step
     */
    public Step asUndoAlways() {
        return new Step(name, action, timeout, undo, irreversible, true);
    }
}
