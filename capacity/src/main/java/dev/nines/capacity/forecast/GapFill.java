package dev.nines.capacity.forecast;

/**
 * How {@link TimeSeries} fills the points that have no observation. The caller always chooses:
 * a missing point is never silently zero.
 */
public enum GapFill {
    /** Fail with {@link IllegalArgumentException} naming the first missing instant. */
    FAIL,
    /** Keep the point as missing ({@link Double#NaN}); models refuse such a series until it is filled. */
    MARK_MISSING,
    /** Repeat the last observed value; a gap before the first observation stays an error. */
    CARRY_FORWARD,
    /** Interpolate linearly between the observations on both sides of the gap. */
    INTERPOLATE
}
