package dev.nines.core.circuitbreaker;

import dev.nines.core.time.ManualTimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLongArray;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Test;

/**
 * Explores thread interleavings of the breaker's windows with Lincheck's model checker: every
 * context switch between the windows' atomic steps (and the clock's) is a place where Lincheck may
 * preempt a thread, so a roll racing with a writer is tried, not hoped for.
 */
class WindowLincheckTest {

    /** Few, small scenarios: each is explored exhaustively enough to find a two-thread race. */
    static ModelCheckingOptions options() {
        return new ModelCheckingOptions()
                .iterations(10)
                .invocationsPerIteration(150)
                .threads(2)
                .actorsPerThread(3)
                .actorsBefore(1)
                .actorsAfter(2);
    }

    @Test
    void aTimeWindowLosesNoOutcomeToARollAndStaysLinearizable() {
        options().check(TimeWindowWithoutEviction.class);
    }

    @Test
    void aTimeWindowTakesOutExactlyWhatItHeldWhenSecondsLeaveIt() {
        options().check(TimeWindowWithEviction.class);
    }

    @Test
    void aCountWindowKeepsItsTotalsEqualToItsRing() {
        options().check(CountWindowScenario.class);
    }

    @Test
    void aPrefixWindowOfOneCallRecoversFromALateWriter() {
        options().iterations(40).check(PrefixWindowOfOne.class);
    }

    @Test
    void aPrefixWindowOfTwoCallsKeepsItsTotalsEqualToItsEntries() {
        options().iterations(40).check(PrefixWindowOfTwo.class);
    }

    /** A plain check: Lincheck runs validation inside its instrumented run, where AssertJ is slow. */
    static void check(boolean condition, String message) {
        if (!condition) {
            throw new AssertionError(message);
        }
    }

    /**
     * Checks that counts {@code c} of a window are those of some run of the last {@code c[0]}
     * outcomes: {@code c[0] == calls}, and each other field lies between what the outcomes
     * recorded can leave in so many calls.
     */
    static void checkHoldsTheLastOutcomes(long[] c, AtomicLongArray recorded, long calls) {
        long all = recorded.get(0);
        check(c[0] == calls, "calls " + c[0] + " after " + all + " outcomes, expected " + calls);
        for (int f = 1; f < 4; f++) {
            long lowest = Math.max(0, recorded.get(f) - Math.max(0, all - c[0]));
            long highest = Math.min(c[0], recorded.get(f));
            check(
                    c[f] >= lowest && c[f] <= highest,
                    "field " + f + " counts " + c[f] + ", not in [" + lowest + ", " + highest + "]");
        }
    }

    static long[] counts(SlidingWindow window) {
        long[] c = new long[4];
        window.counts(c);
        return c;
    }

    /** Adds what one outcome contributes to calls, failed, slow and slow failed. */
    static void count(AtomicLongArray recorded, int outcome) {
        recorded.incrementAndGet(0);
        if (SlidingWindow.isFailure(outcome)) {
            recorded.incrementAndGet(1);
        }
        if (SlidingWindow.isSlow(outcome)) {
            recorded.incrementAndGet(2);
        }
        if (outcome == SlidingWindow.SLOW_FAILURE) {
            recorded.incrementAndGet(3);
        }
    }

    /**
     * A window of 30 s that moves by whole seconds but never far enough to drop anything in a
     * scenario: every outcome must be counted, and the number of calls is a counter that only
     * grows, so it must be linearizable.
     */
    @Param(name = "outcome", gen = IntGen.class, conf = "1:4")
    public static class TimeWindowWithoutEviction {
        private final ManualTimeSource time = ManualTimeSource.at(Instant.parse("2026-01-01T00:00:00.500Z"));
        private final TimeWindow window = new TimeWindow(30, 1, 100, 100, time);
        private final AtomicLongArray recorded = new AtomicLongArray(4);

        /** Records one outcome. */
        @Operation
        public void record(@Param(name = "outcome") int outcome) {
            window.record(outcome);
            count(recorded, outcome);
        }

        /** Moves the clock into the next second. */
        @Operation
        public void advance() {
            time.advance(Duration.ofSeconds(1));
        }

        /** The calls in the window. */
        @Operation
        public long calls() {
            return counts(window)[0];
        }

        /** Every outcome recorded is in the window, in every field. */
        @Validate
        public void holdsEveryOutcome() {
            long[] c = counts(window);
            for (int f = 0; f < 4; f++) {
                check(c[f] == recorded.get(f), "field " + f + " counts " + c[f] + ", recorded " + recorded.get(f));
            }
        }
    }

    /**
     * A window of 2 s with clock steps of 1 and 2 s: seconds leave it while writers record. The
     * counts never go below zero nor above what was recorded, and once the window has moved past
     * every second used, it is empty: a roll takes out exactly what the buckets held.
     */
    @Param(name = "outcome", gen = IntGen.class, conf = "1:4")
    @Param(name = "seconds", gen = IntGen.class, conf = "1:2")
    public static class TimeWindowWithEviction {
        private final ManualTimeSource time = ManualTimeSource.at(Instant.parse("2026-01-01T00:00:00.500Z"));
        private final TimeWindow window = new TimeWindow(2, 1, 100, 100, time);
        private final AtomicLongArray recorded = new AtomicLongArray(4);

        /** Records one outcome. */
        @Operation
        public void record(@Param(name = "outcome") int outcome) {
            window.record(outcome);
            count(recorded, outcome);
        }

        /** Moves the clock on and lets the window roll. */
        @Operation
        public void advance(@Param(name = "seconds") int seconds) {
            time.advance(Duration.ofSeconds(seconds));
            counts(window);
        }

        /** Bounds while in use, and an empty window once every second used has left it. */
        @Validate
        public void takesOutExactlyWhatItHeld() {
            long[] c = counts(window);
            for (int f = 0; f < 4; f++) {
                check(
                        c[f] >= 0 && c[f] <= recorded.get(f),
                        "field " + f + " counts " + c[f] + ", recorded " + recorded.get(f));
            }
            time.advance(Duration.ofSeconds(2));
            c = counts(window);
            check(
                    c[0] == 0 && c[1] == 0 && c[2] == 0 && c[3] == 0,
                    "an emptied window counts " + c[0] + " calls, " + c[1] + " failed, " + c[2] + " slow, " + c[3]
                            + " slow failed");
        }
    }

    /**
     * A ring of 2 outcomes under contention: the number of calls is exact, the other fields are
     * within what the last two outcomes can hold, and two more successes leave exactly a ring of
     * successes, which they cannot if the totals drifted from the ring.
     */
    @Param(name = "outcome", gen = IntGen.class, conf = "1:4")
    public static class CountWindowScenario {
        private final CountWindow window = new CountWindow(2, 1, 100, 100);
        private final AtomicLongArray recorded = new AtomicLongArray(4);

        /** Records one outcome. */
        @Operation
        public void record(@Param(name = "outcome") int outcome) {
            window.record(outcome);
            count(recorded, outcome);
        }

        /** Totals match a ring of the last outcomes. */
        @Validate
        public void totalsMatchTheRing() {
            long[] c = counts(window);
            checkHoldsTheLastOutcomes(c, recorded, Math.min(2, recorded.get(0)));
            window.record(SlidingWindow.SUCCESS);
            window.record(SlidingWindow.SUCCESS);
            c = counts(window);
            check(
                    c[0] == 2 && c[1] == 0 && c[2] == 0 && c[3] == 0,
                    "two successes leave " + c[0] + " calls, " + c[1] + " failed, " + c[2] + " slow, " + c[3]
                            + " slow failed");
        }
    }

    /**
     * The prefix-sum window under contention: snapshots taken while writers run are within what
     * the last outcomes can hold, and once writers stop the window is exact again: {@code size}
     * more successes leave exactly a window of successes. With one call and a ring of two entries,
     * a writer paused between its add and its store is overtaken by a whole turn of the ring, so
     * its late store overwrites a newer entry, which readers must recover from its neighbour.
     */
    @Param(name = "outcome", gen = IntGen.class, conf = "1:4")
    public abstract static class PrefixWindowScenario {
        private final int size;
        private final PrefixCountWindow window;
        private final AtomicLongArray recorded = new AtomicLongArray(4);

        PrefixWindowScenario(int size) {
            this.size = size;
            this.window = new PrefixCountWindow(size, 1, 100, 100);
            // 31 calls, the last 14 successes; the one before the threads start is call 31, so the
            // first of the scenario (call 32) checks whether the window is clean and marks it so,
            // and the successes after it skip or verify. Failures racing with the mark, the skips
            // and the verifications are explored.
            for (int i = 0; i < 31; i++) {
                window.record(i == 16 ? SlidingWindow.FAILURE : SlidingWindow.SUCCESS);
            }
        }

        /** Records one outcome. */
        @Operation
        public void record(@Param(name = "outcome") int outcome) {
            window.record(outcome);
            count(recorded, outcome);
        }

        /** A snapshot taken while writers run: within bounds of what was recorded. */
        @Operation
        public void snapshot() {
            long[] c = counts(window);
            check(c[0] >= 0 && c[0] <= size, "calls " + c[0]);
            for (int f = 1; f < 4; f++) {
                check(c[f] >= 0 && c[f] <= c[0], "field " + f + " counts " + c[f] + " of " + c[0] + " calls");
            }
        }

        /** Exact counts once writers stop, then exactly a window of successes. */
        @Validate
        public void exactOnceWritersStop() {
            long[] c = counts(window);
            // The 31 calls before the scenario are successes but for one failure, which left the
            // window long ago: the bounds of the scenario's own outcomes apply to a full window.
            checkHoldsTheLastOutcomes(c, recorded, size);
            for (int i = 0; i < size; i++) {
                window.record(SlidingWindow.SUCCESS);
            }
            c = counts(window);
            check(
                    c[0] == size && c[1] == 0 && c[2] == 0 && c[3] == 0,
                    size + " successes leave " + c[0] + " calls, " + c[1] + " failed, " + c[2] + " slow, " + c[3]
                            + " slow failed");
            window.record(SlidingWindow.FAILURE);
            check(counts(window)[1] == 1, "a failure after them counts once");
        }
    }

    /** A window of one call. */
    @Param(name = "outcome", gen = IntGen.class, conf = "1:4")
    public static class PrefixWindowOfOne extends PrefixWindowScenario {
        public PrefixWindowOfOne() {
            super(1);
        }
    }

    /** A window of two calls. */
    @Param(name = "outcome", gen = IntGen.class, conf = "1:4")
    public static class PrefixWindowOfTwo extends PrefixWindowScenario {
        public PrefixWindowOfTwo() {
            super(2);
        }
    }
}
