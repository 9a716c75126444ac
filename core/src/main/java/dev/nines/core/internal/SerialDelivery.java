package dev.nines.core.internal;

import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Delivers events in the order they were {@linkplain #add added}, never while the adder holds a
 * lock: add an event under the lock that orders the changes, release the lock, then call {@link
 * #deliver()}. Listeners thus run with no lock of the component held, so a listener may call back
 * into the component, from its own thread or another, without deadlock.
 *
 * <p>One thread delivers at a time (a work-in-progress counter, as in a serial executor): a thread
 * that calls {@code deliver} while another delivers leaves its events to that one, which delivers
 * them, in order, before it returns. So an event is delivered by the thread that added it unless
 * another thread is delivering at that moment (a listener that itself causes an event, or changes
 * racing on two threads); it is then delivered shortly after, by that thread. Nothing is lost: an
 * exception or error from the sink passes to the delivering thread, and the events still queued are
 * delivered by the next call to {@code deliver}.
 *
 * <p>For rare events (reconfiguration, a call joining a wait queue): each {@code add} allocates a
 * queue node. Thread-safe.
 *
 * @param <E> the event type
 */
public final class SerialDelivery<E> {

    private final Consumer<? super E> sink;
    private final Queue<E> pending = new ConcurrentLinkedQueue<>();
    private final AtomicInteger wip = new AtomicInteger();

    private SerialDelivery(Consumer<? super E> sink) {
        this.sink = sink;
    }

    /**
     * Creates a delivery to {@code sink} (typically the component's listener set's {@code publish}).
     *
     * @param sink receives each event, one at a time, in order
     * @param <E> the event type
     * @return a new delivery with nothing pending
     */
    public static <E> SerialDelivery<E> to(Consumer<? super E> sink) {
        return new SerialDelivery<>(Objects.requireNonNull(sink, "sink"));
    }

    /**
     * Queues an event; call it where the order of events is decided (under the component's lock).
     *
     * @param event the event
     */
    public void add(E event) {
        pending.add(Objects.requireNonNull(event, "event"));
    }

    /**
     * Delivers the queued events, unless another thread is delivering (it delivers them). Call it
     * after releasing every lock of the component.
     */
    public void deliver() {
        if (pending.isEmpty() || wip.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        try {
            while (true) {
                E event;
                while ((event = pending.poll()) != null) {
                    sink.accept(event);
                }
                missed = wip.addAndGet(-missed);
                if (missed == 0) {
                    return;
                }
            }
        } catch (RuntimeException | Error e) {
            wip.set(0); // let the next deliver() take over what is still queued
            throw e;
        }
    }
}
