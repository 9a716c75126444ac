package dev.nines.slo;

import dev.nines.core.time.ManualTimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jetbrains.kotlinx.lincheck.LinCheckerKt;
import org.jetbrains.kotlinx.lincheck.annotations.Operation;
import org.jetbrains.kotlinx.lincheck.annotations.Param;
import org.jetbrains.kotlinx.lincheck.annotations.Validate;
import org.jetbrains.kotlinx.lincheck.paramgen.IntGen;
import org.jetbrains.kotlinx.lincheck.strategy.managed.modelchecking.ModelCheckingOptions;
import org.junit.jupiter.api.Test;

/**
 * Explores interleavings of recording and of the tracker's bucket roll with Lincheck's model
 * checker, through the public API only: events recorded while another thread moves the clock over
 * fine and coarse bucket boundaries (and reads, which rolls) must all be counted.
 */
class SloTrackerLincheckTest {

    @Test
    void losesNoEventToABucketRoll() {
        LinCheckerKt.check(new ModelCheckingOptions().iterations(6).invocationsPerIteration(100)
                .threads(2).actorsPerThread(3).actorsBefore(1).actorsAfter(2), Scenario.class);
    }

    /** A 30-day tracker; the clock moves by 7 s (a fine bucket) or 61 s (a coarse one). */
    @Param(name = "coarse", gen = IntGen.class, conf = "0:1")
    public static class Scenario {
        private final ManualTimeSource time = ManualTimeSource.at(Instant.parse("2026-01-01T00:00:05Z"));
        // Created on first use: Lincheck 2.39 walks the test instance's fields when it starts and
        // cannot read record fields (the Slo's window is a record), so the tracker is not there yet.
        private final AtomicReference<SloTracker> lazyTracker = new AtomicReference<>();
        private final AtomicLong good = new AtomicLong();
        private final AtomicLong bad = new AtomicLong();

        private SloTracker tracker() {
            SloTracker t = lazyTracker.get();
            if (t == null) {
                SloTracker created = SloTracker.create(Slo.builder("checkout").objective(0.99)
                        .window(SloWindow.rolling(Duration.ofDays(30))).build(), time);
                t = lazyTracker.compareAndSet(null, created) ? created : lazyTracker.get();
            }
            return t;
        }

        /** Records a good event. */
        @Operation
        public void recordGood() {
            tracker().recordGood();
            good.incrementAndGet();
        }

        /** Records a bad event. */
        @Operation
        public void recordBad() {
            tracker().recordBad();
            bad.incrementAndGet();
        }

        /** Moves the clock on (7 s, or 61 s when {@code coarse} is 1) and reads, which rolls the buckets. */
        @Operation
        public void advance(@Param(name = "coarse") int coarse) {
            time.advance(Duration.ofSeconds(coarse == 1 ? 61 : 7));
            tracker().counts(Duration.ofDays(30));
        }

        /** Good events in the window: only ever grows here, so it must be linearizable. */
        @Operation
        public long windowGood() {
            return tracker().counts(Duration.ofDays(30)).good();
        }

        /** Every event recorded is in the window and in the totals. */
        @Validate
        public void countsEveryEvent() {
            SliCounts counts = tracker().counts(Duration.ofDays(30));
            if (counts.good() != good.get() || counts.bad() != bad.get()) {
                throw new AssertionError("window counts " + counts + ", recorded good=" + good + " bad=" + bad);
            }
            if (tracker().totalGood() != good.get() || tracker().totalBad() != bad.get()) {
                throw new AssertionError("totals good=" + tracker().totalGood() + " bad=" + tracker().totalBad()
                        + ", recorded good=" + good + " bad=" + bad);
            }
        }
    }
}
