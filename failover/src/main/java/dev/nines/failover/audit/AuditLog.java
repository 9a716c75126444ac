package dev.nines.failover.audit;

import dev.nines.core.internal.Arguments;
import dev.nines.core.time.TimeSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only log of failover decisions. Each {@link #append} assigns the next sequence number
 * (strictly increasing from 1, no gaps), stamps the time, keeps the record in memory (the latest
 * {@code retained} records) and writes it to every sink, in sequence order, before returning; the
 * caller tells listeners only afterwards.
 *
 * <p>A sink that throws is logged (SLF4J, logger {@code dev.nines.failover.audit.AuditLog}, ERROR)
 * and counted; the decision still stands and the other sinks still receive the record.
 *
 * <p>Thread-safe: appends are serialised by a {@link ReentrantLock} (sinks do I/O; no
 * {@code synchronized} around it).
 *
 * <pre>{@code
 * AuditLog audit = AuditLog.create(TimeSource.system(), 10_000);
 * audit.addSink(FileAuditSink.open(Path.of("audit.jsonl")));
 * }</pre>
 */
public final class AuditLog {

    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);

    private final TimeSource time;
    private final int retained;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<AuditRecord> records = new ArrayDeque<>();
    private final List<AuditSink> sinks = new CopyOnWriteArrayList<>();
    private final AtomicLong sinkFailures = new AtomicLong();
    private long sequence;

    private AuditLog(TimeSource time, int retained) {
        this.time = time;
        this.retained = retained;
    }

    /**
     * Creates an empty log that keeps the latest {@code retained} records in memory.
     *
     * @param time the clock that stamps records
     * @param retained how many records to keep in memory, at least 1 (sinks receive all)
     * @return a new log
     * @throws IllegalArgumentException if {@code retained} is below 1
     */
    public static AuditLog create(TimeSource time, int retained) {
        Objects.requireNonNull(time, "time");
        return new AuditLog(time, Arguments.atLeast("retained", retained, 1));
    }

    /**
     * Creates an empty log that keeps the latest 10,000 records in memory.
     *
     * @param time the clock that stamps records
     * @return a new log
     */
    public static AuditLog create(TimeSource time) {
        return create(time, 10_000);
    }

    /**
     * Adds a sink that receives every record appended from now on.
     *
     * @param sink the sink
     * @return this log
     */
    public AuditLog addSink(AuditSink sink) {
        sinks.add(Objects.requireNonNull(sink, "sink"));
        return this;
    }

    /**
     * Appends a record and writes it to every sink.
     *
     * @param type the kind of decision
     * @param source the deciding controller or runbook
     * @param actor who asked
     * @param reason why
     * @param epoch the fencing epoch after the decision
     * @param inputs what the decision was based on
     * @return the appended record
     */
    public AuditRecord append(
            AuditType type, String source, String actor, String reason, long epoch, Map<String, String> inputs) {
        lock.lock();
        try {
            AuditRecord record = new AuditRecord(sequence + 1, time.now(), type, source, actor, reason, epoch, inputs);
            sequence++;
            records.addLast(record);
            if (records.size() > retained) {
                records.removeFirst();
            }
            for (AuditSink sink : sinks) {
                try {
                    sink.append(record);
                } catch (Exception e) {
                    sinkFailures.incrementAndGet();
                    LOG.error("Audit sink {} failed to write record {}", sink, record.sequence(), e);
                }
            }
            return record;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Returns the records kept in memory, oldest first.
     *
     * @return a snapshot copy
     */
    public List<AuditRecord> records() {
        lock.lock();
        try {
            return List.copyOf(new ArrayList<>(records));
        } finally {
            lock.unlock();
        }
    }

    /**
     * Returns the records of one type kept in memory, oldest first.
     *
     * @param type the type
     * @return a snapshot copy
     */
    public List<AuditRecord> records(AuditType type) {
        Objects.requireNonNull(type, "type");
        List<AuditRecord> out = new ArrayList<>();
        for (AuditRecord record : records()) {
            if (record.type() == type) {
                out.add(record);
            }
        }
        return List.copyOf(out);
    }

    /**
     * Returns the sequence number of the latest record.
     *
     * @return the latest sequence, 0 if the log is empty
     */
    public long lastSequence() {
        lock.lock();
        try {
            return sequence;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Returns how many sink writes have failed.
     *
     * @return the number of failed sink writes
     */
    public long sinkFailures() {
        return sinkFailures.get();
    }
}
