package dev.nines.failover;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Every gate result of one promotion candidate.
 *
 * @param memberId the candidate
 * @param lag the candidate's last reported lag
 * @param gates the result of every gate, in {@link Gate} order
 */
public record CandidateReport(String memberId, Lag lag, List<GateResult> gates) {

    /** Checks and copies the fields. */
    public CandidateReport {
        Objects.requireNonNull(memberId, "memberId");
        Objects.requireNonNull(lag, "lag");
        gates = List.copyOf(gates);
    }

    /**
     * Returns whether every gate passed.
     *
     * @return {@code true} if the candidate may be promoted
     */
    public boolean eligible() {
        for (GateResult gate : gates) {
            if (!gate.passed()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Returns the failed gates, the reasons this candidate was not promoted.
     *
     * @return the failed gate results, possibly empty
     */
    public List<GateResult> failures() {
        List<GateResult> out = new ArrayList<>();
        for (GateResult gate : gates) {
            if (!gate.passed()) {
                out.add(gate);
            }
        }
        return List.copyOf(out);
    }
}
