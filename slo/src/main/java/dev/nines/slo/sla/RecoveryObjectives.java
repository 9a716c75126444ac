package dev.nines.slo.sla;

import dev.nines.core.internal.Arguments;
import java.time.Duration;

/**
 * What a criticality tier requires of recovery: the longest tolerable interruption (RTO), the most
 * data a recovery may lose (RPO, as time behind), and how often a real drill must prove both.
 *
 * @param rto the recovery time objective, positive
 * @param rpo the recovery point objective, not negative (zero: no data loss)
 * @param drillInterval the longest time allowed since the last passed real recovery drill, positive
 */
public record RecoveryObjectives(Duration rto, Duration rpo, Duration drillInterval) {

    /**
     * Validates the objectives.
     *
     * @throws IllegalArgumentException naming the field and value if {@code rto} or {@code
     *     drillInterval} is not positive or {@code rpo} is negative
     */
    public RecoveryObjectives {
        Arguments.positive("rto", rto);
        Arguments.notNegative("rpo", rpo);
        Arguments.positive("drillInterval", drillInterval);
    }

    /**
     * Returns objectives.
     *
     * @param rto the recovery time objective
     * @param rpo the recovery point objective
     * @param drillInterval the longest time between passed real drills
     * @return the objectives
     */
    public static RecoveryObjectives of(Duration rto, Duration rpo, Duration drillInterval) {
        return new RecoveryObjectives(rto, rpo, drillInterval);
    }
}
