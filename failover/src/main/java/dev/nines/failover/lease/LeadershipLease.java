package dev.nines.failover.lease;

import dev.nines.core.event.EventListeners;
import dev.nines.core.internal.Arguments;
import dev.nines.core.time.TimeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leadership lease of one instance that may run a failover controller: only the leader should
 * act on its decisions. Driven by {@link #tick()} or by a caller's scheduler
 * ({@link #runOn(ScheduledExecutorService, Duration)}): a follower tries to acquire the lease every
 * retry interval; the leader renews it every renew interval, retries a failed renewal every retry
 * interval, and steps down once {@link LeaseConfig#renewDeadline()} has passed since it sent its last
 * successful acquire or renew &mdash; at least {@link LeaseConfig#driftMargin()} before the store can
 * let anyone else in (see {@link LeaseConfig}). A renewal the store refuses (the tenure ended) steps
 * down at once.
 *
 * <p>{@link #isLeader()} checks the clock too, so a leader whose ticks stopped (a GC pause, a stuck
 * scheduler) stops answering {@code true} in time even before the next tick demotes it. The
 * {@linkplain #lease() current lease} carries the store's fencing token: stamp writes with it, or
 * make durable writes conditional on it, so that a leader paused past its deadline cannot act.
 *
 * <p>Tokens never go back: a grant whose token is not above every token this instance has held is
 * refused (logged as an error; the store lost writes it had acknowledged) and asked again on the next
 * tick, so a tenure is never mistaken for an earlier one. A store call that throws, even an
 * {@link Error} other than a {@link VirtualMachineError}, costs one attempt; the ticks scheduled by
 * {@link #runOn} go on whatever a tick throws.
 *
 * <p>Thread-safe; store calls run under a {@link ReentrantLock}.
 *
 * <pre>{@code
 * LeadershipLease lease = LeadershipLease.of("orders-db-controller", hostName + "-" + pid, LeaseConfig.ofDefaults(),
 *         LeaseStore.inMemory(time), time);
 * lease.runOn(scheduler, Duration.ofSeconds(1));
 * if (lease.isLeader()) { controller.reportHealth(...); }
 * }</pre>
 */
public final class LeadershipLease {

    private static final Logger LOG = LoggerFactory.getLogger(LeadershipLease.class);

    private final String name;
    private final String holder;
    private final LeaseConfig config;
    private final LeaseStore store;
    private final TimeSource time;
    private final EventListeners<LeaseEvent> listeners;
    private final ReentrantLock lock = new ReentrantLock();
    private final long deadlineNanos;
    private volatile @Nullable Lease lease;
    private volatile long lastRenewStartNanos;
    private long nextAttemptNanos;
    private boolean attempted;
    /** The greatest token this instance has led with: a grant must be above it (the store's guarantee). */
    private long highestTokenHeld;

    private @Nullable ScheduledFuture<?> scheduled;

    private LeadershipLease(String name, String holder, LeaseConfig config, LeaseStore store, TimeSource time) {
        this.name = name;
        this.holder = holder;
        this.config = config;
        this.store = store;
        this.time = time;
        this.listeners = EventListeners.create("leadership lease '" + name + "'");
        this.deadlineNanos = config.renewDeadline().toNanos();
    }

    /**
     * Creates a lease client; it holds nothing until the first {@link #tick()}.
     *
     * @param name the lease name (one per failover group)
     * @param holder this instance's unique id (host name plus process id, pod name)
     * @param config the timing
     * @param store where the lease lives
     * @param time the clock
     * @return a new lease client
     */
    public static LeadershipLease of(
            String name, String holder, LeaseConfig config, LeaseStore store, TimeSource time) {
        return new LeadershipLease(
                Arguments.notBlank("name", name),
                Arguments.notBlank("holder", holder),
                Objects.requireNonNull(config, "config"),
                Objects.requireNonNull(store, "store"),
                Objects.requireNonNull(time, "time"));
    }

    /**
     * Returns whether this instance leads now: it holds the lease and sent its last successful acquire
     * or renew less than {@link LeaseConfig#renewDeadline()} ago.
     *
     * @return {@code true} if this instance may act as the leader
     */
    public boolean isLeader() {
        return lease != null && time.nanoTime() - lastRenewStartNanos < deadlineNanos;
    }

    /**
     * Returns the lease this instance holds while it {@linkplain #isLeader() leads}, with the store's
     * fencing token.
     *
     * @return the current lease, or empty when not the leader
     */
    public Optional<Lease> lease() {
        Lease current = lease;
        return current != null && isLeader() ? Optional.of(current) : Optional.empty();
    }

    /**
     * Returns the lease name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * Returns this instance's holder id.
     *
     * @return the holder id
     */
    public String holder() {
        return holder;
    }

    /**
     * Returns the timing.
     *
     * @return the configuration
     */
    public LeaseConfig config() {
        return config;
    }

    /**
     * Registers a listener for leadership changes.
     *
     * @param listener the listener
     * @return a registration that removes it when closed
     */
    public EventListeners.Registration onEvent(Consumer<? super LeaseEvent> listener) {
        return listeners.register(listener);
    }

    /**
     * Acquires, renews or steps down as the clock requires.
     *
     * @return whether this instance leads after the tick
     */
    public boolean tick() {
        List<LeaseEvent> events = new ArrayList<>(2);
        boolean result;
        lock.lock();
        try {
            long now = time.nanoTime();
            if (lease != null && now - lastRenewStartNanos >= deadlineNanos) {
                lease = null;
                demoted("could not renew within " + config.renewDeadline(), events);
            }
            boolean due = !attempted || now - nextAttemptNanos >= 0;
            if (due) {
                attempted = true;
                Lease held = lease;
                if (held == null) {
                    acquireLocked(now, events);
                } else if (now - lastRenewStartNanos >= config.renewInterval().toNanos()) {
                    renewLocked(held, now, events);
                }
            }
            result = isLeader();
        } finally {
            lock.unlock();
        }
        for (LeaseEvent event : events) {
            listeners.publish(event);
        }
        return result;
    }

    private void acquireLocked(long now, List<LeaseEvent> events) {
        Optional<Lease> granted;
        try {
            granted = store.tryAcquire(name, holder, config.ttl());
        } catch (Exception | Error e) {
            // An Error too (a driver whose initialisation failed throws NoClassDefFoundError): it costs
            // this attempt, never the ticks that follow.
            rethrowIfFatal(e);
            LOG.warn("Lease {}: acquire by {} failed at {}", name, holder, store.describe(), e);
            granted = Optional.empty();
        }
        if (granted.isEmpty()) {
            nextAttemptNanos = now + config.retryInterval().toNanos();
            return;
        }
        long token = granted.get().token();
        if (token <= highestTokenHeld) {
            // The store lost grants it had acknowledged (restored from a backup, or a crash lost its last
            // commits). Leading under a token this instance already held would look, to a durable state
            // and to a fence, like the tenure it had before: wait for a greater one. Each new grant raises
            // the store's counter, so the next attempts, one per tick, get there.
            LOG.error(
                    "Lease {}: {} refuses the grant with token {} from {}: it already held token {}, and a "
                            + "store never reissues a token (did the store lose acknowledged writes?)",
                    name,
                    holder,
                    token,
                    store.describe(),
                    highestTokenHeld);
            nextAttemptNanos = now;
            return;
        }
        highestTokenHeld = token;
        lastRenewStartNanos = now;
        lease = granted.get();
        nextAttemptNanos = now + config.renewInterval().toNanos();
        LOG.info("Lease {}: {} leads with token {}", name, holder, granted.get().token());
        if (listeners.hasListeners()) {
            events.add(new LeaseEvent.Acquired(
                    name, time.now(), holder, granted.get().token()));
        }
    }

    private void renewLocked(Lease held, long now, List<LeaseEvent> events) {
        boolean renewed;
        try {
            renewed = store.renew(held, config.ttl());
        } catch (Exception | Error e) {
            rethrowIfFatal(e);
            // Unknown outcome: only costs retry budget; the deadline still counts from the last success.
            LOG.warn("Lease {}: renewal by {} failed at {}", name, holder, store.describe(), e);
            nextAttemptNanos = now + config.retryInterval().toNanos();
            return;
        }
        if (renewed) {
            lastRenewStartNanos = now;
            nextAttemptNanos = now + config.renewInterval().toNanos();
            return;
        }
        lease = null;
        nextAttemptNanos = now + config.retryInterval().toNanos();
        demoted("the store ended the tenure with token " + held.token(), events);
    }

    /**
     * Gives up leadership and releases the lease in the store.
     *
     * @throws LeaseStoreException if the store could not be reached (leadership is given up anyway)
     */
    public void release() throws LeaseStoreException {
        List<LeaseEvent> events = new ArrayList<>(1);
        lock.lock();
        try {
            Lease held = lease;
            if (held != null) {
                lease = null;
                demoted("released", events);
                store.release(held);
            }
        } finally {
            lock.unlock();
            for (LeaseEvent event : events) {
                listeners.publish(event);
            }
        }
    }

    /**
     * Ticks this lease on {@code scheduler} every {@code period}.
     *
     * @param scheduler the scheduler, owned by the caller
     * @param period the tick interval, positive; at most the retry interval is sensible
     * @throws IllegalStateException if already scheduled
     */
    public void runOn(ScheduledExecutorService scheduler, Duration period) {
        Objects.requireNonNull(scheduler, "scheduler");
        Arguments.positive("period", period);
        lock.lock();
        try {
            if (scheduled != null) {
                throw new IllegalStateException("lease " + name + " is already scheduled");
            }
            scheduled =
                    scheduler.scheduleWithFixedDelay(this::tickOnSchedule, 0, period.toNanos(), TimeUnit.NANOSECONDS);
        } finally {
            lock.unlock();
        }
    }

    /**
     * One scheduled tick. Whatever escapes a periodic task cancels it for good, silently: this instance
     * would stop renewing and never try again. So a failure is logged and the next tick runs anyway.
     */
    private void tickOnSchedule() {
        try {
            tick();
        } catch (RuntimeException | Error e) {
            rethrowIfFatal(e);
            LOG.error("Lease {}: a tick of {} failed; the next one runs as scheduled", name, holder, e);
        }
    }

    private static void rethrowIfFatal(Throwable failure) {
        if (failure instanceof VirtualMachineError fatal) {
            throw fatal;
        }
    }

    private void demoted(String reason, List<LeaseEvent> events) {
        LOG.warn("Lease {}: {} is no longer the leader: {}", name, holder, reason);
        if (listeners.hasListeners()) {
            events.add(new LeaseEvent.Demoted(name, time.now(), holder, reason));
        }
    }

    @Override
    public String toString() {
        return "LeadershipLease[" + name + ", holder=" + holder + ", leader=" + isLeader() + "]";
    }
}
