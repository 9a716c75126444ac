package dev.nines.failover.audit;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One audited decision: its place in the log, when it was made, by whom, why, at which epoch, and
 * the inputs it was based on (health, lag, gate results), rendered as strings.
 *
 * <p>Immutable; {@code inputs} keeps insertion order so that JSON renderings are stable.
 *
 * @param sequence the position in the log, strictly increasing from 1
 * @param time when the decision was made (the controller's time source)
 * @param type what kind of decision
 * @param source the controller or runbook that decided
 * @param actor who asked: {@code "controller"} for automatic decisions, else the operator
 * @param reason why, in words
 * @param epoch the fencing epoch after the decision
 * @param inputs what the decision was based on
 */
public record AuditRecord(
        long sequence,
        Instant time,
        AuditType type,
        String source,
        String actor,
        String reason,
        long epoch,
        Map<String, String> inputs) {

    /**
     * Checks and copies the fields.
     *
     * @throws IllegalArgumentException if {@code sequence} is below 1
     */
    public AuditRecord {
        if (sequence < 1) {
            throw new IllegalArgumentException("sequence must be at least 1, was " + sequence);
        }
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(reason, "reason");
        inputs = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(inputs, "inputs")));
    }

    /**
     * Renders this record as one line of JSON (no line break inside; strings escaped per RFC 8259).
     *
     * @return a JSON object without a trailing newline
     */
    public String toJson() {
        StringBuilder out = new StringBuilder(128);
        out.append("{\"sequence\":").append(sequence);
        out.append(",\"time\":");
        string(out, time.toString());
        out.append(",\"type\":");
        string(out, type.name());
        out.append(",\"source\":");
        string(out, source);
        out.append(",\"actor\":");
        string(out, actor);
        out.append(",\"reason\":");
        string(out, reason);
        out.append(",\"epoch\":").append(epoch);
        out.append(",\"inputs\":{");
        boolean first = true;
        for (Map.Entry<String, String> entry : inputs.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            string(out, entry.getKey());
            out.append(':');
            string(out, entry.getValue());
        }
        return out.append("}}").toString();
    }

    private static void string(StringBuilder out, String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
