package dev.nines.failover;

import java.util.Objects;

/**
 * The outcome of one gate for one candidate.
 *
 * @param gate the gate
 * @param passed whether the candidate passed
 * @param detail what was compared, in words (e.g. {@code "lag 5242880 bytes > limit 1048576 bytes"})
 */
public record GateResult(Gate gate, boolean passed, String detail) {

    /** Checks the fields. */
    public GateResult {
        Objects.requireNonNull(gate, "gate");
        Objects.requireNonNull(detail, "detail");
    }

    @Override
    public String toString() {
        return gate + (passed ? " ok" : " FAILED") + ": " + detail;
    }
}
