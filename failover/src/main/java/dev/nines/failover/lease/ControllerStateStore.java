package dev.nines.failover.lease;

import java.util.Optional;

/**
 * Where a failover controller's durable state lives ({@link ControllerRecord}, one per group): the
 * SPI beside {@link LeaseStore}, implemented by the same engine so that a write can be conditional on
 * the writer's lease.
 *
 * <p><b>What every implementation must guarantee</b> (checked by the reusable contract suite
 * {@code ControllerStateStoreContract} in this module's test sources):
 * <ol>
 *   <li><b>Compare-and-set on the version.</b> {@link #compareAndSet} writes {@code next} only if the
 *       stored version is {@code next.version() - 1} (or nothing is stored and {@code next.version()}
 *       is 1). Of concurrent writers of the same version exactly one wins.
 *   <li><b>Conditional on the lease, atomically.</b> The write also requires that {@code lease} is the
 *       current unexpired tenure at the store (same holder and token, judged by the store's clock),
 *       checked in the same atomic step as the version: a leader whose lease ended cannot write, even
 *       if its request arrives late.
 *   <li><b>Epochs never go back.</b> A write whose epoch is lower than the stored epoch is refused, so
 *       no fault can lose a recorded epoch.
 *   <li><b>Durable.</b> A write that returned {@code true} survives restarts of every client and
 *       fail-over of the store, with the same consistency as the lease store's tokens.
 *   <li><b>Outcome or exception</b>, as for {@link LeaseStore}: {@link LeaseStoreException} means
 *       the outcome is unknown; {@link #load} after it tells.
 * </ol>
 *
 * <p>Because promotion writes the record with the new primary and epoch {@code e + 1} by
 * compare-and-set from the version that held epoch {@code e}, two leaders in sequence can never both
 * promote under the same epoch. Thread-safe.
 */
public interface ControllerStateStore {

    /**
     * Reads the latest record of {@code group}.
     *
     * @param group the controller group (the controller's name), not blank
     * @return the record, or empty if none was ever written
     * @throws LeaseStoreException if the store could not answer, or the stored record cannot be read
     */
    Optional<ControllerRecord> load(String group) throws LeaseStoreException;

    /**
     * Writes {@code next} if the stored version is {@code next.version() - 1}, the stored epoch is not
     * greater than {@code next.epoch()}, and {@code lease} is the current unexpired tenure at the store;
     * all checked and written in one atomic step.
     *
     * @param group the controller group, not blank
     * @param lease the writer's lease, as granted by the lease store of the same engine
     * @param next the record to write
     * @return {@code true} if written; {@code false} if a condition failed (nothing changed)
     * @throws LeaseStoreException if the store could not answer (the outcome is unknown)
     */
    boolean compareAndSet(String group, Lease lease, ControllerRecord next) throws LeaseStoreException;

    /**
     * Returns the in-memory state store that lives beside an in-memory lease store (same clock, same
     * lock), for one process and for tests.
     *
     * @param leases a store made by {@link LeaseStore#inMemory}
     * @return the state store over the same memory
     * @throws IllegalArgumentException if {@code leases} is not an in-memory lease store
     */
    static ControllerStateStore inMemory(LeaseStore leases) {
        if (!(leases instanceof InMemoryLeaseStore memory)) {
            throw new IllegalArgumentException("leases must be a LeaseStore.inMemory store, was " + leases);
        }
        return memory.stateStore();
    }
}
