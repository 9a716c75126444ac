package dev.nines.slo.sla;

import dev.nines.core.internal.Arguments;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of one availability drill as reports and {@link TierCheck#checkDrills} see it: the
 * summary of a drill evidence document (the failover module's {@code DrillEvidence}, converted by
 * the caller since this module does not depend on failover).
 *
 * @param system the system drilled, not blank
 * @param kind what ran ({@code "switchover"}, a recovery drill; {@code "experiment"}, a chaos
 *     experiment, which is not), not blank
 * @param dryRun whether nothing was changed (a rehearsal)
 * @param finishedAt when the drill ended
 * @param outcome the verdict
 * @param recoveryTime the measured recovery time, empty for a dry run or a failed action
 * @param dataLoss the measured data loss in words ({@code "512 bytes"}, {@code "PT2S"}, {@code
 *     "UNKNOWN"})
 * @param evidence where the evidence document is (a path or URL), not blank
 */
public record DrillResult(
        String system,
        String kind,
        boolean dryRun,
        Instant finishedAt,
        Outcome outcome,
        Optional<Duration> recoveryTime,
        String dataLoss,
        String evidence) {

    /** A drill's verdict, as in the evidence document. */
    public enum Outcome {
        /** A real drill recovered within its RTO and RPO. */
        PASSED,
        /** The drill failed or missed a target. */
        FAILED,
        /** A dry run found the action feasible. */
        REHEARSED
    }

    /**
     * Validates the result.
     *
     * @throws IllegalArgumentException naming the field and value if a string is blank, a recovery
     *     time is negative, or a {@code PASSED} result is a dry run or has no recovery time
     */
    public DrillResult {
        Arguments.notBlank("system", system);
        Arguments.notBlank("kind", kind);
        Objects.requireNonNull(finishedAt, "finishedAt");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(recoveryTime, "recoveryTime");
        recoveryTime.ifPresent(t -> Arguments.notNegative("recoveryTime", t));
        Objects.requireNonNull(dataLoss, "dataLoss");
        Arguments.notBlank("evidence", evidence);
        if (outcome == Outcome.PASSED && (dryRun || recoveryTime.isEmpty())) {
            throw new IllegalArgumentException(
                    "outcome PASSED needs a real drill with a recovery time, was dryRun=" + dryRun + ", recoveryTime="
                            + recoveryTime.map(Duration::toString).orElse("none"));
        }
    }

    /**
     * Returns whether this drill passed for real (not a dry run). Only a recovery drill's pass proves
     * a tier's recovery requirement: {@link TierCheck#checkDrills} also checks the {@link #kind()}
     * ({@link TierCheck#RECOVERY_DRILL_KINDS}); a passed experiment proves no recovery.
     *
     * @return {@code true} for a passed real drill
     */
    public boolean proves() {
        return !dryRun && outcome == Outcome.PASSED;
    }
}
