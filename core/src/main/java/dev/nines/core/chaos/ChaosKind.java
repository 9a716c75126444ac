package dev.nines.core.chaos;

/**
 * What a {@link ChaosPolicy} injects, after Polly v8's four chaos strategies. The name in lower
 * case is the {@code kind} tag of the Micrometer meters.
 */
public enum ChaosKind {
    /** Throws a fault (an exception) instead of making the call. */
    FAULT,
    /** Returns a made-up result instead of making the call. */
    OUTCOME,
    /** Waits before making the call. */
    LATENCY,
    /** Runs an action (for example clearing a cache or closing a connection) before making the call. */
    BEHAVIOR;

    /**
     * Returns the lower-case name used as a metric tag, e.g. {@code "fault"}.
     *
     * @return the tag value
     */
    public String tag() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
