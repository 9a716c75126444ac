package dev.nines.failover.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nines.failover.Lag;
import dev.nines.failover.audit.AuditRecord;
import dev.nines.failover.audit.AuditType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class DrillEvidenceTest {

    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

    private static DrillEvidence passed() {
        AuditRecord record = new AuditRecord(
                4,
                T0,
                AuditType.DRILL,
                "drill orders-db",
                "alice",
                "drill started: \"CHG-7\"\nline two \u2028",
                0,
                Map.of("grant", "g1"));
        return new DrillEvidence(
                "orders-db",
                "switchover",
                "orders-db/b",
                false,
                "alice",
                "CHG-7",
                "g1",
                T0,
                T0.plusSeconds(400),
                DrillEvidence.Outcome.PASSED,
                "recovered",
                Optional.of(new DrillEvidence.Recovery(T0.plusSeconds(300), T0.plusSeconds(335))),
                Optional.of(Lag.bytes(512)),
                new RecoveryTargets(Duration.ofMinutes(1), Lag.bytes(4096)),
                Optional.empty(),
                List.of(record));
    }

    private static DrillEvidence rehearsal(boolean dryRun, DrillEvidence.Outcome outcome, Optional<Lag> loss) {
        return new DrillEvidence(
                "checkout",
                "experiment",
                "checkout/payments-outage",
                dryRun,
                "alice",
                "GD-1 rehearsal",
                "g1",
                T0,
                T0,
                outcome,
                "dry run",
                Optional.empty(),
                loss,
                new RecoveryTargets(Duration.ofMinutes(1), Lag.time(Duration.ofSeconds(1))),
                Optional.empty(),
                List.of());
    }

    @Test
    void aRehearsalMayLeaveTheDataLossUnmeasuredButNeverPassesOrExceedsTheRpo() {
        DrillEvidence unmeasured = rehearsal(true, DrillEvidence.Outcome.REHEARSED, Optional.empty());
        assertThat(unmeasured.rpoMet()).isEmpty();
        assertThat(DrillEvidence.fromJson(unmeasured.toJson())).isEqualTo(unmeasured);

        assertThatThrownBy(() -> rehearsal(false, DrillEvidence.Outcome.REHEARSED, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("outcome REHEARSED needs a dry run within rpo {\"unit\": \"TIME\", \"duration\": \"PT1S\"}"
                        + " (or whose data loss was not measured), was dryRun=false, dataLoss=null");
        assertThatThrownBy(() ->
                        rehearsal(true, DrillEvidence.Outcome.REHEARSED, Optional.of(Lag.time(Duration.ofSeconds(5)))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("outcome REHEARSED needs a dry run within rpo");
        assertThatThrownBy(() -> rehearsal(true, DrillEvidence.Outcome.PASSED, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("outcome PASSED needs a real run");
    }

    @Test
    void theDocumentHasTheDocumentedFieldsInOrderAndReadsBackEqual() {
        DrillEvidence evidence = passed();
        String json = evidence.toJson();
        List<String> order = List.of(
                "\"format\": \"nines-drill-evidence\"",
                "\"version\": 2",
                "\"system\": \"orders-db\"",
                "\"kind\": \"switchover\"",
                "\"target\": \"orders-db/b\"",
                "\"dryRun\": false",
                "\"actor\": \"alice\"",
                "\"reason\": \"CHG-7\"",
                "\"grant\": \"g1\"",
                "\"startedAt\": \"2026-03-02T09:00:00Z\"",
                "\"finishedAt\": \"2026-03-02T09:06:40Z\"",
                "\"outcome\": \"PASSED\"",
                "\"detail\": \"recovered\"",
                "\"recovery\": {\"disruptedAt\": \"2026-03-02T09:05:00Z\", \"restoredAt\": \"2026-03-02T09:05:35Z\", "
                        + "\"time\": \"PT35S\"}",
                "\"dataLoss\": {\"unit\": \"BYTES\", \"amount\": 512}",
                "\"targets\": {\"rto\": \"PT1M\", \"rpo\": {\"unit\": \"BYTES\", \"amount\": 4096}}",
                "\"rtoMet\": true",
                "\"rpoMet\": true",
                "\"experiment\": null",
                "\"auditRecords\": [");
        int at = -1;
        for (String field : order) {
            int next = json.indexOf(field);
            assertThat(next).as(field).isGreaterThan(at);
            at = next;
        }
        assertThat(DrillEvidence.fromJson(json)).isEqualTo(evidence);
    }

    @Test
    void aMissingFieldIsNamed() {
        String json = passed().toJson().replace("  \"grant\": \"g1\",\n", "");
        assertThatThrownBy(() -> DrillEvidence.fromJson(json))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("drill evidence field grant is missing");
    }

    @Test
    void aMistypedFieldIsNamedWithItsValue() {
        assertThatThrownBy(
                        () -> DrillEvidence.fromJson(passed().toJson().replace("\"dryRun\": false", "\"dryRun\": 0")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("drill evidence field dryRun must be true or false, was 0");
        assertThatThrownBy(() -> DrillEvidence.fromJson(passed().toJson()
                        .replace("\"startedAt\": \"2026-03-02T09:00:00Z\"", "\"startedAt\": \"monday\"")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("drill evidence field startedAt must be an ISO-8601 instant, was \"monday\"");
        assertThatThrownBy(() -> DrillEvidence.fromJson(passed().toJson().replace("\"PT1M\"", "\"1 minute\"")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("drill evidence field targets.rto must be an ISO-8601 duration, was \"1 minute\"");
        assertThatThrownBy(() -> DrillEvidence.fromJson(passed().toJson().replace("\"PASSED\"", "\"OK\"")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("drill evidence field outcome must be one of [PASSED, FAILED, REHEARSED], was \"OK\"");
        assertThatThrownBy(() -> DrillEvidence.fromJson(passed().toJson().replace("\"sequence\":4", "\"sequence\":0")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("drill evidence field auditRecords[0].sequence must be at least 1, was 0");
        assertThatThrownBy(() -> DrillEvidence.fromJson(
                        passed().toJson().replace("\"unit\": \"BYTES\", \"amount\": 512", "\"unit\": \"PAGES\"")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("drill evidence field dataLoss.unit must be BYTES, TIME or UNKNOWN, was \"PAGES\"");
    }

    @Test
    void aVerdictThatContradictsTheMeasurementsIsRejected() {
        String beyondRto = passed().toJson()
                .replace(
                        "\"restoredAt\": \"2026-03-02T09:05:35Z\", \"time\": \"PT35S\"",
                        "\"restoredAt\": \"2026-03-02T09:07:00Z\", \"time\": \"PT2M\"");
        assertThatThrownBy(() -> DrillEvidence.fromJson(beyondRto))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("drill evidence field outcome PASSED needs a real run within rto PT1M");
        assertThatThrownBy(() ->
                        DrillEvidence.fromJson(passed().toJson().replace("\"time\": \"PT35S\"", "\"time\": \"PT5S\"")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("drill evidence field recovery.time must be PT35S, was PT5S");
        assertThatThrownBy(() ->
                        DrillEvidence.fromJson(passed().toJson().replace("\"rpoMet\": true", "\"rpoMet\": false")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("drill evidence field rpoMet must be true, was false");
    }

    @Test
    void malformedJsonAndAnotherFormatAreRejected() {
        assertThatThrownBy(() -> DrillEvidence.fromJson("{\"format\": \"nines-drill-evidence\""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("malformed JSON at offset");
        assertThatThrownBy(() -> DrillEvidence.fromJson(passed().toJson().replace("\"version\": 2", "\"version\": 3")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("drill evidence field version must be 1 or 2, was 3");
        assertThatThrownBy(() -> DrillEvidence.fromJson("[]"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("drill evidence field (document) must be an object, was []");
    }

    @Property(tries = 300)
    void everyEvidenceDocumentReadsBackEqual(@ForAll("evidence") DrillEvidence evidence) {
        assertThat(DrillEvidence.fromJson(evidence.toJson())).isEqualTo(evidence);
    }

    @Provide
    Arbitrary<DrillEvidence> evidence() {
        Arbitrary<String> text =
                Arbitraries.strings().ofMinLength(1).ofMaxLength(12).filter(s -> !s.isBlank());
        Arbitrary<Lag> lag = Arbitraries.oneOf(
                Arbitraries.longs().between(0, Long.MAX_VALUE).map(Lag::bytes),
                Arbitraries.longs().between(0, 10_000_000_000_000L).map(n -> Lag.time(Duration.ofNanos(n))),
                Arbitraries.just(Lag.unknown()));
        Arbitrary<Long> seconds = Arbitraries.longs().between(0, 10_000_000);
        Arbitrary<List<AuditRecord>> records = Combinators.combine(
                        Arbitraries.longs().between(1, Long.MAX_VALUE),
                        Arbitraries.of(AuditType.class),
                        text,
                        Arbitraries.strings().ofMaxLength(20),
                        Arbitraries.longs(),
                        Arbitraries.maps(text, Arbitraries.strings().ofMaxLength(8))
                                .ofMaxSize(3))
                .as((seq, type, who, why, epoch, inputs) ->
                        new AuditRecord(seq, T0.plusSeconds(seq % 1000), type, who, who, why, epoch, inputs))
                .list()
                .ofMaxSize(4);
        return Combinators.combine(text, Arbitraries.of(true, false), seconds, seconds, lag, lag, text, records)
                .as((name, dry, a, b, loss, rpo, detail, audit) -> {
                    Instant start = T0.plusSeconds(Math.min(a, b));
                    Instant end = T0.plusSeconds(Math.max(a, b));
                    RecoveryTargets targets =
                            new RecoveryTargets(Duration.ofSeconds(1 + a % 600), rpo.isKnown() ? rpo : Lag.bytes(0));
                    Optional<DrillEvidence.Recovery> recovery =
                            dry ? Optional.empty() : Optional.of(new DrillEvidence.Recovery(start, end));
                    DrillEvidence.Outcome outcome = DrillEvidence.Outcome.FAILED;
                    if (dry && targets.rpoMet(loss)) {
                        outcome = DrillEvidence.Outcome.REHEARSED;
                    } else if (!dry
                            && targets.rpoMet(loss)
                            && targets.rtoMet(recovery.orElseThrow().time())) {
                        outcome = DrillEvidence.Outcome.PASSED;
                    }
                    return new DrillEvidence(
                            name,
                            "switchover",
                            name + "/b",
                            dry,
                            name,
                            detail,
                            "g" + a,
                            start,
                            end,
                            outcome,
                            detail,
                            recovery,
                            Optional.of(loss),
                            targets,
                            Optional.empty(),
                            new ArrayList<>(audit));
                });
    }

    @Test
    void inputsKeepTheirOrder() {
        Map<String, String> inputs = new LinkedHashMap<>();
        inputs.put("z", "1");
        inputs.put("a", "2");
        AuditRecord record = new AuditRecord(1, T0, AuditType.STEP, "s", "a", "r", 1, inputs);
        DrillEvidence evidence = new DrillEvidence(
                "s",
                "k",
                "t",
                true,
                "a",
                "r",
                "g",
                T0,
                T0,
                DrillEvidence.Outcome.FAILED,
                "",
                Optional.empty(),
                Optional.of(Lag.unknown()),
                RecoveryTargets.of(Duration.ofSeconds(1), Duration.ZERO),
                Optional.empty(),
                List.of(record));
        assertThat(DrillEvidence.fromJson(evidence.toJson())
                        .auditRecords()
                        .get(0)
                        .inputs()
                        .keySet())
                .containsExactly("z", "a");
    }
}
