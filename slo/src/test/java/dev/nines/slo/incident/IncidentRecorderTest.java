package dev.nines.slo.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nines.core.circuitbreaker.CircuitBreaker;
import dev.nines.core.circuitbreaker.CircuitBreakerConfig;
import dev.nines.core.health.HealthEvent;
import dev.nines.core.health.HealthResult;
import dev.nines.core.health.HealthStatus;
import dev.nines.core.time.ManualTimeSource;
import dev.nines.slo.Slo;
import dev.nines.slo.SloTracker;
import dev.nines.slo.SloWindow;
import dev.nines.slo.alert.BurnRateAlertPolicy;
import dev.nines.slo.alert.SloAlerts;
import dev.nines.slo.dependency.DependencyGraph;
import dev.nines.slo.dependency.Requirement;
import dev.nines.slo.incident.IncidentSignal.Effect;
import dev.nines.slo.incident.IncidentSignal.Kind;
import dev.nines.slo.incident.RecordedIncident.State;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

class IncidentRecorderTest {

    static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

    final ManualTimeSource time = ManualTimeSource.at(T0);

    /** checkout needs api and payments; api needs orders-db. */
    static DependencyGraph graph() {
        return DependencyGraph.builder()
                .node("orders-db", 0.9995)
                .node("payments", 0.999)
                .node("api", 0.9999, Requirement.all("orders-db"))
                .node("checkout", 0.9999, Requirement.all("api", "payments"))
                .node("search", 0.999)
                .build();
    }

    IncidentRecorder recorder() {
        return IncidentRecorder.builder(time)
                .dependencyGraph(graph())
                .correlationWindow(Duration.ofMinutes(30))
                .build();
    }

    IncidentSignal signal(Kind kind, Effect effect, String component, String condition, double burnRate) {
        return IncidentSignal.builder(kind, effect, component, time.now())
                .condition(condition)
                .what(component + " " + condition + " " + effect)
                .burnRate(burnRate)
                .build();
    }

    @Test
    void opensJoinsMitigatesAndClosesAnIncidentWithATimelineOfItsCauses() {
        IncidentRecorder recorder = recorder();
        List<RecordedIncident> updates = new ArrayList<>();
        recorder.onUpdate(updates::add);

        IncidentSignal breakerOpen = signal(Kind.BREAKER, Effect.FAILING, "payments", "breaker:psp", 0);
        assertThat(recorder.record(breakerOpen)).contains("INC-1");
        time.advance(Duration.ofMinutes(2));
        IncidentSignal alert = signal(Kind.BURN_RATE_ALERT, Effect.FAILING, "checkout", "burn-rate:page", 20);
        assertThat(recorder.record(alert)).contains("INC-1"); // checkout depends on payments
        time.advance(Duration.ofMinutes(3));
        recorder.acknowledge("INC-1", "alice");
        time.advance(Duration.ofMinutes(15));
        IncidentSignal breakerClosed = signal(Kind.BREAKER, Effect.RECOVERED, "payments", "breaker:psp", 0);
        recorder.record(breakerClosed);
        assertThat(recorder.incident("INC-1").orElseThrow().state()).isEqualTo(State.OPEN); // the alert still fires
        time.advance(Duration.ofMinutes(5));
        IncidentSignal alertResolved = signal(Kind.BURN_RATE_ALERT, Effect.RECOVERED, "checkout", "burn-rate:page", 0);
        recorder.record(alertResolved);

        RecordedIncident mitigated = recorder.incident("INC-1").orElseThrow();
        assertThat(mitigated.state()).isEqualTo(State.MITIGATED);
        assertThat(mitigated.mitigated()).contains(T0.plus(Duration.ofMinutes(25)));
        time.advance(Duration.ofMinutes(29));
        recorder.tick();
        assertThat(recorder.openIncidents()).hasSize(1);
        time.advance(Duration.ofMinutes(1));
        recorder.tick();
        assertThat(recorder.openIncidents()).isEmpty();

        RecordedIncident inc = recorder.incident("INC-1").orElseThrow();
        assertThat(inc.state()).isEqualTo(State.RESOLVED);
        assertThat(inc.service()).isEqualTo("payments"); // the deepest failing dependency
        assertThat(inc.components()).containsExactly("payments", "checkout");
        assertThat(inc.severity()).isEqualTo(IncidentSeverity.SEV1); // burn rate 20 >= 14.4
        assertThat(inc.start()).isEqualTo(T0);
        assertThat(inc.detected()).isEqualTo(T0);
        assertThat(inc.acknowledged()).contains(T0.plus(Duration.ofMinutes(5)));
        assertThat(inc.resolved()).contains(T0.plus(Duration.ofMinutes(55)));
        assertThat(inc.timeToAcknowledge()).contains(Duration.ofMinutes(5));
        assertThat(inc.timeToMitigate()).contains(Duration.ofMinutes(25));
        assertThat(inc.timeline())
                .extracting(TimelineEntry::kind)
                .containsExactly(
                        TimelineEntry.Kind.OPENED,
                        TimelineEntry.Kind.SIGNAL,
                        TimelineEntry.Kind.SEVERITY_CHANGED,
                        TimelineEntry.Kind.ACKNOWLEDGED,
                        TimelineEntry.Kind.SIGNAL,
                        TimelineEntry.Kind.SIGNAL,
                        TimelineEntry.Kind.MITIGATED,
                        TimelineEntry.Kind.RESOLVED);
        assertThat(inc.timeline())
                .extracting(TimelineEntry::cause)
                .containsExactly(
                        breakerOpen,
                        alert,
                        alert,
                        inc.timeline().get(3).cause(),
                        breakerClosed,
                        alertResolved,
                        alertResolved,
                        alertResolved);
        assertThat(inc.timeline().get(2).what()).isEqualTo("severity SEV4 -> SEV1");
        assertThat(inc.timeline().get(3).cause().kind()).isEqualTo(Kind.HUMAN);
        assertThat(inc.timeline().get(3).cause().event()).isEqualTo("alice");
        assertThat(inc.timeline()).extracting(TimelineEntry::at).isSorted();
        assertThat(updates).extracting(RecordedIncident::state).endsWith(State.MITIGATED, State.RESOLVED);
        assertThat(recorder.unattachedCount()).isZero();
    }

    @Test
    void attributesTheIncidentToTheDeepestFailingDependency() {
        IncidentRecorder recorder = recorder();
        recorder.record(signal(Kind.BURN_RATE_ALERT, Effect.FAILING, "checkout", "burn-rate:page", 15));
        time.advance(Duration.ofMinutes(1));
        recorder.record(signal(Kind.HEALTH, Effect.FAILING, "api", "health:api", 0));
        time.advance(Duration.ofMinutes(1));
        recorder.record(signal(Kind.BREAKER, Effect.FAILING, "orders-db", "breaker:db", 0));

        RecordedIncident inc = recorder.incident("INC-1").orElseThrow();
        assertThat(inc.service()).isEqualTo("orders-db");
        assertThat(inc.timeline())
                .filteredOn(e -> e.kind() == TimelineEntry.Kind.ATTRIBUTED)
                .extracting(TimelineEntry::what)
                .containsExactly(
                        "attributed to api (deepest failing dependency, was checkout)",
                        "attributed to orders-db (deepest failing dependency, was api)");
        // Two independent failing leaves: the deeper one (orders-db, depth 2) wins over payments (depth 1).
        recorder.record(signal(Kind.BREAKER, Effect.FAILING, "payments", "breaker:psp", 0));
        assertThat(recorder.incident("INC-1").orElseThrow().service()).isEqualTo("orders-db");
    }

    @Test
    void unrelatedComponentsOpenSeparateIncidentsAndTheWindowDecidesWhetherAFailureJoinsAgain() {
        IncidentRecorder recorder = recorder();
        recorder.record(signal(Kind.BREAKER, Effect.FAILING, "payments", "breaker:psp", 0));
        assertThat(recorder.record(signal(Kind.HEALTH, Effect.FAILING, "search", "health:search", 0)))
                .contains("INC-2");
        assertThat(recorder.record(signal(Kind.HEALTH, Effect.FAILING, "api", "health:api", 0)))
                .contains("INC-3"); // api and payments are siblings, not dependencies of each other
        time.advance(Duration.ofMinutes(5));
        recorder.record(signal(Kind.BREAKER, Effect.RECOVERED, "payments", "breaker:psp", 0));
        time.advance(Duration.ofMinutes(10));
        // Within the window: the same failure comes back and joins INC-1 again.
        assertThat(recorder.record(signal(Kind.BREAKER, Effect.FAILING, "payments", "breaker:psp", 0)))
                .contains("INC-1");
        RecordedIncident resumed = recorder.incident("INC-1").orElseThrow();
        assertThat(resumed.state()).isEqualTo(State.OPEN);
        assertThat(resumed.mitigated()).isEmpty();
        assertThat(resumed.timeline()).extracting(TimelineEntry::kind).contains(TimelineEntry.Kind.IMPACT_RESUMED);
        recorder.record(signal(Kind.BREAKER, Effect.RECOVERED, "payments", "breaker:psp", 0));
        time.advance(Duration.ofMinutes(31));
        // After the window: INC-1 closed, a new failure opens INC-4.
        assertThat(recorder.record(signal(Kind.BREAKER, Effect.FAILING, "payments", "breaker:psp", 0)))
                .contains("INC-4");
        assertThat(recorder.incident("INC-1").orElseThrow().resolved()).contains(T0.plus(Duration.ofMinutes(15 + 30)));
        // A recovery with nothing open, and a note, are counted, not lost.
        assertThat(recorder.record(signal(Kind.HEALTH, Effect.NOTE, "unknown-thing", "health:x", 0)))
                .isEmpty();
        assertThat(recorder.unattachedCount()).isEqualTo(1);
        assertThat(recorder.unattached()).hasSize(1);
    }

    @Test
    void peopleAcknowledgeMitigateAndResolveAndTheirTimeStampsGiveMttaAndMttr() {
        IncidentRecorder recorder = recorder();
        recorder.record(signal(Kind.BURN_RATE_ALERT, Effect.FAILING, "checkout", "burn-rate:page", 16));
        time.advance(Duration.ofMinutes(4));
        recorder.acknowledge("INC-1", "alice");
        time.advance(Duration.ofMinutes(6));
        recorder.note("INC-1", "alice", "payments returns 503");
        time.advance(Duration.ofMinutes(10));
        RecordedIncident mitigated = recorder.mitigate("INC-1", "bob", "switched provider");
        assertThat(mitigated.state()).isEqualTo(State.MITIGATED); // a person's word, although the alert fires
        time.advance(Duration.ofMinutes(40));
        RecordedIncident resolved = recorder.resolve("INC-1", "bob", "postmortem scheduled");

        assertThat(resolved.timeToAcknowledge()).contains(Duration.ofMinutes(4));
        assertThat(resolved.timeToMitigate()).contains(Duration.ofMinutes(20));
        assertThat(resolved.resolved()).contains(T0.plus(Duration.ofMinutes(60)));
        assertThat(resolved.timeline())
                .extracting(TimelineEntry::what)
                .containsSubsequence(
                        "acknowledged by alice",
                        "alice: payments returns 503",
                        "mitigated by bob: switched provider",
                        "resolved by bob: postmortem scheduled");
        Incident incident = resolved.toIncident(time.now());
        assertThat(incident.acknowledged()).isEqualTo(T0.plus(Duration.ofMinutes(4)));
        assertThat(incident.mitigated()).isEqualTo(T0.plus(Duration.ofMinutes(20)));
        assertThat(incident.impactRatio()).isEqualTo(1.0); // unknown impact counts as 1
        assertThat(recorder.note("INC-1", "carol", "root cause: expired certificate")
                        .timeline())
                .last()
                .extracting(TimelineEntry::what)
                .isEqualTo("carol: root cause: expired certificate");
    }

    @Test
    void rejectsBadHumanEntriesNamingTheIncidentAndTheValue() {
        IncidentRecorder recorder = recorder();
        recorder.record(signal(Kind.BREAKER, Effect.FAILING, "payments", "breaker:psp", 0));
        recorder.acknowledge("INC-1", "alice");

        assertThatThrownBy(() -> recorder.acknowledge("INC-9", "alice"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("id must name a recorded incident, was 'INC-9'");
        assertThatThrownBy(() -> recorder.acknowledge("INC-1", "bob"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("incident INC-1 must not be acknowledged twice, was at " + T0);
        assertThatThrownBy(() -> recorder.note("INC-1", " ", "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("actor");
        recorder.resolve("INC-1", "alice", "");
        assertThatThrownBy(() -> recorder.mitigate("INC-1", "bob", ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("incident INC-1 must not be resolved to be mitigated, was resolved at " + T0);
        assertThatThrownBy(() -> IncidentRecorder.builder(time).correlationWindow(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("correlationWindow");
        assertThatThrownBy(() -> IncidentSignal.builder(Kind.OTHER, Effect.FAILING, "x", T0)
                        .impactRatio(1.5)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("impactRatio")
                .hasMessageContaining("1.5");
        assertThatThrownBy(() -> IncidentSignal.builder(Kind.OTHER, Effect.FAILING, "x", T0)
                        .since(T0.plusSeconds(1))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("since must not be after at " + T0 + ", was " + T0.plusSeconds(1));
    }

    @Test
    void theSeverityRuleCanBeReplaced() {
        IncidentRecorder recorder = IncidentRecorder.builder(time)
                .severityRule((burn, impact) -> burn >= 2 ? IncidentSeverity.SEV1 : IncidentSeverity.SEV3)
                .build();
        recorder.record(signal(Kind.BURN_RATE_ALERT, Effect.FAILING, "checkout", "burn-rate:ticket", 1.5));
        assertThat(recorder.incident("INC-1").orElseThrow().severity()).isEqualTo(IncidentSeverity.SEV3);
        recorder.record(signal(Kind.BURN_RATE_ALERT, Effect.FAILING, "checkout", "burn-rate:page", 2.5));
        assertThat(recorder.incident("INC-1").orElseThrow().severity()).isEqualTo(IncidentSeverity.SEV1);
        assertThat(SeverityRule.standard().severity(0, 0.3)).isEqualTo(IncidentSeverity.SEV2);
        assertThat(SeverityRule.standard().severity(6, 0)).isEqualTo(IncidentSeverity.SEV2);
        assertThat(SeverityRule.standard().severity(0.5, 0.01)).isEqualTo(IncidentSeverity.SEV4);
    }

    @Test
    void aTransientFailureLikeAFailoverOpensAnIncidentAlreadyMitigated() {
        IncidentRecorder recorder = recorder();
        Instant failedAt = T0.minusSeconds(40);
        recorder.record(IncidentSignal.builder(Kind.FAILOVER, Effect.TRANSIENT, "orders-db", T0)
                .condition("primary")
                .since(failedAt)
                .what("failed over eu-west-1 -> eu-central-1")
                .event("FailedOver[...]")
                .build());

        RecordedIncident inc = recorder.incident("INC-1").orElseThrow();
        assertThat(inc.start()).isEqualTo(failedAt);
        assertThat(inc.mitigated()).contains(T0);
        assertThat(inc.timeToMitigate()).contains(Duration.ofSeconds(40));
        assertThat(inc.state()).isEqualTo(State.MITIGATED);
    }

    @Test
    void exportsTheTimelineAsJsonLinesThatNameEachCause() throws Exception {
        IncidentRecorder recorder = recorder();
        recorder.record(IncidentSignal.builder(Kind.BREAKER, Effect.FAILING, "payments", T0)
                .condition("breaker:psp")
                .what("breaker \"psp\" CLOSED -> OPEN\n")
                .event("StateTransition[psp]")
                .build());
        recorder.note("INC-1", "alice", "looking");
        StringWriter out = new StringWriter();
        recorder.writeJsonLines(out);

        String[] lines = out.toString().split("\n");
        assertThat(lines).hasSize(2);
        Load load = new Load(LoadSettings.builder().build());
        @SuppressWarnings("unchecked")
        Map<String, Object> first = (Map<String, Object>) load.loadFromString(lines[0]);
        assertThat(first)
                .containsEntry("incident", "INC-1")
                .containsEntry("kind", "OPENED")
                .containsEntry("component", "payments")
                .containsEntry("at", T0.toString())
                .containsEntry("what", "opened (SEV4): breaker \"psp\" CLOSED -> OPEN\n");
        @SuppressWarnings("unchecked")
        Map<String, Object> cause = (Map<String, Object>) first.get("cause");
        assertThat(cause)
                .containsEntry("kind", "BREAKER")
                .containsEntry("effect", "FAILING")
                .containsEntry("condition", "breaker:psp")
                .containsEntry("event", "StateTransition[psp]");
        @SuppressWarnings("unchecked")
        Map<String, Object> second = (Map<String, Object>) load.loadFromString(lines[1]);
        assertThat(second).containsEntry("kind", "NOTE");
    }

    @Test
    void subscribesToRealBreakersAndBurnRateAlerts() {
        IncidentRecorder recorder = recorder();
        CircuitBreaker breaker = CircuitBreaker.of(
                "psp",
                CircuitBreakerConfig.builder()
                        .slidingWindow(4, 4, CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                        .failureRateThreshold(50)
                        .waitDurationInOpenState(Duration.ofSeconds(30))
                        .build(),
                time);
        recorder.subscribe(breaker, "payments");
        Slo slo = Slo.builder("checkout")
                .objective(0.999)
                .window(SloWindow.rolling(Duration.ofDays(30)))
                .build();
        SloTracker tracker = SloTracker.create(slo, time);
        SloAlerts alerts = SloAlerts.of(tracker, BurnRateAlertPolicy.sreWorkbook(), time);
        recorder.subscribe(alerts, "checkout");

        for (int i = 0; i < 4; i++) {
            assertThat(breaker.tryAcquirePermission()).isTrue();
            breaker.onError(1_000, new RuntimeException("503"));
        }
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        for (int m = 0; m < 60; m++) { // 5% errors for an hour: burn 50
            tracker.record(950, 50);
            time.advance(Duration.ofMinutes(1));
            alerts.evaluate();
        }
        RecordedIncident inc = recorder.incident("INC-1").orElseThrow();
        assertThat(recorder.incidents()).hasSize(1);
        assertThat(inc.service()).isEqualTo("payments");
        assertThat(inc.severity()).isEqualTo(IncidentSeverity.SEV1);
        assertThat(inc.impactRatio()).isCloseTo(0.05, within(1e-9));
        assertThat(inc.timeline()).extracting(e -> e.cause().kind()).contains(Kind.BREAKER, Kind.BURN_RATE_ALERT);
        assertThat(inc.timeline().get(0).cause().event())
                .isInstanceOf(dev.nines.core.circuitbreaker.CircuitBreakerEvent.StateTransition.class);
    }

    @Test
    void mapsHealthStatusChangesToFailuresRecoveriesAndNotes() {
        HealthResult down = HealthResult.down("refused");
        assertThat(IncidentSignals.of(
                                new HealthEvent.CheckStatusChanged("db", HealthStatus.UP, HealthStatus.DOWN, down),
                                "orders-db",
                                T0)
                        .orElseThrow())
                .satisfies(s -> {
                    assertThat(s.effect()).isEqualTo(Effect.FAILING);
                    assertThat(s.condition()).isEqualTo("health:db");
                    assertThat(s.at()).isEqualTo(T0);
                });
        assertThat(IncidentSignals.of(
                                new HealthEvent.GroupStatusChanged("ready", HealthStatus.DOWN, HealthStatus.UP, T0),
                                "api",
                                T0)
                        .orElseThrow()
                        .effect())
                .isEqualTo(Effect.RECOVERED);
        assertThat(IncidentSignals.of(
                                new HealthEvent.GroupStatusChanged("ready", HealthStatus.UNKNOWN, HealthStatus.UP, T0),
                                "api",
                                T0)
                        .orElseThrow()
                        .effect())
                .isEqualTo(Effect.NOTE);
        assertThat(IncidentSignals.of(new HealthEvent.CheckUnregistered("db"), "api", T0))
                .isEmpty();
    }

    @Test
    void mapsBreakerTransitionsSkippingTheProbeCycleOfAnOpenBreaker() {
        java.util.function.BiFunction<CircuitBreaker.State, CircuitBreaker.State, java.util.Optional<Effect>> map =
                (from, to) -> IncidentSignals.of(
                                new dev.nines.core.circuitbreaker.CircuitBreakerEvent.StateTransition(
                                        "psp", T0, from, to),
                                "payments")
                        .map(IncidentSignal::effect);
        assertThat(map.apply(CircuitBreaker.State.CLOSED, CircuitBreaker.State.OPEN))
                .contains(Effect.FAILING);
        assertThat(map.apply(CircuitBreaker.State.OPEN, CircuitBreaker.State.HALF_OPEN))
                .isEmpty();
        assertThat(map.apply(CircuitBreaker.State.HALF_OPEN, CircuitBreaker.State.OPEN))
                .isEmpty();
        assertThat(map.apply(CircuitBreaker.State.HALF_OPEN, CircuitBreaker.State.CLOSED))
                .contains(Effect.RECOVERED);
        assertThat(map.apply(CircuitBreaker.State.CLOSED, CircuitBreaker.State.FORCED_OPEN))
                .contains(Effect.FAILING);
        assertThat(IncidentSignals.of(
                        new dev.nines.core.circuitbreaker.CircuitBreakerEvent.Reset("psp", T0), "payments"))
                .isEmpty();
    }

    @Test
    void excludedIncidentsStayRecordedButCountNowhere() {
        IncidentRecorder recorder = recorder();
        recorder.record(signal(Kind.BREAKER, Effect.FAILING, "payments", "breaker:psp", 0));
        time.advance(Duration.ofMinutes(30));
        RecordedIncident excluded = recorder.exclude("INC-1", "alice", "announced maintenance");
        assertThat(excluded.excluded()).isTrue();
        assertThat(excluded.timeline()).last().extracting(TimelineEntry::kind).isEqualTo(TimelineEntry.Kind.EXCLUDED);
        assertThat(excluded.toIncident(time.now()).excluded()).isTrue();
        assertThat(AvailabilityMetrics.ofRecorded(recorder.incidents(), T0, T0.plus(Duration.ofDays(1)), time.now())
                        .failureCount())
                .isZero();
        assertThatThrownBy(() -> recorder.exclude("INC-1", "bob", "again"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("incident INC-1 must not be excluded twice, was excluded");
    }

    @Test
    void availabilityMetricsTakeRecordedIncidentsAsTheyAre() {
        IncidentRecorder recorder = recorder();
        recorder.record(IncidentSignal.builder(Kind.BURN_RATE_ALERT, Effect.FAILING, "checkout", T0)
                .condition("burn-rate:page")
                .impactRatio(0.5)
                .build());
        time.advance(Duration.ofMinutes(10));
        recorder.acknowledge("INC-1", "alice");
        time.advance(Duration.ofMinutes(20));
        recorder.record(IncidentSignal.builder(Kind.BURN_RATE_ALERT, Effect.RECOVERED, "checkout", time.now())
                .condition("burn-rate:page")
                .build());
        time.advance(Duration.ofMinutes(30));
        recorder.record(IncidentSignal.builder(Kind.HEALTH, Effect.FAILING, "search", time.now())
                .build()); // open

        Instant from = T0.minus(Duration.ofHours(1));
        Instant to = T0.plus(Duration.ofHours(23));
        Instant asOf = time.now().plus(Duration.ofMinutes(60));
        AvailabilityMetrics m = AvailabilityMetrics.ofRecorded(recorder.incidents(), from, to, asOf);

        assertThat(m.failureCount()).isEqualTo(2);
        assertThat(m.downtime()).isEqualTo(Duration.ofMinutes(30 + 60)); // the open one counts until asOf
        assertThat(m.weightedDowntime()).isEqualTo(Duration.ofMinutes(15 + 60));
        assertThat(m.mtta()).contains(Duration.ofMinutes(10)); // only the acknowledged one
        assertThat(m.mttr()).contains(Duration.ofMinutes(45)); // (30 + 60) / 2
    }
}
