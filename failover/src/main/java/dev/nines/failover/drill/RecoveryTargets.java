package dev.nines.failover.drill;

import dev.nines.core.internal.Arguments;
import dev.nines.failover.Lag;
import java.time.Duration;
import java.util.Objects;

/**
 * A system's recovery targets: the longest tolerable interruption (RTO) and the most data it may
 * lose (RPO), in time or in bytes.
 *
 * <p>A measured data loss meets the RPO only when it is known and in the RPO's unit; an unknown loss,
 * or one in another unit, fails (closed), as an unknown lag fails the failover gate.
 *
 * @param rto the recovery time objective, positive
 * @param rpo the recovery point objective, known
 */
public record RecoveryTargets(Duration rto, Lag rpo) {

    /**
     * Checks the fields.
     *
     * @throws IllegalArgumentException naming the field and value if {@code rto} is not positive or
     *     {@code rpo} is unknown
     */
    public RecoveryTargets {
        Arguments.positive("rto", rto);
        Objects.requireNonNull(rpo, "rpo");
        if (!rpo.isKnown()) {
            throw new IllegalArgumentException("rpo must be a known lag, was " + rpo);
        }
    }

    /**
     * Returns targets with an RPO in time.
     *
     * @param rto the recovery time objective
     * @param rpo the recovery point objective, not negative
     * @return the targets
     */
    public static RecoveryTargets of(Duration rto, Duration rpo) {
        return new RecoveryTargets(rto, Lag.time(rpo));
    }

    /**
     * Returns whether a recovery time meets the RTO.
     *
     * @param recoveryTime the measured time
     * @return {@code true} if at most the RTO
     */
    public boolean rtoMet(Duration recoveryTime) {
        return recoveryTime.compareTo(rto) <= 0;
    }

    /**
     * Returns whether a data loss meets the RPO.
     *
     * @param dataLoss the measured loss
     * @return {@code true} if known, in the RPO's unit, and at most the RPO
     */
    public boolean rpoMet(Lag dataLoss) {
        return dataLoss.isKnown() && dataLoss.unit() == rpo.unit() && dataLoss.amount() <= rpo.amount();
    }
}
