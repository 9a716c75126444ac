package dev.nines.failover;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a failover would do now, computed without side effects.
 *
 * @param primary the current primary
 * @param epoch the current epoch
 * @param candidate the member that would be promoted, if any passes every gate
 * @param candidates every candidate's gate results, in preference order of the eligible ones first
 * @param plan the steps a failover would take, in order, in words
 */
public record DryRunReport(
        String primary, long epoch, Optional<String> candidate, List<CandidateReport> candidates, List<String> plan) {

    /** Checks and copies the fields. */
    public DryRunReport {
        Objects.requireNonNull(primary, "primary");
        Objects.requireNonNull(candidate, "candidate");
        candidates = List.copyOf(candidates);
        plan = List.copyOf(plan);
    }
}
