package dev.nines.core.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The harness of the "a reconfiguration never loses a recorded outcome" properties: {@code callers}
 * threads each make {@code perCaller} calls while another thread reconfigures the policy again and
 * again, all started together on a latch. A failure on any thread (an assertion in a call included)
 * fails the test, with the others' failures suppressed in it.
 */
public final class WhileReconfiguring {

    private WhileReconfiguring() {}

    /**
     * Runs the calls and the reconfigurations and returns once every call has ended.
     *
     * @param callers the calling threads
     * @param perCaller the calls each makes
     * @param call one call (it may assert on its own outcome)
     * @param reconfigure one reconfiguration, run in a loop until every call has ended
     * @throws InterruptedException if the test thread is interrupted while it waits
     * @throws AssertionError the first failure of any thread
     */
    public static void run(int callers, int perCaller, Runnable call, Runnable reconfigure)
            throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < callers; c++) {
            threads.add(thread(start, failure, () -> {
                for (int i = 0; i < perCaller; i++) {
                    call.run();
                }
            }));
        }
        Thread reconfigurer = thread(start, failure, () -> {
            while (!done.get()) {
                reconfigure.run();
            }
        });
        threads.forEach(Thread::start);
        reconfigurer.start();
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        done.set(true);
        reconfigurer.join();
        Throwable first = failure.get();
        if (first != null) {
            throw new AssertionError("a thread failed while the policy was reconfigured", first);
        }
    }

    private static Thread thread(CountDownLatch start, AtomicReference<Throwable> failure, Runnable body) {
        return new Thread(() -> {
            try {
                start.await();
                body.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure.compareAndSet(null, e);
            } catch (Throwable e) { // an assertion in a call must fail the test, not just end its thread
                if (!failure.compareAndSet(null, e)) {
                    failure.get().addSuppressed(e);
                }
            }
        });
    }
}
