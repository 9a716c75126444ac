package dev.nines.capacity.model;

import java.time.Instant;
import java.util.Objects;

/**
 * One utilization observation of a component. Immutable.
 *
 * @param at when it was observed
 * @param utilizationRatio the utilization, at least 0 (above 1 when overloaded)
 */
public record UtilizationSample(Instant at, double utilizationRatio) {

    /**
     * Validates the sample.
     *
     * @throws IllegalArgumentException if the ratio is negative or not finite
     */
    public UtilizationSample {
        Objects.requireNonNull(at, "at");
        LittlesLaw.finite("utilizationRatio", utilizationRatio);
    }
}
