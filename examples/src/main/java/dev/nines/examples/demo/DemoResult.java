package dev.nines.examples.demo;

import dev.nines.slo.report.SloReport;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What one run of the demo found: the figures of its summary and the series behind its report.
 *
 * @param seed the seed
 * @param days the simulated days
 * @param requests every checkout request
 * @param goodRequests requests that succeeded and count towards the SLO
 * @param badRequests requests that failed and count against the SLO
 * @param excludedRequests requests inside the planned maintenance window (not counted)
 * @param excludedBadRequests the failed ones among them
 * @param objective the SLO objective, e.g. 0.999
 * @param compliance the SLI over the run (good / counted)
 * @param budgetConsumedRatio the error budget consumed, 0..1 (above 1 when overspent)
 * @param alertsFired how many burn-rate alerts fired
 * @param alertsResolved how many of them resolved
 * @param breakerOpenings how often the payment breaker opened
 * @param staleQuotes quotes served stale from the cache because the provider failed
 * @param retries retries made to the provider
 * @param retriesRefusedByBudget calls whose retrying the retry budget stopped
 * @param failovers database failovers
 * @param epochBefore the fencing epoch before the run
 * @param epochAfter the fencing epoch after the run
 * @param staleWritesRejected writes from a deposed primary refused by the fence
 * @param auditRecords records in the failover audit log
 * @param forecastPeakPerSecond the highest forecast hourly mean over the horizon (the next 30 days, or as many days as were simulated if fewer), checkouts per second
 * @param forecastPeakUpperPerSecond the highest upper bound (95%) over the horizon, per second
 * @param forecastPeakAt when the forecast peak falls
 * @param observedPeakPerSecond the busiest hour of the run, per second
 * @param replicasNow replicas the observed peak needs per region with one region lost
 * @param replicasNextMonth replicas the forecast upper bound needs per region with one region lost
 * @param capacityRunsOut when the forecast first exceeds what today's replicas serve, if within the horizon
 * @param timeline what happened, in time order
 * @param series the hourly series behind the report's charts
 * @param sloReport the SLO/SLA report of the run (budget burn-down, SLA months, incidents)
 */
public record DemoResult(
        long seed,
        int days,
        long requests,
        long goodRequests,
        long badRequests,
        long excludedRequests,
        long excludedBadRequests,
        double objective,
        double compliance,
        double budgetConsumedRatio,
        int alertsFired,
        int alertsResolved,
        int breakerOpenings,
        long staleQuotes,
        long retries,
        long retriesRefusedByBudget,
        int failovers,
        long epochBefore,
        long epochAfter,
        long staleWritesRejected,
        int auditRecords,
        double forecastPeakPerSecond,
        double forecastPeakUpperPerSecond,
        Instant forecastPeakAt,
        double observedPeakPerSecond,
        List<RegionReplicas> replicasNow,
        List<RegionReplicas> replicasNextMonth,
        Optional<Instant> capacityRunsOut,
        List<TimelineEvent> timeline,
        Series series,
        SloReport sloReport) {

    /**
     * Copies the lists.
     */
    public DemoResult {
        replicasNow = List.copyOf(replicasNow);
        replicasNextMonth = List.copyOf(replicasNextMonth);
        timeline = List.copyOf(timeline);
    }

    /**
     * Returns the error budget left, {@code 1 - budgetConsumedRatio} (negative once overspent).
     *
     * @return the remaining ratio
     */
    public double budgetRemainingRatio() {
        return 1 - budgetConsumedRatio;
    }

    /**
     * Returns the replicas next month needs in all regions together.
     *
     * @return the total
     */
    public int totalReplicasNextMonth() {
        return replicasNextMonth.stream().mapToInt(RegionReplicas::replicas).sum();
    }

    /**
     * Replicas for one region.
     *
     * @param region the region
     * @param replicas the replicas
     * @param reserve how many of them are held for the loss of another region
     */
    public record RegionReplicas(String region, int replicas, int reserve) {}

    /**
     * One thing that happened.
     *
     * @param at when
     * @param kind a short kind: alert, resolved, breaker, outage, maintenance, failover, budget
     * @param text what, for people
     */
    public record TimelineEvent(Instant at, String kind, String text) {}

    /**
     * The hourly series: one value per simulated hour, and the forecast after them.
     *
     * @param start the first hour
     * @param requestsPerHour checkouts per hour
     * @param badPerHour failed checkouts per hour, counted ones only
     * @param budgetRemaining the error budget left at the end of each hour, as a ratio
     * @param forecastMean forecast checkouts per hour for the next month
     * @param forecastLower lower bound (95%)
     * @param forecastUpper upper bound (95%)
     */
    // Chart data handed to the report once: never compared, hashed or used as a key.
    @SuppressWarnings("ArrayRecordComponent")
    public record Series(
            Instant start,
            double[] requestsPerHour,
            double[] badPerHour,
            double[] budgetRemaining,
            double[] forecastMean,
            double[] forecastLower,
            double[] forecastUpper) {}
}
