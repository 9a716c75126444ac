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
 * <p><b>Experiments.</b> For a fault-injection experiment ({@code kind} {@code "experiment"}), the
 * recovery runs from the start of injection to the first poll of the run of healthy steady-state
 * polls that confirmed recovery (see {@code dev.nines.failover.drill.chaos.ExperimentAction}); an
 * experiment does not measure data loss unless a probe was given, and the evidence says {@code
 * null} (not measured) rather than a loss of zero; the RPO is then not assessed. {@link
 * #experiment()} carries the experiment's own report: why injection stopped, the error budget it
 * could spend and spent, and the faults it injected. An experiment passes only if it ran its
 * planned course: one its guard cut short (an alert fired, its budget share was spent) or the drill
 * aborted fails, with the measurements kept. The dry run of an experiment ({@code dryRun} true,
 * outcome {@code REHEARSED} or {@code FAILED}) injects nothing: it has no {@code recovery} and no
 * {@code experiment}; what it checked and would have done is in {@code detail} and in its {@code
 * DRY_RUN} audit record (type {@code "DRY_RUN"}, whose inputs name every check).
 *
 * <p><b>JSON format</b> ({@link #toJson()}; {@value #FORMAT} version {@value #VERSION}), one object
 * with these fields, always all present, in this order:
 *
 * <ul>
 *   <li>{@code format} ({@code "nines-drill-evidence"}), {@code version} (2);
 *   <li>{@code system}, {@code kind}, {@code target}: strings; {@code dryRun}: boolean;
 *   <li>{@code actor}, {@code reason}, {@code grant} (the authorizing grant id): strings;
 *   <li>{@code startedAt}, {@code finishedAt}: ISO-8601 instants (UTC, {@code Instant.toString()});
 *   <li>{@code outcome}: {@code "PASSED"}, {@code "FAILED"} or {@code "REHEARSED"}; {@code detail}:
 *       a sentence;
 *   <li>{@code recovery}: {@code null} (dry run, or nothing recovered) or {@code {"disruptedAt",
 *       "restoredAt", "time"}} with {@code time} an ISO-8601 duration;
 *   <li>{@code dataLoss}, and {@code rpo} inside {@code targets}: a lag, {@code {"unit":"BYTES",
 *       "amount":N}}, {@code {"unit":"TIME","duration":"PT5S"}} or {@code {"unit":"UNKNOWN"}} (it
 *       could not be told: fails the RPO); {@code dataLoss} is {@code null} when it was not measured
 *       (an experiment without a data-loss probe, or the dry run of one)
 *       (an experiment without a data-loss probe);
 *   <li>{@code targets}: {@code {"rto":"PT5M","rpo":lag}};
 *   <li>{@code rtoMet}: boolean, or {@code null} when it cannot be told (no recovery; {@code false}
 *       for an experiment whose steady state was not restored within the RTO of the fault's start);
 *       {@code rpoMet}: boolean, or {@code null} when the data loss was not measured;
 *   <li>{@code experiment}: {@code null} for actions that run no experiment, else {@code {"name",
 *       "slo", "chaosPolicy", "faultKind", "ending", "ranAsPlanned", "firingRules", "faultStartedAt",
 *       "faultStoppedAt", "faultDuration", "plannedFaultDuration", "maxBudgetShare",
 *       "remainingBudgetAtStart", "allowedInjections", "injections", "spentShare",
 *       "refusedInjections", "badEvents", "totalEvents", "steadyState"}} with {@code ending} one of
 *       {@link ExperimentEvidence.Ending} and {@code steadyState} {@code {"healthyPollsRequired",
 *       "polls", "unhealthyPolls", "firstDeviationAt", "restoredAt", "lastDeviation"}} (the last
 *       three {@code null} when absent); {@code ranAsPlanned}, {@code faultDuration} and {@code
 *       spentShare} are derived and recomputed on reading;
 *   <li>{@code auditRecords}: an array of audit records as {@link AuditRecord#toJson()} writes them.
 * </ul>
 *
 * <p>{@link #fromJson(String)} reads exactly this format back, and version 1 (which had no {@code
 * experiment} and always a measured {@code dataLoss}); unknown fields are ignored, so later versions
 * may add some. It checks the document: a missing or mistyped field, or a verdict that contradicts
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
 * @param dataLoss what was (or, in a dry run, would be) lost; empty if not measured (an experiment,
 *     or its dry run, without a data-loss probe)
 * @param targets the RTO and RPO it was measured against
 * @param experiment what the fault-injection experiment did; empty for other actions
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
        Optional<Lag> dataLoss,
        RecoveryTargets targets,
        Optional<ExperimentEvidence> experiment,
        List<AuditRecord> auditRecords) {

    /** The {@code format} field's value. */
    public static final String FORMAT = "nines-drill-evidence";

    /** The {@code version} this class writes and reads. */
    public static final int VERSION = 2;

    /** A drill's verdict. */
    public enum Outcome {
        /**
         * A real drill recovered within the RTO and lost no more than the RPO (an experiment: its
         * steady state was restored within the RTO, it ran its planned course, and any data loss it
         * measured is within the RPO).
         */
        PASSED,
        /**
         * The action failed, or the recovery missed the RTO or the RPO, or a dry run found it
         * infeasible, or an experiment was cut short by its guard or aborted.
         */
        FAILED,
        /**
         * A dry run found the action feasible now and the expected loss within the RPO (or, for an
         * experiment without a data-loss probe, not measured). A rehearsal: it never counts as a
         * passed drill.
         */
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
     *     finishedAt} is before {@code startedAt}, a dry run has a recovery or an experiment, an
     *     experiment's recovery disagrees with its steady state, or the outcome contradicts the
     *     measurements ({@code PASSED} needs a real run that met the RTO and the RPO, where only an
     *     experiment may leave the data loss unmeasured and must have run its planned course;
     *     {@code REHEARSED} needs a dry run that met the RPO or measured no data loss)
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
        Objects.requireNonNull(experiment, "experiment");
        auditRecords = List.copyOf(auditRecords);
        if (finishedAt.isBefore(startedAt)) {
            throw new IllegalArgumentException(
                    "finishedAt must not be before startedAt " + startedAt + ", was " + finishedAt);
        }
        if (dryRun && recovery.isPresent()) {
            throw new IllegalArgumentException("recovery must be absent in a dry run, was " + recovery.get());
        }
        if (dryRun && experiment.isPresent()) {
            throw new IllegalArgumentException("experiment must be absent in a dry run, was "
                    + experiment.get().name());
        }
        if (experiment.isPresent() && recovery.isPresent()) {
            ExperimentEvidence e = experiment.get();
            Recovery r = recovery.get();
            if (!r.disruptedAt().equals(e.faultStartedAt())
                    || !e.steadyState().restoredAt().equals(Optional.of(r.restoredAt()))) {
                throw new IllegalArgumentException("recovery of an experiment must run from faultStartedAt "
                        + e.faultStartedAt() + " to steadyState.restoredAt "
                        + e.steadyState().restoredAt().map(Instant::toString).orElse("(none)") + ", was "
                        + r.disruptedAt() + " to " + r.restoredAt());
            }
        }
        // Only an experiment may leave the data loss unmeasured: the RPO is then not assessed.
        boolean rpoMet = dataLoss.map(targets::rpoMet).orElse(experiment.isPresent());
        if (outcome == Outcome.PASSED
                && (dryRun
                        || recovery.isEmpty()
                        || !targets.rtoMet(recovery.get().time())
                        || !rpoMet
                        || !experiment.map(e -> e.ending().ranAsPlanned()).orElse(true))) {
            throw new IllegalArgumentException("outcome PASSED needs a real run within rto " + targets.rto()
                    + " and rpo " + json(targets.rpo()) + " (an experiment that ran as planned), was dryRun="
                    + dryRun + ", recovery="
                    + recovery.map(r -> r.time().toString()).orElse("none")
                    + ", dataLoss=" + json(dataLoss) + ", experiment ending="
                    + experiment.map(e -> e.ending().name()).orElse("none"));
        }
        if (outcome == Outcome.REHEARSED
                && (!dryRun || !dataLoss.map(targets::rpoMet).orElse(true))) {
            throw new IllegalArgumentException("outcome REHEARSED needs a dry run within rpo " + json(targets.rpo())
                    + " (or whose data loss was not measured)"
                    + ", was dryRun=" + dryRun + ", dataLoss=" + json(dataLoss));
        }
    }

    /**
     * Returns whether the recovery met the RTO.
     *
     * @return whether the recovery time was at most the RTO; without a recovery, {@code false} for an
     *     experiment whose steady state did not hold at the end of the drill, more than the RTO after
     *     the fault started, else empty (it cannot be told)
     */
    public Optional<Boolean> rtoMet() {
        if (recovery.isPresent()) {
            return Optional.of(targets.rtoMet(recovery.get().time()));
        }
        if (experiment.isPresent()
                && experiment.get().steadyState().restoredAt().isEmpty()
                && !targets.rtoMet(Duration.between(experiment.get().faultStartedAt(), finishedAt))) {
            return Optional.of(false);
        }
        return Optional.empty();
    }

    /**
     * Returns whether the data loss met the RPO.
     *
     * @return empty if the data loss was not measured; else {@code true} if known, in the RPO's unit
     *     and at most the RPO
     */
    public Optional<Boolean> rpoMet() {
        return dataLoss.map(targets::rpoMet);
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
        out.append(",\n  \"rpoMet\": ").append(rpoMet().map(String::valueOf).orElse("null"));
        out.append(",\n  \"experiment\": ");
        if (experiment.isPresent()) {
            experimentJson(out, experiment.get());
        } else {
            out.append("null");
        }
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
     *     field is missing or mistyped, the format is not this one or the version is neither 1 nor
     *     this one, or a verdict contradicts the measurements
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
        if (version != 1 && version != VERSION) {
            throw new IllegalArgumentException(
                    "drill evidence field version must be 1 or " + VERSION + ", was " + version);
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
                    version == 1 || field(root, "dataLoss", "") != Json.NULL
                            ? Optional.of(lag(root, "dataLoss", ""))
                            : Optional.empty(),
                    targets,
                    version == 1 ? Optional.empty() : experiment(field(root, "experiment", "")),
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
        Object rpoMet = field(root, "rpoMet", "");
        Object expectedRpo = evidence.rpoMet().<Object>map(b -> b).orElse(Json.NULL);
        if (!expectedRpo.equals(rpoMet)) {
            throw new IllegalArgumentException(
                    "drill evidence field rpoMet must be " + expectedRpo + ", was " + rpoMet);
        }
        return evidence;
    }

    private static void experimentJson(StringBuilder out, ExperimentEvidence e) {
        out.append("{");
        member(out, "name", e.name(), true);
        member(out, "slo", e.sloName(), false);
        member(out, "chaosPolicy", e.chaosPolicyName(), false);
        member(out, "faultKind", e.faultKind(), false);
        member(out, "ending", e.ending().name(), false);
        out.append(",\n    \"ranAsPlanned\": ").append(e.ending().ranAsPlanned());
        out.append(",\n    \"firingRules\": [");
        for (int i = 0; i < e.firingRules().size(); i++) {
            out.append(i == 0 ? "" : ", ");
            Json.quote(out, e.firingRules().get(i));
        }
        out.append(']');
        member(out, "faultStartedAt", e.faultStartedAt().toString(), false);
        member(out, "faultStoppedAt", e.faultStoppedAt().toString(), false);
        member(out, "faultDuration", e.faultDuration().toString(), false);
        member(out, "plannedFaultDuration", e.plannedFaultDuration().toString(), false);
        out.append(",\n    \"maxBudgetShare\": ").append(e.maxBudgetShare());
        out.append(",\n    \"remainingBudgetAtStart\": ").append(e.remainingBudgetAtStart());
        out.append(",\n    \"allowedInjections\": ").append(e.allowedInjections());
        out.append(",\n    \"injections\": ").append(e.injections());
        out.append(",\n    \"spentShare\": ").append(e.spentShare());
        out.append(",\n    \"refusedInjections\": ").append(e.refusedInjections());
        out.append(",\n    \"badEvents\": ").append(e.badEvents());
        out.append(",\n    \"totalEvents\": ").append(e.totalEvents());
        ExperimentEvidence.SteadyState st = e.steadyState();
        out.append(",\n    \"steadyState\": {\"healthyPollsRequired\": ").append(st.healthyPollsRequired());
        out.append(", \"polls\": ").append(st.polls());
        out.append(", \"unhealthyPolls\": ").append(st.unhealthyPolls());
        out.append(", \"firstDeviationAt\": ");
        quoteOrNull(out, st.firstDeviationAt().map(Instant::toString));
        out.append(", \"restoredAt\": ");
        quoteOrNull(out, st.restoredAt().map(Instant::toString));
        out.append(", \"lastDeviation\": ");
        quoteOrNull(out, st.lastDeviation());
        out.append("}\n  }");
    }

    private static void member(StringBuilder out, String name, String value, boolean first) {
        out.append(first ? "\n    \"" : ",\n    \"").append(name).append("\": ");
        Json.quote(out, value);
    }

    private static void quoteOrNull(StringBuilder out, Optional<String> value) {
        if (value.isPresent()) {
            Json.quote(out, value.get());
        } else {
            out.append("null");
        }
    }

    private static Optional<ExperimentEvidence> experiment(Object value) {
        if (value == Json.NULL) {
            return Optional.empty();
        }
        String path = "experiment.";
        Map<String, Object> e = object("experiment", value);
        Object rules = field(e, "firingRules", path);
        if (!(rules instanceof List<?> items)) {
            throw mistyped(path + "firingRules", "an array", rules);
        }
        List<String> firingRules = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            if (!(items.get(i) instanceof String rule)) {
                throw mistyped(path + "firingRules[" + i + "]", "a string", items.get(i));
            }
            firingRules.add(rule);
        }
        String sp = path + "steadyState.";
        Map<String, Object> st = object(path + "steadyState", field(e, "steadyState", path));
        long required = integer(st, "healthyPollsRequired", sp);
        if (required < 1 || required > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("drill evidence field " + sp + "healthyPollsRequired must be in [1, "
                    + Integer.MAX_VALUE + "], was " + required);
        }
        try {
            return Optional.of(new ExperimentEvidence(
                    string(e, "name", path),
                    string(e, "slo", path),
                    string(e, "chaosPolicy", path),
                    string(e, "faultKind", path),
                    enumValue(ExperimentEvidence.Ending.class, e, "ending", path),
                    firingRules,
                    instant(e, "faultStartedAt", path),
                    instant(e, "faultStoppedAt", path),
                    duration(e, "plannedFaultDuration", path),
                    number(e, "maxBudgetShare", path),
                    number(e, "remainingBudgetAtStart", path),
                    integer(e, "allowedInjections", path),
                    integer(e, "injections", path),
                    integer(e, "refusedInjections", path),
                    integer(e, "badEvents", path),
                    integer(e, "totalEvents", path),
                    new ExperimentEvidence.SteadyState(
                            (int) required,
                            integer(st, "polls", sp),
                            integer(st, "unhealthyPolls", sp),
                            optional(st, "firstDeviationAt", sp).map(v -> instant(st, "firstDeviationAt", sp)),
                            optional(st, "restoredAt", sp).map(v -> instant(st, "restoredAt", sp)),
                            optional(st, "lastDeviation", sp).map(v -> string(st, "lastDeviation", sp)))));
        } catch (IllegalArgumentException x) {
            String message = String.valueOf(x.getMessage());
            if (message.startsWith("drill evidence field")) {
                throw x;
            }
            throw new IllegalArgumentException("drill evidence field " + path + message, x);
        }
    }

    /** The field's value, or empty if it is JSON {@code null}; missing fields still throw. */
    private static Optional<Object> optional(Map<String, Object> parent, String name, String path) {
        Object value = field(parent, name, path);
        return value == Json.NULL ? Optional.empty() : Optional.of(value);
    }

    private static double number(Map<String, Object> parent, String name, String path) {
        Object value = field(parent, name, path);
        if (!(value instanceof BigDecimal n)) {
            throw mistyped(path + name, "a number", value);
        }
        double d = n.doubleValue();
        if (!Double.isFinite(d)) {
            throw mistyped(path + name, "a finite number", value);
        }
        return d;
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

    static String json(Optional<Lag> lag) {
        return lag.map(DrillEvidence::json).orElse("null");
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
