package dev.nines.capacity.cost;

import dev.nines.core.internal.Arguments;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The cheapest mix of committed and on-demand instances for a forecast of instances needed per
 * hour, compared with running everything on demand and with committing to the peak.
 *
 * <p>With {@code R} committed instances over {@code H} hours the cost is
 * {@code R x committed x H + onDemand x sum(max(0, need(h) - R))}. One more commitment costs
 * {@code committed x H} and saves {@code onDemand} for every hour whose need exceeds {@code R}, so
 * the optimum commits to the largest {@code R} still needed in at least a fraction
 * {@link Pricing#breakEvenUtilizationRatio()} of the hours: a quantile of the forecast. The search
 * is exact (every candidate {@code R} from 0 to the peak is costed); on a tie the smaller
 * commitment wins. Immutable.
 *
 * <pre>{@code
 * // need per hour from a forecast: e.g. Headroom.replicasFor(demandAt(hour), perInstance, 0.7)
 * CapacityMix mix = CapacityMix.cheapest(needPerHour, new Pricing(0.10, 0.062));
 * mix.committedInstances();   // reserve these, scale the rest on demand
 * mix.savingsRatio();         // versus all on demand
 * }</pre>
 *
 * @param hours the forecast length in hours
 * @param peakInstances the highest hourly need
 * @param committedInstances the optimal number of committed instances
 * @param committedCost their cost over the horizon
 * @param onDemandInstanceHours the instance-hours left to on demand
 * @param onDemandCost their cost
 * @param totalCost {@code committedCost + onDemandCost}
 * @param allOnDemandCost the cost with no commitment
 * @param allCommittedAtPeakCost the cost of committing to the peak (no on demand)
 */
public record CapacityMix(
        int hours,
        int peakInstances,
        int committedInstances,
        double committedCost,
        long onDemandInstanceHours,
        double onDemandCost,
        double totalCost,
        double allOnDemandCost,
        double allCommittedAtPeakCost) {

    /**
     * Returns the cheapest mix for a forecast.
     *
     * @param instancesPerHour instances needed in each hour, not empty, none negative
     * @param pricing the prices
     * @return the mix
     * @throws IllegalArgumentException if the forecast is empty or has a negative need
     */
    public static CapacityMix cheapest(List<Integer> instancesPerHour, Pricing pricing) {
        Objects.requireNonNull(instancesPerHour, "instancesPerHour");
        Objects.requireNonNull(pricing, "pricing");
        if (instancesPerHour.isEmpty()) {
            throw new IllegalArgumentException("instancesPerHour must not be empty");
        }
        int hours = instancesPerHour.size();
        int[] sorted = new int[hours];
        long totalInstanceHours = 0;
        for (int h = 0; h < hours; h++) {
            sorted[h] = Arguments.atLeast("instancesPerHour[" + h + "]", instancesPerHour.get(h), 0);
            totalInstanceHours += sorted[h];
        }
        Arrays.sort(sorted);
        int peak = sorted[hours - 1];
        // Walk R upward keeping the on-demand instance-hours above R: each step removes one
        // instance-hour for every hour with need > R.
        int best = 0;
        long bestOnDemandHours = totalInstanceHours;
        double bestCost = pricing.onDemandPerInstanceHour() * totalInstanceHours;
        long onDemandHours = totalInstanceHours;
        int index = 0; // first hour (in sorted order) with need > r
        for (int r = 0; r < peak; r++) {
            while (index < hours && sorted[index] <= r) {
                index++;
            }
            onDemandHours -=
                    hours - index; // committing r + 1 covers one more instance in each hour needing more than r
            double cost = (double) (r + 1) * pricing.committedPerInstanceHour() * hours
                    + pricing.onDemandPerInstanceHour() * onDemandHours;
            if (cost < bestCost) {
                bestCost = cost;
                best = r + 1;
                bestOnDemandHours = onDemandHours;
            }
        }
        double committedCost = (double) best * pricing.committedPerInstanceHour() * hours;
        double onDemandCost = pricing.onDemandPerInstanceHour() * bestOnDemandHours;
        return new CapacityMix(
                hours,
                peak,
                best,
                committedCost,
                bestOnDemandHours,
                onDemandCost,
                committedCost + onDemandCost,
                pricing.onDemandPerInstanceHour() * totalInstanceHours,
                (double) peak * pricing.committedPerInstanceHour() * hours);
    }

    /**
     * Returns the cheapest mix for a demand forecast per hour, sizing each hour with
     * {@link dev.nines.capacity.model.Headroom#replicasFor(double, double, double)}.
     *
     * @param demandPerHour the forecast demand in each hour (for example the upper bound of a
     *     prediction interval), not empty, none negative
     * @param capacityPerInstance what one instance serves at 100%, positive
     * @param targetUtilizationRatio the utilization not to exceed, in (0, 1]
     * @param pricing the prices
     * @return the mix
     */
    public static CapacityMix forDemand(
            List<Double> demandPerHour, double capacityPerInstance, double targetUtilizationRatio, Pricing pricing) {
        Objects.requireNonNull(demandPerHour, "demandPerHour");
        List<Integer> instances = new java.util.ArrayList<>(demandPerHour.size());
        for (double demand : demandPerHour) {
            instances.add(
                    dev.nines.capacity.model.Headroom.replicasFor(demand, capacityPerInstance, targetUtilizationRatio));
        }
        return cheapest(instances, pricing);
    }

    /**
     * Returns the saving of this mix against running everything on demand.
     *
     * @return {@code 1 - totalCost / allOnDemandCost} (0 when nothing is needed)
     */
    public double savingsRatio() {
        return allOnDemandCost == 0.0 ? 0.0 : 1.0 - totalCost / allOnDemandCost;
    }

    /**
     * Returns the cost of a given commitment, for comparison with the optimum.
     *
     * @param instancesPerHour the forecast
     * @param pricing the prices
     * @param committed committed instances, at least 0
     * @return the total cost over the forecast
     */
    public static double costOf(List<Integer> instancesPerHour, Pricing pricing, int committed) {
        Arguments.atLeast("committed", committed, 0);
        double onDemand = 0.0;
        for (int need : instancesPerHour) {
            onDemand += Math.max(0, need - committed);
        }
        return (double) committed * pricing.committedPerInstanceHour() * instancesPerHour.size()
                + pricing.onDemandPerInstanceHour() * onDemand;
    }
}
