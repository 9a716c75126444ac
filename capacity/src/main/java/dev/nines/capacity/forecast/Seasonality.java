package dev.nines.capacity.forecast;

/** The seasonal component of a Holt-Winters model. */
public enum Seasonality {
    /** No seasonal component: simple exponential smoothing or Holt linear trend. */
    NONE,
    /** The seasonal effect is added to level and trend: {@code (level + h * trend) + season}. */
    ADDITIVE,
    /** The seasonal effect scales level and trend: {@code (level + h * trend) * season}; values must be positive. */
    MULTIPLICATIVE
}
