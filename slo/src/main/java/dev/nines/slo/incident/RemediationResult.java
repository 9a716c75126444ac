package dev.nines.slo.incident;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The before/after comparison of {@link Remediation#evaluate}.
 *
 * @param failuresBefore incidents that started before the fix
 * @param failuresAfter incidents that started after the fix
 * @param exposureBefore the observation time before the fix
 * @param exposureAfter the observation time after the fix
 * @param ratePerDayBefore incidents per day before
 * @param ratePerDayAfter incidents per day after
 * @param rateChangePValue two-sided p-value that the rate changed (1 without incidents)
 * @param rateDecreasePValue one-sided p-value that the rate fell
 * @param mttrBefore mean time to restore before, empty without incidents
 * @param mttrAfter mean time to restore after, empty without incidents
 * @param mttrChangePValue two-sided p-value that times to restore changed; empty with fewer than 2
 *     incidents on either side
 */
public record RemediationResult(
        int failuresBefore,
        int failuresAfter,
        Duration exposureBefore,
        Duration exposureAfter,
        double ratePerDayBefore,
        double ratePerDayAfter,
        double rateChangePValue,
        double rateDecreasePValue,
        Optional<Duration> mttrBefore,
        Optional<Duration> mttrAfter,
        OptionalDouble mttrChangePValue) {

    /**
     * Returns {@code ratePerDayAfter / ratePerDayBefore}.
     *
     * @return the rate ratio; infinite if nothing failed before but something after, NaN if
     *     nothing failed at all
     */
    public double rateRatio() {
        return ratePerDayAfter / ratePerDayBefore;
    }

    /**
     * Returns whether the failure rate fell significantly at level {@code alpha}.
     *
     * @param alpha the significance level in (0, 1), e.g. 0.05
     * @return {@code rateDecreasePValue < alpha}
     */
    public boolean isRateDecreaseSignificant(double alpha) {
        Remediation.checkAlpha(alpha);
        return rateDecreasePValue < alpha;
    }

    /**
     * Returns whether the times to restore changed significantly at level {@code alpha}.
     *
     * @param alpha the significance level in (0, 1)
     * @return false when there are too few incidents to tell
     */
    public boolean isMttrChangeSignificant(double alpha) {
        Remediation.checkAlpha(alpha);
        return mttrChangePValue.isPresent() && mttrChangePValue.getAsDouble() < alpha;
    }
}
