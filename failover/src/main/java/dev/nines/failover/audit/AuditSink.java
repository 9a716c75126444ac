package dev.nines.failover.audit;

import java.io.IOException;

/**
 * Where audit records go besides the in-memory log: a file, a database table, a log shipper.
 *
 * <p>{@link AuditLog} calls {@link #append(AuditRecord)} once per record, in sequence order, from one
 * thread at a time, before any listener hears of the decision. A sink that throws does not stop the
 * decision (a failover must not wait for a full disk); the failure is logged and counted in
 * {@link AuditLog#sinkFailures()}.
 */
@FunctionalInterface
public interface AuditSink {

    /**
     * Writes one record durably enough for the sink's purpose before returning.
     *
     * @param record the record
     * @throws IOException if the record could not be written
     */
    void append(AuditRecord record) throws IOException;
}
