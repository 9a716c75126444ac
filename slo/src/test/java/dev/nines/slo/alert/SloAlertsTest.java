package dev.nines.slo.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nines.core.event.EventListeners;
import dev.nines.core.time.ManualTimeSource;
import dev.nines.slo.Slo;
import dev.nines.slo.SloTracker;
import dev.nines.slo.SloWindow;
import dev.nines.slo.alert.SloAlertEvent.AlertFiring;
import dev.nines.slo.alert.SloAlertEvent.AlertPending;
import dev.nines.slo.alert.SloAlertEvent.AlertResolved;
import dev.nines.slo.alert.SloAlertEvent.BudgetThresholdCrossed;
import dev.nines.slo.exclusion.Exclusion;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SloAlertsTest {

    static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
    static final String FAST = "page-2%-1h";

    final ManualTimeSource time = ManualTimeSource.at(T0);
    final Slo slo = Slo.builder("checkout")
            .objective(0.999)
            .window(SloWindow.rolling(Duration.ofDays(30)))
            .build();
    final List<SloAlertEvent> events = new ArrayList<>();

    SloAlerts alerts(SloTracker tracker, BurnRateAlertPolicy policy) {
        SloAlerts alerts = SloAlerts.of(tracker, policy, time);
        alerts.onEvent(events::add);
        return alerts;
    }

    /** Records one minute of traffic at the start of the minute, advances a minute, evaluates. */
    static void minute(ManualTimeSource time, SloTracker tracker, SloAlerts alerts, long good, long bad) {
        tracker.record(good, bad);
        time.advance(Duration.ofMinutes(1));
        alerts.evaluate();
    }

    @Test
    void fastBurnPagesWhenTheHourReaches144AndResolvesOnceFiveMinutesAreClean() {
        // SRE workbook: 99.9% SLO, 1.44% errors for an hour spends 2% of a 30-day budget: burn 14.4.
        SloTracker tracker = SloTracker.create(slo, time);
        SloAlerts alerts = alerts(tracker, BurnRateAlertPolicy.sreWorkbook());
        for (int m = 0; m < 180; m++) {
            minute(time, tracker, alerts, 10_000, 0);
        }
        for (int m = 1; m <= 59; m++) {
            minute(time, tracker, alerts, 9_856, 144);
            assertThat(alerts.state(FAST)).as("minute %d", m).isEqualTo(AlertState.INACTIVE);
        }
        minute(time, tracker, alerts, 9_856, 144);

        assertThat(alerts.state(FAST)).isEqualTo(AlertState.FIRING);
        assertThat(firing(FAST)).hasSize(1);
        AlertFiring fired = firing(FAST).get(0);
        assertThat(fired.longBurnRate()).isCloseTo(14.4, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(fired.shortBurnRate()).isCloseTo(14.4, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(fired.at()).isEqualTo(T0.plus(Duration.ofHours(4)));
        assertThat(alerts.state("page-5%-6h")).isEqualTo(AlertState.INACTIVE);

        for (int m = 0; m < 3; m++) {
            minute(time, tracker, alerts, 9_000, 1_000); // worse: the hour stays far above 14.4
        }
        for (int m = 1; m <= 4; m++) {
            minute(time, tracker, alerts, 10_000, 0);
            assertThat(alerts.state(FAST)).as("clean minute %d", m).isEqualTo(AlertState.FIRING);
        }
        minute(time, tracker, alerts, 10_000, 0);

        assertThat(alerts.state(FAST)).isEqualTo(AlertState.INACTIVE);
        assertThat(tracker.burnRate(Duration.ofHours(1))).isGreaterThan(14.4); // resolved by the short window
        assertThat(events)
                .filteredOn(AlertResolved.class::isInstance)
                .map(AlertResolved.class::cast)
                .filteredOn(e -> e.rule().name().equals(FAST))
                .singleElement()
                .satisfies(e -> assertThat(e.firingSince()).isEqualTo(fired.at()));
    }

    @Test
    void aHighHourlyBurnDoesNotPageWhileTheLastFiveMinutesAreClean() {
        SloTracker tracker = SloTracker.create(slo, time);
        SloAlerts alerts = alerts(tracker, BurnRateAlertPolicy.sreWorkbook());
        for (int m = 0; m < 180; m++) {
            minute(time, tracker, alerts, 10_000, 0);
        }
        for (int m = 0; m < 55; m++) {
            minute(time, tracker, alerts, 9_800, 200);
        }
        for (int m = 0; m < 5; m++) {
            minute(time, tracker, alerts, 10_000, 0);
        }
        events.clear();

        List<AlertStatus> statuses = alerts.evaluate();

        AlertStatus fast = statuses.get(0);
        assertThat(fast.longBurnRate()).isGreaterThan(14.4);
        assertThat(fast.shortBurnRate()).isZero();
        assertThat(fast.state()).isEqualTo(AlertState.INACTIVE);

        minute(time, tracker, alerts, 9_000, 1_000); // the short window agrees again: 2% = burn 20

        assertThat(firing(FAST)).hasSize(1);
    }

    @Test
    void lowTrafficNeedsTheMinimumEventsBeforeAnAlertMayFire() {
        SloTracker tracker = SloTracker.create(slo, time);
        SloAlerts quiet = alerts(
                tracker,
                BurnRateAlertPolicy.sreWorkbook().toBuilder().minimumEvents(100).build());
        SloAlerts eager = SloAlerts.of(tracker, BurnRateAlertPolicy.sreWorkbook(), time);
        tracker.record(0, 10);
        time.advance(Duration.ofMinutes(1));

        assertThat(quiet.evaluate()).allSatisfy(s -> assertThat(s.state()).isEqualTo(AlertState.INACTIVE));
        assertThat(eager.evaluate()).allSatisfy(s -> assertThat(s.state()).isEqualTo(AlertState.FIRING));

        tracker.record(90, 0);
        assertThat(quiet.evaluate().get(0).state()).isEqualTo(AlertState.FIRING);
    }

    @Test
    void pendingRulesFireOnlyAfterHoldingForTheirPendingTime() {
        SloTracker tracker = SloTracker.create(slo, time);
        BurnRateRule rule = BurnRateRule.of("slow", Severity.PAGE, 0.02, Duration.ofHours(1), Duration.ofMinutes(5))
                .withPendingFor(Duration.ofMinutes(2));
        SloAlerts alerts = alerts(
                tracker,
                BurnRateAlertPolicy.builder()
                        .rule(rule)
                        .budgetThresholds(List.of())
                        .build());

        minute(time, tracker, alerts, 0, 10);
        assertThat(alerts.state("slow")).isEqualTo(AlertState.PENDING);
        minute(time, tracker, alerts, 0, 10);
        assertThat(alerts.state("slow")).isEqualTo(AlertState.PENDING);
        minute(time, tracker, alerts, 0, 10);
        assertThat(alerts.state("slow")).isEqualTo(AlertState.FIRING);

        assertThat(events).hasExactlyElementsOfTypes(AlertPending.class, AlertFiring.class);
        assertThat(events.get(1).at()).isEqualTo(T0.plus(Duration.ofMinutes(3)));
    }

    @Test
    void aPendingRuleThatStopsHoldingGoesBackToInactiveWithoutResolving() {
        SloTracker tracker = SloTracker.create(slo, time);
        BurnRateRule rule = BurnRateRule.of("slow", Severity.PAGE, 0.02, Duration.ofHours(1), Duration.ofMinutes(5))
                .withPendingFor(Duration.ofMinutes(10));
        SloAlerts alerts = alerts(
                tracker,
                BurnRateAlertPolicy.builder()
                        .rule(rule)
                        .budgetThresholds(List.of())
                        .build());
        minute(time, tracker, alerts, 0, 10);
        for (int m = 0; m < 6; m++) {
            minute(time, tracker, alerts, 1_000_000, 0);
        }

        assertThat(alerts.state("slow")).isEqualTo(AlertState.INACTIVE);
        assertThat(events).hasExactlyElementsOfTypes(AlertPending.class);
        assertThatThrownBy(() -> alerts.state("nope")).hasMessage("ruleName must name a rule of the policy, was nope");
    }

    @Test
    void budgetThresholdsNotifyOnceEachAndReArmWhenTheCalendarWindowStartsAfresh() {
        Slo monthly = slo.toBuilder()
                .objective(0.99)
                .window(SloWindow.calendarMonth(ZoneOffset.UTC))
                .build();
        ManualTimeSource march = ManualTimeSource.at(Instant.parse("2026-03-30T00:00:00Z"));
        SloTracker tracker = SloTracker.create(monthly, march);
        SloAlerts alerts = SloAlerts.of(tracker, BurnRateAlertPolicy.builder().build(), march);
        List<BudgetThresholdCrossed> crossed = new ArrayList<>();
        alerts.onBudgetThreshold(crossed::add);

        tracker.record(9_940, 60); // 60% of the 1% budget
        alerts.evaluate();
        alerts.evaluate();
        assertThat(crossed).extracting(BudgetThresholdCrossed::threshold).containsExactly(0.5);

        tracker.record(0, 50); // 110 bad of 10,050: 109%
        alerts.evaluate();
        assertThat(crossed).extracting(BudgetThresholdCrossed::threshold).containsExactly(0.5, 0.75, 0.9, 1.0);

        march.advance(Duration.ofDays(3)); // April: a fresh budget
        alerts.evaluate();
        tracker.record(9_940, 60);
        alerts.evaluate();
        assertThat(crossed).extracting(BudgetThresholdCrossed::threshold).containsExactly(0.5, 0.75, 0.9, 1.0, 0.5);
    }

    @Test
    void maintenanceSuppressesAlertsInsideTheWindowOnlyAndAnOverrunAlertsAtOnce() {
        Instant start = T0.plus(Duration.ofHours(1));
        Instant end = start.plus(Duration.ofHours(1));
        Slo withMaintenance = slo.toBuilder()
                .exclusion(Exclusion.maintenance(start, end, "upgrade"))
                .build();
        SloTracker tracker = SloTracker.create(withMaintenance, time);
        SloAlerts alerts = alerts(tracker, BurnRateAlertPolicy.sreWorkbook());
        for (int m = 0; m < 60; m++) {
            minute(time, tracker, alerts, 1_000, 0);
        }
        for (int m = 0; m < 60; m++) {
            minute(time, tracker, alerts, 0, 1_000); // a total outage during the maintenance
            if (time.now().isBefore(end)) {
                assertThat(alerts.evaluate())
                        .allSatisfy(s -> assertThat(s.suppressed()).isTrue());
            }
        }
        assertThat(events).filteredOn(AlertFiring.class::isInstance).isEmpty();
        assertThat(time.now()).isEqualTo(end);

        minute(time, tracker, alerts, 0, 1_000); // the outage outlasts the window

        assertThat(alerts.state(FAST)).isEqualTo(AlertState.FIRING);
        assertThat(firing(FAST).get(0).at()).isEqualTo(end.plus(Duration.ofMinutes(1)));
        assertThat(tracker.status().maintenance().bad()).isEqualTo(60_000);
    }

    @Test
    void anErrorRatioAboveTheMaintenanceLimitStillAlerts() {
        Instant start = T0;
        Exclusion window = Exclusion.maintenance(start, start.plus(Duration.ofHours(2)), "migration")
                .withAlertAboveErrorRatio(0.5);
        SloTracker tracker = SloTracker.create(slo.toBuilder().exclusion(window).build(), time);
        SloAlerts alerts = alerts(tracker, BurnRateAlertPolicy.sreWorkbook());

        minute(time, tracker, alerts, 600, 400); // 40%: planned degradation, suppressed
        assertThat(alerts.state(FAST)).isEqualTo(AlertState.INACTIVE);
        minute(time, tracker, alerts, 0, 1_000); // 5m window at 70%: an unintended outage
        assertThat(alerts.state(FAST)).isEqualTo(AlertState.FIRING);
    }

    @Test
    void aFailingListenerDoesNotBreakEvaluationOrOtherListeners() {
        SloTracker tracker = SloTracker.create(slo, time);
        SloAlerts alerts = SloAlerts.of(tracker, BurnRateAlertPolicy.sreWorkbook(), time);
        List<AlertFiring> fired = new ArrayList<>();
        alerts.onAlertFiring(e -> {
            throw new IllegalStateException("boom");
        });
        EventListeners.Registration registration = alerts.onAlertFiring(fired::add);
        List<AlertResolved> resolved = new ArrayList<>();
        alerts.onAlertResolved(resolved::add);
        tracker.record(0, 10);
        time.advance(Duration.ofSeconds(30));

        assertThat(alerts.evaluate()).hasSize(4);
        assertThat(fired).hasSize(4);

        registration.close();
        time.advance(Duration.ofDays(4));
        alerts.evaluate();
        assertThat(resolved).hasSize(4);
        assertThat(alerts.toString()).contains("checkout");
    }

    // ------------------------------------------------------------------- stateful reference model

    record Action(int advanceSeconds, int good, int bad) {}

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<List<Action>> actions() {
        return net.jqwik.api.Combinators.combine(
                        net.jqwik.api.Arbitraries.integers().between(0, 900),
                        net.jqwik.api.Arbitraries.integers().between(0, 1_000),
                        net.jqwik.api.Arbitraries.frequencyOf(
                                net.jqwik.api.Tuple.of(3, net.jqwik.api.Arbitraries.just(0)),
                                net.jqwik.api.Tuple.of(
                                        2, net.jqwik.api.Arbitraries.integers().between(1, 100))))
                .as(Action::new)
                .list()
                .ofMinSize(1)
                .ofMaxSize(60);
    }

    /**
     * The lifecycle follows a simpler formulation: a rule is firing iff its condition has held at
     * every evaluation for at least pendingFor, pending iff it holds but not yet for that long.
     */
    @net.jqwik.api.Property(tries = 200)
    void lifecycleMatchesAReferenceModel(
            @net.jqwik.api.ForAll("actions") List<Action> actions,
            @net.jqwik.api.ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 3) int pendingMinutes,
            @net.jqwik.api.ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 200) int minimumEvents) {
        ManualTimeSource clock = ManualTimeSource.at(T0);
        SloTracker tracker = SloTracker.create(slo, clock);
        BurnRateRule rule = BurnRateRule.of("r", Severity.PAGE, 0.02, Duration.ofHours(1), Duration.ofMinutes(5))
                .withPendingFor(Duration.ofMinutes(pendingMinutes));
        SloAlerts alerts = SloAlerts.of(
                tracker,
                BurnRateAlertPolicy.builder()
                        .rule(rule)
                        .minimumEvents(minimumEvents)
                        .build(),
                clock);
        List<SloAlertEvent> seen = new ArrayList<>();
        alerts.onEvent(seen::add);
        Instant heldSince = null;
        boolean firing = false;
        for (Action action : actions) {
            clock.advance(Duration.ofSeconds(action.advanceSeconds()));
            tracker.record(action.good(), action.bad());
            seen.clear();
            AlertStatus status = alerts.evaluate().get(0);

            Instant now = clock.now();
            var longCounts = tracker.counts(Duration.ofHours(1));
            var shortCounts = tracker.counts(Duration.ofMinutes(5));
            double factor = 0.02 * 30 * 24;
            boolean holds = longCounts.total() >= minimumEvents
                    && longCounts.errorRatio() / 0.001 >= factor * (1 - 1e-9)
                    && shortCounts.errorRatio() / 0.001 >= factor * (1 - 1e-9);
            boolean wasFiring = firing;
            boolean started = holds && heldSince == null;
            heldSince = holds ? (heldSince == null ? now : heldSince) : null;
            firing = holds && (firing || Duration.between(heldSince, now).compareTo(rule.pendingFor()) >= 0);
            AlertState expected = !holds ? AlertState.INACTIVE : firing ? AlertState.FIRING : AlertState.PENDING;

            assertThat(status.state()).isEqualTo(expected);
            List<Class<?>> expectedEvents = new ArrayList<>();
            if (started && pendingMinutes > 0) {
                expectedEvents.add(AlertPending.class);
            }
            if (firing && !wasFiring) {
                expectedEvents.add(AlertFiring.class);
            }
            if (wasFiring && !firing) {
                expectedEvents.add(AlertResolved.class);
            }
            assertThat(seen)
                    .filteredOn(e -> !(e instanceof BudgetThresholdCrossed))
                    .extracting(Object::getClass)
                    .containsExactlyElementsOf(expectedEvents);
        }
    }

    private List<AlertFiring> firing(String rule) {
        List<AlertFiring> result = new ArrayList<>();
        for (SloAlertEvent e : events) {
            if (e instanceof AlertFiring && ((AlertFiring) e).rule().name().equals(rule)) {
                result.add((AlertFiring) e);
            }
        }
        return result;
    }
}
