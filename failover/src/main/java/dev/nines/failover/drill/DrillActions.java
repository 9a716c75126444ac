package dev.nines.failover.drill;

import dev.nines.failover.CandidateReport;
import dev.nines.failover.Lag;
import dev.nines.failover.runbook.Runbook;
import dev.nines.failover.runbook.StepReport;
import dev.nines.failover.runbook.Switchover;
import dev.nines.failover.runbook.SwitchoverPlan;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The built-in {@link DrillAction}s: a planned switchover, for real or as a dry run. A chaos
 * experiment runs as a drill through {@code dev.nines.failover.drill.chaos.ExperimentAction}, kept
 * apart because it needs the optional slo module.
 */
public final class DrillActions {

    /** Measures what a recovery lost, after it. */
    @FunctionalInterface
    public interface DataLossProbe {
        /**
         * Measures the data loss: e.g. the old primary's last acknowledged write position minus the
         * new primary's position, in bytes.
         *
         * @return the loss, or {@link Lag#unknown()} if it cannot be told
         * @throws Exception if measuring failed (counts as unknown)
         */
        Lag measure() throws Exception;
    }

    private DrillActions() {}

    /**
     * A real planned switchover. Recovery time runs from the start of the fencing step (writes stop)
     * to the end of the repointing step (clients reach the new primary); data loss is the promoted
     * member's last reported lag, which the catch-up step reported just before the promotion.
     *
     * @param switchover the switchover, not started
     * @return the action
     */
    public static DrillAction switchover(Switchover switchover) {
        Objects.requireNonNull(switchover, "switchover");
        return switchover(
                switchover,
                () -> switchover.controller().member(switchover.target()).lag());
    }

    /**
     * A real planned switchover whose data loss {@code probe} measures after it.
     *
     * @param switchover the switchover, not started
     * @param probe measures the data loss once the switchover has succeeded
     * @return the action
     */
    public static DrillAction switchover(Switchover switchover, DataLossProbe probe) {
        return new SwitchoverAction(
                Objects.requireNonNull(switchover, "switchover"), Objects.requireNonNull(probe, "probe"));
    }

    /**
     * A dry run of a planned switchover: its plan and the controller's gate results for the target
     * (audited as a dry run); nothing changes. Feasible when the target passes every gate; the
     * expected data loss is the target's last reported lag.
     *
     * @param switchover the switchover
     * @return the action
     */
    public static DrillAction dryRun(Switchover switchover) {
        return new DryRunAction(Objects.requireNonNull(switchover, "switchover"));
    }

    private static String target(Switchover switchover) {
        return switchover.controller().name() + "/" + switchover.target();
    }

    private static final class SwitchoverAction implements DrillAction {
        private static final int FENCE = 2;
        private static final int REPOINT = 5;
        private final Switchover switchover;
        private final DataLossProbe probe;

        SwitchoverAction(Switchover switchover, DataLossProbe probe) {
            this.switchover = switchover;
            this.probe = probe;
        }

        @Override
        public String kind() {
            return "switchover";
        }

        @Override
        public String target() {
            return DrillActions.target(switchover);
        }

        @Override
        public boolean dryRun() {
            return false;
        }

        @Override
        public void start() {
            switchover.start();
        }

        @Override
        public DrillProgress poll() {
            Runbook.State state = switchover.runbook().state();
            if (state == Runbook.State.RUNNING) {
                state = switchover.tick();
            }
            switch (state) {
                case SUCCEEDED -> {
                    List<StepReport> steps = switchover.runbook().steps();
                    Instant disrupted = steps.get(FENCE).startedAt().orElseThrow();
                    Instant restored = steps.get(REPOINT).finishedAt().orElseThrow();
                    Lag loss;
                    try {
                        loss = Objects.requireNonNull(probe.measure(), "dataLoss");
                    } catch (Exception e) {
                        loss = Lag.unknown();
                    }
                    return new DrillProgress.Recovered(disrupted, restored, loss);
                }
                case ABORTED -> {
                    return new DrillProgress.Failed("switchover aborted: "
                            + switchover.runbook().abortReason().orElse("(no reason)"));
                }
                default -> {
                    return DrillProgress.RUNNING;
                }
            }
        }

        @Override
        public void abort(String reason) throws Exception {
            switchover.abort(reason);
        }
    }

    private static final class DryRunAction implements DrillAction {
        private final Switchover switchover;
        private @Nullable SwitchoverPlan plan;

        DryRunAction(Switchover switchover) {
            this.switchover = switchover;
        }

        @Override
        public String kind() {
            return "switchover";
        }

        @Override
        public String target() {
            return DrillActions.target(switchover);
        }

        @Override
        public boolean dryRun() {
            return true;
        }

        @Override
        public void start() {
            plan = switchover.dryRun();
        }

        @Override
        public DrillProgress poll() {
            SwitchoverPlan p = Objects.requireNonNull(plan, "plan");
            Optional<CandidateReport> report = p.gates().candidates().stream()
                    .filter(c -> c.memberId().equals(p.target()))
                    .findFirst();
            if (report.isEmpty()) {
                return new DrillProgress.Rehearsed(false, Lag.unknown(), p.target() + " is not a promotion candidate");
            }
            CandidateReport c = report.get();
            String detail = c.eligible()
                    ? p.steps().size() + " steps; " + p.target() + " passes every gate"
                    : p.target() + " fails " + c.failures();
            return new DrillProgress.Rehearsed(c.eligible(), c.lag(), detail);
        }
    }
}
