package dev.nines.slo.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nines.core.time.ManualTimeSource;
import dev.nines.slo.Slo;
import dev.nines.slo.SloTracker;
import dev.nines.slo.SloWindow;
import dev.nines.slo.alert.NoDataEvent.NoDataEnded;
import dev.nines.slo.alert.NoDataEvent.NoDataStarted;
import dev.nines.slo.exclusion.Exclusion;
import dev.nines.slo.exclusion.ExclusionKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class NoDataWatchTest {

    static final Instant T0 = Instant.parse("2026-03-02T00:00:00Z");

    static Slo slo() {
        return Slo.builder("checkout")
                .objective(0.999)
                .window(SloWindow.rolling(Duration.ofDays(1)))
                .build();
    }

    /** Records {@code perCheck} good events, advances 30 s and checks, {@code checks} times. */
    static List<NoDataEvent> run(
            ManualTimeSource time, SloTracker tracker, NoDataWatch watch, int checks, long perCheck) {
        List<NoDataEvent> events = new ArrayList<>();
        for (int i = 0; i < checks; i++) {
            time.advance(Duration.ofSeconds(30));
            tracker.record(perCheck, 0);
            watch.check().ifPresent(events::add);
        }
        return events;
    }

    @Test
    void marksASilenceThatTheForecastDidNotExpectAsNoDataAndReportsItsStartAndEnd() {
        ManualTimeSource time = ManualTimeSource.at(T0);
        SloTracker tracker = SloTracker.create(slo(), time);
        SloTracker unwatched = SloTracker.create(slo(), time);
        NoDataWatch watch = NoDataWatch.builder(tracker, TrafficExpectation.steady(10), time)
                .minimumSilence(Duration.ofMinutes(2))
                .build();
        List<NoDataEvent> seen = new ArrayList<>();
        watch.onEvent(seen::add);

        assertThat(run(time, tracker, watch, 20, 300)).isEmpty(); // 10 minutes of traffic
        unwatched.record(6_000, 0);
        Instant lastSeen = time.now(); // T0 + 10m
        List<NoDataEvent> silent = run(time, tracker, watch, 40, 0); // 20 silent minutes
        assertThat(silent)
                .containsExactly(
                        new NoDataStarted("checkout", lastSeen, 1_200.0, lastSeen.plus(Duration.ofMinutes(2))));
        assertThat(watch.gapSince()).contains(lastSeen);
        Instant lastSilentCheck = time.now(); // T0 + 30m
        List<NoDataEvent> back = run(time, tracker, watch, 20, 300);
        unwatched.record(6_000, 0);

        NoDataEnded ended = new NoDataEnded("checkout", lastSeen, lastSilentCheck, lastSilentCheck.plusSeconds(30));
        assertThat(back).containsExactly(ended);
        assertThat(ended.duration()).isEqualTo(Duration.ofMinutes(20));
        assertThat(seen).containsExactly(silent.get(0), ended);
        assertThat(watch.gapSince()).isEmpty();
        // The marks tile the gap exactly: one at the start, one per 2 minutes, the rest at the end.
        List<Exclusion> marks = tracker.addedExclusions();
        assertThat(marks).allMatch(e -> e.kind() == ExclusionKind.NO_DATA);
        assertThat(marks.get(0).start()).isEqualTo(lastSeen.plusSeconds(10)); // after the last events' bucket
        assertThat(marks.get(marks.size() - 1).end()).isEqualTo(lastSilentCheck);
        for (int i = 1; i < marks.size(); i++) {
            assertThat(marks.get(i).start()).isEqualTo(marks.get(i - 1).end());
        }
        assertThat(marks).hasSize(10);
        // The gap is not counted as covered (good) time: 20 minutes but the last events' 10-second
        // bucket, of the day's 1,440 minutes, are lost.
        double lost = unwatched.status().dataCoverage() - tracker.status().dataCoverage();
        assertThat(lost * 1_440 * 60).isCloseTo(20 * 60 - 10, within(1e-6));
        assertThat(tracker.status().counted().total()).isEqualTo(12_000); // no event lost to the marks
    }

    @Test
    void aQuietHourThatTheForecastExpectsIsNoGap() {
        ManualTimeSource time = ManualTimeSource.at(T0); // 00:00 UTC
        SloTracker tracker = SloTracker.create(slo(), time);
        double[] profile = new double[24];
        Arrays.fill(profile, 5.0);
        profile[0] = 0.001; // midnight to 1 am: almost nothing
        NoDataWatch watch = NoDataWatch.builder(tracker, TrafficExpectation.dailyProfile(profile), time)
                .build();

        assertThat(run(time, tracker, watch, 100, 0)).isEmpty(); // 50 quiet minutes
        List<NoDataEvent> events = run(time, tracker, watch, 40, 0); // into 1 am, still silent
        // 01:00 to 01:02 expect 600 events, more than 10: the gap starts at the watch's start.
        assertThat(events).hasSize(1);
        NoDataStarted started = (NoDataStarted) events.get(0);
        assertThat(started.since()).isEqualTo(T0);
        assertThat(started.at()).isEqualTo(T0.plus(Duration.ofMinutes(60).plusSeconds(30)));
        assertThat(started.expectedEvents()).isCloseTo(3.6 + 150, within(1e-9));
    }

    @Test
    void rejectsBadSettingsAndForecastsNamingTheFieldAndValue() {
        ManualTimeSource time = ManualTimeSource.at(T0);
        SloTracker tracker = SloTracker.create(slo(), time);
        assertThatThrownBy(() -> NoDataWatch.builder(tracker, TrafficExpectation.steady(1), time)
                        .minimumSilence(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("minimumSilence")
                .hasMessageContaining("PT0S");
        assertThatThrownBy(() -> NoDataWatch.builder(tracker, TrafficExpectation.steady(1), time)
                        .minimumExpectedEvents(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("minimumExpectedEvents must be a finite number > 0, was -1.0");
        assertThatThrownBy(() -> TrafficExpectation.steady(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("eventsPerSecond must be finite and not negative, was NaN");
        assertThatThrownBy(() -> TrafficExpectation.dailyProfile(1, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("eventsPerSecondByHour must hold 24 rates, was 2");

        NoDataWatch broken =
                NoDataWatch.builder(tracker, (from, to) -> -5, time).build();
        time.advance(Duration.ofMinutes(10));
        assertThatThrownBy(broken::check)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("expectedEvents(" + T0 + ", " + time.now() + ") must be");
        assertThat(tracker.addedExclusions()).isEmpty();
    }

    // ---------------------------------------------------------------------------------- property

    /** One step: advance, then record some events (often none), then check. */
    record Step(int advanceSeconds, int events) {}

    static Instant floor(Instant t) {
        return Instant.ofEpochMilli(Math.floorDiv(t.toEpochMilli(), 10_000L) * 10_000L);
    }

    /** The first bucket after the one holding {@code t}. */
    static Instant ceil(Instant t) {
        return floor(t).plusSeconds(10);
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Integer> events = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.just(0)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(1, 5)));
        return Combinators.combine(Arbitraries.integers().between(1, 200), events)
                .as(Step::new)
                .list()
                .ofMinSize(1)
                .ofMaxSize(120);
    }

    /**
     * With a forecast that always expects traffic: a gap is open exactly when the input has been
     * silent for minimumSilence, it starts at the last event, starts and ends alternate, every
     * ended gap is marked exactly and no recorded event falls inside a mark.
     */
    @Property(tries = 300)
    void gapsFollowTheSilencesExactlyAndNeverCoverAnEvent(@ForAll("steps") List<Step> steps) {
        ManualTimeSource time = ManualTimeSource.at(T0);
        SloTracker tracker = SloTracker.create(slo(), time);
        Duration minimumSilence = Duration.ofSeconds(120);
        NoDataWatch watch = NoDataWatch.builder(tracker, TrafficExpectation.steady(1_000), time)
                .minimumSilence(minimumSilence)
                .build();
        List<NoDataEvent> events = new ArrayList<>();
        watch.onEvent(events::add);
        List<Instant> recorded = new ArrayList<>();
        Instant lastEvent = T0;
        for (Step step : steps) {
            time.advance(Duration.ofSeconds(step.advanceSeconds()));
            if (step.events() > 0) {
                tracker.record(step.events(), 0);
                recorded.add(time.now());
                lastEvent = time.now();
            }
            watch.check();
            boolean silentLongEnough = Duration.between(lastEvent, time.now()).compareTo(minimumSilence) >= 0;
            assertThat(watch.gapSince())
                    .isEqualTo(silentLongEnough ? java.util.Optional.of(lastEvent) : java.util.Optional.empty());
        }
        List<Instant[]> ended = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            NoDataEvent e = events.get(i);
            assertThat(e).isInstanceOf(i % 2 == 0 ? NoDataStarted.class : NoDataEnded.class);
            if (e instanceof NoDataEnded end) {
                assertThat(end.since()).isEqualTo(((NoDataStarted) events.get(i - 1)).since());
                assertThat(end.until()).isAfterOrEqualTo(end.since());
                ended.add(new Instant[] {end.since(), end.until()});
            }
        }
        // No mark covers the 10-second bucket of a recorded event: nothing recorded is excluded.
        for (Exclusion mark : tracker.addedExclusions()) {
            assertThat(mark.start().toEpochMilli() % 10_000).isZero();
            assertThat(mark.end().toEpochMilli() % 10_000).isZero();
            for (Instant t : recorded) {
                Instant bucket = Instant.ofEpochMilli(t.toEpochMilli() / 10_000 * 10_000);
                assertThat(!bucket.isBefore(mark.start()) && bucket.isBefore(mark.end()))
                        .as("event at %s inside %s", t, mark)
                        .isFalse();
            }
        }
        assertThat(tracker.status().counted().total())
                .isEqualTo(
                        recorded.isEmpty()
                                ? 0
                                : steps.stream().mapToLong(Step::events).sum());
        // The marks of each ended gap tile it exactly, shrunk to whole buckets.
        List<Exclusion> marks = tracker.addedExclusions();
        int m = 0;
        for (Instant[] gap : ended) {
            Instant cursor = ceil(gap[0]);
            Instant end = floor(gap[1]);
            while (cursor.isBefore(end)) {
                assertThat(marks.get(m).start()).isEqualTo(cursor);
                cursor = marks.get(m++).end();
            }
            assertThat(cursor).isEqualTo(end.isAfter(ceil(gap[0])) ? end : ceil(gap[0]));
        }
    }
}
