package dev.nines.failover.runbook;

import dev.nines.failover.DryRunReport;
import java.util.List;
import java.util.Objects;

/**
 * What a planned switchover would do, computed without side effects.
 *
 * @param target the member that would be promoted
 * @param steps the step names, in order
 * @param gates the controller's dry run: every candidate's gate results, including the target's
 */
public record SwitchoverPlan(String target, List<String> steps, DryRunReport gates) {

    /** Checks and copies the fields. */
    public SwitchoverPlan {
        Objects.requireNonNull(target, "target");
        steps = List.copyOf(steps);
        Objects.requireNonNull(gates, "gates");
    }
}
