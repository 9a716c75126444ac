package dev.nines.capacity.forecast;

import dev.nines.core.internal.Arguments;
import java.util.Objects;
import java.util.OptionalDouble;
import org.jspecify.annotations.Nullable;

/**
 * Configuration of a {@link HoltWinters} model: seasonality, period, whether there is a trend, and
 * which of alpha, beta, gamma are fixed rather than estimated. Immutable.
 *
 * <p>Defaults follow R's {@code stats::HoltWinters}: every smoothing parameter estimated, seasonal
 * start values from the first {@code startPeriods = 2} periods, optimiser start
 * {@code (alpha, beta, gamma) = (0.3, 0.1, 0.1)}.
 *
 * <pre>{@code
 * HoltWintersConfig weekly = HoltWintersConfig.additive(168);             // hourly data, daily + weekly cycles
 * HoltWintersConfig fixed = HoltWintersConfig.multiplicative(12).toBuilder().alpha(0.3).build();
 * }</pre>
 */
public final class HoltWintersConfig {

    private final Seasonality seasonality;
    private final int period;
    private final boolean trend;
    private final double alpha;
    private final double beta;
    private final double gamma;
    private final int startPeriods;
    private final double startAlpha;
    private final double startBeta;
    private final double startGamma;

    private HoltWintersConfig(Builder b) {
        this.seasonality = b.seasonality;
        this.period = b.period;
        this.trend = b.trend;
        this.alpha = b.alpha;
        this.beta = b.beta;
        this.gamma = b.gamma;
        this.startPeriods = b.startPeriods;
        this.startAlpha = b.startAlpha;
        this.startBeta = b.startBeta;
        this.startGamma = b.startGamma;
    }

    /**
     * Returns a builder with the defaults: additive seasonality, period 12, trend, all parameters estimated.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the defaults: additive, period 12, trend, all parameters estimated.
     *
     * @return the default configuration
     */
    public static HoltWintersConfig ofDefaults() {
        return builder().build();
    }

    /**
     * Returns additive Holt-Winters with trend for the given period, as R's {@code HoltWinters(x)}.
     *
     * @param period the season length in steps, at least 2
     * @return the configuration
     */
    public static HoltWintersConfig additive(int period) {
        return builder().seasonality(Seasonality.ADDITIVE).period(period).build();
    }

    /**
     * Returns multiplicative Holt-Winters with trend, as R's {@code HoltWinters(x, seasonal = "multiplicative")}.
     *
     * @param period the season length in steps, at least 2
     * @return the configuration
     */
    public static HoltWintersConfig multiplicative(int period) {
        return builder().seasonality(Seasonality.MULTIPLICATIVE).period(period).build();
    }

    /**
     * Returns Holt's linear trend without seasonality, as R's {@code HoltWinters(x, gamma = FALSE)}.
     *
     * @return the configuration
     */
    public static HoltWintersConfig holt() {
        return builder().seasonality(Seasonality.NONE).period(1).build();
    }

    /**
     * Returns simple exponential smoothing, as R's {@code HoltWinters(x, gamma = FALSE, beta = FALSE)}.
     *
     * @return the configuration
     */
    public static HoltWintersConfig simple() {
        return builder().seasonality(Seasonality.NONE).period(1).trend(false).build();
    }

    /**
     * Returns a builder initialised with this configuration.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.seasonality = seasonality;
        b.period = period;
        b.trend = trend;
        b.alpha = alpha;
        b.beta = beta;
        b.gamma = gamma;
        b.startPeriods = startPeriods;
        b.startAlpha = startAlpha;
        b.startBeta = startBeta;
        b.startGamma = startGamma;
        return b;
    }

    /**
     * Returns the seasonality.
     *
     * @return the seasonality
     */
    public Seasonality seasonality() {
        return seasonality;
    }

    /**
     * Returns the season length in steps (1 when there is no seasonality).
     *
     * @return the period
     */
    public int period() {
        return period;
    }

    /**
     * Tells whether the model has a trend component (beta).
     *
     * @return true with a trend
     */
    public boolean hasTrend() {
        return trend;
    }

    /**
     * Returns the fixed alpha, or empty if alpha is estimated.
     *
     * @return the fixed alpha
     */
    public OptionalDouble alpha() {
        return Double.isNaN(alpha) ? OptionalDouble.empty() : OptionalDouble.of(alpha);
    }

    /**
     * Returns the fixed beta, or empty if beta is estimated (or there is no trend).
     *
     * @return the fixed beta
     */
    public OptionalDouble beta() {
        return Double.isNaN(beta) ? OptionalDouble.empty() : OptionalDouble.of(beta);
    }

    /**
     * Returns the fixed gamma, or empty if gamma is estimated (or there is no seasonality).
     *
     * @return the fixed gamma
     */
    public OptionalDouble gamma() {
        return Double.isNaN(gamma) ? OptionalDouble.empty() : OptionalDouble.of(gamma);
    }

    /**
     * Returns the number of periods used to compute the seasonal start values (R's {@code start.periods}).
     *
     * @return at least 2
     */
    public int startPeriods() {
        return startPeriods;
    }

    double startAlphaValue() {
        return startAlpha;
    }

    double startBetaValue() {
        return startBeta;
    }

    double startGammaValue() {
        return startGamma;
    }

    double alphaValue() {
        return alpha;
    }

    double betaValue() {
        return beta;
    }

    double gammaValue() {
        return gamma;
    }

    /**
     * Returns whether {@code o} is a {@code HoltWintersConfig} with the same settings. Functions and
     * predicates (and other objects without value equality) compare by identity, so a copy made by
     * {@code toBuilder().build()} equals its original.
     *
     * @param o the other object
     * @return {@code true} if every setting is equal
     */
    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof HoltWintersConfig other
                && Objects.equals(seasonality, other.seasonality)
                && period == other.period
                && trend == other.trend
                && Double.compare(alpha, other.alpha) == 0
                && Double.compare(beta, other.beta) == 0
                && Double.compare(gamma, other.gamma) == 0
                && startPeriods == other.startPeriods
                && Double.compare(startAlpha, other.startAlpha) == 0
                && Double.compare(startBeta, other.startBeta) == 0
                && Double.compare(startGamma, other.startGamma) == 0;
    }

    /**
     * Returns a hash code consistent with {@link #equals(Object)}.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return Objects.hash(
                seasonality, period, trend, alpha, beta, gamma, startPeriods, startAlpha, startBeta, startGamma);
    }

    @Override
    public String toString() {
        return "HoltWintersConfig[seasonality=" + seasonality + ", period=" + period + ", trend=" + trend + ", alpha="
                + alpha + ", beta=" + beta + ", gamma=" + gamma + ", startPeriods=" + startPeriods + "]";
    }

    /** Builds a {@link HoltWintersConfig}; every setter validates its argument. Not thread-safe. */
    public static final class Builder {

        private Seasonality seasonality = Seasonality.ADDITIVE;
        private int period = 12;
        private boolean trend = true;
        private double alpha = Double.NaN;
        private double beta = Double.NaN;
        private double gamma = Double.NaN;
        private int startPeriods = 2;
        private double startAlpha = 0.3;
        private double startBeta = 0.1;
        private double startGamma = 0.1;

        private Builder() {}

        /**
         * Sets the seasonality.
         *
         * @param seasonality the seasonality
         * @return this builder
         */
        public Builder seasonality(Seasonality seasonality) {
            this.seasonality = Objects.requireNonNull(seasonality, "seasonality");
            return this;
        }

        /**
         * Sets the season length in steps (e.g. 12 for monthly data, 24 or 168 for hourly data).
         *
         * @param period at least 1; at least 2 with seasonality (checked in {@link #build()})
         * @return this builder
         * @throws IllegalArgumentException if {@code period < 1}
         */
        public Builder period(int period) {
            this.period = Arguments.atLeast("period", period, 1);
            return this;
        }

        /**
         * Sets whether the model has a trend component.
         *
         * @param trend false for no trend (R's {@code beta = FALSE})
         * @return this builder
         */
        public Builder trend(boolean trend) {
            this.trend = trend;
            return this;
        }

        /**
         * Fixes alpha, the level smoothing parameter, instead of estimating it.
         *
         * @param alpha in (0, 1]
         * @return this builder
         * @throws IllegalArgumentException if {@code alpha} is outside (0, 1]
         */
        public Builder alpha(double alpha) {
            this.alpha = Arguments.inOpenClosed("alpha", alpha, 0, 1);
            return this;
        }

        /**
         * Fixes beta, the trend smoothing parameter, instead of estimating it.
         *
         * @param beta in [0, 1]
         * @return this builder
         * @throws IllegalArgumentException if {@code beta} is outside [0, 1]
         */
        public Builder beta(double beta) {
            this.beta = Arguments.inClosed("beta", beta, 0, 1);
            return this;
        }

        /**
         * Fixes gamma, the seasonal smoothing parameter, instead of estimating it.
         *
         * @param gamma in [0, 1]
         * @return this builder
         * @throws IllegalArgumentException if {@code gamma} is outside [0, 1]
         */
        public Builder gamma(double gamma) {
            this.gamma = Arguments.inClosed("gamma", gamma, 0, 1);
            return this;
        }

        /**
         * Sets how many periods the seasonal start values are computed from (R's {@code start.periods}).
         *
         * @param startPeriods at least 2
         * @return this builder
         * @throws IllegalArgumentException if {@code startPeriods < 2}
         */
        public Builder startPeriods(int startPeriods) {
            this.startPeriods = Arguments.atLeast("startPeriods", startPeriods, 2);
            return this;
        }

        /**
         * Sets where the optimiser starts (R's {@code optim.start}); default (0.3, 0.1, 0.1).
         *
         * @param alpha the start alpha, in [0, 1]
         * @param beta the start beta, in [0, 1]
         * @param gamma the start gamma, in [0, 1]
         * @return this builder
         * @throws IllegalArgumentException if a value is outside [0, 1]
         */
        public Builder optimizerStart(double alpha, double beta, double gamma) {
            this.startAlpha = Arguments.inClosed("startAlpha", alpha, 0, 1);
            this.startBeta = Arguments.inClosed("startBeta", beta, 0, 1);
            this.startGamma = Arguments.inClosed("startGamma", gamma, 0, 1);
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return the configuration
         * @throws IllegalArgumentException if seasonality is set with {@code period < 2}, or beta is fixed
         *     without a trend, or gamma is fixed without seasonality
         */
        public HoltWintersConfig build() {
            if (seasonality != Seasonality.NONE && period < 2) {
                throw new IllegalArgumentException(
                        "period must be at least 2 with " + seasonality + " seasonality, was " + period);
            }
            if (!trend && !Double.isNaN(beta)) {
                throw new IllegalArgumentException("beta must not be set without a trend, was " + beta);
            }
            if (seasonality == Seasonality.NONE && !Double.isNaN(gamma)) {
                throw new IllegalArgumentException("gamma must not be set without seasonality, was " + gamma);
            }
            return new HoltWintersConfig(this);
        }
    }
}
