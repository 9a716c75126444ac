package dev.nines.failover;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CandidateReportTest {

    @Test
    void isEligibleOnlyWhenEveryGatePassesAndListsTheFailuresInGateOrder() {
        GateResult healthy = new GateResult(Gate.HEALTHY, true, "health UP");
        GateResult lag = new GateResult(Gate.LAG, false, "lag UNKNOWN (could not be read): fails closed");
        GateResult tag = new GateResult(Gate.NOT_TAGGED, false, "tagged nofailover");
        CandidateReport blocked = new CandidateReport("b", Lag.unknown(), List.of(healthy, lag, tag));
        CandidateReport eligible = new CandidateReport("c", Lag.bytes(0), List.of(healthy));

        assertThat(blocked.eligible()).isFalse();
        assertThat(blocked.failures()).containsExactly(lag, tag);
        assertThat(eligible.eligible()).isTrue();
        assertThat(eligible.failures()).isEmpty();
        assertThat(lag).hasToString("LAG FAILED: lag UNKNOWN (could not be read): fails closed");
        assertThat(healthy).hasToString("HEALTHY ok: health UP");
    }

    @Test
    void copiesTheGateList() {
        List<GateResult> gates = new ArrayList<>();
        CandidateReport report = new CandidateReport("b", Lag.bytes(1), gates);
        gates.add(new GateResult(Gate.LAG, false, "x"));
        assertThat(report.gates()).isEmpty();
    }
}
