package dev.nines.failover.audit;

import dev.nines.core.event.EventListeners;
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
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only log of failover decisions. Each {@link #append} assigns the next sequence number
 * (strictly increasing from 1, no gaps), stamps the time, keeps the record in memory (the latest
 * {@code retained} records) and writes it to every sink, in sequence order, before returning; the
 * caller tells listeners only afterwards.
 *
 * <p>An audit trail is never lost silently. For an automatic decision (a failover must not wait for
 * a full disk) a sink that throws does not stop the decision, and the other sinks still receive the
 * record; the failure is
 * <ul>
 *   <li>logged through SLF4J (logger {@code dev.nines.failover.audit.AuditLog}, level ERROR, with
 *       the record's sequence, type and the sink);</li>
 *   <li>counted in {@link #sinkFailures()}, which {@code FailoverMetrics} exports as
 *       {@code nines.failover.audit.sink.failures}: alert on any increase;</li>
 *   <li>published to {@link #onSinkFailure} listeners as an {@link AuditSinkFailure} naming the
 *       record the sink is missing, after the append and outside the lock.</li>
 * </ul>
 * Manual actions use {@link #appendDurably}, which throws as well, before the action runs, so they do
 * not run unaudited.
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
    private final EventListeners<AuditSinkFailure> failureListeners = EventListeners.create("audit log");
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
     * Registers a listener told of every sink failure, on the appending thread once the record has
     * been offered to every sink, before the append returns, outside this log's lock (a listener may
     * append to this log). Use it to page: an audit trail with a gap needs a human.
     *
     * @param listener the listener; it should be quick
     * @return a registration that removes the listener when closed
     */
    public EventListeners.Registration onSinkFailure(Consumer<? super AuditSinkFailure> listener) {
        return failureListeners.register(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Appends a record, writes it to every sink and waits until every sink has made it durable
     * ({@link AuditSink#awaitDurable()}, outside this log's lock so that concurrent appends can share
     * a group commit). A sink that fails is logged, counted and published to {@link #onSinkFailure}
     * listeners; the record stands.
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
        @Nullable Exception[] causes = new Exception[current.length];
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
                    causes[i] = e;
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
                    causes[i] = e;
                    failure = failed(failure, current[i], record, e);
                }
            }
        }
        if (failure != null && failureListeners.hasListeners()) {
            for (int i = 0; i < current.length; i++) {
                Exception cause = causes[i];
                if (cause != null) {
                    failureListeners.publish(new AuditSinkFailure(record, current[i], cause));
                }
            }
        }
        return new Written(record, failure);
    }

    private @Nullable IOException failed(@Nullable IOException first, AuditSink sink, AuditRecord record, Exception e) {
        sinkFailures.incrementAndGet();
        LOG.error(
                "Audit sink {} failed to store record {} ({} by {}); the audit trail in that sink has a gap",
                sink,
                record.sequence(),
                record.type(),
                record.actor(),
                e);
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
     * Returns how many sink writes have failed (a write or its durability step, per sink and
     * record), since creation.
     *
     * @return the number of failed sink writes
     */
    public long sinkFailures() {
        return sinkFailures.get();
    }
}
