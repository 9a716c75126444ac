package dev.nines.core.circuitbreaker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class CountWindowTest {

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
            @ForAll @IntRange(min = 1, max = 40) int size, @ForAll("outcomes") List<Integer> outcomes) {
        CountWindow window = new CountWindow(size, 1, 100, 100);
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

    @Test
    void aFullWindowOfSuccessesStaysExactWhenOtherOutcomesArrive() {
        CountWindow window = new CountWindow(3, 1, 50, 100);
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
    void staysConsistentWithItsRingWhenContendedWritersEvict() throws InterruptedException {
        CountWindow window = new CountWindow(64, 1, 100, 100);
        runConcurrently(window, 4, 50_000);
        long[] c = counts(window);
        assertThat(c[0]).isEqualTo(64);
        for (int i = 0; i < 64; i++) {
            window.record(SlidingWindow.SUCCESS);
        }
        assertThat(counts(window)).containsExactly(64, 0, 0, 0);
    }

    /** Records a fixed mix from each thread, started together; returns the expected totals. */
    static long[] runConcurrently(SlidingWindow window, int threads, int perThread) throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    window.record(1 + i % 4);
                }
            });
            worker.start();
            workers.add(worker);
        }
        start.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
        long total = (long) threads * perThread;
        long quarter = total / 4;
        // outcomes cycle success, failure, slow success, slow failure
        return new long[] {total, 2 * quarter, 2 * quarter, quarter};
    }
}
