package dev.nines.core.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.IntConsumer;

/** Runs the same body on several threads released together, for tests that prove nothing is lost. */
public final class Concurrently {

    private Concurrently() {}

    /**
     * Runs {@code body} on {@code threads} threads, each given its index, all started together, and
     * returns once every one has finished.
     *
     * @param threads how many threads
     * @param body what each runs, given its index from 0
     * @throws InterruptedException if interrupted while waiting for them
     */
    public static void onThreads(int threads, IntConsumer body) throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int index = t;
            Thread worker = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                body.accept(index);
            });
            worker.start();
            workers.add(worker);
        }
        start.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
    }
}
