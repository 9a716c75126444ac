package dev.nines.capacity.scaling;

import dev.nines.core.internal.Arguments;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Configuration of an {@link Autoscaler}: the Kubernetes HPA settings (min/max replicas,
 * tolerance, scale-up and scale-down behaviour, all with Kubernetes' defaults), the safeguards and
 * predictive scaling.
 *
 * <p>Safeguards are off by default except the metric freeze (metrics older than 5 minutes, or none
 * at all, hold the count): {@code hardMaxReplicas}, {@code maxStep}, the budget cap and the anomaly
 * guard must be switched on. Predictive scaling is on when {@code warmUp > 0} and a forecast is
 * given. Immutable and thread-safe; build with {@link #builder()}.
 *
 * <pre>{@code
 * AutoscalerConfig config = AutoscalerConfig.builder()
 *     .minReplicas(2).maxReplicas(50)
 *     .hardMaxReplicas(40)                        // never more, whatever the metrics say
 *     .maxStep(5, Duration.ofMinutes(1))          // at most 5 replicas added or removed per minute
 *     .budget(0.12, 4.00)                         // $0.12 per replica-hour, $4.00 per hour at most
 *     .anomalyGuard(10.0, 3, 10)                  // a 10x jump needs 3 consecutive confirmations
 *     .build();
 * }</pre>
 */
public final class AutoscalerConfig {

    private final int minReplicas;
    private final int maxReplicas;
    private final double scaleDownTolerance;
    private final double scaleUpTolerance;
    private final ScalingRules scaleUp;
    private final ScalingRules scaleDown;
    private final int hardMaxReplicas;
    private final int maxStep;
    private final Duration stepPeriod;
    private final double costPerReplicaHour;
    private final double budgetPerHour;
    private final Duration metricMaxAge;
    private final int metricRecoveryReadings;
    private final double anomalyFactor;
    private final int anomalyConfirmations;
    private final int anomalyHistory;
    private final Duration warmUp;
    private final double demandPerReplica;
    private final Duration forecastStep;

    private AutoscalerConfig(Builder b) {
        this.minReplicas = b.minReplicas;
        this.maxReplicas = b.maxReplicas;
        this.scaleDownTolerance = b.scaleDownTolerance;
        this.scaleUpTolerance = b.scaleUpTolerance;
        this.scaleUp = b.scaleUp;
        this.scaleDown = b.scaleDown;
        this.hardMaxReplicas = b.hardMaxReplicas;
        this.maxStep = b.maxStep;
        this.stepPeriod = b.stepPeriod;
        this.costPerReplicaHour = b.costPerReplicaHour;
        this.budgetPerHour = b.budgetPerHour;
        this.metricMaxAge = b.metricMaxAge;
        this.metricRecoveryReadings = b.metricRecoveryReadings;
        this.anomalyFactor = b.anomalyFactor;
        this.anomalyConfirmations = b.anomalyConfirmations;
        this.anomalyHistory = b.anomalyHistory;
        this.warmUp = b.warmUp;
        this.demandPerReplica = b.demandPerReplica;
        this.forecastStep = b.forecastStep;
    }

    /**
     * Returns the defaults: 1 to 10 replicas, Kubernetes' tolerance and behaviour, metric freeze
     * after 5 minutes, other safeguards and predictive scaling off.
     *
     * @return the default configuration
     */
    public static AutoscalerConfig ofDefaults() {
        return builder().build();
    }

    /**
     * Returns a builder initialized with the defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder initialized with this configuration.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Returns the minimum replicas (Kubernetes {@code minReplicas}).
     *
     * @return the minimum replicas (Kubernetes {@code minReplicas})
     */
    public int minReplicas() {
        return minReplicas;
    }

    /**
     * Returns the maximum replicas (Kubernetes {@code maxReplicas}).
     *
     * @return the maximum replicas (Kubernetes {@code maxReplicas})
     */
    public int maxReplicas() {
        return maxReplicas;
    }

    /**
     * Returns the tolerance below a usage ratio of 1.0.
     *
     * @return the tolerance below a usage ratio of 1.0
     */
    public double scaleDownTolerance() {
        return scaleDownTolerance;
    }

    /**
     * Returns the tolerance above a usage ratio of 1.0.
     *
     * @return the tolerance above a usage ratio of 1.0
     */
    public double scaleUpTolerance() {
        return scaleUpTolerance;
    }

    /**
     * Returns the scale-up behaviour.
     *
     * @return the scale-up behaviour
     */
    public ScalingRules scaleUp() {
        return scaleUp;
    }

    /**
     * Returns the scale-down behaviour.
     *
     * @return the scale-down behaviour
     */
    public ScalingRules scaleDown() {
        return scaleDown;
    }

    /**
     * Returns the hard maximum ({@link Integer#MAX_VALUE} when off).
     *
     * @return the hard maximum ({@link Integer#MAX_VALUE} when off)
     */
    public int hardMaxReplicas() {
        return hardMaxReplicas;
    }

    /**
     * Returns the most replicas added or removed per {@link #stepPeriod()} ({@link Integer#MAX_VALUE} when off).
     *
     * @return the most replicas added or removed per {@link #stepPeriod()} ({@link Integer#MAX_VALUE} when off)
     */
    public int maxStep() {
        return maxStep;
    }

    /**
     * Returns the period of the step limit.
     *
     * @return the period of the step limit
     */
    public Duration stepPeriod() {
        return stepPeriod;
    }

    /**
     * Returns the cost of one replica for one hour (0 when the budget cap is off).
     *
     * @return the cost of one replica for one hour (0 when the budget cap is off)
     */
    public double costPerReplicaHour() {
        return costPerReplicaHour;
    }

    /**
     * Returns the budget per hour ({@link Double#POSITIVE_INFINITY} when off).
     *
     * @return the budget per hour ({@link Double#POSITIVE_INFINITY} when off)
     */
    public double budgetPerHour() {
        return budgetPerHour;
    }

    /**
     * Returns the replicas the budget affords.
     *
     * @return {@code floor(budgetPerHour / costPerReplicaHour)}, {@link Integer#MAX_VALUE} when off
     */
    public int affordableReplicas() {
        if (Double.isInfinite(budgetPerHour)) {
            return Integer.MAX_VALUE;
        }
        double affordable = Math.floor(budgetPerHour / costPerReplicaHour);
        return affordable >= Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) affordable;
    }

    /**
     * Returns the age beyond which metrics are stale and scaling freezes.
     *
     * @return the age beyond which metrics are stale and scaling freezes
     */
    public Duration metricMaxAge() {
        return metricMaxAge;
    }

    /**
     * Returns how many consecutive good snapshots end a freeze.
     *
     * @return how many consecutive good snapshots end a freeze
     */
    public int metricRecoveryReadings() {
        return metricRecoveryReadings;
    }

    /**
     * Returns the anomaly factor (0 when the anomaly guard is off).
     *
     * @return the anomaly factor (0 when the anomaly guard is off)
     */
    public double anomalyFactor() {
        return anomalyFactor;
    }

    /**
     * Returns how many consecutive decisions must see a jump before it is accepted.
     *
     * @return how many consecutive decisions must see a jump before it is accepted
     */
    public int anomalyConfirmations() {
        return anomalyConfirmations;
    }

    /**
     * Returns how many recent usage ratios per metric form its range.
     *
     * @return how many recent usage ratios per metric form its range
     */
    public int anomalyHistory() {
        return anomalyHistory;
    }

    /**
     * Returns the instance warm-up time predictive scaling looks ahead by (zero when off).
     *
     * @return the instance warm-up time predictive scaling looks ahead by (zero when off)
     */
    public Duration warmUp() {
        return warmUp;
    }

    /**
     * Returns the demand one replica serves at its target utilization, in the forecast's unit.
     *
     * @return the demand one replica serves at its target utilization, in the forecast's unit
     */
    public double demandPerReplica() {
        return demandPerReplica;
    }

    /**
     * Returns the spacing of forecast samples over the warm-up window.
     *
     * @return the spacing of forecast samples over the warm-up window
     */
    public Duration forecastStep() {
        return forecastStep;
    }

    /**
     * Returns whether {@code o} is a {@code AutoscalerConfig} with the same settings. Functions and
     * predicates (and other objects without value equality) compare by identity, so a copy made by
     * {@code toBuilder().build()} equals its original.
     *
     * @param o the other object
     * @return {@code true} if every setting is equal
     */
    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof AutoscalerConfig other
                && minReplicas == other.minReplicas
                && maxReplicas == other.maxReplicas
                && Double.compare(scaleDownTolerance, other.scaleDownTolerance) == 0
                && Double.compare(scaleUpTolerance, other.scaleUpTolerance) == 0
                && Objects.equals(scaleUp, other.scaleUp)
                && Objects.equals(scaleDown, other.scaleDown)
                && hardMaxReplicas == other.hardMaxReplicas
                && maxStep == other.maxStep
                && Objects.equals(stepPeriod, other.stepPeriod)
                && Double.compare(costPerReplicaHour, other.costPerReplicaHour) == 0
                && Double.compare(budgetPerHour, other.budgetPerHour) == 0
                && Objects.equals(metricMaxAge, other.metricMaxAge)
                && metricRecoveryReadings == other.metricRecoveryReadings
                && Double.compare(anomalyFactor, other.anomalyFactor) == 0
                && anomalyConfirmations == other.anomalyConfirmations
                && anomalyHistory == other.anomalyHistory
                && Objects.equals(warmUp, other.warmUp)
                && Double.compare(demandPerReplica, other.demandPerReplica) == 0
                && Objects.equals(forecastStep, other.forecastStep);
    }

    /**
     * Returns a hash code consistent with {@link #equals(Object)}.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return Objects.hash(
                minReplicas,
                maxReplicas,
                scaleDownTolerance,
                scaleUpTolerance,
                scaleUp,
                scaleDown,
                hardMaxReplicas,
                maxStep,
                stepPeriod,
                costPerReplicaHour,
                budgetPerHour,
                metricMaxAge,
                metricRecoveryReadings,
                anomalyFactor,
                anomalyConfirmations,
                anomalyHistory,
                warmUp,
                demandPerReplica,
                forecastStep);
    }

    @Override
    public String toString() {
        return "AutoscalerConfig[minReplicas=" + minReplicas + ", maxReplicas=" + maxReplicas
                + ", scaleDownTolerance=" + scaleDownTolerance + ", scaleUpTolerance=" + scaleUpTolerance
                + ", scaleUp=" + scaleUp + ", scaleDown=" + scaleDown + ", hardMaxReplicas=" + hardMaxReplicas
                + ", maxStep=" + maxStep + ", stepPeriod=" + stepPeriod + ", costPerReplicaHour=" + costPerReplicaHour
                + ", budgetPerHour=" + budgetPerHour + ", metricMaxAge=" + metricMaxAge
                + ", metricRecoveryReadings=" + metricRecoveryReadings + ", anomalyFactor=" + anomalyFactor
                + ", anomalyConfirmations=" + anomalyConfirmations + ", anomalyHistory=" + anomalyHistory
                + ", warmUp=" + warmUp + ", demandPerReplica=" + demandPerReplica + ", forecastStep=" + forecastStep
                + "]";
    }

    /** Builder of {@link AutoscalerConfig}; every setter validates its argument. Not thread-safe. */
    public static final class Builder {
        private int minReplicas = 1;
        private int maxReplicas = 10;
        private double scaleDownTolerance = ReplicaCalculator.DEFAULT_TOLERANCE;
        private double scaleUpTolerance = ReplicaCalculator.DEFAULT_TOLERANCE;
        private ScalingRules scaleUp = ScalingRules.defaultScaleUp();
        private ScalingRules scaleDown = ScalingRules.defaultScaleDown();
        private int hardMaxReplicas = Integer.MAX_VALUE;
        private int maxStep = Integer.MAX_VALUE;
        private Duration stepPeriod = Duration.ofMinutes(1);
        private double costPerReplicaHour;
        private double budgetPerHour = Double.POSITIVE_INFINITY;
        private Duration metricMaxAge = Duration.ofMinutes(5);
        private int metricRecoveryReadings = 1;
        private double anomalyFactor;
        private int anomalyConfirmations = 3;
        private int anomalyHistory = 10;
        private Duration warmUp = Duration.ZERO;
        private double demandPerReplica = 1.0;
        private Duration forecastStep = Duration.ofMinutes(1);

        private Builder() {}

        private Builder(AutoscalerConfig c) {
            minReplicas = c.minReplicas;
            maxReplicas = c.maxReplicas;
            scaleDownTolerance = c.scaleDownTolerance;
            scaleUpTolerance = c.scaleUpTolerance;
            scaleUp = c.scaleUp;
            scaleDown = c.scaleDown;
            hardMaxReplicas = c.hardMaxReplicas;
            maxStep = c.maxStep;
            stepPeriod = c.stepPeriod;
            costPerReplicaHour = c.costPerReplicaHour;
            budgetPerHour = c.budgetPerHour;
            metricMaxAge = c.metricMaxAge;
            metricRecoveryReadings = c.metricRecoveryReadings;
            anomalyFactor = c.anomalyFactor;
            anomalyConfirmations = c.anomalyConfirmations;
            anomalyHistory = c.anomalyHistory;
            warmUp = c.warmUp;
            demandPerReplica = c.demandPerReplica;
            forecastStep = c.forecastStep;
        }

        /**
         * Sets the minimum replicas (0 allows scale to zero, Kubernetes' {@code HPAScaleToZero}).
         *
         * @param minReplicas at least 0, default 1
         * @return this builder
         */
        public Builder minReplicas(int minReplicas) {
            this.minReplicas = Arguments.atLeast("minReplicas", minReplicas, 0);
            return this;
        }

        /**
         * Sets the maximum replicas.
         *
         * @param maxReplicas at least 1, default 10
         * @return this builder
         */
        public Builder maxReplicas(int maxReplicas) {
            this.maxReplicas = Arguments.atLeast("maxReplicas", maxReplicas, 1);
            return this;
        }

        /**
         * Sets both tolerances.
         *
         * @param tolerance finite, at least 0, default 0.1
         * @return this builder
         */
        public Builder tolerance(double tolerance) {
            return scaleDownTolerance(tolerance).scaleUpTolerance(tolerance);
        }

        /**
         * Sets the tolerance below 1.0. As in Kubernetes, any tolerance of at least 0 is valid; 1 or more
         * turns metric-driven scale-down off.
         *
         * @param tolerance finite, at least 0, default 0.1
         * @return this builder
         */
        public Builder scaleDownTolerance(double tolerance) {
            this.scaleDownTolerance = Arguments.atLeast("scaleDownTolerance", tolerance, 0.0);
            return this;
        }

        /**
         * Sets the tolerance above 1.0.
         *
         * @param tolerance finite, at least 0, default 0.1
         * @return this builder
         */
        public Builder scaleUpTolerance(double tolerance) {
            this.scaleUpTolerance = Arguments.atLeast("scaleUpTolerance", tolerance, 0.0);
            return this;
        }

        /**
         * Sets the scale-up behaviour.
         *
         * @param rules default {@link ScalingRules#defaultScaleUp()}
         * @return this builder
         */
        public Builder scaleUp(ScalingRules rules) {
            this.scaleUp = Objects.requireNonNull(rules, "scaleUp");
            return this;
        }

        /**
         * Sets the scale-down behaviour.
         *
         * @param rules default {@link ScalingRules#defaultScaleDown()}
         * @return this builder
         */
        public Builder scaleDown(ScalingRules rules) {
            this.scaleDown = Objects.requireNonNull(rules, "scaleDown");
            return this;
        }

        /**
         * Safeguard: never more than this many replicas, whatever the configuration or metrics say.
         *
         * @param hardMaxReplicas at least 1
         * @return this builder
         */
        public Builder hardMaxReplicas(int hardMaxReplicas) {
            this.hardMaxReplicas = Arguments.atLeast("hardMaxReplicas", hardMaxReplicas, 1);
            return this;
        }

        /**
         * Safeguard: at most {@code maxStep} replicas added, or removed, within any {@code period}.
         *
         * @param maxStep at least 1
         * @param period positive
         * @return this builder
         */
        public Builder maxStep(int maxStep, Duration period) {
            this.maxStep = Arguments.atLeast("maxStep", maxStep, 1);
            this.stepPeriod = Arguments.positive("stepPeriod", period);
            return this;
        }

        /**
         * Safeguard: never more replicas than {@code floor(budgetPerHour / costPerReplicaHour)}
         * (but never fewer than {@code minReplicas}). Same currency for both.
         *
         * @param costPerReplicaHour the price of one replica for an hour, positive
         * @param budgetPerHour the budget per hour, positive
         * @return this builder
         */
        public Builder budget(double costPerReplicaHour, double budgetPerHour) {
            this.costPerReplicaHour = Arguments.positive("costPerReplicaHour", costPerReplicaHour);
            this.budgetPerHour = Arguments.positive("budgetPerHour", budgetPerHour);
            return this;
        }

        /**
         * Safeguard: metrics older than this freeze scaling (as does a snapshot with no usable reading).
         *
         * @param maxAge positive, default 5 minutes
         * @return this builder
         */
        public Builder metricMaxAge(Duration maxAge) {
            this.metricMaxAge = Arguments.positive("metricMaxAge", maxAge);
            return this;
        }

        /**
         * Safeguard: how many consecutive good snapshots end a freeze (the circuit breaker on the
         * metric source closes).
         *
         * @param readings at least 1, default 1
         * @return this builder
         */
        public Builder metricRecoveryReadings(int readings) {
            this.metricRecoveryReadings = Arguments.atLeast("metricRecoveryReadings", readings, 1);
            return this;
        }

        /**
         * Safeguard: a usage ratio above {@code factor x} the highest, or below the lowest
         * {@code / factor}, of the metric's last {@code history} accepted ratios holds the count
         * until {@code confirmations} consecutive decisions have seen it.
         *
         * @param factor greater than 1
         * @param confirmations at least 2
         * @param history at least 1
         * @return this builder
         */
        public Builder anomalyGuard(double factor, int confirmations, int history) {
            if (!(factor > 1.0) || Double.isInfinite(factor)) {
                throw new IllegalArgumentException("anomalyFactor must be finite and greater than 1.0, was " + factor);
            }
            this.anomalyFactor = factor;
            this.anomalyConfirmations = Arguments.atLeast("anomalyConfirmations", confirmations, 2);
            this.anomalyHistory = Arguments.atLeast("anomalyHistory", history, 1);
            return this;
        }

        /**
         * Predictive scaling: look ahead by the warm-up time and run enough replicas for the
         * forecast's upper bound over that window, never fewer than the metrics recommend.
         *
         * @param warmUp time from starting a replica to it serving, positive
         * @param demandPerReplica demand one replica serves at its target, in the forecast's unit, positive
         * @param forecastStep spacing of forecast samples over the window, positive
         * @return this builder
         */
        public Builder predictive(Duration warmUp, double demandPerReplica, Duration forecastStep) {
            this.warmUp = Arguments.positive("warmUp", warmUp);
            this.demandPerReplica = Arguments.positive("demandPerReplica", demandPerReplica);
            this.forecastStep = Arguments.positive("forecastStep", forecastStep);
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return the configuration
         * @throws IllegalArgumentException if {@code minReplicas > maxReplicas} or
         *     {@code hardMaxReplicas < minReplicas}
         */
        public AutoscalerConfig build() {
            if (minReplicas > maxReplicas) {
                throw new IllegalArgumentException(
                        "minReplicas must be at most maxReplicas (" + maxReplicas + "), was " + minReplicas);
            }
            if (hardMaxReplicas < minReplicas) {
                throw new IllegalArgumentException(
                        "hardMaxReplicas must be at least minReplicas (" + minReplicas + "), was " + hardMaxReplicas);
            }
            return new AutoscalerConfig(this);
        }
    }
}
