package dev.nines.failover.lease;

import dev.nines.core.internal.Arguments;
import dev.nines.core.time.TimeSource;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * The in-memory {@link LeaseStore} and its {@link ControllerStateStore}: maps under one lock, expiry
 * judged by a {@link TimeSource}. Tokens live in a high-water map that release and expiry never touch.
 */
final class InMemoryLeaseStore implements LeaseStore {

    private final TimeSource time;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Held> leases = new HashMap<>();
    private final Map<String, Long> highestToken = new HashMap<>();
    private final Map<String, ControllerRecord> records = new HashMap<>();
    private final ControllerStateStore states = new States();

    InMemoryLeaseStore(TimeSource time) {
        this.time = Objects.requireNonNull(time, "time");
    }

    ControllerStateStore stateStore() {
        return states;
    }

    @Override
    public Optional<Lease> tryAcquire(String leaseName, String holder, Duration ttl) {
        Arguments.notBlank("leaseName", leaseName);
        Arguments.notBlank("holder", holder);
        long ttlNanos = ttlNanos(ttl);
        lock.lock();
        try {
            long now = time.nanoTime();
            Held held = currentLocked(leaseName, now);
            if (held != null && !held.lease.holder().equals(holder)) {
                return Optional.empty();
            }
            long token = highestToken.getOrDefault(leaseName, 0L) + 1;
            highestToken.put(leaseName, token);
            Lease lease = new Lease(leaseName, holder, token);
            leases.put(leaseName, new Held(lease, now + ttlNanos));
            return Optional.of(lease);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean renew(Lease lease, Duration ttl) {
        Objects.requireNonNull(lease, "lease");
        long ttlNanos = ttlNanos(ttl);
        lock.lock();
        try {
            long now = time.nanoTime();
            Held held = currentLocked(lease.name(), now);
            if (held == null || !held.lease.equals(lease)) {
                return false;
            }
            leases.put(lease.name(), new Held(lease, now + ttlNanos));
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean release(Lease lease) {
        Objects.requireNonNull(lease, "lease");
        lock.lock();
        try {
            Held held = currentLocked(lease.name(), time.nanoTime());
            if (held == null || !held.lease.equals(lease)) {
                return false;
            }
            leases.remove(lease.name());
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<Lease> current(String leaseName) {
        Arguments.notBlank("leaseName", leaseName);
        lock.lock();
        try {
            Held held = currentLocked(leaseName, time.nanoTime());
            return held == null ? Optional.empty() : Optional.of(held.lease);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String describe() {
        return "in-memory lease store";
    }

    @Override
    public String toString() {
        return "InMemoryLeaseStore";
    }

    private @Nullable Held currentLocked(String leaseName, long now) {
        Held held = leases.get(leaseName);
        return held == null || now - held.expiresNanos >= 0 ? null : held;
    }

    private static long ttlNanos(Duration ttl) {
        return Arguments.fitsInNanos("ttl", Arguments.positive("ttl", ttl)).toNanos();
    }

    private record Held(Lease lease, long expiresNanos) {}

    /** The state store over the same memory and lock. */
    private final class States implements ControllerStateStore {

        @Override
        public Optional<ControllerRecord> load(String group) {
            Arguments.notBlank("group", group);
            lock.lock();
            try {
                return Optional.ofNullable(records.get(group));
            } finally {
                lock.unlock();
            }
        }

        @Override
        public boolean compareAndSet(String group, Lease lease, ControllerRecord next) {
            Arguments.notBlank("group", group);
            Objects.requireNonNull(lease, "lease");
            Objects.requireNonNull(next, "next");
            lock.lock();
            try {
                Held held = currentLocked(lease.name(), time.nanoTime());
                if (held == null || !held.lease.equals(lease)) {
                    return false;
                }
                ControllerRecord stored = records.get(group);
                long storedVersion = stored == null ? 0 : stored.version();
                if (next.version() != storedVersion + 1 || (stored != null && next.epoch() < stored.epoch())) {
                    return false;
                }
                records.put(group, next);
                return true;
            } finally {
                lock.unlock();
            }
        }

        @Override
        public String toString() {
            return "InMemoryControllerStateStore";
        }
    }
}
