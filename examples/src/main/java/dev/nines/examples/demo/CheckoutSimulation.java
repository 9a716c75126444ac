package dev.nines.examples.demo;

import dev.nines.capacity.forecast.Forecast;
import dev.nines.capacity.forecast.ForecastPoint;
import dev.nines.capacity.forecast.ForecastQuestions;
import dev.nines.capacity.forecast.HoltWinters;
import dev.nines.capacity.forecast.HoltWintersConfig;
import dev.nines.capacity.forecast.HoltWintersFit;
import dev.nines.capacity.forecast.ThresholdCrossing;
import dev.nines.capacity.forecast.TimeSeries;
import dev.nines.capacity.model.RegionalReserve;
import dev.nines.core.circuitbreaker.CallNotPermittedException;
import dev.nines.core.circuitbreaker.CircuitBreaker;
import dev.nines.core.circuitbreaker.CircuitBreakerConfig;
import dev.nines.core.circuitbreaker.CircuitBreakerEvent;
import dev.nines.core.fallback.StaleCache;
import dev.nines.core.fallback.StaleCacheConfig;
import dev.nines.core.pipeline.Pipeline;
import dev.nines.core.pipeline.Resilience;
import dev.nines.core.retry.Retry;
import dev.nines.core.retry.RetryBudgetConfig;
import dev.nines.core.retry.RetryConfig;
import dev.nines.core.time.ManualTimeSource;
import dev.nines.examples.demo.DemoResult.RegionReplicas;
import dev.nines.examples.demo.DemoResult.TimelineEvent;
import dev.nines.slo.ErrorBudget;
import dev.nines.slo.Slo;
import dev.nines.slo.SloStatus;
import dev.nines.slo.SloTracker;
import dev.nines.slo.SloWindow;
import dev.nines.slo.alert.BurnRateAlertPolicy;
import dev.nines.slo.alert.SloAlertEvent;
import dev.nines.slo.alert.SloAlerts;
import dev.nines.slo.dependency.DependencyGraph;
import dev.nines.slo.dependency.Requirement;
import dev.nines.slo.exclusion.Exclusion;
import dev.nines.slo.incident.IncidentRecorder;
import dev.nines.slo.incident.IncidentSignal;
import dev.nines.slo.incident.RecordedIncident;
import dev.nines.slo.incident.TimelineEntry;
import dev.nines.slo.report.SloReport;
import dev.nines.slo.report.SloSection;
import dev.nines.slo.sla.CreditTable;
import dev.nines.slo.sla.Sla;
import dev.nines.slo.sla.SlaExclusion;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The checkout service simulated minute by minute in virtual time. Each minute's traffic is
 * judged by twelve sampled checkouts (one every five seconds) that really pass through the
 * breaker, retry, stale cache and database; each sample stands for a twelfth of the minute's
 * requests, which the SLO tracker records in one {@code record(good, bad)}.
 */
final class CheckoutSimulation {

    static final int SAMPLES_PER_MINUTE = 12;
    static final double OBJECTIVE = 0.999;
    /** Checkouts per second one replica serves at 100% CPU. */
    static final double CAPACITY_PER_REPLICA = 6.0;

    static final double TARGET_UTILIZATION = 0.6;
    /** A small share of checkouts that fail for reasons of their own (bad cards, bugs). */
    static final double BACKGROUND_ERROR_RATIO = 0.00005;

    static final List<RegionalReserve.Region> REGIONS = List.of(
            new RegionalReserve.Region(Database.PRIMARY, 0.6, CAPACITY_PER_REPLICA, 0.40),
            new RegionalReserve.Region(Database.STANDBY, 0.4, CAPACITY_PER_REPLICA, 0.36));
    private static final DateTimeFormatter DAY =
            DateTimeFormatter.ofPattern("EEE dd MMM", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter CLOCK =
            DateTimeFormatter.ofPattern("EEE dd MMM HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final long seed;
    private final Scenario scenario;
    private final PrintStream progress;
    private final ManualTimeSource time;
    private final Traffic traffic;
    private final PaymentProvider provider;
    private final Database database;
    private final SplittableRandom background;
    private final CircuitBreaker breaker;
    private final Retry retry;
    private final StaleCache<String, Double> quotes;
    private final Pipeline<Double> quotePipeline;
    private final Pipeline<String> authorizePipeline;
    private final SloTracker tracker;
    private final SloAlerts alerts;
    private final IncidentRecorder incidents;
    /** The scenario's own markers (what really happened); the rest of the timeline is the recorder's. */
    private final List<TimelineEvent> markers = new ArrayList<>();

    private final IdentityHashMap<TimelineEntry, Boolean> printed = new IdentityHashMap<>();
    private int alertsFired;
    private int alertsResolved;
    private int breakerOpenings;
    private int failedProbes;
    private long excludedRequests;
    private long excludedBad;
    private long totalRequests;

    CheckoutSimulation(long seed, int days, PrintStream progress) {
        this.seed = seed;
        this.scenario = Scenario.of(days);
        this.progress = progress;
        this.time = ManualTimeSource.at(scenario.start());
        this.traffic = new Traffic(scenario.start(), seed);
        this.provider = new PaymentProvider(scenario, seed * 31 + 1);
        // Incidents are recorded from the library's own events: breaker transitions, burn-rate
        // alerts, budget thresholds and failover decisions, correlated over the dependency graph.
        this.incidents = IncidentRecorder.builder(time)
                .dependencyGraph(DependencyGraph.builder()
                        .node("payments", 0.999)
                        .node("orders-db", 0.9995)
                        .node("checkout", 0.9999, Requirement.all("payments", "orders-db"))
                        .build())
                .correlationWindow(Duration.ofMinutes(30))
                .build();
        incidents.onUpdate(this::printNewEntries);
        this.database = new Database(scenario, time, incidents, seed * 31 + 3);
        this.background = new SplittableRandom(seed * 31 + 2);

        breaker = CircuitBreaker.of(
                "payment-provider",
                CircuitBreakerConfig.builder()
                        .slidingWindow(20, 10, CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                        .failureRateThreshold(50)
                        .waitDurationInOpenState(Duration.ofSeconds(30))
                        .permittedNumberOfCallsInHalfOpenState(3)
                        .build(),
                time);
        incidents.subscribe(breaker, "payments");
        breaker.onEvent(this::onBreakerEvent);
        retry = Retry.of(
                "payment-provider",
                RetryConfig.builder()
                        .maxAttempts(3)
                        .waitDuration(Duration.ofMillis(200))
                        .ignoreExceptions(CallNotPermittedException.class)
                        .retryBudget(RetryBudgetConfig.builder()
                                .retryRatio(0.2)
                                .minRetriesPerSecond(0)
                                .window(Duration.ofMinutes(2))
                                .build())
                        .build(),
                time,
                time::advanceNanos);
        quotes = StaleCache.of(
                "fx-quotes",
                StaleCacheConfig.builder()
                        .freshTtl(Duration.ofMinutes(1))
                        .staleTtl(Duration.ofHours(2))
                        .build(),
                time);

        // Quotes may be stale when the provider fails; authorisations are retried, within budget,
        // and never while the breaker is open.
        quotePipeline = Resilience.<Double>pipeline()
                .staleCache(quotes, "EUR")
                .circuitBreaker(breaker)
                .build();
        authorizePipeline = Resilience.<String>pipeline()
                .retry(retry)
                .circuitBreaker(breaker)
                .build();

        Slo slo = Slo.builder("checkout-availability")
                .objective(OBJECTIVE)
                .window(SloWindow.rolling(Duration.ofDays(30)))
                .description("Checkouts that complete: payment authorised and order stored")
                .exclusion(Exclusion.maintenance(
                        scenario.maintenanceStart(),
                        scenario.maintenanceEnd(),
                        "payment provider maintenance (announced)"))
                .build();
        tracker = SloTracker.create(slo, time);
        alerts = SloAlerts.of(tracker, BurnRateAlertPolicy.sreWorkbook(), time);
        incidents.subscribe(alerts, "checkout");
        alerts.onEvent(this::onAlertEvent);
    }

    DemoResult run() {
        int days = scenario.days();
        int hours = days * 24;
        double[] requestsPerHour = new double[hours];
        double[] badPerHour = new double[hours];
        double[] budgetRemaining = new double[hours];
        long epochBefore = database.epoch();
        boolean outageAnnounced = false;
        boolean maintenanceAnnounced = false;
        boolean regionFailureAnnounced = false;
        for (int day = 0; day < days; day++) {
            long dayRequests = 0;
            long dayBad = 0;
            for (int minuteOfDay = 0; minuteOfDay < 1440; minuteOfDay++) {
                Instant minute = scenario.start().plusSeconds((day * 1440L + minuteOfDay) * 60);
                if (!outageAnnounced && !minute.isBefore(scenario.outageStart())) {
                    outageAnnounced = true;
                    event(
                            minute,
                            "outage",
                            "payment provider outage begins (unplanned, "
                                    + scenario.outageLength().toMinutes() + " min)");
                }
                if (!maintenanceAnnounced && !minute.isBefore(scenario.maintenanceStart())) {
                    maintenanceAnnounced = true;
                    event(minute, "maintenance", "planned provider maintenance, 1 h, excluded from the SLO");
                }
                if (!regionFailureAnnounced && !minute.isBefore(scenario.regionFailureStart())) {
                    regionFailureAnnounced = true;
                    event(
                            minute,
                            "outage",
                            "database region " + Database.PRIMARY + " fails (for "
                                    + human(scenario.regionFailureLength()) + ")");
                }
                long requests = traffic.requests(minute);
                long bad = simulateMinute(minute, requests);
                int hour = day * 24 + minuteOfDay / 60;
                requestsPerHour[hour] += requests;
                boolean excluded =
                        !minute.isBefore(scenario.maintenanceStart()) && minute.isBefore(scenario.maintenanceEnd());
                if (excluded) {
                    excludedRequests += requests;
                    excludedBad += bad;
                } else {
                    badPerHour[hour] += bad;
                    dayBad += bad;
                }
                dayRequests += requests;
                totalRequests += requests;
                time.advanceTo(minute.plusSeconds(60));
                alerts.evaluate();
                onCall();
                incidents.tick();
                if (minuteOfDay % 60 == 59) {
                    budgetRemaining[hour] = tracker.errorBudget().remainingRatio();
                }
            }
            progress.printf(
                    Locale.ROOT,
                    "day %3d/%d  %s  %,10d checkouts  %,6d failed  budget left %6.1f%%%n",
                    day + 1,
                    days,
                    DAY.format(scenario.start().plus(Duration.ofDays(day))),
                    dayRequests,
                    dayBad,
                    100 * tracker.errorBudget().remainingRatio());
        }

        SloStatus status = tracker.status();
        ErrorBudget budget = status.errorBudget();
        Forecasting forecasting = forecast(requestsPerHour);
        SloReport report = sloReport();
        return new DemoResult(
                seed,
                days,
                totalRequests,
                status.counted().good(),
                status.counted().bad(),
                excludedRequests,
                excludedBad,
                OBJECTIVE,
                status.compliance(),
                budget.consumedRatio(),
                alertsFired,
                alertsResolved,
                breakerOpenings,
                quotes.metrics().numberOfStaleAnswers(),
                retry.metrics().numberOfRetryAttempts(),
                retry.metrics().numberOfBudgetExhaustedCalls(),
                database.failovers(),
                epochBefore,
                database.epoch(),
                database.staleWritesRejected(),
                database.auditRecords(),
                forecasting.peakMean / 3600,
                forecasting.peakUpper / 3600,
                forecasting.peakAt,
                forecasting.observedPeak / 3600,
                forecasting.replicasNow,
                forecasting.replicasNextMonth,
                forecasting.runsOut,
                timeline(),
                new DemoResult.Series(
                        scenario.start(),
                        requestsPerHour,
                        badPerHour,
                        budgetRemaining,
                        forecasting.mean,
                        forecasting.lower,
                        forecasting.upper),
                report);
    }

    /**
     * The SLO/SLA report: the SLO's budget burn-down, the SLA per month (99.5%, with service
     * credits below it) and the incidents the recorder recorded; the announced maintenance is excluded.
     */
    private SloReport sloReport() {
        Sla sla = Sla.builder("checkout-sla")
                .objective(0.995)
                .zone(ZoneOffset.UTC)
                .maintenanceNotice(Duration.ofDays(5))
                .creditTable(CreditTable.builder()
                        .creditBelow(0.995, 0.10)
                        .creditBelow(0.99, 0.25)
                        .build())
                .build();
        SlaExclusion maintenance = SlaExclusion.maintenance(
                scenario.maintenanceStart(),
                scenario.maintenanceEnd(),
                scenario.maintenanceStart().minus(Duration.ofDays(7)),
                "payment provider maintenance (announced)");
        Instant end = time.now();
        return SloReport.builder("Nines demo: checkout, " + scenario.days() + " simulated days")
                .months(
                        YearMonth.from(scenario.start().atZone(ZoneOffset.UTC)),
                        YearMonth.from(end.minusMillis(1).atZone(ZoneOffset.UTC)))
                .observedFrom(scenario.start()) // nothing before the simulation started is counted
                .slo(SloSection.of(tracker))
                .sla(sla, List.of(maintenance))
                .recordedIncidents(incidents.incidents()) // as recorded, timelines included
                .generatedAt(end)
                .build();
    }

    /** Writes the database failover audit log as JSON lines. */
    Path writeAuditLog(Path path) throws IOException {
        return database.writeAuditLog(path);
    }

    /** Simulates one minute; returns the failed requests. */
    private long simulateMinute(Instant minute, long requests) {
        long bad = 0;
        for (int i = 0; i < SAMPLES_PER_MINUTE; i++) {
            Instant at = minute.plusSeconds(i * (60L / SAMPLES_PER_MINUTE));
            if (time.now().isBefore(at)) {
                time.advanceTo(at);
            }
            database.tick();
            long share = requests / SAMPLES_PER_MINUTE + (i < requests % SAMPLES_PER_MINUTE ? 1 : 0);
            long failed = checkout() ? 0 : share;
            if (failed == 0) {
                failed = binomial(share, BACKGROUND_ERROR_RATIO);
            }
            tracker.record(share - failed, failed);
            bad += failed;
        }
        return bad;
    }

    /** One checkout: a quote (stale is fine), an authorisation (retried), an order write. */
    private boolean checkout() {
        provider.at(time.now());
        try {
            double quote = quotePipeline.executeSupplier(provider::quote);
            authorizePipeline.executeSupplier(() -> {
                provider.at(time.now()); // a retry runs after its backoff
                return provider.authorize();
            });
            return database.writeOrder(quote);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private long binomial(long n, double p) {
        // Poisson approximation: n is at most a few hundred and p tiny.
        double limit = Math.exp(-n * p);
        long k = 0;
        double product = background.nextDouble();
        while (product > limit) {
            k++;
            product *= background.nextDouble();
        }
        return Math.min(k, n);
    }

    private void onBreakerEvent(CircuitBreakerEvent event) {
        if (event instanceof CircuitBreakerEvent.StateTransition t && t.to() == CircuitBreaker.State.OPEN) {
            if (t.from() == CircuitBreaker.State.CLOSED) {
                breakerOpenings++;
            } else {
                failedProbes++;
            }
        } else if (event instanceof CircuitBreakerEvent.StateTransition t
                && t.from() == CircuitBreaker.State.HALF_OPEN
                && t.to() == CircuitBreaker.State.CLOSED) {
            // The on-call watches the provider answer again and says user impact is over: that is
            // the incident's mitigation (MTTR), though the slow burn-rate windows still fire a while.
            for (RecordedIncident open : incidents.openIncidents()) {
                if (open.components().contains("payments") && open.mitigated().isEmpty()) {
                    incidents.mitigate(
                            open.id(),
                            ON_CALL,
                            "payment provider answers again after " + failedProbes + " failed probes; breaker closed");
                }
            }
            failedProbes = 0;
        }
    }

    private void onAlertEvent(SloAlertEvent event) {
        if (event instanceof SloAlertEvent.AlertFiring) {
            alertsFired++;
        } else if (event instanceof SloAlertEvent.AlertResolved) {
            alertsResolved++;
        }
    }

    /** Who acknowledges pages in the demo, and how long they take to. */
    static final String ON_CALL = "on-call";

    static final Duration TIME_TO_ACKNOWLEDGE = Duration.ofMinutes(3);

    /**
     * The on-call acknowledges every incident {@link #TIME_TO_ACKNOWLEDGE} after it was detected,
     * and excludes one that the announced provider maintenance explains.
     */
    private void onCall() {
        for (RecordedIncident open : incidents.openIncidents()) {
            if (open.acknowledged().isEmpty()
                    && !time.now().isBefore(open.detected().plus(TIME_TO_ACKNOWLEDGE))) {
                incidents.acknowledge(open.id(), ON_CALL);
                if (!open.excluded()
                        && open.components().contains("payments")
                        && !open.start().isBefore(scenario.maintenanceStart())
                        && open.start().isBefore(scenario.maintenanceEnd())) {
                    incidents.exclude(open.id(), ON_CALL, "announced payment provider maintenance");
                }
            }
        }
    }

    /** A scenario marker: what really happened, which monitoring has yet to notice. */
    void event(Instant at, String kind, String text) {
        markers.add(new TimelineEvent(at, kind, text));
        progress.println("          " + CLOCK.format(at) + "  " + text);
    }

    /** Prints the recorder's new timeline entries as they are recorded: the live timeline. */
    private void printNewEntries(RecordedIncident incident) {
        for (TimelineEntry e : incident.timeline()) {
            if (printed.put(e, Boolean.TRUE) == null) {
                progress.println("          " + CLOCK.format(e.at()) + "  " + incident.id() + " " + e.what());
            }
        }
    }

    /**
     * The run's timeline: the scenario's markers, every entry of every recorded incident, and the
     * signals that found no incident open (budget thresholds, an operator's step after the incident
     * closed), in time order.
     */
    private List<TimelineEvent> timeline() {
        List<TimelineEvent> all = new ArrayList<>(markers);
        for (RecordedIncident incident : incidents.incidents()) {
            for (TimelineEntry e : incident.timeline()) {
                all.add(new TimelineEvent(e.at(), kind(e), incident.id() + " " + e.what()));
            }
        }
        for (IncidentSignal s : incidents.unattached()) {
            all.add(new TimelineEvent(s.at(), kind(s), s.what()));
        }
        all.sort(Comparator.comparing(TimelineEvent::at));
        return all;
    }

    private static String kind(TimelineEntry e) {
        return e.kind() == TimelineEntry.Kind.OPENED || e.kind() == TimelineEntry.Kind.SIGNAL
                ? kind(e.cause())
                : "incident";
    }

    private static String kind(IncidentSignal s) {
        switch (s.kind()) {
            case BREAKER:
                return "breaker";
            case BURN_RATE_ALERT:
                return s.effect() == IncidentSignal.Effect.RECOVERED ? "resolved" : "alert";
            case BUDGET_THRESHOLD:
                return "budget";
            case FAILOVER:
            case RUNBOOK_STEP:
                return "failover";
            default:
                return "incident";
        }
    }

    static String human(Duration d) {
        if (d.toMinutes() < 120) {
            return d.toMinutes() + " min";
        }
        if (d.toHours() < 48) {
            return d.toHours() + " h";
        }
        return d.toDays() + " d";
    }

    private Forecasting forecast(double[] requestsPerHour) {
        Forecasting f = new Forecasting();
        TimeSeries series = TimeSeries.ofCounts(scenario.start(), Duration.ofHours(1), requestsPerHour);
        // A weekly season once there are two weeks to learn it from, else a daily one.
        int period = requestsPerHour.length >= 3 * 168 ? 168 : 24;
        HoltWintersFit fit =
                HoltWinters.of(HoltWintersConfig.multiplicative(period)).fit(series);
        // Forecast no further ahead than the history reaches: a month from a month, a week from a week.
        int horizon = Math.min(30, scenario.days()) * 24;
        Forecast forecast = fit.forecast(horizon, 0.95);
        f.mean = new double[horizon];
        f.lower = new double[horizon];
        f.upper = new double[horizon];
        for (int h = 0; h < horizon; h++) {
            ForecastPoint p = forecast.points().get(h);
            f.mean[h] = Math.max(0, p.mean());
            f.lower[h] = Math.max(0, p.lower());
            f.upper[h] = Math.max(0, p.upper());
            if (p.mean() > f.peakMean) {
                f.peakMean = p.mean();
                f.peakAt = p.time();
            }
            f.peakUpper = Math.max(f.peakUpper, p.upper());
        }
        for (double v : requestsPerHour) {
            f.observedPeak = Math.max(f.observedPeak, v);
        }
        RegionalReserve.Plan now = RegionalReserve.plan(REGIONS, f.observedPeak / 3600, TARGET_UTILIZATION, 1);
        RegionalReserve.Plan next = RegionalReserve.plan(REGIONS, f.peakUpper / 3600, TARGET_UTILIZATION, 1);
        f.replicasNow = replicas(now);
        f.replicasNextMonth = replicas(next);
        // Today's fleet, sized for the observed peak, runs out when the forecast passes what the
        // region left after a loss serves at the target utilisation.
        double served = Double.MAX_VALUE;
        for (int i = 0; i < REGIONS.size(); i++) {
            RegionalReserve.Region region = REGIONS.get(i);
            double survivesPeak = now.regions().get(i).instances()
                    * CAPACITY_PER_REPLICA
                    * TARGET_UTILIZATION
                    * (1 - otherShare(region))
                    / region.demandShare();
            served = Math.min(served, survivesPeak);
        }
        ThresholdCrossing crossing = ForecastQuestions.thresholdCrossing(forecast, served * 3600);
        f.runsOut = crossing.expected();
        return f;
    }

    private static double otherShare(RegionalReserve.Region region) {
        double other = 0;
        for (RegionalReserve.Region r : REGIONS) {
            if (!r.name().equals(region.name())) {
                other = Math.max(other, r.demandShare());
            }
        }
        return other;
    }

    private static List<RegionReplicas> replicas(RegionalReserve.Plan plan) {
        List<RegionReplicas> list = new ArrayList<>();
        for (RegionalReserve.RegionPlan p : plan.regions()) {
            list.add(new RegionReplicas(p.region(), p.instances(), p.reserveInstances()));
        }
        return list;
    }

    private static final class Forecasting {
        double[] mean = new double[0];
        double[] lower = new double[0];
        double[] upper = new double[0];
        double peakMean;
        double peakUpper;
        Instant peakAt = Instant.EPOCH;
        double observedPeak;
        List<RegionReplicas> replicasNow = List.of();
        List<RegionReplicas> replicasNextMonth = List.of();
        Optional<Instant> runsOut = Optional.empty();
    }
}
