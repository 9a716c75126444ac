package dev.nines.failover;

import dev.nines.failover.lease.ControllerRecord;
import dev.nines.failover.lease.ControllerStateStore;
import dev.nines.failover.lease.LeadershipLease;
import dev.nines.failover.lease.Lease;
import dev.nines.failover.lease.LeaseStoreException;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The controller's link to its durable state: loads the group's {@link ControllerRecord} when this
 * instance starts a new leadership tenure, and writes every change by compare-and-set under the
 * current lease. Guarded by the controller's lock; it keeps no state the controller does not also
 * keep, except the last record it read or wrote.
 */
final class DurableState {

    private final String group;
    private final ControllerStateStore store;
    private final LeadershipLease lease;
    private @Nullable ControllerRecord record;
    private long resumedToken;

    DurableState(String group, ControllerStateStore store, LeadershipLease lease) {
        this.group = group;
        this.store = store;
        this.lease = lease;
    }

    /** The result of {@link #lead}: the tenure to write under, and the record to apply when newly loaded. */
    record Tenure(Lease lease, Optional<ControllerRecord> loaded) {}

    /**
     * Returns the current tenure if this instance leads, loading the stored record first when the
     * tenure is new to it (writing {@code initial} when nothing is stored yet).
     *
     * @return the tenure, or empty when this instance does not lead
     * @throws LeaseStoreException if the store could not answer (the caller must not act)
     */
    Optional<Tenure> lead(ControllerRecord initial) throws LeaseStoreException {
        Optional<Lease> current = lease.lease();
        if (current.isEmpty()) {
            return Optional.empty();
        }
        Lease held = current.get();
        if (held.token() == resumedToken && record != null) {
            return Optional.of(new Tenure(held, Optional.empty()));
        }
        Optional<ControllerRecord> stored = store.load(group);
        if (stored.isEmpty()) {
            if (!store.compareAndSet(group, held, initial)) {
                stored = store.load(group);
                if (stored.isEmpty()) {
                    return Optional.empty();
                }
            } else {
                stored = Optional.of(initial);
            }
        }
        record = stored.get();
        resumedToken = held.token();
        return Optional.of(new Tenure(held, stored));
    }

    /** The last record read or written. */
    ControllerRecord record() {
        return Objects.requireNonNull(record, "record, read by lead()");
    }

    /**
     * Writes {@code next} under {@code tenure}; on refusal, forgets the tenure so that the next
     * {@link #lead} reloads.
     *
     * @return whether it was written
     */
    boolean commit(Lease tenure, ControllerRecord next) throws LeaseStoreException {
        boolean written;
        try {
            written = store.compareAndSet(group, tenure, next);
        } catch (LeaseStoreException | RuntimeException e) {
            resumedToken = 0;
            throw e;
        }
        if (written) {
            record = next;
        } else {
            resumedToken = 0;
        }
        return written;
    }
}
