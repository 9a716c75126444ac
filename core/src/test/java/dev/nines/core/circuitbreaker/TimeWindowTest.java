package dev.nines.core.circuitbreaker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nines.core.time.ManualTimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class TimeWindowTest {

    private static long[] counts(SlidingWindow window) {
        long[] c = new long[4];
        window.counts(c);
        return c;
    }

    /** A step: an outcome (1..4) or, when negative, an advance of that many milliseconds. */
    @Provide
    Arbitrary<List<Integer>> steps() {
        return Arbitraries.oneOf(
                        Arbitraries.integers().between(1, 4),
                        Arbitraries.integers().between(-3_500, -1))
                .list()
                .ofMaxSize(200);
    }

    @Property(tries = 500)
    void holdsExactlyTheOutcomesOfTheLastWholeSeconds(
            @ForAll @IntRange(min = 1, max = 8) int size, @ForAll("steps") List<Integer> steps) {
        ManualTimeSource time = ManualTimeSource.at(Instant.parse("2026-01-01T00:00:00.700Z"));
        TimeWindow window = new TimeWindow(size, 1, 100, 100, time);
        List<long[]> model = new ArrayList<>(); // {epochSecond, outcome}
        for (int step : steps) {
            if (step < 0) {
                time.advance(Duration.ofMillis(-step));
            } else {
                window.record(step);
                model.add(new long[] {Math.floorDiv(time.currentTimeMillis(), 1000), step});
            }
            long now = Math.floorDiv(time.currentTimeMillis(), 1000);
            List<Integer> live = model.stream()
                    .filter(m -> m[0] > now - size)
                    .map(m -> (int) m[1])
                    .toList();
            long[] c = counts(window);
            assertThat(c[0]).isEqualTo(live.size());
            assertThat(c[1])
                    .isEqualTo(live.stream().filter(SlidingWindow::isFailure).count());
            assertThat(c[2])
                    .isEqualTo(live.stream().filter(SlidingWindow::isSlow).count());
            assertThat(c[3])
                    .isEqualTo(live.stream()
                            .filter(o -> o == SlidingWindow.SLOW_FAILURE)
                            .count());
        }
    }

    @Test
    void losesNoOutcomeUnderContention() throws InterruptedException {
        ManualTimeSource time = ManualTimeSource.at(Instant.parse("2026-01-01T00:00:00Z"));
        TimeWindow window = new TimeWindow(10, 1, 100, 100, time);
        long[] recorded = CountWindowTest.runConcurrently(window, 4, 50_000);
        assertThat(counts(window)).containsExactly(recorded);
    }

    @Test
    void countsLateWritersOfTheLastSecondAfterTheWindowMoves() throws InterruptedException {
        ManualTimeSource time = ManualTimeSource.at(Instant.parse("2026-01-01T00:00:00Z"));
        TimeWindow window = new TimeWindow(10, 1, 100, 100, time);
        Thread ticker = new Thread(() -> {
            for (int i = 0; i < 5; i++) {
                time.advance(Duration.ofMillis(400));
                counts(window); // rolls the window while writers record
            }
        });
        ticker.start();
        long[] recorded = CountWindowTest.runConcurrently(window, 3, 30_000);
        ticker.join();
        // Every second is still in the window: the totals hold every outcome, with no wait for a later roll.
        assertThat(counts(window)).containsExactly(recorded);
    }
}
