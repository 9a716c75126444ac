package dev.nines.capacity.scaling;

import dev.nines.core.internal.Arguments;

/**
 * The target of one autoscaling metric, as in a Kubernetes {@code MetricTarget}: an average
 * utilization of the pods' requests, an average value per pod, or a total value.
 *
 * <p>Values are milli-units ({@code 1000} = one unit), as Kubernetes' {@code Quantity.MilliValue()}
 * so that the integer arithmetic of the HPA is reproduced exactly. Immutable.
 */
public sealed interface MetricTarget {

    /**
     * Average utilization of the pods' resource requests, in percent (Kubernetes
     * {@code averageUtilization}); only for per-pod resource metrics.
     *
     * @param averageUtilizationPercent the target percent of the request, at least 1 (may exceed 100)
     */
    record Utilization(int averageUtilizationPercent) implements MetricTarget {
        /**
         * Validates the target.
         *
         * @throws IllegalArgumentException if the percent is below 1
         */
        public Utilization {
            Arguments.atLeast("averageUtilizationPercent", averageUtilizationPercent, 1);
        }
    }

    /**
     * Average value per pod (Kubernetes {@code averageValue}), in milli-units.
     *
     * @param averageValueMilli the target per pod, at least 1
     */
    record AverageValue(long averageValueMilli) implements MetricTarget {
        /**
         * Validates the target.
         *
         * @throws IllegalArgumentException if the value is below 1
         */
        public AverageValue {
            Arguments.atLeast("averageValueMilli", averageValueMilli, 1L);
        }
    }

    /**
     * Total value of an object or external metric (Kubernetes {@code value}), in milli-units.
     *
     * @param valueMilli the target total, at least 1
     */
    record Value(long valueMilli) implements MetricTarget {
        /**
         * Validates the target.
         *
         * @throws IllegalArgumentException if the value is below 1
         */
        public Value {
            Arguments.atLeast("valueMilli", valueMilli, 1L);
        }
    }

    /**
     * Returns a utilization target.
     *
     * @param percent the average utilization of requests, in percent, at least 1
     * @return the target
     */
    static MetricTarget utilization(int percent) {
        return new Utilization(percent);
    }

    /**
     * Returns an average-value-per-pod target.
     *
     * @param milli the average per pod, in milli-units, at least 1
     * @return the target
     */
    static MetricTarget averageValue(long milli) {
        return new AverageValue(milli);
    }

    /**
     * Returns a total-value target.
     *
     * @param milli the total, in milli-units, at least 1
     * @return the target
     */
    static MetricTarget value(long milli) {
        return new Value(milli);
    }
}
