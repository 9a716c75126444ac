package dev.nines.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class EventListenersTest {

    @Test
    void hasNoListenersUntilOneIsRegistered() {
        EventListeners<String> listeners = EventListeners.create("test");
        assertThat(listeners.hasListeners()).isFalse();
        assertThat(listeners.size()).isZero();

        listeners.register(e -> {});

        assertThat(listeners.hasListeners()).isTrue();
        assertThat(listeners.size()).isOne();
    }

    @Test
    void deliversToEveryListenerInRegistrationOrder() {
        EventListeners<String> listeners = EventListeners.create("test");
        List<String> seen = new ArrayList<>();
        listeners.register(e -> seen.add("a:" + e));
        listeners.register(e -> seen.add("b:" + e));

        listeners.publish("x");

        assertThat(seen).containsExactly("a:x", "b:x");
    }

    @Test
    void aFailingListenerNeitherEscapesNorStopsTheOthers() {
        EventListeners<String> listeners = EventListeners.create("test");
        List<String> seen = new ArrayList<>();
        listeners.register(e -> {
            throw new IllegalStateException("listener bug");
        });
        listeners.register(e -> {
            throw new AssertionError("listener assertion");
        });
        listeners.register(seen::add);

        listeners.publish("x");

        assertThat(seen).containsExactly("x");
    }

    @Test
    void closingARegistrationRemovesItOnceEvenWhenClosedTwice() {
        EventListeners<String> listeners = EventListeners.create("test");
        AtomicInteger calls = new AtomicInteger();
        Consumer<String> listener = e -> calls.incrementAndGet();
        EventListeners.Registration first = listeners.register(listener);
        listeners.register(listener);

        first.close();
        first.close();
        listeners.publish("x");

        assertThat(calls).hasValue(1);
        assertThat(listeners.unregister(listener)).isTrue();
        assertThat(listeners.unregister(listener)).isFalse();
        assertThat(listeners.hasListeners()).isFalse();
    }

    @Test
    void rejectsNulls() {
        assertThatThrownBy(() -> EventListeners.create(null)).hasMessage("source");
        assertThatThrownBy(() -> EventListeners.create("x").register(null)).hasMessage("listener");
    }

    @Test
    void concurrentRegistrationsAreAllKept() throws InterruptedException {
        EventListeners<String> listeners = EventListeners.create("test");
        int threads = 4;
        int perThread = 500;
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    listeners.register(e -> {});
                }
            });
            worker.start();
            workers.add(worker);
        }
        go.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
        assertThat(listeners.size()).isEqualTo(threads * perThread);
    }
}
