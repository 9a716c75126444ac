package dev.nines.slo.exclusion;

/** Why an interval is taken out of the error budget. */
public enum ExclusionKind {
    /**
     * Planned maintenance: events inside are excluded and burn-rate alerts are suppressed, unless
     * the error ratio exceeds the window's {@code alertAboveErrorRatio}.
     */
    MAINTENANCE,
    /** An outage outside the service's control, declared (usually after the fact); events excluded. */
    FORCE_MAJEURE,
    /** The monitoring was down: events inside count neither as good nor as bad, and lower the data coverage. */
    NO_DATA
}
