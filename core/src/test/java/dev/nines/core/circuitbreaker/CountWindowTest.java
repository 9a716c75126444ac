package dev.nines.core.circuitbreaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nines.core.testing.Concurrently;
import java.util.ArrayDeque;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * Both count-based windows: the prefix-sum window used up to {@link PrefixCountWindow#MAX_SIZE}
 * calls and the ring used beyond. Every behaviour is checked on each.
 */
class CountWindowTest {

    /** A window of the given kind: {@code true} for {@link PrefixCountWindow}, else {@link CountWindow}. */
    static SlidingWindow window(boolean prefix, int size, int minimumNumberOfCalls, float failureRate) {
        return prefix
                ? new PrefixCountWindow(size, minimumNumberOfCalls, failureRate, 100)
                : new CountWindow(size, minimumNumberOfCalls, failureRate, 100);
    }

    private static long[] counts(SlidingWindow window) {
        long[] c = new long[4];
        window.counts(c);
        return c;
    }

    /** Mostly successes, so that full windows of successes (the write-free path) come up often. */
    @Provide
    Arbitrary<List<Integer>> outcomes() {
        return Arbitraries.frequencyOf(
                        Tuple.of(12, Arbitraries.just(SlidingWindow.SUCCESS)),
                        Tuple.of(1, Arbitraries.integers().between(1, 4)))
                .list()
                .ofMaxSize(300);
    }

    @Property(tries = 500)
    void holdsExactlyTheLastOutcomesOfASingleThread(
            @ForAll boolean prefix,
            @ForAll @IntRange(min = 1, max = 40) int size,
            @ForAll("outcomes") List<Integer> outcomes) {
        SlidingWindow window = window(prefix, size, 1, 100);
        ArrayDeque<Integer> model = new ArrayDeque<>();
        for (int outcome : outcomes) {
            window.record(outcome);
            model.addLast(outcome);
            if (model.size() > size) {
                model.removeFirst();
            }
            long[] c = counts(window);
            assertThat(c[0]).isEqualTo(model.size());
            assertThat(c[1])
                    .isEqualTo(model.stream().filter(SlidingWindow::isFailure).count());
            assertThat(c[2])
                    .isEqualTo(model.stream().filter(SlidingWindow::isSlow).count());
            assertThat(c[3])
                    .isEqualTo(model.stream()
                            .filter(o -> o == SlidingWindow.SLOW_FAILURE)
                            .count());
        }
    }

    /**
     * The decision the breaker acts on is never missed: whenever the last {@code size} outcomes
     * cross a threshold, the outcome that made them cross reports it; and any decision reported
     * is the one the model takes.
     */
    @Property(tries = 500)
    void reportsEveryThresholdCrossingOfASingleThread(
            @ForAll boolean prefix,
            @ForAll @IntRange(min = 1, max = 30) int size,
            @ForAll @IntRange(min = 1, max = 30) int minimumNumberOfCalls,
            @ForAll @IntRange(min = 1, max = 100) int failureRate,
            @ForAll("outcomes") List<Integer> outcomes) {
        SlidingWindow window = window(prefix, size, minimumNumberOfCalls, failureRate);
        ArrayDeque<Integer> model = new ArrayDeque<>();
        boolean wasExceeded = false;
        for (int outcome : outcomes) {
            int actual = window.record(outcome);
            model.addLast(outcome);
            if (model.size() > size) {
                model.removeFirst();
            }
            long failed = model.stream().filter(SlidingWindow::isFailure).count();
            long slow = model.stream().filter(SlidingWindow::isSlow).count();
            int expected = window.evaluate(model.size(), failed, slow);
            if (actual != SlidingWindow.RESULT_UNCHANGED) {
                assertThat(actual).isEqualTo(expected);
            }
            if (SlidingWindow.exceeded(expected) && !wasExceeded) {
                assertThat(SlidingWindow.exceeded(actual))
                        .as("the outcome that crossed a threshold reports it")
                        .isTrue();
            }
            wasExceeded = SlidingWindow.exceeded(expected);
        }
    }

    @Property(tries = 100)
    void aFullWindowOfSuccessesStaysExactWhenOtherOutcomesArrive(@ForAll boolean prefix) {
        SlidingWindow window = window(prefix, 3, 1, 50);
        for (int i = 0; i < 5; i++) {
            assertThat(window.record(SlidingWindow.SUCCESS))
                    .isIn(SlidingWindow.RESULT_UNCHANGED, SlidingWindow.RESULT_BELOW_THRESHOLDS);
        }
        assertThat(window.record(SlidingWindow.FAILURE)).isEqualTo(SlidingWindow.RESULT_BELOW_THRESHOLDS);
        assertThat(window.record(SlidingWindow.SUCCESS)).isEqualTo(SlidingWindow.RESULT_UNCHANGED);
        assertThat(counts(window)).containsExactly(3, 1, 0, 0);
        assertThat(window.record(SlidingWindow.SLOW_FAILURE)).isEqualTo(SlidingWindow.RESULT_FAILURE_RATE_EXCEEDED);
        assertThat(counts(window)).containsExactly(3, 2, 1, 1);
        window.record(SlidingWindow.SUCCESS); // evicts the failure
        assertThat(counts(window)).containsExactly(3, 1, 1, 1);
    }

    @Test
    void losesNoOutcomeUnderContention() throws InterruptedException {
        int threads = 4;
        int perThread = 50_000;
        CountWindow window = new CountWindow(threads * perThread, 1, 100, 100);
        long[] recorded = runConcurrently(window, threads, perThread);
        assertThat(counts(window)).containsExactly(recorded);
    }

    @Test
    void aPrefixWindowLosesNoOutcomeUnderContention() throws InterruptedException {
        int threads = 4;
        int perThread = 1_000;
        PrefixCountWindow window = new PrefixCountWindow(PrefixCountWindow.MAX_SIZE, 1, 100, 100);
        long[] recorded = runConcurrently(window, threads, perThread);
        assertThat(counts(window)).containsExactly(recorded);
    }

    @Property(tries = 10)
    void staysConsistentWithItsRingWhenContendedWritersEvict(@ForAll boolean prefix) throws InterruptedException {
        SlidingWindow window = window(prefix, 64, 1, 100);
        runConcurrently(window, 4, 50_000);
        long[] c = counts(window);
        assertThat(c[0]).isEqualTo(64);
        for (int i = 0; i < 64; i++) {
            window.record(SlidingWindow.SUCCESS);
        }
        assertThat(counts(window)).containsExactly(64, 0, 0, 0);
    }

    /**
     * After contended writers stop, the window's totals (a difference of running totals) equal the
     * outcomes its entries carry, summed one by one: the two records of a call agree.
     */
    @Property(tries = 10)
    void aPrefixWindowsTotalsEqualItsEntriesOnceWritersStop(@ForAll @IntRange(min = 1, max = 50) int size)
            throws InterruptedException {
        PrefixCountWindow window = new PrefixCountWindow(size, 1, 100, 100);
        runConcurrently(window, 4, 20_000);
        long[] summed = new long[4];
        window.sumEntries(summed);
        assertThat(counts(window)).containsExactly(summed);
        assertThat(summed[0]).isEqualTo(size);
    }

    /**
     * Threads alternate long runs of successes, where the window marks itself clean and successes
     * skip, with bursts of failures that race with those skips and with the threads that verify
     * the window clean. Once they stop, {@code size} successes must leave exactly a clean window:
     * a success skipped while a failure was in the window would leave that failure behind.
     */
    @Property(tries = 10)
    void aPrefixWindowNeverSkipsASuccessWhileAFailureIsInIt(@ForAll @IntRange(min = 1, max = 20) int size)
            throws InterruptedException {
        PrefixCountWindow window = new PrefixCountWindow(size, 1, 100, 100);
        Concurrently.onThreads(4, thread -> {
            for (int i = 0; i < 40_000; i++) {
                boolean burst = ((i + thread * 97) % 500) < 3;
                window.record(burst ? SlidingWindow.FAILURE : SlidingWindow.SUCCESS);
            }
        });
        for (int i = 0; i < size; i++) {
            window.record(SlidingWindow.SUCCESS);
        }
        assertThat(counts(window)).containsExactly(size, 0, 0, 0);
    }

    @Test
    void aPrefixWindowRefusesASizeItsFieldsCannotHold() {
        assertThatThrownBy(() -> new PrefixCountWindow(PrefixCountWindow.MAX_SIZE + 1, 1, 50, 100))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("size")
                .hasMessageContaining(String.valueOf(PrefixCountWindow.MAX_SIZE + 1));
        assertThat(SlidingWindow.countBased(PrefixCountWindow.MAX_SIZE, 1, 50, 100))
                .isInstanceOf(PrefixCountWindow.class);
        assertThat(SlidingWindow.countBased(PrefixCountWindow.MAX_SIZE + 1, 1, 50, 100))
                .isInstanceOf(CountWindow.class);
    }

    /** Records a fixed mix from each thread, started together; returns the expected totals. */
    static long[] runConcurrently(SlidingWindow window, int threads, int perThread) throws InterruptedException {
        Concurrently.onThreads(threads, thread -> {
            for (int i = 0; i < perThread; i++) {
                window.record(1 + i % 4);
            }
        });
        long total = (long) threads * perThread;
        long quarter = total / 4;
        // outcomes cycle success, failure, slow success, slow failure
        return new long[] {total, 2 * quarter, 2 * quarter, quarter};
    }
}
