package dev.nines.failover.drill;

import dev.nines.failover.Lag;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** Where a {@link DrillAction} is: running, recovered, rehearsed (dry run) or failed. */
public sealed interface DrillProgress {

    /** Returns the one running progress. */
    DrillProgress RUNNING = new Running();

    /** Still running. */
    record Running() implements DrillProgress {}

    /**
     * The system was disrupted and has recovered.
     *
     * @param disruptedAt when service was interrupted (e.g. the old primary was fenced, or a fault
     *     injection started)
     * @param restoredAt when service was restored (e.g. clients were repointed, or the steady state
     *     began to hold again)
     * @param dataLoss what may have been lost: the promoted member's lag at promotion, or the gap
     *     between the last acknowledged and the last recovered position; empty when the action does
     *     not measure data loss (a fault-injection experiment without a data-loss probe), which the
     *     evidence then says instead of reporting a loss of zero
     */
    record Recovered(Instant disruptedAt, Instant restoredAt, Optional<Lag> dataLoss) implements DrillProgress {
        /**
         * Checks the fields.
         *
         * @throws IllegalArgumentException if {@code restoredAt} is before {@code disruptedAt}
         */
        public Recovered {
            Objects.requireNonNull(disruptedAt, "disruptedAt");
            Objects.requireNonNull(restoredAt, "restoredAt");
            Objects.requireNonNull(dataLoss, "dataLoss");
            if (restoredAt.isBefore(disruptedAt)) {
                throw new IllegalArgumentException(
                        "restoredAt must not be before disruptedAt " + disruptedAt + ", was " + restoredAt);
            }
        }

        /**
         * A recovery whose data loss was measured.
         *
         * @param disruptedAt when service was interrupted
         * @param restoredAt when service was restored
         * @param dataLoss what may have been lost ({@link Lag#unknown()} if it could not be told)
         * @throws IllegalArgumentException if {@code restoredAt} is before {@code disruptedAt}
         */
        public Recovered(Instant disruptedAt, Instant restoredAt, Lag dataLoss) {
            this(disruptedAt, restoredAt, Optional.of(Objects.requireNonNull(dataLoss, "dataLoss")));
        }

        /**
         * Returns the recovery time.
         *
         * @return {@code restoredAt - disruptedAt}
         */
        public Duration recoveryTime() {
            return Duration.between(disruptedAt, restoredAt);
        }
    }

    /**
     * A dry run completed: nothing changed.
     *
     * @param feasible whether the real action would be allowed now (e.g. the target passes every
     *     gate, or an experiment's guard and preconditions would let it inject)
     * @param expectedDataLoss what the real action would lose now (e.g. the target's lag); empty
     *     when the action does not measure data loss (an experiment without a data-loss probe),
     *     which the evidence then says instead of an expected loss of zero
     * @param detail what the dry run found, in words
     */
    record Rehearsed(boolean feasible, Optional<Lag> expectedDataLoss, String detail) implements DrillProgress {
        /** Checks the fields. */
        public Rehearsed {
            Objects.requireNonNull(expectedDataLoss, "expectedDataLoss");
            Objects.requireNonNull(detail, "detail");
        }

        /**
         * A dry run whose expected data loss was measured.
         *
         * @param feasible whether the real action would be allowed now
         * @param expectedDataLoss what the real action would lose now ({@link Lag#unknown()} if it
         *     cannot be told)
         * @param detail what the dry run found, in words
         */
        public Rehearsed(boolean feasible, Lag expectedDataLoss, String detail) {
            this(feasible, Optional.of(Objects.requireNonNull(expectedDataLoss, "expectedDataLoss")), detail);
        }
    }

    /**
     * The action failed or was aborted.
     *
     * @param reason why, in words
     */
    record Failed(String reason) implements DrillProgress {
        /** Checks the fields. */
        public Failed {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
