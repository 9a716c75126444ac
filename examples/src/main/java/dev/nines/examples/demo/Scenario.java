package dev.nines.examples.demo;

import java.time.Duration;
import java.time.Instant;

/**
 * What happens when, placed by the run's length: an unplanned provider outage at 30% of the run,
 * a planned provider maintenance window at 50% (excluded from the SLO; the provider is down inside
 * it) and a database region failure at 70%.
 *
 * @param start the first simulated instant (a Monday, 00:00 UTC)
 * @param days the simulated days
 * @param outageStart the start of the unplanned provider outage
 * @param outageLength its length
 * @param maintenanceStart the start of the planned maintenance window
 * @param maintenanceLength its length
 * @param regionFailureStart when the primary database region fails
 * @param regionFailureLength how long it stays down
 */
record Scenario(
        Instant start,
        int days,
        Instant outageStart,
        Duration outageLength,
        Instant maintenanceStart,
        Duration maintenanceLength,
        Instant regionFailureStart,
        Duration regionFailureLength) {

    static final Instant START = Instant.parse("2026-11-02T00:00:00Z");
    static final Duration MAINTENANCE_SLACK = Duration.ofMinutes(5);

    static Scenario of(int days) {
        Instant outage = START.plus(Duration.ofDays(Math.max(1, Math.round(days * 0.3))))
                .plus(Duration.ofHours(14).plusMinutes(10));
        // 7 minutes in a month; shorter in a shorter run, so it spends a similar share of the budget.
        Duration outageLength = Duration.ofMinutes(Math.max(4, Math.min(7, Math.round(7.0 * days / 30))));
        Instant maintenance =
                START.plus(Duration.ofDays(Math.round(days * 0.5))).plus(Duration.ofHours(2));
        Instant regionFailure = START.plus(Duration.ofDays(Math.round(days * 0.7)))
                .plus(Duration.ofHours(9).plusMinutes(30));
        return new Scenario(
                START,
                days,
                outage,
                outageLength,
                maintenance,
                Duration.ofHours(1),
                regionFailure,
                Duration.ofHours(3));
    }

    Instant end() {
        return start.plus(Duration.ofDays(days));
    }

    Instant outageEnd() {
        return outageStart.plus(outageLength);
    }

    Instant maintenanceEnd() {
        return maintenanceStart.plus(maintenanceLength);
    }

    Instant regionFailureEnd() {
        return regionFailureStart.plus(regionFailureLength);
    }

    boolean providerDown(Instant t) {
        // The provider announced 02:00-03:00 and is actually down 02:05-02:45: the breaker has
        // recovered before the window ends, so nothing of the maintenance leaks into the budget.
        return within(t, outageStart, outageEnd())
                || within(
                        t,
                        maintenanceStart.plus(MAINTENANCE_SLACK),
                        maintenanceEnd().minus(MAINTENANCE_SLACK.multipliedBy(3)));
    }

    boolean primaryRegionDown(Instant t) {
        return within(t, regionFailureStart, regionFailureEnd());
    }

    private static boolean within(Instant t, Instant from, Instant to) {
        return !t.isBefore(from) && t.isBefore(to);
    }
}
