package dev.nines.failover.audit;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An {@link AuditSink} that appends each record as one JSON line to a file and forces it to the
 * storage device ({@link FileChannel#force(boolean) FileChannel.force(false)}, {@code fdatasync} on
 * Linux) before the append returns, so that a record survives a crash or power loss of the host
 * before the action it records proceeds, as an audit trail must.
 *
 * <p>Three {@linkplain Durability durability modes}:
 *
 * <ul>
 *   <li>{@link Durability#FORCE_EACH} (the default): every record is written and forced on its own,
 *       under the sink's lock. One force per record; appends from several threads queue behind
 *       each other's forces.
 *   <li>{@link Durability#GROUP_COMMIT}: {@link #append} only writes; {@link #awaitDurable()} (which
 *       {@link AuditLog} calls after releasing its lock) waits until a force covers the record. The
 *       first waiter forces everything written so far (one batch); records written while that force
 *       runs are forced together by the next waiter. An action still waits for its own batch's
 *       force, so the guarantee is the same as {@code FORCE_EACH}; only the number of forces
 *       falls when appends are concurrent. No thread is started: waiting threads take turns to
 *       force (leader and followers).
 *   <li>{@link Durability#FLUSH_ONLY}: the record is handed to the operating system and not forced;
 *       a host crash can lose it. Not an audit trail; for tests and as the baseline in benchmarks.
 * </ul>
 *
 * <p>The file is created if missing and never truncated. Thread-safe. {@code BENCHMARKS.md}
 * (section "Audit durability") gives the measured cost of each mode.
 *
 * <pre>{@code
 * try (FileAuditSink sink = FileAuditSink.open(Path.of("failover-audit.jsonl"), Durability.GROUP_COMMIT)) {
 *     auditLog.addSink(sink);
 *     ...
 * }
 * }</pre>
 */
public final class FileAuditSink implements AuditSink, Closeable {

    /** When a written record is forced to the storage device. */
    public enum Durability {
        /** Each record is forced on its own before its append returns. */
        FORCE_EACH,
        /** Records written concurrently are forced together; each append waits for its batch's force. */
        GROUP_COMMIT,
        /** Records are written to the operating system but never forced: not durable across a host crash. */
        FLUSH_ONLY
    }

    private final Path path;
    private final Durability durability;
    private final FileChannel channel;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final ReentrantLock forceLock = new ReentrantLock();
    private final Condition forceDone = forceLock.newCondition();
    private final AtomicLong written = new AtomicLong();
    private long forcedUpTo;
    private boolean forcing;
    private final AtomicLong forces = new AtomicLong();

    private FileAuditSink(Path path, Durability durability, FileChannel channel) {
        this.path = path;
        this.durability = durability;
        this.channel = channel;
    }

    /**
     * Opens {@code path} for appending, creating it if needed, forcing each record ({@link
     * Durability#FORCE_EACH}).
     *
     * @param path the file
     * @return a new sink
     * @throws IOException if the file cannot be opened
     */
    public static FileAuditSink open(Path path) throws IOException {
        return open(path, Durability.FORCE_EACH);
    }

    /**
     * Opens {@code path} for appending, creating it if needed.
     *
     * @param path the file
     * @param durability when records are forced to the device
     * @return a new sink
     * @throws IOException if the file cannot be opened
     */
    public static FileAuditSink open(Path path, Durability durability) throws IOException {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(durability, "durability");
        FileChannel channel =
                FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        return new FileAuditSink(path, durability, channel);
    }

    /**
     * Returns the file this sink appends to.
     *
     * @return the path
     */
    public Path path() {
        return path;
    }

    /**
     * Returns the durability mode.
     *
     * @return the mode
     */
    public Durability durability() {
        return durability;
    }

    /**
     * Returns how many records this sink has written.
     *
     * @return the number of records written
     */
    public long recordsWritten() {
        return written.get();
    }

    /**
     * Returns how many times this sink has forced the file to the device; with group commit,
     * fewer than {@link #recordsWritten()} when appends were concurrent.
     *
     * @return the number of forces
     */
    public long forces() {
        return forces.get();
    }

    /**
     * Writes the record as one JSON line; with {@link Durability#FORCE_EACH}, also forces it.
     *
     * @param record the record
     * @throws IOException if writing or forcing failed
     */
    @Override
    public void append(AuditRecord record) throws IOException {
        Objects.requireNonNull(record, "record");
        ByteBuffer line = StandardCharsets.UTF_8.encode(record.toJson() + "\n");
        writeLock.lock();
        try {
            while (line.hasRemaining()) {
                channel.write(line);
            }
            if (durability == Durability.FORCE_EACH) {
                channel.force(false);
                forces.incrementAndGet();
            }
            written.incrementAndGet();
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * With {@link Durability#GROUP_COMMIT}, waits until every record written so far is forced,
     * forcing them itself if no other thread is; otherwise returns at once.
     *
     * @throws IOException if the force failed (the next waiter tries again)
     */
    @Override
    public void awaitDurable() throws IOException {
        if (durability != Durability.GROUP_COMMIT) {
            return;
        }
        long target = written.get();
        forceLock.lock();
        try {
            while (forcedUpTo < target) {
                if (forcing) {
                    forceDone.awaitUninterruptibly();
                    continue;
                }
                forcing = true;
                long batchEnd = written.get();
                boolean ok = false;
                forceLock.unlock();
                try {
                    channel.force(false);
                    ok = true;
                } finally {
                    forceLock.lock();
                    forcing = false;
                    if (ok) {
                        forcedUpTo = Math.max(forcedUpTo, batchEnd);
                        forces.incrementAndGet();
                    }
                    forceDone.signalAll();
                }
            }
        } finally {
            forceLock.unlock();
        }
    }

    /**
     * Forces what was written (unless {@link Durability#FLUSH_ONLY}) and closes the file.
     *
     * @throws IOException if forcing or closing fails
     */
    @Override
    public void close() throws IOException {
        writeLock.lock();
        try {
            if (channel.isOpen()) {
                try {
                    if (durability != Durability.FLUSH_ONLY) {
                        channel.force(false);
                    }
                } finally {
                    channel.close();
                }
            }
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public String toString() {
        return "FileAuditSink[" + path + ", " + durability + "]";
    }
}
