package dev.nines.failover.lease;

import dev.nines.core.event.EventListeners;
import dev.nines.core.internal.Arguments;
import dev.nines.core.time.TimeSource;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leadership lease of one instance that may run a failover controller: only the leader should
 * act on its decisions. Driven by {@link #tick()} or by a caller's scheduler
 * ({@link #runOn(ScheduledExecutorService, Duration)}): a follower tries to acquire the lease every
 * retry interval; the leader renews it every renew interval, retries a failed renewal every retry
 * interval, and demotes itself once it has gone {@code renewInterval + retryBudget} without a
 * successful renewal &mdash; before the store's TTL lets anyone else in (see {@link LeaseConfig}).
 *
 * <p>{@link #isLeader()} checks the clock too, so a leader whose ticks stopped (a GC pause, a stuck
 * scheduler) stops answering {@code true} in time even before the next tick demotes it.
 *
 * <p>Thread-safe; store calls run under a {@link ReentrantLock}.
 *
 * <pre>{@code
 * LeadershipLease lease = LeadershipLease.of("orders-db-controller", hostName, LeaseConfig.ofDefaults(),
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
    private final long demoteAfterNanos;
    private volatile boolean leader;
    private volatile long lastRenewStartNanos;
    private long nextAttemptNanos;
    private boolean attempted;
    private ScheduledFuture<?> scheduled;

    private LeadershipLease(String name, String holder, LeaseConfig config, LeaseStore store, TimeSource time) {
        this.name = name;
        this.holder = holder;
        this.config = config;
        this.store = store;
        this.time = time;
        this.listeners = EventListeners.create("leadership lease '" + name + "'");
        this.demoteAfterNanos = config.renewInterval().plus(config.retryBudget()).toNanos();
    }

    /**
     * Creates a lease client; it holds nothing until the first {@link #tick()}.
     *
     * @param name the lease name (one per failover group)
     * @param holder this instance's unique id (host name, pod name)
     * @param config the timing
     * @param store where the lease lives
     * @param time the clock
     * @return a new lease client
     */
    public static LeadershipLease of(String name, String holder, LeaseConfig config, LeaseStore store,
            TimeSource time) {
        return new LeadershipLease(Arguments.notBlank("name", name), Arguments.notBlank("holder", holder),
                Objects.requireNonNull(config, "config"), Objects.requireNonNull(store, "store"),
                Objects.requireNonNull(time, "time"));
    }

    /**
     * Returns whether this instance leads now: it holds the lease and renewed it within
     * {@code renewInterval + retryBudget}.
     *
     * @return {@code true} if this instance may act as the leader
     */
    public boolean isLeader() {
        return leader && time.nanoTime() - lastRenewStartNanos < demoteAfterNanos;
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
     * Registers a listener for leadership changes.
     *
     * @param listener the listener
     * @return a registration that removes it when closed
     */
    public EventListeners.Registration onEvent(Consumer<? super LeaseEvent> listener) {
        return listeners.register(listener);
    }

    /**
     * Acquires, renews or demotes as the clock requires.
     *
     * @return whether this instance leads after the tick
     */
    public boolean tick() {
        LeaseEvent event = null;
        boolean result;
        lock.lock();
        try {
            long now = time.nanoTime();
            if (leader && now - lastRenewStartNanos >= demoteAfterNanos) {
                leader = false;
                event = demoted("could not renew within " + config.renewInterval().plus(config.retryBudget()));
            }
            boolean due = !attempted || now - nextAttemptNanos >= 0;
            if (due) {
                attempted = true;
                boolean renewDue = !leader || now - lastRenewStartNanos >= config.renewInterval().toNanos();
                if (renewDue) {
                    boolean ok = false;
                    boolean reached = true;
                    try {
                        ok = store.tryAcquireOrRenew(name, holder, config.ttl().toNanos());
                    } catch (Exception e) {
                        LOG.warn("Lease {} store call failed for {}", name, holder, e);
                        reached = false;
                    }
                    if (ok) {
                        lastRenewStartNanos = now;
                        nextAttemptNanos = now + config.renewInterval().toNanos();
                        if (!leader) {
                            leader = true;
                            event = listeners.hasListeners() ? new LeaseEvent.Acquired(name, time.now(), holder) : null;
                        }
                    } else {
                        nextAttemptNanos = now + config.retryInterval().toNanos();
                        if (leader && reached) {
                            // The store answered "held by someone else": the lease is lost now. An
                            // unreachable store only costs retry budget.
                            leader = false;
                            event = demoted("the store reports another holder");
                        }
                    }
                }
            }
            result = isLeader();
        } finally {
            lock.unlock();
        }
        if (event != null) {
            listeners.publish(event);
        }
        return result;
    }

    /**
     * Gives up leadership and releases the lease in the store.
     *
     * @throws Exception if the store could not be reached (leadership is given up anyway)
     */
    public void release() throws Exception {
        LeaseEvent event = null;
        lock.lock();
        try {
            if (leader) {
                leader = false;
                event = demoted("released");
            }
            store.release(name, holder);
        } finally {
            lock.unlock();
            if (event != null) {
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
            scheduled = scheduler.scheduleWithFixedDelay(this::tick, 0, period.toNanos(), TimeUnit.NANOSECONDS);
        } finally {
            lock.unlock();
        }
    }

    private LeaseEvent demoted(String reason) {
        LOG.warn("Lease {}: {} is no longer the leader: {}", name, holder, reason);
        return listeners.hasListeners() ? new LeaseEvent.Demoted(name, time.now(), holder, reason) : null;
    }

    @Override
    public String toString() {
        return "LeadershipLease[" + name + ", holder=" + holder + ", leader=" + isLeader() + "]";
    }
}
