package dev.nines.failover.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuditRecordTest {

    @Test
    void rendersOneJsonLineWithInputsInInsertionOrder() {
        Map<String, String> inputs = new LinkedHashMap<>();
        inputs.put("primary", "a");
        inputs.put("lag.b", "1024 bytes");
        AuditRecord record = new AuditRecord(
                3,
                Instant.parse("2026-01-01T00:00:05Z"),
                AuditType.FAILOVER,
                "db",
                "controller",
                "primary a is DOWN",
                8,
                inputs);
        assertThat(record.toJson())
                .isEqualTo("{\"sequence\":3,\"time\":\"2026-01-01T00:00:05Z\",\"type\":\"FAILOVER\","
                        + "\"source\":\"db\",\"actor\":\"controller\",\"reason\":\"primary a is DOWN\",\"epoch\":8,"
                        + "\"inputs\":{\"primary\":\"a\",\"lag.b\":\"1024 bytes\"}}");
    }

    @Test
    void escapesQuotesBackslashesAndControlCharactersSoARecordStaysOneLine() {
        AuditRecord record = new AuditRecord(
                1,
                Instant.EPOCH,
                AuditType.OVERRIDE,
                "db",
                "al\"ice",
                "line1\nline2\t\\\u0001\u2028",
                1,
                Map.of("k\r", "v"));
        String json = record.toJson();
        assertThat(json).doesNotContain("\n", "\r", "\u2028");
        assertThat(json)
                .contains("\"actor\":\"al\\\"ice\"")
                .contains("\"reason\":\"line1\\nline2\\t\\\\\\u0001\\u2028\"")
                .contains("\"k\\r\":\"v\"");
    }

    @Test
    void rejectsASequenceBelowOneAndCopiesTheInputs() {
        assertThatThrownBy(() -> new AuditRecord(0, Instant.EPOCH, AuditType.STEP, "s", "a", "r", 0, Map.of()))
                .hasMessage("sequence must be at least 1, was 0");
        Map<String, String> inputs = new LinkedHashMap<>();
        AuditRecord record = new AuditRecord(1, Instant.EPOCH, AuditType.STEP, "s", "a", "r", 0, inputs);
        inputs.put("late", "x");
        assertThat(record.inputs()).isEmpty();
        assertThatThrownBy(() -> record.inputs().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }
}
