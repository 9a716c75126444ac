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

    /** A plain check: Lincheck runs validation inside its instrumented run, where AssertJ is slow. */
    static void check(boolean condition, String message) {
        if (!condition) {
            throw new AssertionError(message);
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
            long all = recorded.get(0);
            check(c[0] == Math.min(2, all), "calls " + c[0] + " after " + all + " outcomes");
            for (int f = 1; f < 4; f++) {
                long lowest = Math.max(0, recorded.get(f) - (all - c[0]));
                long highest = Math.min(c[0], recorded.get(f));
                check(
                        c[f] >= lowest && c[f] <= highest,
                        "field " + f + " counts " + c[f] + ", not in [" + lowest + ", " + highest + "]");
            }
            window.record(SlidingWindow.SUCCESS);
            window.record(SlidingWindow.SUCCESS);
            c = counts(window);
            check(
                    c[0] == 2 && c[1] == 0 && c[2] == 0 && c[3] == 0,
                    "two successes leave " + c[0] + " calls, " + c[1] + " failed, " + c[2] + " slow, " + c[3]
                            + " slow failed");
        }
    }
}
