package dev.nines.slo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nines.core.time.ManualTimeSource;
import dev.nines.slo.exclusion.Exclusion;
import dev.nines.slo.exclusion.ExclusionKind;
import dev.nines.slo.exclusion.WeeklyMaintenance;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** Exclusions, monitoring gaps and calendar resets of {@link SloTracker}. */
class SloTrackerExclusionsTest {

    static final Instant T0 = Instant.parse("2026-03-02T00:00:00Z");

    final ManualTimeSource time = ManualTimeSource.at(T0);
    final Slo slo = Slo.builder("api")
            .objective(0.99)
            .window(SloWindow.rolling(Duration.ofDays(7)))
            .build();

    @Test
    void eventsInsideMaintenanceAreExcludedAndReportedSeparately() {
        Slo planned = slo.toBuilder()
                .exclusion(Exclusion.maintenance(T0.plus(Duration.ofHours(1)), T0.plus(Duration.ofHours(2)), "upgrade"))
                .build();
        SloTracker tracker = SloTracker.create(planned, time);
        tracker.record(100, 1);
        time.advance(Duration.ofMinutes(90));
        tracker.record(10, 40); // inside the window
        time.advance(Duration.ofMinutes(60));
        tracker.record(100, 1); // after it

        SloStatus status = tracker.status();

        assertThat(status.counted()).isEqualTo(new SliCounts(200, 2));
        assertThat(status.maintenance()).isEqualTo(new SliCounts(10, 40));
        assertThat(status.forceMajeure()).isEqualTo(SliCounts.EMPTY);
        assertThat(status.errorBudget().consumed()).isEqualTo(2.0);
        assertThat(tracker.rawCounts(Duration.ofDays(1))).isEqualTo(new SliCounts(210, 42));
        assertThat(tracker.counts(Duration.ofDays(1))).isEqualTo(new SliCounts(200, 2));
        assertThat(tracker.activeMaintenance()).isEmpty();
    }

    @Test
    void forceMajeureDeclaredAfterTheFactGivesTheBudgetBack() {
        SloTracker tracker = SloTracker.create(slo, time);
        tracker.record(1_000, 0);
        time.advance(Duration.ofHours(1));
        tracker.record(0, 500); // the region lost power
        time.advance(Duration.ofHours(1));
        assertThat(tracker.errorBudget().consumed()).isEqualTo(500.0);

        tracker.exclude(Exclusion.forceMajeure(
                T0.plus(Duration.ofMinutes(59)), T0.plus(Duration.ofMinutes(61)), "regional power loss"));

        SloStatus status = tracker.status();
        assertThat(status.errorBudget().consumed()).isZero();
        assertThat(status.forceMajeure()).isEqualTo(new SliCounts(0, 500));
        assertThat(tracker.addedExclusions()).extracting(Exclusion::kind).containsExactly(ExclusionKind.FORCE_MAJEURE);
    }

    @Test
    void noDataIntervalsCountNeitherGoodNorBadAndLowerCoverage() {
        Slo week =
                slo.toBuilder().window(SloWindow.rolling(Duration.ofHours(10))).build();
        SloTracker tracker = SloTracker.create(week, time);
        time.advance(Duration.ofHours(10));
        tracker.record(100, 0);
        time.advance(Duration.ofHours(1));
        tracker.record(3, 7); // garbage while the monitoring was broken
        time.advance(Duration.ofHours(1));
        tracker.markNoData(
                T0.plus(Duration.ofHours(11)), T0.plus(Duration.ofHours(12)).minusSeconds(1), "agent down");

        SloStatus status = tracker.status();

        assertThat(status.counted()).isEqualTo(new SliCounts(100, 0));
        assertThat(status.noData()).isEqualTo(new SliCounts(3, 7));
        assertThat(status.dataCoverage()).isCloseTo(1.0 - 3599.0 / 36000, within(1e-9));
    }

    @Test
    void openEndedExclusionsWork() {
        SloTracker tracker = SloTracker.create(slo, time);
        tracker.record(1, 1);
        time.advance(Duration.ofMinutes(1));
        tracker.exclude(Exclusion.maintenance(T0.plusSeconds(30), Instant.MAX, "until further notice"));
        tracker.exclude(Exclusion.noData(Instant.MIN, T0.minusSeconds(60), "before time"));
        tracker.record(0, 9);

        assertThat(tracker.status().counted()).isEqualTo(new SliCounts(1, 1));
        assertThat(tracker.status().maintenance()).isEqualTo(new SliCounts(0, 9));
        assertThat(tracker.activeMaintenance()).isPresent();
    }

    @Test
    void coverageCountsTheTimeBeforeTrackingStartedAsUncovered() {
        SloTracker tracker = SloTracker.create(slo, time);
        time.advance(Duration.ofDays(1));
        assertThat(tracker.status().dataCoverage()).isCloseTo(1.0 / 7, within(1e-9));
    }

    @Test
    void overlappingExclusionsOfDifferentKindsExcludeEventsOnce() {
        SloTracker tracker = SloTracker.create(slo, time);
        time.advance(Duration.ofMinutes(30));
        tracker.record(10, 10);
        time.advance(Duration.ofHours(1));
        tracker.exclude(Exclusion.maintenance(T0, T0.plus(Duration.ofHours(1)), "a"));
        tracker.exclude(Exclusion.forceMajeure(T0.plus(Duration.ofMinutes(20)), T0.plus(Duration.ofHours(2)), "b"));

        SloStatus status = tracker.status();

        assertThat(status.counted()).isEqualTo(SliCounts.EMPTY);
        assertThat(status.maintenance()).isEqualTo(new SliCounts(10, 10));
        assertThat(status.forceMajeure()).isEqualTo(new SliCounts(10, 10));
    }

    @Test
    void weeklyMaintenanceRecursInItsZone() {
        Slo weekly = slo.toBuilder()
                .exclusion(WeeklyMaintenance.of(
                        DayOfWeek.MONDAY, LocalTime.of(1, 0), Duration.ofHours(1), ZoneId.of("UTC"), "weekly"))
                .build();
        SloTracker tracker = SloTracker.create(weekly, time); // Monday 00:00 UTC
        time.advance(Duration.ofMinutes(75));
        assertThat(tracker.activeMaintenance()).isPresent();
        tracker.record(0, 5);
        time.advance(Duration.ofDays(6));
        assertThat(tracker.activeMaintenance()).isEmpty();
        tracker.record(5, 0);

        assertThat(tracker.status().counted()).isEqualTo(new SliCounts(5, 0));
        assertThat(tracker.status().maintenance()).isEqualTo(new SliCounts(0, 5));
    }

    @Test
    void timeslicesSkipSlicesInsideNoDataIntervals() {
        Slo slices = slo.toBuilder()
                .budgeting(Budgeting.timeslices(Duration.ofMinutes(1), 0.9))
                .build();
        SloTracker tracker = SloTracker.create(slices, time);
        for (int m = 0; m < 4; m++) {
            tracker.record(m == 2 ? 0 : 10, m == 2 ? 10 : 0);
            time.advance(Duration.ofMinutes(1));
        }
        assertThat(tracker.errorBudget().consumed()).isEqualTo(1.0);

        tracker.markNoData(T0.plus(Duration.ofMinutes(2)), T0.plus(Duration.ofMinutes(3)), "scrape failed");

        ErrorBudget budget = tracker.errorBudget();
        assertThat(budget.consumed()).isZero();
        assertThat(budget.allowed()).isCloseTo(0.03, within(1e-12));
        assertThat(tracker.compliance()).isEqualTo(1.0);
    }

    // ------------------------------------------------------------------------------- properties

    record Batch(int minute, int good, int bad) {}

    record Window(int fromMinute, int lengthMinutes, ExclusionKind kind) {}

    @Provide
    Arbitrary<List<Batch>> batches() {
        return Combinators.combine(
                        Arbitraries.integers().between(0, 600),
                        Arbitraries.integers().between(0, 100),
                        Arbitraries.integers().between(0, 20))
                .as(Batch::new)
                .list()
                .ofMaxSize(40);
    }

    @Provide
    Arbitrary<List<Window>> windows() {
        return Combinators.combine(
                        Arbitraries.integers().between(-60, 600),
                        Arbitraries.integers().between(1, 240),
                        Arbitraries.of(ExclusionKind.class))
                .as(Window::new)
                .list()
                .ofMaxSize(5);
    }

    @Property(tries = 200)
    void exclusionsNeverIncreaseTheConsumedBudget(
            @ForAll("batches") List<Batch> batches, @ForAll("windows") List<Window> windows) {
        SloTracker tracker = SloTracker.create(slo, time);
        batches.stream()
                .sorted(java.util.Comparator.comparingInt(Batch::minute))
                .forEach(b -> {
                    time.advanceTo(
                            T0.plus(Duration.ofMinutes(b.minute())).isAfter(time.now())
                                    ? T0.plus(Duration.ofMinutes(b.minute()))
                                    : time.now());
                    tracker.record(b.good(), b.bad());
                });
        time.advance(Duration.ofMinutes(1));
        double consumed = tracker.errorBudget().consumed();
        SliCounts counted = tracker.status().counted();
        for (Window w : windows) {
            Instant start = T0.plus(Duration.ofMinutes(w.fromMinute()));
            tracker.exclude(new Exclusion(w.kind(), start, start.plus(Duration.ofMinutes(w.lengthMinutes())), "", 1.0));
            SloStatus status = tracker.status();
            assertThat(status.errorBudget().consumed()).isLessThanOrEqualTo(consumed);
            assertThat(status.counted().good()).isLessThanOrEqualTo(counted.good());
            consumed = status.errorBudget().consumed();
            counted = status.counted();
        }
        SloStatus last = tracker.status();
        SliCounts raw = tracker.rawCounts(Duration.ofDays(7));
        // Nothing is dropped silently: every excluded event shows up under some kind.
        assertThat(last.counted().total()
                        + last.maintenance().total()
                        + last.forceMajeure().total()
                        + last.noData().total())
                .isGreaterThanOrEqualTo(raw.total());
    }

    @Property(tries = 200)
    void calendarMonthsStartAfreshAtTheZonesMonthStart(
            @ForAll @LongRange(min = 1_600_000_000L, max = 2_000_000_000L) long epochSecond,
            @ForAll @IntRange(min = 0, max = 2) int zoneIndex,
            @ForAll @IntRange(min = 1, max = 600) int secondsAfter) {
        ZoneId zone = List.of(ZoneId.of("Europe/Paris"), ZoneId.of("America/Sao_Paulo"), ZoneId.of("Asia/Kolkata"))
                .get(zoneIndex);
        SloWindow month = SloWindow.calendarMonth(zone);
        Instant nextMonth = month.end(Instant.ofEpochSecond(epochSecond));
        ManualTimeSource clock = ManualTimeSource.at(nextMonth.minus(Duration.ofMinutes(30)));
        SloTracker tracker = SloTracker.create(slo.toBuilder().window(month).build(), clock);
        tracker.record(50, 50);
        clock.advanceTo(nextMonth.minusSeconds(10));
        tracker.record(1, 1);
        assertThat(tracker.status().counted()).isEqualTo(new SliCounts(51, 51));

        clock.advanceTo(nextMonth.plusSeconds(secondsAfter));
        tracker.record(7, 0);

        SloStatus status = tracker.status();
        assertThat(status.windowStart()).isEqualTo(nextMonth);
        assertThat(status.counted()).isEqualTo(new SliCounts(7, 0));
        assertThat(status.errorBudget().consumedRatio()).isZero();
    }

    // ------------------------------------------------------------- outward rounding (issue 18)

    @Test
    void anExclusionWithinOneMinuteKeepsItsEventsExcludedAsItAges() {
        // Issue 18, item 6: 100 bad events, then exclude(forceMajeure(t0, t0 + 45 s)). The budget
        // must stay untouched for as long as the events are in the window, not only for 6 hours.
        Slo month =
                slo.toBuilder().window(SloWindow.rolling(Duration.ofDays(30))).build();
        SloTracker tracker = SloTracker.create(month, time);
        tracker.record(0, 100);
        tracker.exclude(Exclusion.forceMajeure(T0, T0.plusSeconds(45), "upstream outage"));
        time.advance(Duration.ofMinutes(6)); // beyond the 5 minutes the exclusion may grow to as it ages
        tracker.record(1_000, 0);

        for (Duration age : List.of(
                Duration.ofMinutes(7),
                Duration.ofHours(5),
                Duration.ofHours(7),
                Duration.ofDays(2),
                Duration.ofDays(4),
                Duration.ofDays(29))) {
            time.advanceTo(T0.plus(age));
            SloStatus status = tracker.status();
            assertThat(status.errorBudget().consumed())
                    .as("consumed after %s", age)
                    .isZero();
            assertThat(status.forceMajeure()).as("excluded after %s", age).isEqualTo(new SliCounts(0, 100));
            assertThat(status.counted()).as("counted after %s", age).isEqualTo(new SliCounts(1_000, 0));
        }
    }

    @Test
    void anExclusionInsideOneMinuteIsNotLostOnceOlderThanSixHours() {
        SloTracker tracker = SloTracker.create(slo, time);
        time.advance(Duration.ofSeconds(20));
        tracker.record(0, 7); // at t0 + 20 s, inside [t0 + 10 s, t0 + 45 s)
        time.advance(Duration.ofSeconds(60));
        tracker.record(3, 0);
        tracker.exclude(Exclusion.maintenance(T0.plusSeconds(10), T0.plusSeconds(45), "restart"));

        time.advance(Duration.ofHours(7));

        SloStatus status = tracker.status();
        assertThat(status.maintenance()).isEqualTo(new SliCounts(0, 7));
        assertThat(status.counted()).isEqualTo(new SliCounts(3, 0));
    }

    sealed interface Action permits Advance, Record, Exclude {}

    record Advance(long seconds) implements Action {}

    record Record(int good, int bad) implements Action {}

    record Exclude(ExclusionKind kind, long secondsAgo, long lengthSeconds) implements Action {}

    @Provide
    Arbitrary<List<Action>> actions() {
        Arbitrary<Action> advance = Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(5, Arbitraries.longs().between(0, 120)),
                        net.jqwik.api.Tuple.of(3, Arbitraries.longs().between(120, 6 * 3_600)),
                        net.jqwik.api.Tuple.of(2, Arbitraries.longs().between(6 * 3_600, 4 * 86_400)))
                .map(Advance::new);
        Arbitrary<Action> record = Combinators.combine(
                        Arbitraries.integers().between(0, 100),
                        Arbitraries.integers().between(0, 20))
                .as(Record::new);
        Arbitrary<Action> exclude = Combinators.combine(
                        Arbitraries.of(ExclusionKind.class),
                        Arbitraries.frequencyOf(
                                net.jqwik.api.Tuple.of(3, Arbitraries.longs().between(0, 600)),
                                net.jqwik.api.Tuple.of(2, Arbitraries.longs().between(0, 8 * 86_400))),
                        Arbitraries.frequencyOf(
                                net.jqwik.api.Tuple.of(3, Arbitraries.longs().between(1, 60)),
                                net.jqwik.api.Tuple.of(2, Arbitraries.longs().between(1, 3 * 3_600))))
                .as(Exclude::new);
        return Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(4, advance),
                        net.jqwik.api.Tuple.of(5, record),
                        net.jqwik.api.Tuple.of(2, exclude))
                .list()
                .ofMinSize(1)
                .ofMaxSize(50);
    }

    @Property(tries = 300)
    void agreesWithAModelKeepingEveryEventUnderRandomExclusionsAndLongAdvances(
            @ForAll("actions") List<Action> actions,
            @ForAll @IntRange(min = 0, max = 59) int startSecond,
            @ForAll @LongRange(min = 1, max = 8 * 86_400) long recentSeconds) {
        ManualTimeSource clock = ManualTimeSource.at(T0.plusSeconds(startSecond));
        SloTracker tracker = SloTracker.create(slo, clock);
        ReferenceTracker model =
                new ReferenceTracker(clock.currentTimeMillis(), slo.window().maxLength());
        for (Action action : actions) {
            if (action instanceof Advance advance) {
                clock.advance(Duration.ofSeconds(advance.seconds()));
                assertAgrees(tracker, model, clock, recentSeconds);
            } else if (action instanceof Record r) {
                tracker.record(r.good(), r.bad());
                model.record(clock.currentTimeMillis(), r.good(), r.bad());
            } else if (action instanceof Exclude x) {
                Instant start = clock.now().minusSeconds(x.secondsAgo());
                Exclusion exclusion = new Exclusion(x.kind(), start, start.plusSeconds(x.lengthSeconds()), "", 1.0);
                tracker.exclude(exclusion);
                model.exclude(exclusion);
            }
        }
        assertAgrees(tracker, model, clock, recentSeconds);
        clock.advance(Duration.ofDays(3).plusHours(5));
        assertAgrees(tracker, model, clock, recentSeconds);
    }

    private void assertAgrees(SloTracker tracker, ReferenceTracker model, ManualTimeSource clock, long recentSeconds) {
        long now = clock.currentTimeMillis();
        long windowStart = now - slo.window().maxLength().toMillis();
        SloStatus status = tracker.status();
        assertThat(status.counted()).as("counted").isEqualTo(model.counts(windowStart, now, null, false));
        assertThat(status.maintenance())
                .as("maintenance")
                .isEqualTo(model.counts(windowStart, now, ExclusionKind.MAINTENANCE, true));
        assertThat(status.forceMajeure())
                .as("force majeure")
                .isEqualTo(model.counts(windowStart, now, ExclusionKind.FORCE_MAJEURE, true));
        assertThat(status.noData())
                .as("no data")
                .isEqualTo(model.counts(windowStart, now, ExclusionKind.NO_DATA, true));
        assertThat(tracker.counts(Duration.ofSeconds(recentSeconds)))
                .as("counts of the last %d s", recentSeconds)
                .isEqualTo(model.counts(now - recentSeconds * 1000, now, null, false));
    }
}
