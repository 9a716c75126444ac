package dev.nines.capacity.scaling;

import dev.nines.core.internal.Arguments;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The behaviour of scaling in one direction, as a Kubernetes {@code HPAScalingRules}: a
 * stabilization window, the rate-limit policies and how they combine.
 *
 * <p>Stabilization: a scale-down uses the highest recommendation of the window, a scale-up the
 * lowest, so a count only changes once every recommendation in the window agrees. Defaults are
 * Kubernetes': scale-up window 0 s, policies 100% or 4 pods per 15 s, Max; scale-down window
 * 300 s, policy 100% per 15 s, Max. Immutable.
 *
 * @param stabilizationWindow the window, in [0, 1 h]
 * @param selectPolicy how the policies combine
 * @param policies the policies, not empty unless {@code selectPolicy} is {@link SelectPolicy#DISABLED}
 */
public record ScalingRules(Duration stabilizationWindow, SelectPolicy selectPolicy, List<ScalingPolicy> policies) {

    /**
     * Validates and copies the rules.
     *
     * @throws IllegalArgumentException if the window is negative or above one hour, or policies are
     *     empty while scaling is enabled
     */
    public ScalingRules {
        Arguments.notNegative("stabilizationWindow", stabilizationWindow);
        if (stabilizationWindow.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("stabilizationWindow must be at most PT1H, was " + stabilizationWindow);
        }
        Objects.requireNonNull(selectPolicy, "selectPolicy");
        policies = List.copyOf(policies);
        if (policies.isEmpty() && selectPolicy != SelectPolicy.DISABLED) {
            throw new IllegalArgumentException("policies must not be empty unless selectPolicy is DISABLED");
        }
    }

    /**
     * Returns Kubernetes' default scale-up rules: no window; 100% or 4 pods per 15 s, whichever is more.
     *
     * @return the rules
     */
    public static ScalingRules defaultScaleUp() {
        return new ScalingRules(
                Duration.ZERO,
                SelectPolicy.MAX,
                List.of(
                        ScalingPolicy.percent(100, Duration.ofSeconds(15)),
                        ScalingPolicy.pods(4, Duration.ofSeconds(15))));
    }

    /**
     * Returns Kubernetes' default scale-down rules: a 300 s window; 100% per 15 s.
     *
     * @return the rules
     */
    public static ScalingRules defaultScaleDown() {
        return new ScalingRules(
                Duration.ofSeconds(300), SelectPolicy.MAX, List.of(ScalingPolicy.percent(100, Duration.ofSeconds(15))));
    }

    /**
     * Returns rules that disable scaling in their direction.
     *
     * @return the rules
     */
    public static ScalingRules disabled() {
        return new ScalingRules(Duration.ZERO, SelectPolicy.DISABLED, List.of());
    }

    /**
     * Returns a copy with another stabilization window.
     *
     * @param window the window
     * @return the copy
     */
    public ScalingRules withStabilizationWindow(Duration window) {
        return new ScalingRules(window, selectPolicy, policies);
    }

    /**
     * Returns the longest policy period (zero without policies).
     *
     * @return the longest period
     */
    public Duration longestPeriod() {
        Duration longest = Duration.ZERO;
        for (ScalingPolicy policy : policies) {
            if (policy.period().compareTo(longest) > 0) {
                longest = policy.period();
            }
        }
        return longest;
    }
}
