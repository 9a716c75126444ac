package dev.nines.failover.audit;

import java.util.Objects;

/**
 * A sink that failed to write or make durable one audit record: that record is missing from that
 * sink (it stays in the log's memory and in the sinks that succeeded). Delivered to {@link
 * AuditLog#onSinkFailure} listeners after the append, outside the log's lock, so that an alert can
 * say exactly which record a trail is missing.
 *
 * @param record the record the sink did not store
 * @param sink the sink that failed
 * @param cause what it threw
 */
public record AuditSinkFailure(AuditRecord record, AuditSink sink, Exception cause) {

    /** Checks the fields. */
    public AuditSinkFailure {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(cause, "cause");
    }
}
