package dev.nines.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;

class SerialDeliveryTest {

    @Test
    void anEventAddedWhileDeliveringIsDeliveredAfterTheCurrentOneBeforeDeliverReturns() {
        List<String> delivered = new ArrayList<>();
        AtomicReference<SerialDelivery<String>> self = new AtomicReference<>();
        SerialDelivery<String> delivery = SerialDelivery.to(event -> {
            delivered.add(event);
            if (event.equals("a")) {
                self.get().add("nested");
                self.get().deliver(); // leaves it to the outer delivery
                delivered.add("after nested deliver");
            }
        });
        self.set(delivery);
        delivery.add("a");
        delivery.add("b");
        delivery.deliver();
        assertThat(delivered).containsExactly("a", "after nested deliver", "b", "nested");
    }

    @Test
    void eventsAddedUnderALockByManyThreadsAreDeliveredOnceEachInTheOrderTheLockDecidedAndNeverUnderIt()
            throws Exception {
        ReentrantLock lock = new ReentrantLock();
        List<Long> decided = new ArrayList<>();
        List<Long> delivered = new ArrayList<>(); // written by one thread at a time
        List<Boolean> underLock = new java.util.concurrent.CopyOnWriteArrayList<>();
        SerialDelivery<Long> delivery = SerialDelivery.to(event -> {
            underLock.add(lock.isLocked() && lock.isHeldByCurrentThread());
            delivered.add(event);
        });
        int threads = 4;
        int perThread = 5_000;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        long[] next = {0};
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    lock.lock();
                    try {
                        long event = next[0]++;
                        decided.add(event);
                        delivery.add(event);
                    } finally {
                        lock.unlock();
                    }
                    delivery.deliver();
                }
            });
            worker.start();
            workers.add(worker);
        }
        start.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
        delivery.deliver();
        assertThat(delivered).hasSize(threads * perThread).isEqualTo(decided);
        assertThat(underLock).doesNotContain(true);
    }

    @Test
    void aSinkThatThrowsAnErrorLosesNothingQueued() {
        List<String> delivered = new ArrayList<>();
        SerialDelivery<String> delivery = SerialDelivery.to(event -> {
            if (event.equals("boom")) {
                throw new AssertionError("boom");
            }
            delivered.add(event);
        });
        delivery.add("boom");
        delivery.add("kept");
        assertThatThrownBy(delivery::deliver).isInstanceOf(AssertionError.class);
        delivery.deliver();
        assertThat(delivered).containsExactly("kept");
    }
}
