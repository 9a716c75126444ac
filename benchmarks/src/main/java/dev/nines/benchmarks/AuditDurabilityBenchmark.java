package dev.nines.benchmarks;

import dev.nines.core.time.TimeSource;
import dev.nines.failover.audit.AuditLog;
import dev.nines.failover.audit.AuditRecord;
import dev.nines.failover.audit.AuditType;
import dev.nines.failover.audit.FileAuditSink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * What it costs to make an audit record durable before the action it records proceeds: one {@link
 * AuditLog#append} of a typical grant-use record to a {@link FileAuditSink}, from the caller's
 * point of view (the time the action waits), with one appending thread and with four.
 *
 * <ul>
 *   <li>{@code forceEach}: each record forced on its own ({@code FileChannel.force(false)},
 *       {@code fdatasync} on Linux);
 *   <li>{@code groupCommit}: records appended while a force runs are forced together by the next
 *       waiter; each append still waits for the force that covers its record;
 *   <li>{@code flushOnly}: written to the operating system, never forced (not durable: the floor).
 * </ul>
 *
 * <p>The file lives under {@code java.io.tmpdir} (put it on the device the audit log will use: on a
 * tmpfs a force costs nothing) and is recreated each iteration.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class AuditDurabilityBenchmark {

    private static final Map<String, String> INPUTS =
            Map.of("action", "FORCE_FAILOVER", "target", "orders-db/db-2", "grant", "17");

    /** One log and file sink per durability mode. */
    @State(Scope.Benchmark)
    public static class Sinks {
        Path dir;
        AuditLog forceEach;
        AuditLog groupCommit;
        AuditLog flushOnly;
        FileAuditSink[] open = new FileAuditSink[3];

        /**
         * Opens fresh files.
         *
         * @throws IOException if a file cannot be opened
         */
        @Setup(Level.Iteration)
        public void open() throws IOException {
            dir = Files.createTempDirectory("nines-audit-bench");
            forceEach = log(0, FileAuditSink.Durability.FORCE_EACH);
            groupCommit = log(1, FileAuditSink.Durability.GROUP_COMMIT);
            flushOnly = log(2, FileAuditSink.Durability.FLUSH_ONLY);
        }

        private AuditLog log(int index, FileAuditSink.Durability durability) throws IOException {
            open[index] = FileAuditSink.open(dir.resolve(durability + ".jsonl"), durability);
            return AuditLog.create(TimeSource.system(), 1_000).addSink(open[index]);
        }

        /**
         * Checks that no write failed, closes and deletes the files.
         *
         * @throws IOException if closing or deleting fails
         */
        @TearDown(Level.Iteration)
        public void close() throws IOException {
            for (AuditLog log : new AuditLog[] {forceEach, groupCommit, flushOnly}) {
                if (log.sinkFailures() != 0) {
                    throw new IllegalStateException("audit sink failures: " + log.sinkFailures());
                }
            }
            for (FileAuditSink sink : open) {
                sink.close();
                Files.deleteIfExists(sink.path());
            }
            Files.deleteIfExists(dir);
        }
    }

    private static AuditRecord append(AuditLog log) {
        return log.append(AuditType.GRANT_USED, "access", "alice", "kernel upgrade on db-1", 0, INPUTS);
    }

    /**
     * One record, forced on its own.
     *
     * @param s the sinks
     * @return the record
     */
    @Benchmark
    @Threads(1)
    public AuditRecord forceEach_append(Sinks s) {
        return append(s.forceEach);
    }

    /**
     * One record, group commit, no other appender.
     *
     * @param s the sinks
     * @return the record
     */
    @Benchmark
    @Threads(1)
    public AuditRecord groupCommit_append(Sinks s) {
        return append(s.groupCommit);
    }

    /**
     * One record, not forced.
     *
     * @param s the sinks
     * @return the record
     */
    @Benchmark
    @Threads(1)
    public AuditRecord flushOnly_append(Sinks s) {
        return append(s.flushOnly);
    }

    /**
     * One record forced on its own, four appending threads.
     *
     * @param s the sinks
     * @return the record
     */
    @Benchmark
    @Threads(4)
    public AuditRecord forceEach_append4Threads(Sinks s) {
        return append(s.forceEach);
    }

    /**
     * One record, group commit, four appending threads.
     *
     * @param s the sinks
     * @return the record
     */
    @Benchmark
    @Threads(4)
    public AuditRecord groupCommit_append4Threads(Sinks s) {
        return append(s.groupCommit);
    }

    /**
     * One record, not forced, four appending threads.
     *
     * @param s the sinks
     * @return the record
     */
    @Benchmark
    @Threads(4)
    public AuditRecord flushOnly_append4Threads(Sinks s) {
        return append(s.flushOnly);
    }
}
