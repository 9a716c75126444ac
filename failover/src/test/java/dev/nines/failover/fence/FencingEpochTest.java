package dev.nines.failover.fence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FencingEpochTest {

    @Test
    void advancesByOneOnlyFromTheExpectedEpoch() {
        FencingEpoch epoch = FencingEpoch.startingAt(7);
        assertThat(epoch.compareAndAdvance(6)).isEqualTo(FencingEpoch.LOST);
        assertThat(epoch.compareAndAdvance(7)).isEqualTo(8);
        assertThat(epoch.compareAndAdvance(7)).isEqualTo(FencingEpoch.LOST);
        assertThat(epoch.current()).isEqualTo(8);
        assertThat(epoch).hasToString("FencingEpoch[8]");
    }

    @Test
    void rejectsANegativeStartAndRefusesToOverflow() {
        assertThatThrownBy(() -> FencingEpoch.startingAt(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("initial must be at least 0, was -1");
        FencingEpoch epoch = FencingEpoch.startingAt(Long.MAX_VALUE);
        assertThatThrownBy(() -> epoch.compareAndAdvance(Long.MAX_VALUE)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void ofManyThreadsAdvancingFromTheSameEpochExactlyOneWins() throws Exception {
        FencingEpoch epoch = FencingEpoch.startingAt(0);
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger winners = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (long e = 0; e < 1_000; e++) {
                    if (epoch.compareAndAdvance(e) != FencingEpoch.LOST) {
                        winners.incrementAndGet();
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        // Each value 0..999 can be advanced from once: exactly 1,000 wins, whatever the interleaving.
        assertThat(winners).hasValue(1_000);
        assertThat(epoch.current()).isEqualTo(1_000);
    }
}
