package dev.nines.capacity.model;

import dev.nines.core.internal.Arguments;

/**
 * Headroom and target-utilization arithmetic: how many replicas a demand needs when each replica
 * runs at no more than a target utilization, and how much room a capacity leaves.
 *
 * <p>Demand and capacity share one unit (requests per second, cores, ...). Utilizations are ratios
 * in (0, 1]. Stateless and thread-safe.
 *
 * <pre>{@code
 * int replicas = Headroom.replicasFor(4_200, 500, 0.7);   // 500 rps each, run at 70%: 12 replicas
 * double room = Headroom.headroomRatio(4_200, 6_000);     // 0.3 of capacity unused at this demand
 * }</pre>
 */
public final class Headroom {

    private Headroom() {}

    /**
     * Returns the replicas a demand needs with each at most at the target utilization:
     * {@code ceil(demand / (capacityPerReplica x targetUtilizationRatio))}.
     *
     * @param demand the demand, at least 0
     * @param capacityPerReplica what one replica serves at 100%, positive
     * @param targetUtilizationRatio the utilization not to exceed, in (0, 1]
     * @return the replicas, at least 0
     */
    public static int replicasFor(double demand, double capacityPerReplica, double targetUtilizationRatio) {
        LittlesLaw.finite("demand", demand);
        LittlesLaw.positive("capacityPerReplica", capacityPerReplica);
        Arguments.inOpenClosed("targetUtilizationRatio", targetUtilizationRatio, 0.0, 1.0);
        double needed = demand / (capacityPerReplica * targetUtilizationRatio);
        // tolerate the rounding of an exact multiple (e.g. 0.7 x 10 / 0.7)
        double ceil = Math.ceil(needed - 1e-9 * Math.max(1.0, needed));
        if (ceil >= Integer.MAX_VALUE) {
            throw new IllegalArgumentException("demand needs more than " + Integer.MAX_VALUE + " replicas: " + needed);
        }
        return (int) Math.max(0.0, ceil);
    }

    /**
     * Returns the fraction of a capacity left unused at a demand, {@code 1 - demand / capacity}
     * (negative when the demand exceeds the capacity).
     *
     * @param demand the demand, at least 0
     * @param capacity the capacity, positive
     * @return the headroom ratio
     */
    public static double headroomRatio(double demand, double capacity) {
        return 1.0 - LittlesLaw.finite("demand", demand) / LittlesLaw.positive("capacity", capacity);
    }

    /**
     * Returns the utilization of a capacity at a demand, {@code demand / capacity}.
     *
     * @param demand the demand, at least 0
     * @param capacity the capacity, positive
     * @return the utilization ratio (above 1 when overloaded)
     */
    public static double utilizationRatio(double demand, double capacity) {
        return LittlesLaw.finite("demand", demand) / LittlesLaw.positive("capacity", capacity);
    }

    /**
     * Returns the highest demand a capacity serves at the target utilization.
     *
     * @param capacity the capacity at 100%, at least 0
     * @param targetUtilizationRatio the utilization not to exceed, in (0, 1]
     * @return {@code capacity x targetUtilizationRatio}
     */
    public static double demandAtTarget(double capacity, double targetUtilizationRatio) {
        LittlesLaw.finite("capacity", capacity);
        return capacity * Arguments.inOpenClosed("targetUtilizationRatio", targetUtilizationRatio, 0.0, 1.0);
    }
}
