package dev.nines.capacity.scaling;

import dev.nines.core.internal.Arguments;
import java.util.List;
import java.util.Objects;

/**
 * One metric as read for one autoscaling decision: per-pod samples (Kubernetes {@code Resource},
 * {@code ContainerResource} and {@code Pods} metrics), a single total ({@code Object} and
 * {@code External} metrics; sum an external metric's series before passing it), or a metric that
 * could not be read. Immutable.
 */
public sealed interface MetricReading {

    /**
     * Returns the metric's name.
     *
     * @return the name
     */
    String name();

    /**
     * Per-pod samples against a {@link MetricTarget.Utilization} or {@link MetricTarget.AverageValue}
     * target.
     *
     * @param name the metric name, not blank
     * @param target the target, utilization or average value
     * @param cpu whether this is the CPU resource (only then are running-but-unready pods set aside)
     * @param pods the pods selected by the scale target; may be empty (the metric is then invalid, as
     *     Kubernetes reports "no pods returned by selector while calculating replica count")
     */
    record PodMetrics(String name, MetricTarget target, boolean cpu, List<PodSample> pods) implements MetricReading {
        /**
         * Validates and copies the reading.
         *
         * @throws IllegalArgumentException if the name is blank or the target is a total value
         */
        public PodMetrics {
            Arguments.notBlank("name", name);
            Objects.requireNonNull(target, "target");
            if (target instanceof MetricTarget.Value) {
                throw new IllegalArgumentException(
                        "target must be Utilization or AverageValue for pod metrics, was " + target);
            }
            pods = List.copyOf(pods);
        }
    }

    /**
     * A single total against a {@link MetricTarget.Value} or {@link MetricTarget.AverageValue} target.
     *
     * @param name the metric name, not blank
     * @param target the target, total value or average value per pod
     * @param usageMilli the current total, milli-units, not negative
     * @param readyPods the number of running and ready pods (used by {@code Value} targets), not negative
     */
    record ObjectMetric(String name, MetricTarget target, long usageMilli, int readyPods) implements MetricReading {
        /**
         * Validates the reading.
         *
         * @throws IllegalArgumentException if the name is blank, a count is negative or the target
         *     is a utilization
         */
        public ObjectMetric {
            Arguments.notBlank("name", name);
            Objects.requireNonNull(target, "target");
            if (target instanceof MetricTarget.Utilization) {
                throw new IllegalArgumentException(
                        "target must be Value or AverageValue for object metrics, was " + target);
            }
            Arguments.atLeast("usageMilli", usageMilli, 0L);
            Arguments.atLeast("readyPods", readyPods, 0);
        }
    }

    /**
     * A metric that could not be read this time.
     *
     * @param name the metric name, not blank
     * @param reason why, for the decision's reason, not null
     */
    record Unavailable(String name, String reason) implements MetricReading {
        /**
         * Validates the reading.
         *
         * @throws IllegalArgumentException if the name is blank
         */
        public Unavailable {
            Arguments.notBlank("name", name);
            Objects.requireNonNull(reason, "reason");
        }
    }
}
