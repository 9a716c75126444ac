package dev.nines.slo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nines.core.time.ManualTimeSource;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class SloTrackerTest {

    static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

    static Slo availability(double objective) {
        return Slo.builder("checkout")
                .objective(objective)
                .window(SloWindow.rolling(Duration.ofDays(30)))
                .build();
    }

    @Test
    void halfTheBudgetIsConsumedBy500BadEventsInAMillionAt999() {
        // Worked example (issue 6): 99.9% over 30 days, 1,000,000 events of which 500 bad.
        ManualTimeSource time = ManualTimeSource.at(T0);
        SloTracker tracker = SloTracker.create(availability(0.999), time);
        for (int day = 0; day < 20; day++) {
            tracker.record(49_975, 25);
            time.advance(Duration.ofDays(1));
        }

        ErrorBudget budget = tracker.errorBudget();

        assertThat(budget.allowed()).isCloseTo(1000.0, within(1e-6));
        assertThat(budget.consumed()).isEqualTo(500.0);
        assertThat(budget.remaining()).isCloseTo(500.0, within(1e-6));
        assertThat(budget.consumedRatio()).isCloseTo(0.5, within(1e-9));
        assertThat(budget.remainingRatio()).isCloseTo(0.5, within(1e-9));
        assertThat(budget.isExhausted()).isFalse();
        assertThat(tracker.compliance()).isCloseTo(0.9995, within(1e-12));
        assertThat(tracker.status().counted()).isEqualTo(new SliCounts(999_500, 500));
        assertThat(tracker.status().dataCoverage()).isCloseTo(20.0 / 30.0, within(1e-9));
    }

    @Test
    void anEventRecordedAfterAnIdleSpellLandsInTheBucketOfItsClockReading() {
        // The record closes the buckets of the idle minute first, then counts: the event is not
        // folded into the bucket that was open before the spell (SloTrackerLincheckTest covers records
        // that race another thread's roll).
        ManualTimeSource time = ManualTimeSource.at(T0.plusSeconds(5));
        SloTracker tracker = SloTracker.create(availability(0.999), time);
        tracker.recordBad();
        time.advance(Duration.ofSeconds(60));
        tracker.recordGood();

        SloSnapshot snapshot = tracker.snapshot();
        int bad =
                (int) (Math.floorDiv(T0.plusSeconds(5).toEpochMilli(), SloTracker.FINE_MILLIS) - snapshot.fineStart());
        assertThat(snapshot.fineBad()[bad]).isEqualTo(1);
        assertThat(snapshot.fineGood()[bad + 6]).isEqualTo(1);
        assertThat(snapshot.fineGood()).containsOnly(0, 1).hasSizeGreaterThan(bad + 6);
        assertThat(tracker.counts(Duration.ofSeconds(10))).isEqualTo(new SliCounts(1, 0));
        assertThat(tracker.counts(Duration.ofSeconds(70))).isEqualTo(new SliCounts(1, 1));
    }

    @Test
    void anErrorRatioOf144PercentOverTheLastHourBurnsAt144() {
        // SRE workbook, "Alerting on SLOs": 99.9% SLO, burn rate 14.4 = 2% of a 30-day budget in 1 hour.
        ManualTimeSource time = ManualTimeSource.at(T0);
        SloTracker tracker = SloTracker.create(availability(0.999), time);
        tracker.record(1_000_000, 0);
        time.advance(Duration.ofHours(2));
        for (int minute = 0; minute < 60; minute++) {
            tracker.record(9_856, 144);
            time.advance(Duration.ofMinutes(1));
        }

        assertThat(tracker.burnRate(Duration.ofHours(1))).isCloseTo(14.4, within(1e-9));
        assertThat(tracker.counts(Duration.ofHours(1))).isEqualTo(new SliCounts(591_360, 8_640));
        assertThat(tracker.burnRate(Duration.ofMinutes(5))).isCloseTo(14.4, within(1e-9));
        assertThat(tracker.burnRate(Duration.ofDays(30))).isLessThan(14.4);
    }

    @Test
    void eventsOlderThanTheRollingWindowDropOut() {
        ManualTimeSource time = ManualTimeSource.at(T0);
        SloTracker tracker = SloTracker.create(availability(0.99), time);
        tracker.record(10, 5);
        time.advance(Duration.ofDays(29));
        tracker.record(20, 1);
        assertThat(tracker.status().counted()).isEqualTo(new SliCounts(30, 6));

        time.advance(Duration.ofDays(1).plusMinutes(4));
        // Older than 3 days, a window start rounds down to 5 minutes: the first events still count.
        assertThat(tracker.status().counted()).isEqualTo(new SliCounts(30, 6));

        time.advance(Duration.ofMinutes(1));

        assertThat(tracker.status().counted()).isEqualTo(new SliCounts(20, 1));
        assertThat(tracker.burnRate(Duration.ofHours(1))).isZero();
    }

    @Test
    void calendarMonthStartsAfreshAtTheZonesMonthStart() {
        ZoneId tokyo = ZoneId.of("Asia/Tokyo");
        ManualTimeSource time = ManualTimeSource.at(Instant.parse("2026-03-31T14:00:00Z")); // 23:00 JST
        Slo slo = Slo.builder("monthly")
                .objective(0.99)
                .window(SloWindow.calendarMonth(tokyo))
                .build();
        SloTracker tracker = SloTracker.create(slo, time);
        tracker.record(100, 10);
        assertThat(tracker.errorBudget().consumed()).isEqualTo(10.0);

        time.advance(Duration.ofMinutes(61)); // 00:01 JST on April 1st
        tracker.record(50, 0);

        assertThat(tracker.status().windowStart()).isEqualTo(Instant.parse("2026-03-31T15:00:00Z"));
        assertThat(tracker.status().counted()).isEqualTo(new SliCounts(50, 0));
        assertThat(tracker.errorBudget().consumedRatio()).isZero();
    }

    @Test
    void timeToExhaustionDividesTheRemainingBudgetByTheBurnRate() {
        ManualTimeSource time = ManualTimeSource.at(T0);
        SloTracker tracker = SloTracker.create(availability(0.999), time);
        tracker.record(999_500, 500); // half the budget gone
        time.advance(Duration.ofHours(2));
        assertThat(tracker.timeToExhaustion(Duration.ofHours(1))).isEmpty(); // nothing burns now

        tracker.record(999, 1); // burn rate 1 over the last hour
        time.advance(Duration.ofMinutes(1));

        Duration left = tracker.timeToExhaustion(Duration.ofHours(1)).orElseThrow();
        assertThat(left.toMinutes())
                .isBetween(
                        Duration.ofDays(15).toMinutes() - 60,
                        Duration.ofDays(15).toMinutes());

        tracker.record(0, 10_000);
        assertThat(tracker.timeToExhaustion(Duration.ofHours(1))).contains(Duration.ZERO);
        assertThat(tracker.errorBudget().isExhausted()).isTrue();
    }

    @Test
    void latencySliCountsEventsSlowerThanTheThresholdOrFailedAsBad() {
        ManualTimeSource time = ManualTimeSource.at(T0);
        Slo slo = Slo.builder("latency")
                .objective(0.9)
                .sli(Sli.latency(Duration.ofMillis(100)))
                .build();
        SloTracker tracker = SloTracker.create(slo, time);
        for (int i = 1; i <= 100; i++) {
            tracker.recordLatency(Duration.ofMillis(i * 2L).toNanos());
        }
        tracker.recordLatency(Duration.ofMillis(1).toNanos(), false);
        tracker.recordLatency(Duration.ofMinutes(5).toNanos());

        assertThat(tracker.status().counted()).isEqualTo(new SliCounts(50, 52));
        assertThat(tracker.latencyPercentile(50, Duration.ofMinutes(5))
                        .orElseThrow()
                        .toMillis())
                .isBetween(99L, 101L);
        assertThat(tracker.latencyPercentile(100, Duration.ofMinutes(5)).orElseThrow())
                .isBetween(Duration.ofSeconds(59), Duration.ofSeconds(61));
        assertThat(tracker.latencyHistogram(Duration.ofMinutes(1)).getTotalCount())
                .isEqualTo(102);
    }

    @Test
    void latencyPercentilesCoverOnlyTheRecentPeriods() {
        ManualTimeSource time = ManualTimeSource.at(T0);
        Slo slo = Slo.builder("latency")
                .objective(0.9)
                .sli(Sli.latency(Duration.ofMillis(100)))
                .build();
        SloTracker tracker = SloTracker.create(slo, time);
        tracker.recordLatency(Duration.ofMillis(500).toNanos());
        time.advance(Duration.ofMinutes(20));
        tracker.recordLatency(Duration.ofMillis(10).toNanos());
        time.advance(Duration.ofSeconds(30));

        assertThat(tracker.latencyPercentile(100, Duration.ofMinutes(5))
                        .orElseThrow()
                        .toMillis())
                .isBetween(9L, 11L);
        assertThat(tracker.latencyPercentile(100, Duration.ofMinutes(30))
                        .orElseThrow()
                        .toMillis())
                .isBetween(495L, 505L);
        time.advance(Duration.ofHours(2));
        assertThat(tracker.latencyPercentile(99, Duration.ofHours(1))).isEmpty();
        assertThatThrownBy(() -> tracker.latencyHistogram(Duration.ofHours(2)))
                .hasMessage("recent must be at most PT1H, was PT2H");
    }

    @Test
    void rejectsBadInputOnTheRecordingPath() {
        SloTracker tracker = SloTracker.create(availability(0.99), ManualTimeSource.at(T0));
        assertThatThrownBy(() -> tracker.record(-1, 0)).hasMessage("counts must not be negative, was good=-1 bad=0");
        assertThatThrownBy(() -> tracker.recordLatency(5))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("SLO 'checkout' does not have a latency SLI");
        assertThatThrownBy(() -> tracker.latencyPercentile(99, Duration.ofMinutes(1)))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> tracker.burnRate(Duration.ZERO)).hasMessage("recent must be positive, was PT0S");
        Slo latency = Slo.builder("l")
                .objective(0.9)
                .sli(Sli.latency(Duration.ofMillis(1)))
                .build();
        SloTracker latencyTracker = SloTracker.create(latency, ManualTimeSource.at(T0));
        assertThatThrownBy(() -> latencyTracker.recordLatency(-1)).hasMessage("nanos must not be negative, was -1");
    }

    @Test
    void timeslicesCountSlicesBelowTheTargetAndSkipSlicesWithoutData() {
        ManualTimeSource time = ManualTimeSource.at(T0);
        Slo slo = Slo.builder("slices")
                .objective(0.9)
                .window(SloWindow.calendarMonth(ZoneId.of("UTC")))
                .budgeting(Budgeting.timeslices(Duration.ofMinutes(1), 0.95))
                .build();
        SloTracker tracker = SloTracker.create(slo, time);
        for (int minute = 0; minute < 10; minute++) {
            if (minute == 3) {
                tracker.record(90, 10); // 90% < 95%: a bad slice
            } else if (minute != 5) {
                tracker.record(99, 1); // a good slice; minute 5 has no data
            }
            time.advance(Duration.ofMinutes(1));
        }
        tracker.record(0, 100); // the current slice is not judged yet

        SloStatus status = tracker.status();

        assertThat(status.errorBudget().allowed()).isCloseTo(0.9, within(1e-9));
        assertThat(status.errorBudget().consumed()).isEqualTo(1.0);
        assertThat(status.compliance()).isCloseTo(8.0 / 9.0, within(1e-12));
    }

    @Test
    void thirtyDayTrackerKeepsItsCountsIn160Kibibytes() {
        SloTracker counts = SloTracker.create(availability(0.999), ManualTimeSource.at(T0));
        Slo latencySlo = availability(0.999).toBuilder()
                .sli(Sli.latency(Duration.ofMillis(250)))
                .build();
        SloTracker latency = SloTracker.create(latencySlo, ManualTimeSource.at(T0));

        System.out.printf(
                "30-day SLO footprint: counts %,d bytes; latency SLI %,d bytes%n",
                counts.footprintBytes(), latency.footprintBytes());

        assertThat(counts.footprintBytes()).isLessThanOrEqualTo(160L << 10);
        assertThat(latency.footprintBytes() - counts.footprintBytes()).isLessThanOrEqualTo(256L << 10);
    }

    @Test
    void countsBeyondFourBillionAnHourStayExactInEveryTier() {
        ManualTimeSource time = ManualTimeSource.at(T0);
        SloTracker tracker = SloTracker.create(availability(0.999), time);
        long huge = 5_000_000_000L; // more than an unsigned int offset holds
        tracker.record(huge, 3);
        time.advance(Duration.ofSeconds(10));
        tracker.record(huge, huge);
        time.advance(Duration.ofMinutes(30));
        tracker.record(7, 0);
        time.advance(Duration.ofMinutes(1));

        assertThat(tracker.counts(Duration.ofMinutes(31).plusSeconds(10)))
                .isEqualTo(new SliCounts(2 * huge + 7, huge + 3));
        assertThat(tracker.counts(Duration.ofMinutes(31))).isEqualTo(new SliCounts(huge + 7, huge));
        assertThat(tracker.counts(Duration.ofMinutes(2))).isEqualTo(new SliCounts(7, 0));
        time.advance(Duration.ofDays(4)); // now in the 5-minute tier
        assertThat(tracker.status().counted()).isEqualTo(new SliCounts(2 * huge + 7, huge + 3));
        SloTracker restored = SloTracker.restore(tracker.slo(), time, tracker.snapshot());
        assertThat(restored.status().counted()).isEqualTo(new SliCounts(2 * huge + 7, huge + 3));
    }

    @Test
    void noCountIsLostUnderContentionWhileBucketsRoll() throws Exception {
        ManualTimeSource time = ManualTimeSource.at(T0);
        SloTracker tracker = SloTracker.create(availability(0.999), time);
        int threads = 4;
        int perThread = 200_000;
        CountDownLatch start = new CountDownLatch(1);
        AtomicBoolean done = new AtomicBoolean();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            workers.add(new Thread(() -> {
                await(start);
                for (int i = 0; i < perThread; i++) {
                    if ((i + id) % 10 == 0) {
                        tracker.recordBad();
                    } else if (i % 3 == 0) {
                        tracker.record(2, 0);
                    } else {
                        tracker.recordGood();
                    }
                }
            }));
        }
        Thread clock = new Thread(() -> {
            await(start);
            // At most 20,000 advances of 7 s (under 39 hours): recorded events never age out of
            // the 30-day window, however slowly the workers run on a loaded machine.
            for (int ticks = 0; !done.get(); ticks++) {
                if (ticks < 20_000) {
                    time.advance(Duration.ofSeconds(7));
                }
                tracker.burnRate(Duration.ofMinutes(5));
            }
        });
        workers.forEach(Thread::start);
        clock.start();
        start.countDown();
        for (Thread w : workers) {
            w.join();
        }
        done.set(true);
        clock.join();

        long bad = threads * (long) perThread / 10;
        long twos = 0;
        for (int t = 0; t < threads; t++) {
            for (int i = 0; i < perThread; i++) {
                if ((i + t) % 10 != 0 && i % 3 == 0) {
                    twos++;
                }
            }
        }
        long good = threads * (long) perThread - bad + twos;
        assertThat(tracker.rawCounts(Duration.ofDays(30))).isEqualTo(new SliCounts(good, bad));
        assertThat(tracker.snapshot().totalGood()).isEqualTo(good);
    }

    @Test
    void recordingAllocatesNothingEvenWhenBucketsRoll() {
        ManualTimeSource time = ManualTimeSource.at(T0);
        Slo slo = availability(0.999).toBuilder()
                .sli(Sli.latency(Duration.ofMillis(100)))
                .build();
        SloTracker tracker = SloTracker.create(slo, time);
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long threadId = Thread.currentThread().getId();
        recordMany(tracker, time, 20_000); // warm up: first interval histogram, JIT
        long before = threads.getThreadAllocatedBytes(threadId);
        recordMany(tracker, time, 200_000);
        long allocated = threads.getThreadAllocatedBytes(threadId) - before;

        // 1,000,000 records and 20,000 bucket rollovers: far less than a byte per record (what is
        // left is JIT and management noise, independent of the number of records).
        assertThat(allocated).isLessThan(64 * 1024);
    }

    @Test
    void tickDrivenTrackersPlaceEventsInTheBucketOfTheLatestTick() {
        ManualTimeSource time = ManualTimeSource.at(T0);
        SloTracker tracker = SloTracker.create(availability(0.99), time, SloTracker.Timestamping.PER_TICK);
        tracker.record(0, 5);
        time.advance(Duration.ofHours(1)); // no tick: the next events still land at T0
        tracker.record(5, 0);
        assertThat(tracker.counts(Duration.ofMinutes(30))).isEqualTo(SliCounts.EMPTY);
        assertThat(tracker.counts(Duration.ofHours(2))).isEqualTo(new SliCounts(5, 5));

        for (int second = 0; second < 120; second++) { // ticking every second: placement to the second
            tracker.record(1, 0);
            time.advance(Duration.ofSeconds(1));
            tracker.tick();
        }
        assertThat(tracker.counts(Duration.ofSeconds(60))).isEqualTo(new SliCounts(60, 0));
        assertThat(tracker.timestamping()).isEqualTo(SloTracker.Timestamping.PER_TICK);
        assertThat(tracker.toString()).isEqualTo("SloTracker[checkout, PER_TICK]");
    }

    @Test
    void tickDrivenRecordingAllocatesNothingAndLosesNothingUnderContention() throws Exception {
        ManualTimeSource time = ManualTimeSource.at(T0);
        Slo slo = availability(0.999).toBuilder()
                .sli(Sli.latency(Duration.ofMillis(100)))
                .build();
        SloTracker tracker = SloTracker.create(slo, time, SloTracker.Timestamping.PER_TICK);
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long threadId = Thread.currentThread().getId();
        recordMany(tracker, time, 20_000);
        long before = threads.getThreadAllocatedBytes(threadId);
        recordMany(tracker, time, 200_000);
        assertThat(threads.getThreadAllocatedBytes(threadId) - before).isLessThan(64 * 1024);

        SloTracker contended = SloTracker.create(availability(0.999), time, SloTracker.Timestamping.PER_TICK);
        CountDownLatch start = new CountDownLatch(1);
        AtomicBoolean done = new AtomicBoolean();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            workers.add(new Thread(() -> {
                await(start);
                for (int i = 0; i < 100_000; i++) {
                    contended.recordGood();
                    contended.recordBad();
                }
            }));
        }
        Thread ticker = new Thread(() -> {
            await(start);
            // At most 20,000 advances of 3 s (under 17 hours), so that however slowly the workers
            // run on a loaded machine, nothing they record can age out of the 30-day window.
            for (int ticks = 0; !done.get(); ticks++) {
                if (ticks < 20_000) {
                    time.advance(Duration.ofSeconds(3));
                }
                contended.tick();
            }
        });
        workers.forEach(Thread::start);
        ticker.start();
        start.countDown();
        for (Thread w : workers) {
            w.join();
        }
        done.set(true);
        ticker.join();
        assertThat(contended.rawCounts(Duration.ofDays(30))).isEqualTo(new SliCounts(300_000, 300_000));
    }

    private static void recordMany(SloTracker tracker, ManualTimeSource time, int iterations) {
        for (int i = 0; i < iterations; i++) {
            tracker.recordGood();
            tracker.recordBad();
            tracker.record(3, 1);
            tracker.recordLatency(i * 1_000L);
            tracker.recordLatency(i * 10_000L, (i & 1) == 0);
            if (i % 10 == 0) {
                time.advanceNanos(10_000_000_000L);
            }
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------------------- properties

    record Step(int advanceSeconds, int good, int bad) {}

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Integer> advance = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.integers().between(0, 30)),
                net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(30, 3_600)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(3_600, 86_400)));
        return Combinators.combine(
                        advance,
                        Arbitraries.integers().between(0, 50),
                        Arbitraries.integers().between(0, 5))
                .as(Step::new)
                .list()
                .ofMinSize(1)
                .ofMaxSize(60);
    }

    @Property(tries = 300)
    void windowCountsMatchAReferenceModelAtTheDocumentedResolution(
            @ForAll("steps") List<Step> steps, @ForAll @IntRange(min = 1, max = 5 * 86_400) int recentSeconds) {
        ManualTimeSource time = ManualTimeSource.at(T0.plusSeconds(7));
        SloTracker tracker = SloTracker.create(availability(0.99), time);
        ReferenceTracker model = new ReferenceTracker(time.currentTimeMillis(), Duration.ofDays(30));
        for (Step step : steps) {
            time.advance(Duration.ofSeconds(step.advanceSeconds()));
            tracker.record(step.good(), step.bad());
            model.record(time.currentTimeMillis(), step.good(), step.bad());
        }
        long now = time.currentTimeMillis();
        SliCounts expected = model.counts(now - recentSeconds * 1000L, now, null, false);

        assertThat(tracker.counts(Duration.ofSeconds(recentSeconds))).isEqualTo(expected);
    }

    @Property(tries = 200)
    void consumedBudgetNeverFallsWhenBadEventsAreAdded(
            @ForAll("steps") List<Step> steps,
            @ForAll @Size(min = 1, max = 20) List<@IntRange(min = 1, max = 100) Integer> bads) {
        ManualTimeSource time = ManualTimeSource.at(T0);
        SloTracker tracker = SloTracker.create(availability(0.99), time);
        for (Step step : steps) {
            time.advance(Duration.ofSeconds(Math.min(step.advanceSeconds(), 3_600)));
            tracker.record(step.good(), step.bad());
        }
        ErrorBudget before = tracker.errorBudget();
        for (int bad : bads) {
            tracker.record(0, bad);
            ErrorBudget after = tracker.errorBudget();
            assertThat(after.consumed()).isGreaterThan(before.consumed());
            // Mathematically non-decreasing; allow for the rounding of (1 - objective) x total.
            assertThat(after.consumedRatio()).isGreaterThanOrEqualTo(before.consumedRatio() * (1 - 1e-12));
            before = after;
        }
    }
}
