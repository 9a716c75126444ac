package dev.nines.failover.audit;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An {@link AuditSink} that appends each record as one JSON line to a file and flushes it before
 * returning, so a record is in the operating system's hands before listeners are told.
 *
 * <p>The file is created if missing and never truncated. Thread-safe.
 *
 * <pre>{@code
 * try (FileAuditSink sink = FileAuditSink.open(Path.of("failover-audit.jsonl"))) {
 *     auditLog.addSink(sink);
 *     ...
 * }
 * }</pre>
 */
public final class FileAuditSink implements AuditSink, Closeable {

    private final Path path;
    private final BufferedWriter writer;
    private final ReentrantLock lock = new ReentrantLock();

    private FileAuditSink(Path path, BufferedWriter writer) {
        this.path = path;
        this.writer = writer;
    }

    /**
     * Opens {@code path} for appending, creating it if needed.
     *
     * @param path the file
     * @return a new sink
     * @throws IOException if the file cannot be opened
     */
    public static FileAuditSink open(Path path) throws IOException {
        Objects.requireNonNull(path, "path");
        BufferedWriter writer = Files.newBufferedWriter(
                path,
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND,
                StandardOpenOption.WRITE);
        return new FileAuditSink(path, writer);
    }

    /**
     * Returns the file this sink appends to.
     *
     * @return the path
     */
    public Path path() {
        return path;
    }

    @Override
    public void append(AuditRecord record) throws IOException {
        Objects.requireNonNull(record, "record");
        String line = record.toJson();
        lock.lock();
        try {
            writer.write(line);
            writer.write('\n');
            writer.flush();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Flushes and closes the file.
     *
     * @throws IOException if closing fails
     */
    @Override
    public void close() throws IOException {
        lock.lock();
        try {
            writer.close();
        } finally {
            lock.unlock();
        }
    }
}
