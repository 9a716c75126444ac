package dev.nines.failover.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nines.core.time.ManualTimeSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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
}
