package dev.nines.slo.escalation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nines.core.time.ManualScheduler;
import dev.nines.core.time.ManualTimeSource;
import dev.nines.slo.incident.IncidentRecorder;
import dev.nines.slo.incident.IncidentSignal;
import dev.nines.slo.incident.IncidentSignal.Effect;
import dev.nines.slo.incident.IncidentSignal.Kind;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class EscalatorTest {

    static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

    final ManualTimeSource time = ManualTimeSource.at(T0);
    final ManualScheduler scheduler = ManualScheduler.of(time);
    final IncidentRecorder recorder = IncidentRecorder.builder(time).build();
    final List<Page> received = new ArrayList<>();

    Escalator escalator(EscalationPolicy policy, PageListener listener) {
        Escalator e = Escalator.create(policy, listener, time, scheduler);
        e.attach(recorder);
        return e;
    }

    void open(String component) {
        recorder.record(IncidentSignal.builder(Kind.BURN_RATE_ALERT, Effect.FAILING, component, time.now())
                .condition("burn-rate:page")
                .burnRate(20)
                .build());
        scheduler.runDue();
    }

    static EscalationPolicy twoLevels(int repeats) {
        return EscalationPolicy.builder()
                .level(Duration.ofMinutes(5), EscalationTarget.person("alice"))
                .level(Duration.ofMinutes(10), EscalationTarget.person("bob"), EscalationTarget.person("lead"))
                .repeats(repeats)
                .build();
    }

    @Test
    void pagesEachLevelWhenThePreviousDoesNotAcknowledgeInTimeThenRepeatsAndStops() {
        Escalator escalator = escalator(twoLevels(1), received::add);
        open("checkout");

        assertThat(received).extracting(Page::recipient).containsExactly("alice");
        scheduler.advance(Duration.ofMinutes(5).minusMillis(1));
        assertThat(received).hasSize(1); // never before the timeout
        scheduler.advance(Duration.ofMillis(1));
        assertThat(received).extracting(Page::recipient).containsExactly("alice", "bob", "lead");
        scheduler.advance(Duration.ofMinutes(10));
        assertThat(received).extracting(Page::recipient).containsExactly("alice", "bob", "lead", "alice");
        assertThat(received.get(3).round()).isEqualTo(1);
        scheduler.advance(Duration.ofMinutes(15));
        assertThat(received).hasSize(6); // round 1, level 2
        scheduler.advance(Duration.ofHours(2));
        assertThat(received).hasSize(6); // no more rounds
        assertThat(received)
                .extracting(Page::at)
                .containsExactly(
                        T0,
                        T0.plusSeconds(300),
                        T0.plusSeconds(300),
                        T0.plusSeconds(900),
                        T0.plusSeconds(1200),
                        T0.plusSeconds(1200));
        assertThat(received).extracting(Page::reason).startsWith(Page.Reason.OPENED, Page.Reason.NOT_ACKNOWLEDGED);
        assertThat(escalator.pages()).isEqualTo(received);
    }

    @Test
    void anAcknowledgementStopsTheEscalation() {
        escalator(twoLevels(3), received::add);
        open("checkout");
        scheduler.advance(Duration.ofMinutes(4));
        recorder.acknowledge("INC-1", "alice");
        scheduler.advance(Duration.ofHours(3));
        assertThat(received).extracting(Page::recipient).containsExactly("alice");
    }

    @Test
    void aTargetThatThrowsIsLoggedAndTheNextLevelIsPagedAtOnce() {
        Escalator escalator = escalator(twoLevels(0), page -> {
            if (page.recipient().equals("alice")) {
                throw new IllegalStateException("pager down");
            }
            received.add(page);
        });
        open("checkout");

        assertThat(escalator.failedPages()).extracting(Page::recipient).containsExactly("alice");
        assertThat(received).extracting(Page::recipient).containsExactly("bob", "lead");
        assertThat(received).allSatisfy(p -> {
            assertThat(p.at()).isEqualTo(T0);
            assertThat(p.reason()).isEqualTo(Page.Reason.DELIVERY_FAILED);
            assertThat(p.level()).isEqualTo(2);
        });
    }

    @Test
    void escalatesWhenTheBurnContinuesAfterAPersonSaidMitigated() {
        escalator(twoLevels(0), received::add); // grace: 15 minutes
        open("checkout");
        scheduler.advance(Duration.ofMinutes(2));
        recorder.acknowledge("INC-1", "alice");
        recorder.mitigate("INC-1", "alice", "rolled back the release");
        scheduler.runDue();
        scheduler.advance(Duration.ofMinutes(15).minusMillis(1));
        assertThat(received).hasSize(1);
        scheduler.advance(Duration.ofMillis(1)); // the page alert still fires

        assertThat(received).extracting(Page::recipient).containsExactly("alice", "bob", "lead");
        assertThat(received.get(1).reason()).isEqualTo(Page.Reason.BURN_AFTER_MITIGATION);
        assertThat(received.get(1).at()).isEqualTo(T0.plus(Duration.ofMinutes(17)));
        scheduler.advance(Duration.ofHours(1));
        assertThat(received).hasSize(3); // acknowledged: no timeouts after that
    }

    @Test
    void aMitigationThatTheBurnConfirmsEscalatesNothing() {
        escalator(twoLevels(0), received::add);
        open("checkout");
        scheduler.advance(Duration.ofMinutes(2));
        recorder.acknowledge("INC-1", "alice");
        recorder.mitigate("INC-1", "alice", "rolled back the release");
        scheduler.advance(Duration.ofMinutes(8));
        recorder.record(IncidentSignal.builder(Kind.BURN_RATE_ALERT, Effect.RECOVERED, "checkout", time.now())
                .condition("burn-rate:page")
                .build());
        scheduler.advance(Duration.ofHours(1));
        assertThat(received).extracting(Page::recipient).containsExactly("alice");
    }

    @Test
    void pagesWhoeverTheScheduleHasOnCallAtTheTimeOfThePage() {
        OnCallSchedule schedule = OnCallSchedule.builder("primary")
                .layer(Rotation.builder("p", ZoneId.of("UTC"))
                        .participants("alice", "bob")
                        .everyDays(1)
                        .handoffAt(LocalTime.of(9, 3))
                        .startingOn(LocalDate.of(2026, 3, 2))
                        .build())
                .build();
        escalator(
                EscalationPolicy.builder()
                        .level(Duration.ofMinutes(5), EscalationTarget.onCall(schedule))
                        .repeats(1)
                        .build(),
                received::add);
        open("checkout"); // 09:00: bob (yesterday's turn)
        scheduler.advance(Duration.ofMinutes(5)); // 09:05: alice, after the 09:03 hand-off
        assertThat(received).extracting(Page::recipient).containsExactly("bob", "alice");
    }

    @Test
    void rejectsALevelWithoutTargetOrWithATimeoutNotPositiveNamingIt() {
        assertThatThrownBy(() -> EscalationPolicy.builder()
                        .level(Duration.ofMinutes(5), EscalationTarget.person("a"))
                        .level(Duration.ofMinutes(5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("targets of level 2 must not be empty, was none");
        assertThatThrownBy(() -> EscalationPolicy.builder().level(Duration.ZERO, EscalationTarget.person("a")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ackTimeout of level 1 must be positive, was PT0S");
        assertThatThrownBy(() -> EscalationPolicy.builder().level(Duration.ofMinutes(-1), EscalationTarget.person("a")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ackTimeout of level 1 must be positive, was PT-1M");
        assertThatThrownBy(() -> EscalationPolicy.builder().build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("levels must not be empty, was none");
        assertThatThrownBy(() -> EscalationPolicy.builder().repeats(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("repeats");
    }

    // ---------------------------------------------------------------------------------- property

    @Provide
    Arbitrary<List<Integer>> timeouts() {
        return Arbitraries.integers().between(1, 30).list().ofMinSize(1).ofMaxSize(4);
    }

    /**
     * Whatever the levels, repeats, acknowledgement time and the steps the scheduler advances by:
     * each page follows the previous one by exactly the previous level's timeout, levels go in
     * order round after round, and nothing is paged after the acknowledgement.
     */
    @Property(tries = 300)
    void escalationNeverPagesALevelBeforeItsTimeout(
            @ForAll("timeouts") List<Integer> minutes,
            @ForAll @IntRange(min = 0, max = 2) int repeats,
            @ForAll @IntRange(min = 1, max = 400) int ackAfterMinutes,
            @ForAll @IntRange(min = 1, max = 17) int stepMinutes) {
        EscalationPolicy.Builder b = EscalationPolicy.builder().repeats(repeats);
        for (int i = 0; i < minutes.size(); i++) {
            b.level(Duration.ofMinutes(minutes.get(i)), EscalationTarget.person("level" + (i + 1)));
        }
        EscalationPolicy policy = b.build();
        ManualTimeSource t = ManualTimeSource.at(T0);
        ManualScheduler s = ManualScheduler.of(t);
        IncidentRecorder r = IncidentRecorder.builder(t).build();
        List<Page> pages = new ArrayList<>();
        Escalator.create(policy, pages::add, t, s).attach(r);
        r.record(IncidentSignal.builder(Kind.HEALTH, Effect.FAILING, "api", T0).build());
        s.runDue();
        Instant ack = T0.plus(Duration.ofMinutes(ackAfterMinutes)).plusSeconds(30);
        while (t.now().isBefore(ack)) {
            Duration step = Duration.ofMinutes(stepMinutes);
            if (t.now().plus(step).isAfter(ack)) {
                step = Duration.between(t.now(), ack);
            }
            s.advance(step);
        }
        r.acknowledge("INC-1", "someone");
        s.advance(Duration.ofDays(1));

        assertThat(pages).isNotEmpty();
        assertThat(pages.get(0).at()).isEqualTo(T0);
        for (int i = 0; i < pages.size(); i++) {
            Page p = pages.get(i);
            int expectedLevel = i % minutes.size() + 1;
            assertThat(p.level()).isEqualTo(expectedLevel);
            assertThat(p.round()).isEqualTo(i / minutes.size());
            assertThat(p.at()).isBefore(ack);
            if (i > 0) {
                Duration gap = Duration.between(pages.get(i - 1).at(), p.at());
                assertThat(gap)
                        .isEqualTo(
                                Duration.ofMinutes(minutes.get(pages.get(i - 1).level() - 1)));
            }
        }
        assertThat(pages.size()).isLessThanOrEqualTo(minutes.size() * (repeats + 1));
    }
}
