package dev.nines.slo;

import dev.nines.core.time.ManualTimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Test;

/**
 * Explores thread interleavings of {@link SloTracker}'s bucket roll with Lincheck's model checker:
 * records race the once-per-bucket roll (and each other's attempts at it) while the clock moves,
 * and every switch between their atomic steps, the clock's and the lock's is a place where a thread
 * may be preempted.
 *
 * <p>After each run the tracker must hold every event (totals and buckets alike), and each event
 * must sit where the class javadoc promises: in a 10-second bucket that the clock showed while its
 * record call ran (not before the clock reading at the call's start, not after the one at its end).
 * The model checker found, before records waited for a concurrent roll, a record that read the new
 * bucket and was counted in the one being closed.
 */
class SloTrackerLincheckTest {

    @Test
    void recordsRacingABucketRollLoseNoEventAndLandInABucketOfTheirCall() {
        new ModelCheckingOptions()
                .iterations(6)
                .invocationsPerIteration(100)
                .threads(2)
                .actorsPerThread(3)
                .actorsBefore(1)
                .actorsAfter(1)
                .check(RollScenario.class);
    }

    /** Records good and bad events while the clock moves on by whole buckets. */
    public static class RollScenario {
        private static final int MAX_EVENTS = 32;
        // Five seconds into a bucket, so that each advance lands in the middle of the next one.
        private final ManualTimeSource time = ManualTimeSource.at(Instant.parse("2026-03-01T00:00:05Z"));
        private final SloTracker tracker = SloTracker.create(
                Slo.builder("checkout")
                        .objective(0.999)
                        .window(SloWindow.rolling(Duration.ofDays(30)))
                        .build(),
                time);
        private final AtomicInteger events = new AtomicInteger();
        // Per event: whether it was bad (1) or good (0), and the first and last bucket it may land in.
        private final AtomicLongArray kind = new AtomicLongArray(MAX_EVENTS);
        private final AtomicLongArray from = new AtomicLongArray(MAX_EVENTS);
        private final AtomicLongArray to = new AtomicLongArray(MAX_EVENTS);

        private long bucket() {
            return Math.floorDiv(time.currentTimeMillis(), SloTracker.FINE_MILLIS);
        }

        private void log(int bad, long first, long last) {
            int i = events.getAndIncrement();
            kind.set(i, bad);
            from.set(i, first);
            to.set(i, last);
        }

        /** Records one good event. */
        @Operation
        public void recordGood() {
            record(0);
        }

        /** Records one bad event. */
        @Operation
        public void recordBad() {
            record(1);
        }

        private void record(int bad) {
            long first = bucket();
            if (bad == 1) {
                tracker.recordBad();
            } else {
                tracker.recordGood();
            }
            long last = bucket();
            log(bad, first, last);
        }

        /** Moves the clock into the next 10-second bucket. */
        @Operation
        public void advance() {
            time.advance(Duration.ofSeconds(10));
        }

        /** Every event is counted, in a bucket its call saw. */
        @Validate
        public void everyEventIsInABucketOfItsCall() {
            SloSnapshot snapshot = tracker.snapshot();
            check(
                    snapshot.baseGood() == 0 && snapshot.baseBad() == 0 && snapshot.coarseGood().length == 0,
                    "every event is in a 10-second bucket");
            check(snapshot.totalGood() == count(0), "good " + snapshot.totalGood() + ", recorded " + count(0));
            check(snapshot.totalBad() == count(1), "bad " + snapshot.totalBad() + ", recorded " + count(1));
            placeable(0, snapshot.fineStart(), snapshot.fineGood());
            placeable(1, snapshot.fineStart(), snapshot.fineBad());
        }

        private long count(int bad) {
            long n = 0;
            for (int i = 0; i < events.get(); i++) {
                n += kind.get(i) == bad ? 1 : 0;
            }
            return n;
        }

        /**
         * Whether the events of one kind can be matched one to one with the bucket counts, each to
         * a bucket in its call's span: walking the buckets in order, each bucket takes the waiting
         * events whose span ends first (optimal for intervals), and no event may be left behind.
         */
        private void placeable(int bad, long firstBucket, long[] counts) {
            int n = events.get();
            boolean[] placed = new boolean[n];
            for (int b = 0; b < counts.length; b++) {
                long bucket = firstBucket + b;
                for (long c = 0; c < counts[b]; c++) {
                    int best = -1;
                    for (int i = 0; i < n; i++) {
                        if (!placed[i]
                                && kind.get(i) == bad
                                && from.get(i) <= bucket
                                && (best < 0 || to.get(i) < to.get(best))) {
                            best = i;
                        }
                    }
                    check(
                            best >= 0 && to.get(best) >= bucket,
                            (bad == 1 ? "bad" : "good") + " bucket " + bucket
                                    + " holds " + counts[b]
                                    + " events, more than calls that saw it could have put there"
                                    + spans(bad));
                    placed[best] = true;
                }
                for (int i = 0; i < n; i++) {
                    check(
                            placed[i] || kind.get(i) != bad || to.get(i) > bucket,
                            (bad == 1 ? "bad" : "good")
                                    + " event " + i + " of buckets " + from.get(i) + ".." + to.get(i)
                                    + " is not in any of them" + spans(bad));
                }
            }
        }

        private String spans(int bad) {
            StringBuilder s = new StringBuilder("; calls saw:");
            for (int i = 0; i < events.get(); i++) {
                if (kind.get(i) == bad) {
                    s.append(' ').append(from.get(i)).append("..").append(to.get(i));
                }
            }
            return s.toString();
        }
    }

    /** A plain check: Lincheck runs validation inside its instrumented run, where AssertJ is slow. */
    static void check(boolean condition, String message) {
        if (!condition) {
            throw new AssertionError(message);
        }
    }
}
