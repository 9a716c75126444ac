package dev.nines.failover.drill;

import dev.nines.core.internal.Arguments;
import dev.nines.failover.Lag;
import dev.nines.failover.audit.AuditRecord;
import dev.nines.failover.audit.AuditType;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The evidence a {@link Drill} leaves: what ran, who started it under which grant, when, how long
 * recovery took and what was lost against the RTO and RPO, the outcome, and every audit record
 * written during the run.
 *
 * <p><b>JSON format</b> ({@link #toJson()}; {@value #FORMAT} version {@value #VERSION}), one object
 * with these fields, always all present, in this order:
 *
 * <ul>
 *   <li>{@code format} ({@code "nines-drill-evidence"}), {@code version} (1);
 *   <li>{@code system}, {@code kind}, {@code target}: strings; {@code dryRun}: boolean;
 *   <li>{@code actor}, {@code reason}, {@code grant} (the authorizing grant id): strings;
 *   <li>{@code startedAt}, {@code finishedAt}: ISO-8601 instants (UTC, {@code Instant.toString()});
 *   <li>{@code outcome}: {@code "PASSED"}, {@code "FAILED"} or {@code "REHEARSED"}; {@code detail}:
 *       a sentence;
 *   <li>{@code recovery}: {@code null} (dry run, or nothing recovered) or {@code {"disruptedAt",
 *       "restoredAt", "time"}} with {@code time} an ISO-8601 duration;
 *   <li>{@code dataLoss}, and {@code rpo} inside {@code targets}: a lag, {@code {"unit":"BYTES",
 *       "amount":N}}, {@code {"unit":"TIME","duration":"PT5S"}} or {@code {"unit":"UNKNOWN"}};
 *   <li>{@code targets}: {@code {"rto":"PT5M","rpo":lag}};
 *   <li>{@code rtoMet}: boolean, or {@code null} without a recovery; {@code rpoMet}: boolean;
 *   <li>{@code auditRecords}: an array of audit records as {@link AuditRecord#toJson()} writes them.
 * </ul>
 *
 * <p>{@link #fromJson(String)} reads exactly this format back (unknown fields are ignored, so later
 * versions may add some) and checks it: a missing or mistyped field, or a verdict that contradicts
 * the measurements, raises {@link IllegalArgumentException} naming the field and the value.
 *
 * @param system the system drilled (e.g. {@code "orders-db"})
 * @param kind the action's kind ({@code "switchover"})
 * @param target what the action acted on
 * @param dryRun whether nothing was changed
 * @param actor who started the drill
 * @param reason why
 * @param grantId the grant the start was authorized under
 * @param startedAt when the drill started
 * @param finishedAt when it ended
 * @param outcome the verdict
 * @param detail what happened, in words
 * @param recovery the measured recovery, empty for a dry run or a failed action
 * @param dataLoss what was (or, in a dry run, would be) lost
 * @param targets the RTO and RPO it was measured against
 * @param auditRecords the audit records written from the start to the end of the drill, in order
 */
public record DrillEvidence(
        String system,
        String kind,
        String target,
        boolean dryRun,
        String actor,
        String reason,
        String grantId,
        Instant startedAt,
        Instant finishedAt,
        Outcome outcome,
        String detail,
        Optional<Recovery> recovery,
        Lag dataLoss,
        RecoveryTargets targets,
        List<AuditRecord> auditRecords) {

    /** The {@code format} field's value. */
    public static final String FORMAT = "nines-drill-evidence";

    /** The {@code version} this class writes and reads. */
    public static final int VERSION = 1;

    /** A drill's verdict. */
    public enum Outcome {
        /** A real drill recovered within the RTO and lost no more than the RPO. */
        PASSED,
        /** The action failed, or the recovery missed the RTO or the RPO, or a dry run found it infeasible. */
        FAILED,
        /** A dry run found the action feasible now and the expected loss within the RPO. */
        REHEARSED
    }

    /**
     * A measured recovery.
     *
     * @param disruptedAt when service was interrupted
     * @param restoredAt when it was restored
     */
    public record Recovery(Instant disruptedAt, Instant restoredAt) {
        /**
         * Checks the fields.
         *
         * @throws IllegalArgumentException if {@code restoredAt} is before {@code disruptedAt}
         */
        public Recovery {
            Objects.requireNonNull(disruptedAt, "disruptedAt");
            Objects.requireNonNull(restoredAt, "restoredAt");
            if (restoredAt.isBefore(disruptedAt)) {
                throw new IllegalArgumentException(
                        "restoredAt must not be before disruptedAt " + disruptedAt + ", was " + restoredAt);
            }
        }

        /**
         * Returns the recovery time.
         *
         * @return {@code restoredAt - disruptedAt}
         */
        public Duration time() {
            return Duration.between(disruptedAt, restoredAt);
        }
    }

    /**
     * Checks the fields and that the outcome agrees with the measurements.
     *
     * @throws IllegalArgumentException naming the field and value if a string is blank, {@code
     *     finishedAt} is before {@code startedAt}, a dry run has a recovery, or the outcome
     *     contradicts the measurements ({@code PASSED} needs a real run that met the RTO and the RPO;
     *     {@code REHEARSED} needs a dry run that met the RPO)
     */
    public DrillEvidence {
        Arguments.notBlank("system", system);
        Arguments.notBlank("kind", kind);
        Arguments.notBlank("target", target);
        Arguments.notBlank("actor", actor);
        Arguments.notBlank("reason", reason);
        Arguments.notBlank("grantId", grantId);
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(recovery, "recovery");
        Objects.requireNonNull(dataLoss, "dataLoss");
        Objects.requireNonNull(targets, "targets");
        auditRecords = List.copyOf(auditRecords);
        if (finishedAt.isBefore(startedAt)) {
            throw new IllegalArgumentException(
                    "finishedAt must not be before startedAt " + startedAt + ", was " + finishedAt);
        }
        if (dryRun && recovery.isPresent()) {
            throw new IllegalArgumentException("recovery must be absent in a dry run, was " + recovery.get());
        }
        boolean rpoMet = targets.rpoMet(dataLoss);
        if (outcome == Outcome.PASSED
                && (dryRun
                        || recovery.isEmpty()
                        || !targets.rtoMet(recovery.get().time())
                        || !rpoMet)) {
            throw new IllegalArgumentException("outcome PASSED needs a real run within rto " + targets.rto()
                    + " and rpo " + json(targets.rpo()) + ", was dryRun=" + dryRun + ", recovery="
                    + recovery.map(r -> r.time().toString()).orElse("none") + ", dataLoss=" + json(dataLoss));
        }
        if (outcome == Outcome.REHEARSED && (!dryRun || !rpoMet)) {
            throw new IllegalArgumentException("outcome REHEARSED needs a dry run within rpo " + json(targets.rpo())
                    + ", was dryRun=" + dryRun + ", dataLoss=" + json(dataLoss));
        }
    }

    /**
     * Returns whether the recovery met the RTO.
     *
     * @return empty without a recovery, else whether its time was at most the RTO
     */
    public Optional<Boolean> rtoMet() {
        return recovery.map(r -> targets.rtoMet(r.time()));
    }

    /**
     * Returns whether the data loss met the RPO.
     *
     * @return {@code true} if known, in the RPO's unit and at most the RPO
     */
    public boolean rpoMet() {
        return targets.rpoMet(dataLoss);
    }

    /**
     * Renders the evidence document; see the class description for the format. One field per line,
     * one audit record per line.
     *
     * @return the JSON text, ending in a newline
     */
    public String toJson() {
        StringBuilder out = new StringBuilder(512 + 256 * auditRecords.size());
        out.append("{\n  \"format\": ");
        Json.quote(out, FORMAT);
        out.append(",\n  \"version\": ").append(VERSION);
        field(out, "system", system);
        field(out, "kind", kind);
        field(out, "target", target);
        out.append(",\n  \"dryRun\": ").append(dryRun);
        field(out, "actor", actor);
        field(out, "reason", reason);
        field(out, "grant", grantId);
        field(out, "startedAt", startedAt.toString());
        field(out, "finishedAt", finishedAt.toString());
        field(out, "outcome", outcome.name());
        field(out, "detail", detail);
        out.append(",\n  \"recovery\": ");
        if (recovery.isPresent()) {
            Recovery r = recovery.get();
            out.append("{\"disruptedAt\": ");
            Json.quote(out, r.disruptedAt().toString());
            out.append(", \"restoredAt\": ");
            Json.quote(out, r.restoredAt().toString());
            out.append(", \"time\": ");
            Json.quote(out, r.time().toString());
            out.append('}');
        } else {
            out.append("null");
        }
        out.append(",\n  \"dataLoss\": ").append(json(dataLoss));
        out.append(",\n  \"targets\": {\"rto\": ");
        Json.quote(out, targets.rto().toString());
        out.append(", \"rpo\": ").append(json(targets.rpo())).append('}');
        out.append(",\n  \"rtoMet\": ").append(rtoMet().map(String::valueOf).orElse("null"));
        out.append(",\n  \"rpoMet\": ").append(rpoMet());
        out.append(",\n  \"auditRecords\": [");
        for (int i = 0; i < auditRecords.size(); i++) {
            out.append(i == 0 ? "\n    " : ",\n    ").append(auditRecords.get(i).toJson());
        }
        out.append(auditRecords.isEmpty() ? "]" : "\n  ]");
        return out.append("\n}\n").toString();
    }

    /**
     * Writes {@link #toJson()} to {@code file}, replacing it atomically (a temporary file in the same
     * directory, forced to disk, then moved into place).
     *
     * @param file the evidence file
     * @throws IOException if writing fails
     */
    public void writeTo(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        Path absolute = file.toAbsolutePath();
        Path dir = Objects.requireNonNull(absolute.getParent(), "file has no parent directory");
        Path temp = Files.createTempFile(dir, absolute.getFileName().toString(), ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer bytes = ByteBuffer.wrap(toJson().getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Reads an evidence file written by {@link #writeTo(Path)}.
     *
     * @param file the file
     * @return the evidence
     * @throws IOException if reading fails
     * @throws IllegalArgumentException naming the field and value if the content is not valid evidence
     */
    public static DrillEvidence readFrom(Path file) throws IOException {
        return fromJson(Files.readString(Objects.requireNonNull(file, "file"), StandardCharsets.UTF_8));
    }

    /**
     * Reads an evidence document; see the class description for the format.
     *
     * @param json the document
     * @return the evidence, equal to the one that wrote it
     * @throws IllegalArgumentException naming the field and value if the document is malformed, a
     *     field is missing or mistyped, the format or version is not this one, or a verdict
     *     contradicts the measurements
     */
    public static DrillEvidence fromJson(String json) {
        Objects.requireNonNull(json, "json");
        Map<String, Object> root = object("(document)", Json.parse(json));
        String format = string(root, "format", "");
        if (!format.equals(FORMAT)) {
            throw new IllegalArgumentException(
                    "drill evidence field format must be \"" + FORMAT + "\", was \"" + format + "\"");
        }
        long version = integer(root, "version", "");
        if (version != VERSION) {
            throw new IllegalArgumentException("drill evidence field version must be " + VERSION + ", was " + version);
        }
        Object rec = field(root, "recovery", "");
        Optional<Recovery> recovery = Optional.empty();
        if (rec != Json.NULL) {
            Map<String, Object> r = object("recovery", rec);
            Instant disruptedAt = instant(r, "disruptedAt", "recovery.");
            Instant restoredAt = instant(r, "restoredAt", "recovery.");
            Duration time = duration(r, "time", "recovery.");
            if (restoredAt.isBefore(disruptedAt)) {
                throw new IllegalArgumentException("drill evidence field recovery.restoredAt must not be before "
                        + disruptedAt + ", was " + restoredAt);
            }
            recovery = Optional.of(new Recovery(disruptedAt, restoredAt));
            if (!recovery.get().time().equals(time)) {
                throw new IllegalArgumentException("drill evidence field recovery.time must be "
                        + recovery.get().time() + ", was " + time);
            }
        }
        Map<String, Object> t = object("targets", field(root, "targets", ""));
        Duration rto = duration(t, "rto", "targets.");
        Lag rpo = lag(t, "rpo", "targets.");
        RecoveryTargets targets;
        try {
            targets = new RecoveryTargets(rto, rpo);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("drill evidence field targets: " + e.getMessage(), e);
        }
        List<AuditRecord> records = new ArrayList<>();
        Object list = field(root, "auditRecords", "");
        if (!(list instanceof List<?> items)) {
            throw mistyped("auditRecords", "an array", list);
        }
        for (int i = 0; i < items.size(); i++) {
            records.add(auditRecord("auditRecords[" + i + "].", object("auditRecords[" + i + "]", items.get(i))));
        }
        DrillEvidence evidence;
        try {
            evidence = new DrillEvidence(
                    string(root, "system", ""),
                    string(root, "kind", ""),
                    string(root, "target", ""),
                    bool(root, "dryRun", ""),
                    string(root, "actor", ""),
                    string(root, "reason", ""),
                    string(root, "grant", ""),
                    instant(root, "startedAt", ""),
                    instant(root, "finishedAt", ""),
                    enumValue(Outcome.class, root, "outcome", ""),
                    string(root, "detail", ""),
                    recovery,
                    lag(root, "dataLoss", ""),
                    targets,
                    records);
        } catch (IllegalArgumentException e) {
            String message = String.valueOf(e.getMessage());
            if (message.startsWith("drill evidence field")) {
                throw e;
            }
            throw new IllegalArgumentException("drill evidence field " + message, e);
        }
        Object rtoMet = field(root, "rtoMet", "");
        Object expectedRto = evidence.rtoMet().<Object>map(b -> b).orElse(Json.NULL);
        if (!expectedRto.equals(rtoMet)) {
            throw new IllegalArgumentException(
                    "drill evidence field rtoMet must be " + expectedRto + ", was " + rtoMet);
        }
        boolean rpoMet = bool(root, "rpoMet", "");
        if (rpoMet != evidence.rpoMet()) {
            throw new IllegalArgumentException(
                    "drill evidence field rpoMet must be " + evidence.rpoMet() + ", was " + rpoMet);
        }
        return evidence;
    }

    private static AuditRecord auditRecord(String path, Map<String, Object> r) {
        long sequence = integer(r, "sequence", path);
        if (sequence < 1) {
            throw new IllegalArgumentException(
                    "drill evidence field " + path + "sequence must be at least 1, was " + sequence);
        }
        Map<String, Object> in = object(path + "inputs", field(r, "inputs", path));
        Map<String, String> inputs = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : in.entrySet()) {
            if (!(e.getValue() instanceof String s)) {
                throw mistyped(path + "inputs." + e.getKey(), "a string", e.getValue());
            }
            inputs.put(e.getKey(), s);
        }
        return new AuditRecord(
                sequence,
                instant(r, "time", path),
                enumValue(AuditType.class, r, "type", path),
                string(r, "source", path),
                string(r, "actor", path),
                string(r, "reason", path),
                integer(r, "epoch", path),
                inputs);
    }

    private static void field(StringBuilder out, String name, String value) {
        out.append(",\n  \"").append(name).append("\": ");
        Json.quote(out, value);
    }

    static String json(Lag lag) {
        return switch (lag.unit()) {
            case BYTES -> "{\"unit\": \"BYTES\", \"amount\": " + lag.amount() + "}";
            case NANOS -> "{\"unit\": \"TIME\", \"duration\": \"" + Duration.ofNanos(lag.amount()) + "\"}";
            case UNKNOWN -> "{\"unit\": \"UNKNOWN\"}";
        };
    }

    private static Lag lag(Map<String, Object> parent, String name, String path) {
        Map<String, Object> l = object(path + name, field(parent, name, path));
        String unit = string(l, "unit", path + name + ".");
        switch (unit) {
            case "BYTES" -> {
                long amount = integer(l, "amount", path + name + ".");
                if (amount < 0) {
                    throw new IllegalArgumentException(
                            "drill evidence field " + path + name + ".amount must be at least 0, was " + amount);
                }
                return Lag.bytes(amount);
            }
            case "TIME" -> {
                Duration d = duration(l, "duration", path + name + ".");
                if (d.isNegative()) {
                    throw new IllegalArgumentException(
                            "drill evidence field " + path + name + ".duration must not be negative, was " + d);
                }
                return Lag.time(d);
            }
            case "UNKNOWN" -> {
                return Lag.unknown();
            }
            default ->
                throw new IllegalArgumentException("drill evidence field " + path + name
                        + ".unit must be BYTES, TIME or UNKNOWN, was \"" + unit + "\"");
        }
    }

    private static Object field(Map<String, Object> parent, String name, String path) {
        Object value = parent.get(name);
        if (value == null) {
            throw new IllegalArgumentException("drill evidence field " + path + name + " is missing");
        }
        return value;
    }

    @SuppressWarnings("unchecked") // Json.parse builds objects as Map<String, Object>
    private static Map<String, Object> object(String path, Object value) {
        if (!(value instanceof Map<?, ?>)) {
            throw mistyped(path, "an object", value);
        }
        return (Map<String, Object>) value;
    }

    private static String string(Map<String, Object> parent, String name, String path) {
        Object value = field(parent, name, path);
        if (!(value instanceof String s)) {
            throw mistyped(path + name, "a string", value);
        }
        return s;
    }

    private static boolean bool(Map<String, Object> parent, String name, String path) {
        Object value = field(parent, name, path);
        if (!(value instanceof Boolean b)) {
            throw mistyped(path + name, "true or false", value);
        }
        return b;
    }

    private static long integer(Map<String, Object> parent, String name, String path) {
        Object value = field(parent, name, path);
        if (!(value instanceof BigDecimal n)) {
            throw mistyped(path + name, "an integer", value);
        }
        try {
            return n.longValueExact();
        } catch (ArithmeticException e) {
            throw mistyped(path + name, "an integer", value);
        }
    }

    private static Instant instant(Map<String, Object> parent, String name, String path) {
        String value = string(parent, name, path);
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "drill evidence field " + path + name + " must be an ISO-8601 instant, was \"" + value + "\"", e);
        }
    }

    private static Duration duration(Map<String, Object> parent, String name, String path) {
        String value = string(parent, name, path);
        try {
            return Duration.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "drill evidence field " + path + name + " must be an ISO-8601 duration, was \"" + value + "\"", e);
        }
    }

    private static <E extends Enum<E>> E enumValue(
            Class<E> type, Map<String, Object> parent, String name, String path) {
        String value = string(parent, name, path);
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "drill evidence field " + path + name + " must be one of "
                            + Arrays.toString(type.getEnumConstants()) + ", was \"" + value + "\"",
                    e);
        }
    }

    private static IllegalArgumentException mistyped(String path, String expected, Object value) {
        String shown = value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
        return new IllegalArgumentException("drill evidence field " + path + " must be " + expected + ", was " + shown);
    }
}
