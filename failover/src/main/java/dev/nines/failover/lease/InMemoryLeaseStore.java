package dev.nines.failover.lease;

import dev.nines.core.time.TimeSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/** The in-memory {@link LeaseStore}: a map under a lock, expiry judged by a {@link TimeSource}. */
final class InMemoryLeaseStore implements LeaseStore {

    private final TimeSource time;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Held> leases = new HashMap<>();

    InMemoryLeaseStore(TimeSource time) {
        this.time = Objects.requireNonNull(time, "time");
    }

    @Override
    public boolean tryAcquireOrRenew(String leaseName, String holder, long ttlNanos) {
        Objects.requireNonNull(leaseName, "leaseName");
        Objects.requireNonNull(holder, "holder");
        lock.lock();
        try {
            long now = time.nanoTime();
            Held held = leases.get(leaseName);
            if (held == null || held.holder.equals(holder) || now - held.expiresNanos >= 0) {
                leases.put(leaseName, new Held(holder, now + ttlNanos));
                return true;
            }
            return false;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void release(String leaseName, String holder) {
        lock.lock();
        try {
            Held held = leases.get(leaseName);
            if (held != null && held.holder.equals(holder)) {
                leases.remove(leaseName);
            }
        } finally {
            lock.unlock();
        }
    }

    private record Held(String holder, long expiresNanos) {
    }
}
