package dev.nines.core.internal;

import dev.nines.core.event.EventListeners;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What a Micrometer binder has bound, per meter registry, so that it can unbind: the event
 * subscriptions it holds and the instances whose meters it registered (named by a tag), so that
 * unbinding closes the subscriptions and removes every meter of those instances under the binder's
 * name prefixes, including meters registered lazily after binding.
 *
 * <p>Binding a meter registry that is already bound does nothing (a second set of subscriptions
 * would count every event twice). An instance bound while (or after) its registry is unbound is
 * not bound: {@link #whileBound} runs under the binding's lock and only while it is bound. Only
 * loaded where Micrometer is on the class path. Thread-safe.
 */
public final class MeterBindings implements AutoCloseable {

    private final List<String> prefixes;
    private final IdentityHashMap<MeterRegistry, Binding> bound = new IdentityHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();

    /**
     * Creates an empty set of bindings.
     *
     * @param prefixes the meter name prefixes of the binder, such as {@code "nines.circuitbreaker."}
     */
    public MeterBindings(String... prefixes) {
        this.prefixes = List.of(prefixes);
    }

    private static final class Binding {
        final ReentrantLock lock = new ReentrantLock();
        final List<EventListeners.Registration> subscriptions = new ArrayList<>();
        final Set<Map.Entry<String, String>> owned = ConcurrentHashMap.newKeySet();
        boolean closed;
    }

    /**
     * Starts binding {@code registry}.
     *
     * @param registry the meter registry
     * @return {@code false} if it is bound already (the caller binds nothing)
     */
    public boolean bind(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        lock.lock();
        try {
            if (bound.containsKey(registry)) {
                return false;
            }
            bound.put(registry, new Binding());
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs {@code action} (which registers meters in {@code registry} or subscribes) if {@code
     * registry} is still bound, holding unbinding off meanwhile.
     *
     * @param registry the meter registry
     * @param action what to do
     * @return whether it ran
     */
    public boolean whileBound(MeterRegistry registry, Runnable action) {
        Binding binding = binding(registry);
        if (binding == null) {
            return false;
        }
        binding.lock.lock();
        try {
            if (binding.closed) {
                return false;
            }
            action.run();
            return true;
        } finally {
            binding.lock.unlock();
        }
    }

    /**
     * Records that the meters tagged {@code tagKey=tagValue} under the prefixes are this binder's in
     * {@code registry}, to be removed when it is unbound.
     *
     * @param registry the meter registry
     * @param tagKey the tag naming the instance ({@code name}, {@code slo}, {@code file})
     * @param tagValue the instance's value of it
     */
    public void own(MeterRegistry registry, String tagKey, String tagValue) {
        Binding binding = binding(registry);
        if (binding != null) {
            binding.owned.add(Map.entry(tagKey, tagValue));
        }
    }

    /**
     * Keeps a subscription to close when {@code registry} is unbound; closes it at once if it is
     * not bound.
     *
     * @param registry the meter registry
     * @param subscription the subscription
     */
    public void subscribe(MeterRegistry registry, EventListeners.Registration subscription) {
        Binding binding = binding(registry);
        if (binding == null) {
            subscription.close();
            return;
        }
        binding.lock.lock();
        try {
            if (binding.closed) {
                subscription.close();
            } else {
                binding.subscriptions.add(subscription);
            }
        } finally {
            binding.lock.unlock();
        }
    }

    /**
     * Unbinds {@code registry}: closes the subscriptions, then removes every owned meter.
     *
     * @param registry the meter registry
     * @return {@code false} if it was not bound
     */
    public boolean unbind(MeterRegistry registry) {
        Binding binding;
        lock.lock();
        try {
            binding = bound.remove(registry);
        } finally {
            lock.unlock();
        }
        if (binding == null) {
            return false;
        }
        binding.lock.lock();
        try {
            binding.closed = true;
            for (EventListeners.Registration subscription : binding.subscriptions) {
                subscription.close();
            }
            binding.subscriptions.clear();
        } finally {
            binding.lock.unlock();
        }
        for (Meter meter : registry.getMeters()) {
            if (owns(binding, meter.getId())) {
                registry.remove(meter);
            }
        }
        return true;
    }

    /** Unbinds every meter registry. */
    @Override
    public void close() {
        List<MeterRegistry> registries;
        lock.lock();
        try {
            registries = new ArrayList<>(bound.keySet());
        } finally {
            lock.unlock();
        }
        for (MeterRegistry registry : registries) {
            unbind(registry);
        }
    }

    /**
     * Returns how many meter registries are bound.
     *
     * @return zero or more
     */
    public int size() {
        lock.lock();
        try {
            return bound.size();
        } finally {
            lock.unlock();
        }
    }

    private boolean owns(Binding binding, Meter.Id id) {
        boolean prefixed = false;
        for (String prefix : prefixes) {
            prefixed |= id.getName().startsWith(prefix);
        }
        if (!prefixed) {
            return false;
        }
        for (Map.Entry<String, String> tag : binding.owned) {
            if (tag.getValue().equals(id.getTag(tag.getKey()))) {
                return true;
            }
        }
        return false;
    }

    private @org.jspecify.annotations.Nullable Binding binding(MeterRegistry registry) {
        lock.lock();
        try {
            return bound.get(registry);
        } finally {
            lock.unlock();
        }
    }
}
