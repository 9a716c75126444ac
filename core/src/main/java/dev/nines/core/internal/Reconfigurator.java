package dev.nines.core.internal;

import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The part of {@code Reconfigurable.reconfigure} that every policy shares: refuse null, apply one
 * change at a time, treat the configuration already in force (the same object) as a no-op, count
 * each applied change, and announce it only when someone listens, after it is counted. What a
 * change keeps and what it resets is the policy's own, given as a {@link Change}.
 *
 * <p>Announcements run after the lock is released, never under it (a listener may reconfigure the
 * policy again, or wait for another thread that does), in the order the changes were applied
 * ({@link SerialDelivery}): when changes race, one thread may run the announcement of another's
 * change, just after that one's {@code reconfigure} returned. An event the change itself causes (a
 * breaker opening under new thresholds) goes the same way through {@link #announceLater}.
 *
 * <p>A change that raises capacity (more permits, a higher limit, a faster rate) must also serve
 * the callers already waiting for it, as a release would: otherwise they wait for an unrelated
 * release or their deadline while capacity is free. Do it after {@link #reconfigure} returns,
 * outside this lock (a granted asynchronous call may start on the reconfiguring thread), as the
 * bulkhead, the adaptive limiter and the rate limiter do; a lower capacity admits nobody over it
 * and leaves each waiter its own deadline.
 *
 * <p>Not part of the public API: it may change without notice. Thread-safe; reconfiguring takes a
 * lock, the per-call path never does (the policy reads its configuration through its own volatile
 * field).
 *
 * @param <C> the configuration type
 */
public final class Reconfigurator<C> {

    /**
     * A policy's own part of a reconfiguration.
     *
     * @param <C> the configuration type
     */
    @FunctionalInterface
    public interface Change<C> {

        /**
         * Checks {@code newConfig} and puts it in force in place of {@code old}, migrating the
         * policy's state as the policy documents. Runs with other reconfigurations held off. Throws
         * {@link IllegalArgumentException} before changing anything if the policy cannot run with
         * {@code newConfig}.
         *
         * @param old the configuration in force until now
         * @param newConfig the configuration to put in force, not {@code old}
         * @return publishes the policy's events for the change; run once the change is counted, and
         *     only if someone listens
         */
        Runnable apply(C old, C newConfig);
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final LongAdder changes = new LongAdder();
    private final SerialDelivery<Runnable> announcements = SerialDelivery.to(Runnable::run);
    private final Supplier<C> inForce;
    private final BooleanSupplier listening;

    /**
     * Creates the reconfiguration part of one policy.
     *
     * @param inForce reads the configuration in force
     * @param listening tells whether the policy (or its registry) has listeners now
     */
    public Reconfigurator(Supplier<C> inForce, BooleanSupplier listening) {
        this.inForce = Objects.requireNonNull(inForce, "inForce");
        this.listening = Objects.requireNonNull(listening, "listening");
    }

    /**
     * Applies {@code newConfig} through {@code change}, unless it is already in force.
     *
     * @param newConfig the new configuration
     * @param change the policy's own part
     * @return the configuration in force before ({@code newConfig} itself for a no-op)
     * @throws NullPointerException if {@code newConfig} is null
     * @throws IllegalArgumentException what {@code change} throws; nothing is counted then
     */
    public C reconfigure(C newConfig, Change<C> change) {
        Objects.requireNonNull(newConfig, "newConfig");
        lock.lock();
        try {
            C old = inForce.get();
            if (old == newConfig) {
                return newConfig;
            }
            Runnable announce = change.apply(old, newConfig);
            changes.increment();
            if (listening.getAsBoolean()) {
                announcements.add(announce);
            }
            return old;
        } finally {
            lock.unlock();
            announcements.deliver(); // after the unlock, in the order the changes were applied
        }
    }

    /**
     * Returns whether the calling thread is applying a change (inside {@link Change#apply} or
     * {@link #holdingOff}): an event it publishes now must go through {@link #announceLater}, or a
     * listener would run under the lock.
     *
     * @return {@code true} on the thread that holds the reconfiguration lock
     */
    public boolean isApplyingOnThisThread() {
        return lock.isHeldByCurrentThread();
    }

    /**
     * Queues an announcement made while applying a change, delivered after the lock is released, in
     * order with the change's own announcement. Call only where {@link #isApplyingOnThisThread()}.
     *
     * @param announcement publishes the event
     */
    public void announceLater(Runnable announcement) {
        announcements.add(Objects.requireNonNull(announcement, "announcement"));
    }

    /**
     * Returns how many changes were applied.
     *
     * @return zero or more
     */
    public long changes() {
        return changes.sum();
    }

    /**
     * Runs {@code action} with reconfigurations held off, for a policy that must read two pieces of
     * its state that a reconfiguration changes in two steps.
     *
     * @param action what to run
     */
    public void holdingOff(Runnable action) {
        lock.lock();
        try {
            action.run();
        } finally {
            lock.unlock();
            announcements.deliver();
        }
    }
}
