package dev.nines.core.event;

import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A set of listeners for events of type {@code E}, shared by every Nines component that reports
 * events (circuit breakers, bulkheads, health checks, SLO trackers, ...).
 *
 * <p>Events cost nothing when nobody listens: components check {@link #hasListeners()} (one
 * volatile read, no allocation) before they build an event object.
 *
 * <pre>{@code
 * if (listeners.hasListeners()) {
 *     listeners.publish(new CallSucceeded(name, durationNanos));
 * }
 * }</pre>
 *
 * <p>A listener that throws never breaks the call that published the event: the exception is
 * logged through SLF4J (logger {@code dev.nines.core.event.EventListeners}, level WARN) and the
 * remaining listeners still receive the event.
 *
 * <p>Thread-safe. Registration is copy-on-write (rare); publication reads one array.
 * Listeners are called on the publishing thread, in registration order.
 *
 * @param <E> the event type
 */
public final class EventListeners<E> {

    private static final Logger LOG = LoggerFactory.getLogger(EventListeners.class);
    private static final Consumer<?>[] NONE = new Consumer<?>[0];

    private final String source;
    private final AtomicReference<Consumer<? super E>[]> listeners;

    @SuppressWarnings("unchecked")
    private EventListeners(String source) {
        this.source = source;
        this.listeners = new AtomicReference<>((Consumer<? super E>[]) NONE);
    }

    /**
     * Creates an empty listener set.
     *
     * @param source a name for log messages, such as {@code "circuit breaker 'payments'"}
     * @param <E> the event type
     * @return a new, empty listener set
     */
    public static <E> EventListeners<E> create(String source) {
        Objects.requireNonNull(source, "source");
        return new EventListeners<>(source);
    }

    /**
     * Registers a listener. The same listener registered twice is called twice.
     *
     * @param listener the listener
     * @return a handle that unregisters this registration when closed
     */
    public Registration register(Consumer<? super E> listener) {
        Objects.requireNonNull(listener, "listener");
        listeners.updateAndGet(current -> {
            Consumer<? super E>[] next = Arrays.copyOf(current, current.length + 1);
            next[current.length] = listener;
            return next;
        });
        AtomicBoolean closed = new AtomicBoolean();
        return () -> {
            if (closed.compareAndSet(false, true)) {
                unregister(listener);
            }
        };
    }

    /**
     * Removes one registration of {@code listener}, if present.
     *
     * @param listener the listener to remove
     * @return whether a registration was removed
     */
    public boolean unregister(Consumer<? super E> listener) {
        Objects.requireNonNull(listener, "listener");
        while (true) {
            Consumer<? super E>[] current = current();
            int index = -1;
            for (int i = 0; i < current.length && index < 0; i++) {
                if (current[i] == listener) {
                    index = i;
                }
            }
            if (index < 0) {
                return false;
            }
            Consumer<? super E>[] next = Arrays.copyOf(current, current.length - 1);
            System.arraycopy(current, index + 1, next, index, current.length - index - 1);
            if (listeners.compareAndSet(current, next)) {
                return true;
            }
        }
    }

    /**
     * Returns whether at least one listener is registered; check it before building an event.
     *
     * @return {@code true} if {@link #publish(Object)} would call anyone
     */
    public boolean hasListeners() {
        return current().length != 0;
    }

    /**
     * Returns the number of registrations.
     *
     * @return the number of registered listeners
     */
    public int size() {
        return current().length;
    }

    /**
     * Delivers {@code event} to every listener; a listener's exception is logged and swallowed.
     *
     * @param event the event
     */
    public void publish(E event) {
        Consumer<? super E>[] current = current();
        for (Consumer<? super E> listener : current) {
            try {
                listener.accept(event);
            } catch (RuntimeException | Error e) {
                if (e instanceof VirtualMachineError virtualMachineError) {
                    throw virtualMachineError;
                }
                LOG.warn("Listener {} of {} failed on event {}", listener, source, event, e);
            }
        }
    }

    @Override
    public String toString() {
        return "EventListeners[" + source + ", " + current().length + " listeners]";
    }

    @SuppressWarnings("NullAway") // never null: set at construction and only ever swapped for another array
    private Consumer<? super E>[] current() {
        return listeners.get();
    }

    /** A listener registration; closing it unregisters the listener. */
    @FunctionalInterface
    public interface Registration extends AutoCloseable {
        /** Unregisters the listener; closing again does nothing. */
        @Override
        void close();
    }
}
