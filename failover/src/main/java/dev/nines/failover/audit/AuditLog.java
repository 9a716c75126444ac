package dev.nines.failover.audit;

import dev.nines.core.internal.Arguments;
import dev.nines.core.time.TimeSource;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only log of failover decisions. Each {@link #append} assigns the next sequence number
 * (strictly increasing from 1, no gaps), stamps the time, keeps the record in memory (the latest
 * {@code retained} records) and writes it to every sink, in sequence order, before returning; the
 * caller tells listeners only afterwards.
 *
 * <p>A sink that throws is logged (SLF4J, logger {@code dev.nines.failover.audit.AuditLog}, ERROR)
 * and counted; the decision still stands and the other sinks still receive the record. Manual
 * actions use {@link #appendDurably}, which throws instead, so they do not run unaudited.
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
     * Appends a record, writes it to every sink and waits until every sink has made it durable
     * ({@link AuditSink#awaitDurable()}, outside this log's lock so that concurrent appends can share
     * a group commit). A sink that fails is logged and counted; the record stands.
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
        return write(type, source, actor, reason, epoch, inputs).record;
    }

    /**
     * Appends a record like {@link #append}, but throws if any sink failed to write it or make it
     * durable: for manual actions, which must not proceed without their audit record. The record is
     * still kept in memory and in the sinks that succeeded; the failure is also counted in {@link
     * #sinkFailures()}.
     *
     * @param type the kind of decision
     * @param source the deciding component
     * @param actor who asked
     * @param reason why
     * @param epoch the fencing epoch, or 0 where there is none
     * @param inputs what the decision was based on
     * @return the appended record
     * @throws IOException the first sink failure, with the others suppressed
     */
    public AuditRecord appendDurably(
            AuditType type, String source, String actor, String reason, long epoch, Map<String, String> inputs)
            throws IOException {
        Written written = write(type, source, actor, reason, epoch, inputs);
        if (written.failure != null) {
            throw written.failure;
        }
        return written.record;
    }

    private Written write(
            AuditType type, String source, String actor, String reason, long epoch, Map<String, String> inputs) {
        AuditSink[] current = sinks.toArray(new AuditSink[0]);
        boolean[] appended = new boolean[current.length];
        @Nullable IOException failure = null;
        AuditRecord record;
        lock.lock();
        try {
            record = new AuditRecord(sequence + 1, time.now(), type, source, actor, reason, epoch, inputs);
            sequence++;
            records.addLast(record);
            if (records.size() > retained) {
                records.removeFirst();
            }
            for (int i = 0; i < current.length; i++) {
                try {
                    current[i].append(record);
                    appended[i] = true;
                } catch (Exception e) {
                    failure = failed(failure, current[i], record, e);
                }
            }
        } finally {
            lock.unlock();
        }
        for (int i = 0; i < current.length; i++) {
            if (appended[i]) {
                try {
                    current[i].awaitDurable();
                } catch (Exception e) {
                    failure = failed(failure, current[i], record, e);
                }
            }
        }
        return new Written(record, failure);
    }

    private @Nullable IOException failed(@Nullable IOException first, AuditSink sink, AuditRecord record, Exception e) {
        sinkFailures.incrementAndGet();
        LOG.error("Audit sink {} failed to write record {}", sink, record.sequence(), e);
        IOException wrapped = e instanceof IOException io
                ? io
                : new IOException("audit sink " + sink + " failed to write record " + record.sequence(), e);
        if (first == null) {
            return wrapped;
        }
        first.addSuppressed(wrapped);
        return first;
    }

    private static final class Written {
        final AuditRecord record;
        final @Nullable IOException failure;

        Written(AuditRecord record, @Nullable IOException failure) {
            this.record = record;
            this.failure = failure;
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
