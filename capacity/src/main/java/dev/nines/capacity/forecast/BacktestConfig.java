package dev.nines.capacity.forecast;

import dev.nines.core.internal.Arguments;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Configuration of a rolling-origin backtest ({@link Backtest}): the first training window, the horizon
 * forecast from each origin, how far the origin moves each time, the MASE season and the interval level.
 * Immutable.
 *
 * <pre>{@code
 * BacktestConfig daily = BacktestConfig.builder().initialWindow(24 * 28).horizon(24).step(24).seasonalPeriod(24).build();
 * }</pre>
 */
public final class BacktestConfig {

    private final int initialWindow;
    private final int horizon;
    private final int step;
    private final int seasonalPeriod;
    private final double level;

    private BacktestConfig(Builder b) {
        this.initialWindow = b.initialWindow;
        this.horizon = b.horizon;
        this.step = b.step;
        this.seasonalPeriod = b.seasonalPeriod;
        this.level = b.level;
    }

    /**
     * Returns a builder with the defaults (initial window 24, horizon 1, step 1, seasonal period 1, level 0.95).
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the defaults.
     *
     * @return the default configuration
     */
    public static BacktestConfig ofDefaults() {
        return builder().build();
    }

    /**
     * Returns a builder initialised with this configuration.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        return builder()
                .initialWindow(initialWindow)
                .horizon(horizon)
                .step(step)
                .seasonalPeriod(seasonalPeriod)
                .level(level);
    }

    /**
     * Returns the number of points in the first training window.
     *
     * @return at least 1
     */
    public int initialWindow() {
        return initialWindow;
    }

    /**
     * Returns the number of steps forecast from each origin.
     *
     * @return at least 1
     */
    public int horizon() {
        return horizon;
    }

    /**
     * Returns how many points the origin advances between forecasts.
     *
     * @return at least 1
     */
    public int step() {
        return step;
    }

    /**
     * Returns the season length of the seasonal naive forecast that scales MASE.
     *
     * @return at least 1
     */
    public int seasonalPeriod() {
        return seasonalPeriod;
    }

    /**
     * Returns the prediction interval level whose coverage is measured.
     *
     * @return in (0, 1)
     */
    public double level() {
        return level;
    }

    /**
     * Returns whether {@code o} is a {@code BacktestConfig} with the same settings. Functions and
     * predicates (and other objects without value equality) compare by identity, so a copy made by
     * {@code toBuilder().build()} equals its original.
     *
     * @param o the other object
     * @return {@code true} if every setting is equal
     */
    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof BacktestConfig other
                && initialWindow == other.initialWindow
                && horizon == other.horizon
                && step == other.step
                && seasonalPeriod == other.seasonalPeriod
                && Double.compare(level, other.level) == 0;
    }

    /**
     * Returns a hash code consistent with {@link #equals(Object)}.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return Objects.hash(initialWindow, horizon, step, seasonalPeriod, level);
    }

    @Override
    public String toString() {
        return "BacktestConfig[initialWindow=" + initialWindow + ", horizon=" + horizon + ", step=" + step
                + ", seasonalPeriod=" + seasonalPeriod + ", level=" + level + "]";
    }

    /** Builds a {@link BacktestConfig}; every setter validates its argument. Not thread-safe. */
    public static final class Builder {
        private int initialWindow = 24;
        private int horizon = 1;
        private int step = 1;
        private int seasonalPeriod = 1;
        private double level = 0.95;

        private Builder() {}

        /**
         * Sets the number of points in the first training window.
         *
         * @param initialWindow at least 1
         * @return this builder
         * @throws IllegalArgumentException if {@code initialWindow < 1}
         */
        public Builder initialWindow(int initialWindow) {
            this.initialWindow = Arguments.atLeast("initialWindow", initialWindow, 1);
            return this;
        }

        /**
         * Sets the number of steps forecast from each origin.
         *
         * @param horizon at least 1
         * @return this builder
         * @throws IllegalArgumentException if {@code horizon < 1}
         */
        public Builder horizon(int horizon) {
            this.horizon = Arguments.atLeast("horizon", horizon, 1);
            return this;
        }

        /**
         * Sets how many points the origin advances between forecasts.
         *
         * @param step at least 1
         * @return this builder
         * @throws IllegalArgumentException if {@code step < 1}
         */
        public Builder step(int step) {
            this.step = Arguments.atLeast("step", step, 1);
            return this;
        }

        /**
         * Sets the season length of the seasonal naive forecast that scales MASE.
         *
         * @param seasonalPeriod at least 1
         * @return this builder
         * @throws IllegalArgumentException if {@code seasonalPeriod < 1}
         */
        public Builder seasonalPeriod(int seasonalPeriod) {
            this.seasonalPeriod = Arguments.atLeast("seasonalPeriod", seasonalPeriod, 1);
            return this;
        }

        /**
         * Sets the prediction interval level.
         *
         * @param level in (0, 1)
         * @return this builder
         * @throws IllegalArgumentException if {@code level} is outside (0, 1)
         */
        public Builder level(double level) {
            this.level = Arguments.inOpen("level", level, 0, 1);
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return the configuration
         */
        public BacktestConfig build() {
            return new BacktestConfig(this);
        }
    }
}
