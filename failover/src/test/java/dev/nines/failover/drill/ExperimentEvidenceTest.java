package dev.nines.failover.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nines.failover.Lag;
import dev.nines.failover.audit.AuditRecord;
import dev.nines.failover.audit.AuditType;
import java.time.Duration;
import java.time.Instant;
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

class ExperimentEvidenceTest {

    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

    private static ExperimentEvidence.SteadyState steady(long polls, long unhealthy, Optional<Instant> restoredAt) {
        return new ExperimentEvidence.SteadyState(
                3,
                polls,
                unhealthy,
                unhealthy > 0 ? Optional.of(T0.plusSeconds(5)) : Optional.empty(),
                restoredAt,
                unhealthy > 0 ? Optional.of("DOWN: checkout failing") : Optional.empty());
    }

    private static ExperimentEvidence experiment(
            ExperimentEvidence.Ending ending, long allowed, long injections, ExperimentEvidence.SteadyState steady) {
        return new ExperimentEvidence(
                "game-day",
                "checkout",
                "payments-outage",
                "FAULT",
                ending,
                ending == ExperimentEvidence.Ending.ALERT_FIRING ? List.of("page-2%-1h") : List.of(),
                T0,
                T0.plusSeconds(60),
                Duration.ofMinutes(1),
                0.1,
                600.0,
                allowed,
                injections,
                0,
                12,
                600,
                steady);
    }

    private static DrillEvidence evidence(
            DrillEvidence.Outcome outcome,
            Optional<Instant> restoredAt,
            Optional<Lag> dataLoss,
            Optional<ExperimentEvidence> experiment) {
        return new DrillEvidence(
                "checkout",
                "experiment",
                "checkout/payments-outage",
                false,
                "alice",
                "GD-1",
                "g1",
                T0,
                T0.plusSeconds(80),
                outcome,
                "detail",
                restoredAt.map(at -> new DrillEvidence.Recovery(T0, at)),
                dataLoss,
                RecoveryTargets.of(Duration.ofMinutes(1), Duration.ofSeconds(1)),
                experiment,
                List.of(new AuditRecord(
                        1, T0, AuditType.EXPERIMENT, "experiment game-day", "alice", "fault injection", 0, Map.of())));
    }

    private static DrillEvidence passed() {
        Optional<Instant> restored = Optional.of(T0.plusSeconds(40));
        return evidence(
                DrillEvidence.Outcome.PASSED,
                restored,
                Optional.empty(),
                Optional.of(experiment(ExperimentEvidence.Ending.COMPLETED, 60, 7, steady(17, 6, restored))));
    }

    @Test
    void anExperimentsEvidenceReadsBackEqualAndSaysTheLossWasNotMeasured() {
        DrillEvidence evidence = passed();
        String json = evidence.toJson();
        assertThat(json)
                .contains("\"version\": 2")
                .contains("\"dataLoss\": null")
                .contains("\"rtoMet\": true")
                .contains("\"rpoMet\": null")
                .contains("\"ending\": \"COMPLETED\"")
                .contains("\"spentShare\": " + (7 / 600.0))
                .contains("\"restoredAt\": \"2026-03-02T09:00:40Z\"");
        assertThat(DrillEvidence.fromJson(json)).isEqualTo(evidence);
        assertThat(evidence.rpoMet()).isEmpty();
    }

    @Test
    void aVersionOneDocumentStillReads() {
        DrillEvidence v2 = new DrillEvidence(
                "orders-db",
                "switchover",
                "orders-db/b",
                false,
                "alice",
                "CHG-7",
                "g1",
                T0,
                T0.plusSeconds(60),
                DrillEvidence.Outcome.PASSED,
                "recovered",
                Optional.of(new DrillEvidence.Recovery(T0, T0.plusSeconds(30))),
                Optional.of(Lag.bytes(10)),
                new RecoveryTargets(Duration.ofMinutes(1), Lag.bytes(4096)),
                Optional.empty(),
                List.of());
        String v1 = v2.toJson().replace("\"version\": 2", "\"version\": 1").replace("  \"experiment\": null,\n", "");
        assertThat(v1).doesNotContain("experiment");
        assertThat(DrillEvidence.fromJson(v1)).isEqualTo(v2);
    }

    @Test
    void aVerdictThatContradictsTheExperimentIsRejected() {
        Optional<Instant> restored = Optional.of(T0.plusSeconds(40));
        assertThatThrownBy(() -> evidence(
                        DrillEvidence.Outcome.PASSED,
                        restored,
                        Optional.empty(),
                        Optional.of(
                                experiment(ExperimentEvidence.Ending.ALERT_FIRING, 60, 7, steady(17, 6, restored)))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("outcome PASSED needs a real run within rto PT1M")
                .hasMessageEndingWith("experiment ending=ALERT_FIRING");
        assertThatThrownBy(() -> evidence(DrillEvidence.Outcome.PASSED, restored, Optional.empty(), Optional.empty()))
                .as("only an experiment may leave the data loss unmeasured")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dataLoss=null");
        assertThatThrownBy(() -> evidence(
                        DrillEvidence.Outcome.FAILED,
                        restored,
                        Optional.empty(),
                        Optional.of(experiment(
                                ExperimentEvidence.Ending.COMPLETED,
                                60,
                                7,
                                steady(17, 6, Optional.of(T0.plusSeconds(45)))))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("recovery of an experiment must run from faultStartedAt 2026-03-02T09:00:00Z to"
                        + " steadyState.restoredAt 2026-03-02T09:00:45Z, was 2026-03-02T09:00:00Z to"
                        + " 2026-03-02T09:00:40Z");
        assertThatThrownBy(
                        () -> DrillEvidence.fromJson(passed().toJson().replace("\"rpoMet\": null", "\"rpoMet\": true")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("drill evidence field rpoMet must be null, was true");
    }

    @Test
    void aBrokenExperimentFieldIsNamedWithItsValue() {
        String json = passed().toJson();
        assertThatThrownBy(() -> DrillEvidence.fromJson(json.replace("\"COMPLETED\"", "\"FINE\"")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("drill evidence field experiment.ending must be one of [COMPLETED, DEADLINE_PASSED,"
                        + " BUDGET_SHARE_SPENT, ALERT_FIRING, STOPPED, ABORTED], was \"FINE\"");
        assertThatThrownBy(() -> DrillEvidence.fromJson(json.replace("\"injections\": 7", "\"injections\": 70")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("drill evidence field experiment.injections must be at most allowedInjections 60, was 70");
        assertThatThrownBy(() -> DrillEvidence.fromJson(
                        json.replace("\"maxBudgetShare\": 0.1", "\"maxBudgetShare\": \"a tenth\"")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("drill evidence field experiment.maxBudgetShare must be a number, was \"a tenth\"");
        assertThatThrownBy(() -> DrillEvidence.fromJson(
                        json.replace("\"healthyPollsRequired\": 3", "\"healthyPollsRequired\": 0")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("drill evidence field experiment.steadyState.healthyPollsRequired must be in [1, "
                        + Integer.MAX_VALUE + "], was 0");
        assertThatThrownBy(() -> DrillEvidence.fromJson(json.replace("  \"experiment\": {", "  \"experiments\": {")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("drill evidence field experiment is missing");
    }

    @Test
    void badInputIsRejectedNamingTheFieldAndValue() {
        Optional<Instant> none = Optional.empty();
        assertThatThrownBy(() -> experiment(ExperimentEvidence.Ending.COMPLETED, 60, 61, steady(3, 0, none)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("injections must be at most allowedInjections 60, was 61");
        assertThatThrownBy(() -> experiment(ExperimentEvidence.Ending.COMPLETED, 61, 0, steady(3, 0, none)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("allowedInjections must be floor(maxBudgetShare 0.1 x remainingBudgetAtStart 600.0) = 60,"
                        + " was 61");
        assertThatThrownBy(() -> experiment(ExperimentEvidence.Ending.COMPLETED, -1, 0, steady(3, 0, none)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("allowedInjections must be at least 0, was -1");
        assertThatThrownBy(() -> new ExperimentEvidence.SteadyState(3, 2, 3, Optional.of(T0), none, Optional.of("x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unhealthyPolls must be in [0, polls 2], was 3");
        assertThatThrownBy(() -> new ExperimentEvidence.SteadyState(0, 2, 0, none, none, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("healthyPollsRequired must be at least 1, was 0");
        assertThatThrownBy(() -> new ExperimentEvidence.SteadyState(3, 2, 0, Optional.of(T0), none, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("firstDeviationAt must be present exactly when unhealthyPolls > 0");
        assertThatThrownBy(() -> new ExperimentEvidence(
                        "game-day",
                        "checkout",
                        "payments-outage",
                        "FAULT",
                        ExperimentEvidence.Ending.COMPLETED,
                        List.of("page-2%-1h"),
                        T0,
                        T0,
                        Duration.ofMinutes(1),
                        0.1,
                        600.0,
                        60,
                        0,
                        0,
                        0,
                        0,
                        steady(1, 0, none)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("firingRules must be empty unless ending is ALERT_FIRING, was [page-2%-1h] with COMPLETED");
        assertThatThrownBy(() -> new ExperimentEvidence(
                        "game-day",
                        "checkout",
                        "payments-outage",
                        "FAULT",
                        ExperimentEvidence.Ending.COMPLETED,
                        List.of(),
                        T0,
                        T0.minusSeconds(1),
                        Duration.ofMinutes(1),
                        0.1,
                        600.0,
                        60,
                        0,
                        0,
                        0,
                        0,
                        steady(1, 0, none)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("faultStoppedAt must not be before faultStartedAt 2026-03-02T09:00:00Z, was"
                        + " 2026-03-02T08:59:59Z");
        assertThatThrownBy(() -> new ExperimentEvidence(
                        "game-day",
                        "checkout",
                        "payments-outage",
                        "FAULT",
                        ExperimentEvidence.Ending.COMPLETED,
                        List.of(),
                        T0,
                        T0,
                        Duration.ofMinutes(1),
                        0.0,
                        600.0,
                        60,
                        0,
                        0,
                        0,
                        0,
                        steady(1, 0, none)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxBudgetShare")
                .hasMessageContaining("0.0");
    }

    @Property(tries = 300)
    void everyExperimentEvidenceDocumentReadsBackEqual(@ForAll("experiments") DrillEvidence evidence) {
        assertThat(DrillEvidence.fromJson(evidence.toJson())).isEqualTo(evidence);
    }

    @Provide
    Arbitrary<DrillEvidence> experiments() {
        Arbitrary<ExperimentEvidence.Ending> endings = Arbitraries.of(ExperimentEvidence.Ending.class);
        Arbitrary<Long> seconds = Arbitraries.longs().between(0, 100_000);
        Arbitrary<Long> counts = Arbitraries.longs().between(0, 1_000_000);
        // Every finite double, subnormals and extremes included, must survive the text round trip.
        Arbitrary<Double> shares = Arbitraries.longs().between(1, 1L << 53).map(n -> n / (double) (1L << 53));
        Arbitrary<Double> remaining =
                Arbitraries.longs().map(Double::longBitsToDouble).filter(Double::isFinite);
        Arbitrary<String> text =
                Arbitraries.strings().ofMinLength(1).ofMaxLength(12).filter(s -> !s.isBlank());
        return Combinators.combine(endings, seconds, seconds, counts, counts, shares, remaining, text)
                .as((ending, a, b, x, y, share, left, name) -> {
                    long polls = 1 + x % 1000;
                    long unhealthy = y % (polls + 1);
                    boolean restored = (a + b) % 2 == 0;
                    long allowed = left > 0 ? (long) Math.floor(share * left) : 0;
                    Instant restoredAt = T0.plusSeconds(Math.min(a, b));
                    ExperimentEvidence e = new ExperimentEvidence(
                            name,
                            name + "-slo",
                            name + "-chaos",
                            "LATENCY",
                            ending,
                            ending == ExperimentEvidence.Ending.ALERT_FIRING ? List.of(name, "r\"2") : List.of(),
                            T0,
                            T0.plusSeconds(Math.max(a, b)),
                            Duration.ofSeconds(1 + a),
                            share,
                            left,
                            allowed,
                            Math.min(x, allowed),
                            x % 7,
                            Math.min(x, y) / 2,
                            Math.max(x, y),
                            new ExperimentEvidence.SteadyState(
                                    1 + (int) (a % 5),
                                    polls,
                                    unhealthy,
                                    unhealthy > 0 ? Optional.of(T0.plusSeconds(b)) : Optional.empty(),
                                    restored ? Optional.of(restoredAt) : Optional.empty(),
                                    unhealthy > 0 ? Optional.of(name + "\n\u2028") : Optional.empty()));
                    boolean passes = restored && ending.ranAsPlanned() && Math.min(a, b) <= 60;
                    return evidence(
                            passes ? DrillEvidence.Outcome.PASSED : DrillEvidence.Outcome.FAILED,
                            restored ? Optional.of(restoredAt) : Optional.empty(),
                            x % 3 == 0 ? Optional.of(Lag.time(Duration.ZERO)) : Optional.empty(),
                            Optional.of(e));
                });
    }
}
