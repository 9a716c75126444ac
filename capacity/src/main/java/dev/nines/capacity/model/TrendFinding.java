package dev.nines.capacity.model;

import java.time.Instant;

/**
 * What {@link UtilizationTrends} found for one component. Immutable records; switch over them.
 */
public sealed interface TrendFinding {

    /**
     * Returns the component.
     *
     * @return the component name
     */
    String component();

    /**
     * The fitted trend reaches the ceiling within the horizon (or already has).
     *
     * @param component the component
     * @param crossesAt when the trend line reaches the ceiling ({@code now} if already above)
     * @param fittedRatioNow the trend line's value now
     * @param slopePerDay the trend in utilization ratio per day
     */
    record Constrained(String component, Instant crossesAt, double fittedRatioNow, double slopePerDay)
            implements TrendFinding {}

    /**
     * Every sample of at least the floor period is below the floor.
     *
     * @param component the component
     * @param since the start of the run of samples below the floor
     * @param peakRatio the highest utilization in that run
     */
    record UnderUsed(String component, Instant since, double peakRatio) implements TrendFinding {}

    /**
     * Neither constrained nor under-used.
     *
     * @param component the component
     * @param fittedRatioNow the trend line's value now
     * @param slopePerDay the trend in utilization ratio per day
     */
    record Healthy(String component, double fittedRatioNow, double slopePerDay) implements TrendFinding {}

    /**
     * Fewer than two samples in the lookback window: no trend.
     *
     * @param component the component
     * @param samples the samples in the window
     */
    record InsufficientData(String component, int samples) implements TrendFinding {}
}
