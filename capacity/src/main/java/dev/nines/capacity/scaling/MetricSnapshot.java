package dev.nines.capacity.scaling;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The metrics read for one autoscaling decision and when they were observed. Immutable.
 *
 * @param observedAt when the metric source produced the readings (checked against the
 *     {@linkplain AutoscalerConfig#metricMaxAge() maximum age})
 * @param readings the readings, one per metric (may be empty: the source returned nothing)
 */
public record MetricSnapshot(Instant observedAt, List<MetricReading> readings) {

    /**
     * Validates and copies the snapshot.
     *
     * @throws NullPointerException if an argument is null
     */
    public MetricSnapshot {
        Objects.requireNonNull(observedAt, "observedAt");
        readings = List.copyOf(readings);
    }

    /**
     * Returns a snapshot of the given readings.
     *
     * @param observedAt when the readings were observed
     * @param readings the readings
     * @return the snapshot
     */
    public static MetricSnapshot of(Instant observedAt, MetricReading... readings) {
        return new MetricSnapshot(observedAt, List.of(readings));
    }
}
