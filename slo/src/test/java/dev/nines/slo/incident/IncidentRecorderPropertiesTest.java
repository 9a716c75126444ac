package dev.nines.slo.incident;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nines.core.time.ManualTimeSource;
import dev.nines.slo.incident.IncidentSignal.Effect;
import dev.nines.slo.incident.IncidentSignal.Kind;
import dev.nines.slo.incident.RecordedIncident.State;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** State-machine properties of {@link IncidentRecorder} over random sequences of signals and people's entries. */
class IncidentRecorderPropertiesTest {

    static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    static final List<String> COMPONENTS = List.of("checkout", "api", "orders-db", "payments", "search");
    static final List<String> CONDITIONS = List.of("breaker", "health", "burn-rate");

    /** One step: advance the clock, then a signal, a person's entry or a tick. */
    record Step(int advanceSeconds, int op, int component, int condition, int effect, double burnRate, int incident) {}

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Step> step = Combinators.combine(
                        Arbitraries.integers().between(0, 1_200),
                        Arbitraries.frequency(
                                net.jqwik.api.Tuple.of(8, 0),
                                net.jqwik.api.Tuple.of(2, 1),
                                net.jqwik.api.Tuple.of(1, 2)),
                        Arbitraries.integers().between(0, COMPONENTS.size() - 1),
                        Arbitraries.integers().between(0, CONDITIONS.size() - 1),
                        Arbitraries.integers().between(0, Effect.values().length - 1),
                        Arbitraries.of(0.0, 0.5, 3.0, 7.0, 20.0),
                        Arbitraries.integers().between(0, 7))
                .as(Step::new);
        return step.list().ofMinSize(1).ofMaxSize(80);
    }

    /** Plays the steps; returns every signal recorded, in order. */
    static List<IncidentSignal> play(List<Step> steps, ManualTimeSource time, IncidentRecorder recorder) {
        List<IncidentSignal> signals = new ArrayList<>();
        for (Step s : steps) {
            time.advance(Duration.ofSeconds(s.advanceSeconds()));
            switch (s.op()) {
                case 0 -> {
                    Effect effect = Effect.values()[s.effect()];
                    IncidentSignal signal = IncidentSignal.builder(
                                    Kind.OTHER, effect, COMPONENTS.get(s.component()), time.now())
                            .condition(CONDITIONS.get(s.condition()))
                            .since(effect == Effect.TRANSIENT ? time.now().minusSeconds(30) : time.now())
                            .burnRate(s.burnRate())
                            .build();
                    signals.add(signal);
                    recorder.record(signal);
                }
                case 1 -> {
                    String id = "INC-" + (s.incident() + 1);
                    try {
                        switch (s.effect()) {
                            case 0 -> recorder.acknowledge(id, "alice");
                            case 1 -> recorder.mitigate(id, "bob", "");
                            case 2 -> recorder.note(id, "carol", "looking");
                            default -> recorder.resolve(id, "dave", "");
                        }
                    } catch (IllegalArgumentException expected) {
                        // unknown, resolved, or acknowledged/mitigated already: nothing changes
                    }
                }
                default -> recorder.tick();
            }
        }
        return signals;
    }

    static IncidentRecorder recorder(ManualTimeSource time) {
        return IncidentRecorder.builder(time)
                .dependencyGraph(IncidentRecorderTest.graph())
                .correlationWindow(Duration.ofMinutes(15))
                .build();
    }

    @Property(tries = 400)
    void timelinesAreOrderedAndEverySignalIsAttachedOnceOrCountedUnattached(@ForAll("steps") List<Step> steps) {
        ManualTimeSource time = ManualTimeSource.at(T0);
        IncidentRecorder recorder = recorder(time);
        List<IncidentSignal> signals = play(steps, time, recorder);

        Map<IncidentSignal, Integer> attached = new IdentityHashMap<>();
        for (RecordedIncident incident : recorder.incidents()) {
            assertThat(incident.timeline()).extracting(TimelineEntry::at).isSorted();
            for (TimelineEntry e : incident.timeline()) {
                if (e.kind() == TimelineEntry.Kind.OPENED || e.kind() == TimelineEntry.Kind.SIGNAL) {
                    attached.merge(e.cause(), 1, Integer::sum);
                }
            }
        }
        Map<IncidentSignal, Integer> unattached = new IdentityHashMap<>();
        for (IncidentSignal s : recorder.unattached()) {
            unattached.merge(s, 1, Integer::sum);
        }
        for (IncidentSignal s : signals) {
            int times = attached.getOrDefault(s, 0) + unattached.getOrDefault(s, 0);
            assertThat(times).as("signal %s", s).isEqualTo(1);
        }
        assertThat(attached.size() + recorder.unattachedCount()).isEqualTo(signals.size());
        assertThat(attached.keySet()).allMatch(s -> signals.stream().anyMatch(x -> x == s));
    }

    @Property(tries = 400)
    void everyIncidentIsInAConsistentState(@ForAll("steps") List<Step> steps) {
        ManualTimeSource time = ManualTimeSource.at(T0);
        IncidentRecorder recorder = recorder(time);
        play(steps, time, recorder);
        recorder.tick();

        for (RecordedIncident i : recorder.incidents()) {
            assertThat(i.start()).isBeforeOrEqualTo(i.detected());
            switch (i.state()) {
                case OPEN -> assertThat(i.mitigated()).isEmpty();
                case MITIGATED -> {
                    assertThat(i.mitigated()).isPresent();
                    assertThat(i.resolved()).isEmpty();
                }
                case RESOLVED -> {
                    assertThat(i.mitigated()).isPresent();
                    assertThat(i.resolved().orElseThrow())
                            .isAfterOrEqualTo(i.mitigated().orElseThrow());
                    assertThat(recorder.openIncidents())
                            .extracting(RecordedIncident::id)
                            .doesNotContain(i.id());
                }
                default -> throw new AssertionError(i.state());
            }
            i.mitigated().ifPresent(m -> assertThat(m).isAfterOrEqualTo(i.start()));
            i.acknowledged().ifPresent(a -> assertThat(a).isAfterOrEqualTo(i.detected()));
            assertThat(i.timeline().get(0).kind()).isEqualTo(TimelineEntry.Kind.OPENED);
            assertThat(i.timeline().stream()
                            .filter(e -> e.kind() == TimelineEntry.Kind.RESOLVED)
                            .count())
                    .isEqualTo(i.state() == State.RESOLVED ? 1 : 0);
            assertThat(i.toIncident(time.now()).weightedImpact().isNegative()).isFalse();
        }
        assertThat(recorder.openIncidents()).allMatch(i -> i.state() != State.RESOLVED);
    }

    @Property(tries = 200)
    void correlationIsDeterministicForAGivenOrderOfSignals(@ForAll("steps") List<Step> steps) {
        ManualTimeSource time1 = ManualTimeSource.at(T0);
        IncidentRecorder first = recorder(time1);
        ManualTimeSource time2 = ManualTimeSource.at(T0);
        IncidentRecorder second = recorder(time2);
        play(steps, time1, first);
        play(steps, time2, second);

        List<RecordedIncident> a = first.incidents();
        List<RecordedIncident> b = second.incidents();
        assertThat(b).hasSameSizeAs(a);
        for (int i = 0; i < a.size(); i++) {
            // Same ids, components, attribution, states, instants and entries (the signal objects differ).
            assertThat(describe(b.get(i))).isEqualTo(describe(a.get(i)));
        }
        assertThat(second.unattachedCount()).isEqualTo(first.unattachedCount());
    }

    private static String describe(RecordedIncident i) {
        StringBuilder s = new StringBuilder(i.id()
                + i.service()
                + i.components()
                + i.state()
                + i.severity()
                + i.start()
                + i.detected()
                + i.acknowledged()
                + i.mitigated()
                + i.resolved()
                + i.burnRate()
                + i.impactRatio());
        for (TimelineEntry e : i.timeline()) {
            s.append('\n')
                    .append(e.at())
                    .append(e.component())
                    .append(e.kind())
                    .append(e.what())
                    .append(e.cause().component())
                    .append(e.cause().condition())
                    .append(e.cause().effect());
        }
        return s.toString();
    }
}
