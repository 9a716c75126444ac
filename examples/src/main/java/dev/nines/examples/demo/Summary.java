package dev.nines.examples.demo;

import dev.nines.examples.demo.DemoResult.RegionReplicas;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The short, readable summary printed at the end of a run. */
final class Summary {

    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("EEE dd MMM HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("EEE dd MMM yyyy", Locale.ROOT).withZone(ZoneOffset.UTC);

    private Summary() {}

    static String render(DemoResult r) {
        StringBuilder b = new StringBuilder("Summary\n");
        line(
                b,
                "Checkouts",
                String.format(
                        Locale.ROOT,
                        "%,d: %,d failed and counted; %,d in the planned maintenance window, excluded (%,d of them failed)",
                        r.requests(),
                        r.badRequests(),
                        r.excludedRequests(),
                        r.excludedBadRequests()));
        line(
                b,
                "SLO",
                String.format(
                        Locale.ROOT,
                        "%.1f%% of checkouts succeed over a rolling 30 days: compliance %.3f%%",
                        100 * r.objective(),
                        100 * r.compliance()));
        line(
                b,
                "Error budget",
                String.format(
                        Locale.ROOT,
                        "%.1f%% left (%.1f%% consumed)",
                        100 * r.budgetRemainingRatio(),
                        100 * r.budgetConsumedRatio()));
        line(
                b,
                "Alerts",
                String.format(
                        Locale.ROOT,
                        "%d fired, %d resolved (SRE workbook multi-window burn rates)",
                        r.alertsFired(),
                        r.alertsResolved()));
        line(
                b,
                "Payment provider",
                String.format(
                        Locale.ROOT,
                        "breaker opened %d times; %,d retries, %,d calls stopped by the retry budget; %,d stale quotes served",
                        r.breakerOpenings(),
                        r.retries(),
                        r.retriesRefusedByBudget(),
                        r.staleQuotes()));
        line(
                b,
                "Database",
                r.failovers() == 0
                        ? "no failover"
                        : String.format(
                                Locale.ROOT,
                                "%d failover%s to the standby region, fencing epoch %d -> %d, %,d stale "
                                        + "writes fenced off, %d audit records",
                                r.failovers(),
                                r.failovers() == 1 ? "" : "s",
                                r.epochBefore(),
                                r.epochAfter(),
                                r.staleWritesRejected(),
                                r.auditRecords()));
        line(
                b,
                "Traffic",
                String.format(Locale.ROOT, "busiest hour so far %.1f checkouts/s", r.observedPeakPerSecond()));
        line(
                b,
                "Forecast",
                String.format(
                        Locale.ROOT,
                        "next %d days peak %.1f checkouts/s (95%% upper bound %.1f), %s (Holt-Winters)",
                        r.series().forecastMean().length / 24,
                        r.forecastPeakPerSecond(),
                        r.forecastPeakUpperPerSecond(),
                        WHEN.format(r.forecastPeakAt())));
        line(b, "Replicas now", replicas(r.replicasNow()));
        line(
                b,
                "Replicas next period",
                replicas(r.replicasNextMonth())
                        + String.format(
                                Locale.ROOT,
                                ": %d in all, surviving the loss of a region at %.0f%% CPU",
                                r.totalReplicasNextMonth(),
                                100 * CheckoutSimulation.TARGET_UTILIZATION));
        line(
                b,
                "Capacity",
                r.capacityRunsOut()
                        .map(t -> "today's replicas run out around " + DATE.format(t))
                        .orElse("today's replicas last beyond the forecast"));
        return b.toString();
    }

    private static String replicas(List<RegionReplicas> regions) {
        return regions.stream()
                .map(x -> String.format(Locale.ROOT, "%s %d (%d reserve)", x.region(), x.replicas(), x.reserve()))
                .collect(Collectors.joining(", "));
    }

    private static void line(StringBuilder b, String label, String text) {
        b.append(String.format(Locale.ROOT, "  %-20s %s%n", label, text));
    }
}
