package dev.nines.failover.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nines.core.time.ManualTimeSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileAuditSinkTest {

    @TempDir
    Path dir;

    @Test
    void appendsOneFlushedJsonLinePerRecordVisibleBeforeClose() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        AuditLog log = AuditLog.create(ManualTimeSource.at(Instant.EPOCH));
        try (FileAuditSink sink = FileAuditSink.open(file)) {
            log.addSink(sink);
            AuditRecord record = log.append(AuditType.FAILOVER, "db", "controller", "down", 8, Map.of("a", "b"));
            // Flushed: another reader sees the line while the sink is still open.
            assertThat(Files.readAllLines(file, StandardCharsets.UTF_8)).containsExactly(record.toJson());
            assertThat(sink.path()).isEqualTo(file);
        }
    }

    @Test
    void reopeningAppendsAndNeverTruncates() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        AuditLog log = AuditLog.create(ManualTimeSource.at(Instant.EPOCH));
        try (FileAuditSink sink = FileAuditSink.open(file)) {
            log.addSink(sink);
            log.append(AuditType.FAILOVER, "db", "c", "one", 8, Map.of());
        }
        AuditLog second = AuditLog.create(ManualTimeSource.at(Instant.EPOCH));
        try (FileAuditSink sink = FileAuditSink.open(file)) {
            second.addSink(sink);
            second.append(AuditType.ROLLBACK, "db", "c", "two", 9, Map.of());
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).contains("\"reason\":\"one\"");
        assertThat(lines.get(1)).contains("\"reason\":\"two\"");
    }

    @Test
    void forceEachForcesEveryRecordBeforeTheAppendReturns() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        AuditLog log = AuditLog.create(ManualTimeSource.at(Instant.EPOCH));
        try (FileAuditSink sink = FileAuditSink.open(file)) {
            log.addSink(sink);
            assertThat(sink.durability()).isEqualTo(FileAuditSink.Durability.FORCE_EACH);
            for (int i = 1; i <= 3; i++) {
                log.append(AuditType.STEP, "db", "c", "r" + i, 1, Map.of());
                assertThat(sink.forces()).isEqualTo(i);
                assertThat(sink.recordsWritten()).isEqualTo(i);
            }
        }
    }

    @Test
    void groupCommitForcesRecordsWrittenBeforeTheWaitInOneBatch() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        AuditLog source = AuditLog.create(ManualTimeSource.at(Instant.EPOCH));
        AuditRecord one = source.append(AuditType.STEP, "db", "c", "one", 1, Map.of());
        AuditRecord two = source.append(AuditType.STEP, "db", "c", "two", 1, Map.of());
        try (FileAuditSink sink = FileAuditSink.open(file, FileAuditSink.Durability.GROUP_COMMIT)) {
            sink.append(one);
            sink.append(two);
            assertThat(sink.forces()).isZero();
            sink.awaitDurable();
            assertThat(sink.forces()).isEqualTo(1);
            // Nothing new written: a second wait does not force again.
            sink.awaitDurable();
            assertThat(sink.forces()).isEqualTo(1);
            assertThat(Files.readAllLines(file, StandardCharsets.UTF_8)).containsExactly(one.toJson(), two.toJson());
        }
    }

    @Test
    void groupCommitThroughTheLogForcesEachRecordBeforeTheAppendReturns() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        AuditLog log = AuditLog.create(ManualTimeSource.at(Instant.EPOCH));
        try (FileAuditSink sink = FileAuditSink.open(file, FileAuditSink.Durability.GROUP_COMMIT)) {
            log.addSink(sink);
            log.append(AuditType.STEP, "db", "c", "one", 1, Map.of());
            assertThat(sink.forces()).isEqualTo(1);
            log.append(AuditType.STEP, "db", "c", "two", 1, Map.of());
            assertThat(sink.forces()).isEqualTo(2);
        }
    }

    @Test
    void concurrentGroupCommitAppendsLoseNoRecordAndNeverForceMoreThanOncePerRecord() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        AuditLog log = AuditLog.create(ManualTimeSource.at(Instant.EPOCH));
        int threads = 4;
        int perThread = 50;
        try (FileAuditSink sink = FileAuditSink.open(file, FileAuditSink.Durability.GROUP_COMMIT)) {
            log.addSink(sink);
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int id = t;
                    futures.add(pool.submit(() -> {
                        start.await();
                        for (int i = 0; i < perThread; i++) {
                            log.append(AuditType.STEP, "db", "t" + id, "r" + i, 1, Map.of());
                            // Returned: a force covering this record has completed.
                            assertThat(sink.forces()).isPositive();
                        }
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> f : futures) {
                    f.get(60, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(sink.recordsWritten()).isEqualTo(threads * perThread);
            assertThat(sink.forces()).isBetween(1L, (long) threads * perThread);
            assertThat(log.sinkFailures()).isZero();
        }
        assertThat(Files.readAllLines(file, StandardCharsets.UTF_8)).hasSize(threads * perThread);
    }

    @Test
    void flushOnlyNeverForces() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        AuditLog log = AuditLog.create(ManualTimeSource.at(Instant.EPOCH));
        try (FileAuditSink sink = FileAuditSink.open(file, FileAuditSink.Durability.FLUSH_ONLY)) {
            log.addSink(sink);
            log.append(AuditType.STEP, "db", "c", "one", 1, Map.of());
            assertThat(sink.forces()).isZero();
            assertThat(Files.readAllLines(file, StandardCharsets.UTF_8)).hasSize(1);
        }
    }

    @Test
    void appendDurablyThrowsWhenTheFileIsClosedAndKeepsTheRecordInMemory() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        AuditLog log = AuditLog.create(ManualTimeSource.at(Instant.EPOCH));
        FileAuditSink sink = FileAuditSink.open(file);
        log.addSink(sink);
        sink.close();
        assertThatThrownBy(() -> log.appendDurably(AuditType.GRANT_USED, "access", "alice", "x", 0, Map.of()))
                .isInstanceOf(IOException.class);
        assertThat(log.records()).hasSize(1);
        assertThat(log.sinkFailures()).isEqualTo(1);
        // The lenient append of an automatic decision still stands.
        log.append(AuditType.FAILOVER, "db", "controller", "down", 2, Map.of());
        assertThat(log.records()).hasSize(2);
    }
}
