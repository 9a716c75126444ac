package dev.nines.capacity.model;

import dev.nines.core.internal.Arguments;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Regional N+k reserve: how many instances each region needs so that losing any {@code k} regions
 * still serves the peak demand at the target utilization, and what the reserve costs.
 *
 * <p>Model: region {@code i} normally serves {@code share(i) x peak}. When a set {@code F} of
 * regions is lost, their traffic is spread over the survivors in proportion to the survivors'
 * shares (weighted DNS or global load balancing), so region {@code i} serves
 * {@code share(i) x peak / (1 - sum of the lost shares)}. Its worst case is losing the {@code k}
 * other regions with the largest shares; the plan gives each region exactly the instances that
 * worst case needs at the target utilization, which is the least that survives every loss of
 * {@code k} regions under this redistribution. Immutable results; stateless and thread-safe.
 *
 * <pre>{@code
 * RegionalReserve.Plan plan = RegionalReserve.plan(List.of(
 *     new RegionalReserve.Region("eu", 0.4, 100, 0.20),
 *     new RegionalReserve.Region("us", 0.4, 100, 0.18),
 *     new RegionalReserve.Region("ap", 0.2, 100, 0.25)), 5_000, 0.6, 1);   // N+1 at 60% for 5,000 rps
 * plan.reserveCostPerHour();
 * }</pre>
 */
public final class RegionalReserve {

    private RegionalReserve() {}

    /**
     * A region.
     *
     * @param name the name, not blank
     * @param demandShare the share of the peak demand it serves normally, in [0, 1]; shares sum to 1
     * @param capacityPerInstance the demand one instance serves at 100%, positive
     * @param costPerInstanceHour the price of one instance for an hour, at least 0
     */
    public record Region(String name, double demandShare, double capacityPerInstance, double costPerInstanceHour) {
        /**
         * Validates the region.
         *
         * @throws IllegalArgumentException if a value is out of range
         */
        public Region {
            Arguments.notBlank("name", name);
            Arguments.inClosed("demandShare", demandShare, 0.0, 1.0);
            LittlesLaw.positive("capacityPerInstance", capacityPerInstance);
            LittlesLaw.finite("costPerInstanceHour", costPerInstanceHour);
        }
    }

    /**
     * The plan for one region.
     *
     * @param region the region name
     * @param baseInstances instances for its own share with no region lost
     * @param instances instances for its worst case
     * @param worstCaseLoad the demand it serves in its worst case
     * @param worstCaseLost the regions whose loss makes its worst case (empty when k = 0)
     * @param costPerHour the cost of {@code instances}
     */
    public record RegionPlan(
            String region,
            int baseInstances,
            int instances,
            double worstCaseLoad,
            List<String> worstCaseLost,
            double costPerHour) {
        /**
         * Copies the list.
         */
        public RegionPlan {
            worstCaseLost = List.copyOf(worstCaseLost);
        }

        /**
         * Returns the instances held in reserve.
         *
         * @return {@code instances - baseInstances}
         */
        public int reserveInstances() {
            return instances - baseInstances;
        }
    }

    /**
     * The plan for every region.
     *
     * @param regions per-region plans, in input order
     * @param regionFailures how many simultaneous region losses it survives
     * @param baseInstances total instances with no reserve
     * @param totalInstances total instances with the reserve
     * @param baseCostPerHour the cost without reserve
     * @param totalCostPerHour the cost with reserve
     */
    public record Plan(
            List<RegionPlan> regions,
            int regionFailures,
            int baseInstances,
            int totalInstances,
            double baseCostPerHour,
            double totalCostPerHour) {
        /**
         * Copies the list.
         */
        public Plan {
            regions = List.copyOf(regions);
        }

        /**
         * Returns the cost of the reserve alone.
         *
         * @return {@code totalCostPerHour - baseCostPerHour}
         */
        public double reserveCostPerHour() {
            return totalCostPerHour - baseCostPerHour;
        }

        /**
         * Returns the reserve as a fraction of the base capacity.
         *
         * @return {@code totalInstances / baseInstances - 1} (0 when there is no base)
         */
        public double overProvisionRatio() {
            return baseInstances == 0 ? 0.0 : (double) totalInstances / baseInstances - 1.0;
        }
    }

    /**
     * Plans the instances per region for an N+k reserve.
     *
     * @param regions the regions, at least {@code regionFailures + 1}, distinct names, shares summing to 1 (within 1e-6)
     * @param peakDemand the peak demand to serve, at least 0
     * @param targetUtilizationRatio the utilization not to exceed even after a loss, in (0, 1]
     * @param regionFailures how many regions may be lost at once, at least 0
     * @return the plan
     * @throws IllegalArgumentException if the input is inconsistent
     */
    public static Plan plan(
            List<Region> regions, double peakDemand, double targetUtilizationRatio, int regionFailures) {
        Objects.requireNonNull(regions, "regions");
        LittlesLaw.finite("peakDemand", peakDemand);
        Arguments.inOpenClosed("targetUtilizationRatio", targetUtilizationRatio, 0.0, 1.0);
        Arguments.atLeast("regionFailures", regionFailures, 0);
        if (regions.size() <= regionFailures) {
            throw new IllegalArgumentException(
                    "regions must be more than regionFailures (" + regionFailures + "), was " + regions.size());
        }
        Set<String> names = new HashSet<>();
        double shares = 0.0;
        for (Region region : regions) {
            if (!names.add(region.name())) {
                throw new IllegalArgumentException("region names must be distinct, repeated " + region.name());
            }
            shares += region.demandShare();
        }
        if (Math.abs(shares - 1.0) > 1e-6) {
            throw new IllegalArgumentException("demandShare must sum to 1, was " + shares);
        }
        List<RegionPlan> plans = new ArrayList<>();
        int base = 0;
        int total = 0;
        double baseCost = 0.0;
        double totalCost = 0.0;
        for (Region region : regions) {
            List<Region> others = new ArrayList<>(regions);
            others.remove(region);
            others.sort(
                    Comparator.comparingDouble(Region::demandShare).reversed().thenComparing(Region::name));
            List<String> lost = new ArrayList<>();
            double lostShare = 0.0;
            for (int i = 0; i < regionFailures; i++) {
                lost.add(others.get(i).name());
                lostShare += others.get(i).demandShare();
            }
            double own = region.demandShare() * peakDemand;
            double survivors = 1.0 - lostShare;
            double worst = survivors <= 0.0 ? own : own / survivors;
            int baseInstances = Headroom.replicasFor(own, region.capacityPerInstance(), targetUtilizationRatio);
            int instances = Headroom.replicasFor(worst, region.capacityPerInstance(), targetUtilizationRatio);
            plans.add(new RegionPlan(
                    region.name(), baseInstances, instances, worst, lost, instances * region.costPerInstanceHour()));
            base += baseInstances;
            total += instances;
            baseCost += baseInstances * region.costPerInstanceHour();
            totalCost += instances * region.costPerInstanceHour();
        }
        return new Plan(plans, regionFailures, base, total, baseCost, totalCost);
    }
}
