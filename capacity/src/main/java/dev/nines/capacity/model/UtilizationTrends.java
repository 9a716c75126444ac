package dev.nines.capacity.model;

import dev.nines.core.internal.Arguments;
import dev.nines.core.time.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Flags components whose utilization is under-used (below a floor for a whole period) or
 * constrained (its trend reaches a ceiling within a horizon), with the date.
 *
 * <p>The trend is an ordinary least-squares line through the samples of the lookback window; a
 * component is constrained when the line is at or above the ceiling now, or rises to it within
 * the horizon (constrained wins over under-used: a small but fast-growing component needs
 * attention first). Under-used needs samples spanning the whole floor period, all below the floor.
 * A seasonal forecast (for example from {@code dev.nines.capacity.forecast}) predicts better than a
 * line; this is the quick screen over many components. "Now" comes from the {@link TimeSource}.
 * Immutable and thread-safe.
 *
 * <pre>{@code
 * UtilizationTrends trends = UtilizationTrends.builder()
 *     .floor(0.15, Duration.ofDays(14)).ceiling(0.80, Duration.ofDays(30)).build(TimeSource.system());
 * for (TrendFinding f : trends.assessAll(samplesByComponent)) { ... }
 * }</pre>
 */
public final class UtilizationTrends {

    private static final double SECONDS_PER_DAY = 86_400.0;

    private final double floorRatio;
    private final Duration floorPeriod;
    private final double ceilingRatio;
    private final Duration horizon;
    private final Duration lookback;
    private final TimeSource timeSource;

    private UtilizationTrends(Builder b, TimeSource timeSource) {
        this.floorRatio = b.floorRatio;
        this.floorPeriod = b.floorPeriod;
        this.ceilingRatio = b.ceilingRatio;
        this.horizon = b.horizon;
        this.lookback = b.lookback;
        this.timeSource = Objects.requireNonNull(timeSource, "timeSource");
    }

    /**
     * Returns a builder with the defaults: floor 0.2 for 14 days, ceiling 0.8 within 30 days, 28 days of lookback.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Assesses one component.
     *
     * @param component the component name, not blank
     * @param samples its samples, in any order (those outside the lookback window are ignored)
     * @return the finding
     */
    public TrendFinding assess(String component, List<UtilizationSample> samples) {
        Arguments.notBlank("component", component);
        Objects.requireNonNull(samples, "samples");
        Instant now = timeSource.now();
        Instant windowStart = now.minus(lookback);
        List<UtilizationSample> window = new ArrayList<>();
        for (UtilizationSample sample : samples) {
            if (!sample.at().isBefore(windowStart) && !sample.at().isAfter(now)) {
                window.add(sample);
            }
        }
        window.sort(Comparator.comparing(UtilizationSample::at));
        if (window.size() < 2) {
            return new TrendFinding.InsufficientData(component, window.size());
        }
        // least squares of ratio against seconds from now
        int n = window.size();
        double meanX = 0.0;
        double meanY = 0.0;
        for (UtilizationSample s : window) {
            meanX += seconds(now, s.at());
            meanY += s.utilizationRatio();
        }
        meanX /= n;
        meanY /= n;
        double sxx = 0.0;
        double sxy = 0.0;
        for (UtilizationSample s : window) {
            double dx = seconds(now, s.at()) - meanX;
            sxx += dx * dx;
            sxy += dx * (s.utilizationRatio() - meanY);
        }
        double slope = sxx == 0.0 ? 0.0 : sxy / sxx; // per second
        double fittedNow = meanY - slope * meanX;
        if (fittedNow >= ceilingRatio) {
            return new TrendFinding.Constrained(component, now, fittedNow, slope * SECONDS_PER_DAY);
        }
        if (slope > 0.0) {
            double secondsToCeiling = (ceilingRatio - fittedNow) / slope;
            if (secondsToCeiling <= horizon.toSeconds()) {
                Instant crossesAt = now.plusMillis(Math.round(secondsToCeiling * 1000.0));
                return new TrendFinding.Constrained(component, crossesAt, fittedNow, slope * SECONDS_PER_DAY);
            }
        }
        // the run of samples below the floor that ends now must reach back over the whole floor period
        Instant floorStart = now.minus(floorPeriod);
        Instant since = null;
        double peak = 0.0;
        for (int i = n - 1; i >= 0 && window.get(i).utilizationRatio() < floorRatio; i--) {
            since = window.get(i).at();
            peak = Math.max(peak, window.get(i).utilizationRatio());
        }
        if (since != null && !since.isAfter(floorStart)) {
            return new TrendFinding.UnderUsed(component, since, peak);
        }
        return new TrendFinding.Healthy(component, fittedNow, slope * SECONDS_PER_DAY);
    }

    /**
     * Assesses every component.
     *
     * @param samplesByComponent component to samples
     * @return one finding per component, in the map's order
     */
    public List<TrendFinding> assessAll(Map<String, List<UtilizationSample>> samplesByComponent) {
        List<TrendFinding> findings = new ArrayList<>();
        for (Map.Entry<String, List<UtilizationSample>> e : samplesByComponent.entrySet()) {
            findings.add(assess(e.getKey(), e.getValue()));
        }
        return findings;
    }

    private static double seconds(Instant now, Instant at) {
        return Duration.between(now, at).toMillis() / 1000.0;
    }

    @Override
    public String toString() {
        return "UtilizationTrends[floorRatio=" + floorRatio + ", floorPeriod=" + floorPeriod + ", ceilingRatio="
                + ceilingRatio + ", horizon=" + horizon + ", lookback=" + lookback + "]";
    }

    /** Builder of {@link UtilizationTrends}; every setter validates. Not thread-safe. */
    public static final class Builder {
        private double floorRatio = 0.2;
        private Duration floorPeriod = Duration.ofDays(14);
        private double ceilingRatio = 0.8;
        private Duration horizon = Duration.ofDays(30);
        private Duration lookback = Duration.ofDays(28);

        private Builder() {}

        /**
         * Sets the under-used rule.
         *
         * @param ratio the floor, in (0, 1]
         * @param period how long every sample must stay below it, positive
         * @return this builder
         */
        public Builder floor(double ratio, Duration period) {
            this.floorRatio = Arguments.inOpenClosed("floorRatio", ratio, 0.0, 1.0);
            this.floorPeriod = Arguments.positive("floorPeriod", period);
            return this;
        }

        /**
         * Sets the constrained rule.
         *
         * @param ratio the ceiling, positive
         * @param horizon how far ahead a crossing counts, positive
         * @return this builder
         */
        public Builder ceiling(double ratio, Duration horizon) {
            this.ceilingRatio = LittlesLaw.positive("ceilingRatio", ratio);
            this.horizon = Arguments.positive("horizon", horizon);
            return this;
        }

        /**
         * Sets how far back samples count.
         *
         * @param lookback positive
         * @return this builder
         */
        public Builder lookback(Duration lookback) {
            this.lookback = Arguments.positive("lookback", lookback);
            return this;
        }

        /**
         * Builds the screen.
         *
         * @param timeSource the clock giving "now"
         * @return the screen
         * @throws IllegalArgumentException if the floor is not below the ceiling or the lookback is
         *     shorter than the floor period
         */
        public UtilizationTrends build(TimeSource timeSource) {
            if (floorRatio >= ceilingRatio) {
                throw new IllegalArgumentException(
                        "floorRatio must be below ceilingRatio (" + ceilingRatio + "), was " + floorRatio);
            }
            if (lookback.compareTo(floorPeriod) < 0) {
                throw new IllegalArgumentException(
                        "lookback must be at least floorPeriod (" + floorPeriod + "), was " + lookback);
            }
            return new UtilizationTrends(this, timeSource);
        }
    }
}
