package dev.nines.failover.audit;

import java.io.IOException;

/**
 * Where audit records go besides the in-memory log: a file, a database table, a log shipper.
 *
 * <p>{@link AuditLog} calls {@link #append(AuditRecord)} once per record, in sequence order, from one
 * thread at a time, then, after releasing its own lock, {@link #awaitDurable()} from the appending
 * thread; only then does the append return and any listener hear of the decision. A sink that
 * batches its forces to disk (group commit, see {@link FileAuditSink.Durability#GROUP_COMMIT}) writes
 * in {@code append} and waits in {@code awaitDurable}, so that records appended by other threads
 * meanwhile share one force.
 *
 * <p>A sink that throws does not stop an automatic decision (a failover must not wait for a full
 * disk); the failure is logged at ERROR, counted in {@link AuditLog#sinkFailures()} (exported by
 * {@code FailoverMetrics}) and published to {@link AuditLog#onSinkFailure} listeners. Manual actions use
 * {@link AuditLog#appendDurably}, which fails instead, so that an action whose record could not be
 * made durable does not run.
 */
@FunctionalInterface
public interface AuditSink {

    /**
     * Writes one record. A sink without a separate durability step makes the record durable enough
     * for its purpose before returning.
     *
     * @param record the record
     * @throws IOException if the record could not be written
     */
    void append(AuditRecord record) throws IOException;

    /**
     * Returns once every record this thread has appended to this sink is durable. Called after
     * {@link #append} without the log's lock held; the default does nothing (the record was durable
     * when {@code append} returned).
     *
     * @throws IOException if the records could not be made durable
     */
    default void awaitDurable() throws IOException {}
}
