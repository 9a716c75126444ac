package dev.nines.capacity.forecast;

/** How {@link TimeSeries#resample} combines the points of one coarser step. */
public enum Aggregation {
    /** The sum (request counts per step). */
    SUM,
    /** The arithmetic mean (rates, gauges). */
    MEAN,
    /** The largest value (peak load per step). */
    MAX,
    /** The smallest value. */
    MIN
}
