package dev.nines.capacity.scaling;

import dev.nines.core.internal.Arguments;
import java.time.Duration;
import java.util.Objects;

/**
 * One rate limit on scaling, as a Kubernetes {@code HPAScalingPolicy}: at most {@code value} pods,
 * or {@code value} percent of the replicas at the start of the period, added (or removed) within
 * any {@code period}.
 *
 * <p>A Percent scale-up rounds up ({@code ceil(start x (1 + value/100))}), a Percent scale-down
 * truncates ({@code (int) (start x (1 - value/100))}), as Kubernetes does. Immutable.
 *
 * @param type pods or percent
 * @param value the number of pods or the percent, at least 1
 * @param period the sliding period, in (0, 30 min] as Kubernetes allows
 */
public record ScalingPolicy(Type type, int value, Duration period) {

    /** The unit of a policy's value. */
    public enum Type {
        /** An absolute number of pods. */
        PODS,
        /** A percent of the replicas at the start of the period. */
        PERCENT
    }

    /**
     * Validates the policy.
     *
     * @throws IllegalArgumentException if the value is below 1 or the period not in (0, 30 min]
     */
    public ScalingPolicy {
        Objects.requireNonNull(type, "type");
        Arguments.atLeast("value", value, 1);
        Arguments.positive("period", period);
        if (period.compareTo(Duration.ofMinutes(30)) > 0) {
            throw new IllegalArgumentException("period must be at most PT30M, was " + period);
        }
    }

    /**
     * Returns a Pods policy.
     *
     * @param pods pods per period, at least 1
     * @param period the period
     * @return the policy
     */
    public static ScalingPolicy pods(int pods, Duration period) {
        return new ScalingPolicy(Type.PODS, pods, period);
    }

    /**
     * Returns a Percent policy.
     *
     * @param percent percent of the period's starting replicas, at least 1
     * @param period the period
     * @return the policy
     */
    public static ScalingPolicy percent(int percent, Duration period) {
        return new ScalingPolicy(Type.PERCENT, percent, period);
    }
}
