package dev.nines.capacity.scaling;

/** How several {@link ScalingPolicy scaling policies} combine, as Kubernetes' {@code selectPolicy}. */
public enum SelectPolicy {
    /** The policy allowing the largest change wins (the default). */
    MAX,
    /** The policy allowing the smallest change wins. */
    MIN,
    /** Scaling in this direction is disabled. */
    DISABLED
}
