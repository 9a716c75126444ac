package dev.nines.slo.incident;

/**
 * Decides an incident's severity from the highest burn rate and impact ratio its signals reported.
 * Replace it with {@link IncidentRecorder.Builder#severityRule(SeverityRule)}; the recorder calls
 * it under its lock, so it must be fast and must not call back into the recorder.
 *
 * <pre>{@code
 * SeverityRule strict = (burnRate, impactRatio) ->
 *         burnRate >= 6 || impactRatio >= 0.1 ? IncidentSeverity.SEV1 : IncidentSeverity.SEV3;
 * }</pre>
 */
@FunctionalInterface
public interface SeverityRule {

    /**
     * Returns the severity of an incident whose signals reported at most {@code burnRate} and
     * {@code impactRatio}.
     *
     * @param burnRate the highest error-budget burn rate reported, 0 if none
     * @param impactRatio the highest fraction of failing requests reported, in [0, 1], 0 if unknown
     * @return the severity
     */
    IncidentSeverity severity(double burnRate, double impactRatio);

    /**
     * Returns the default rule, after the SRE Workbook's burn-rate thresholds for a 30-day SLO:
     * {@link IncidentSeverity#SEV1} at a burn rate of 14.4 (2% of the budget in an hour) or half the
     * requests failing; {@link IncidentSeverity#SEV2} at 6 (5% in 6 hours) or 20%;
     * {@link IncidentSeverity#SEV3} at 1 or 5%; {@link IncidentSeverity#SEV4} otherwise (a breaker
     * or a health check failing with no user impact reported yet).
     *
     * @return the default rule
     */
    static SeverityRule standard() {
        return (burnRate, impactRatio) -> {
            if (burnRate >= 14.4 || impactRatio >= 0.5) {
                return IncidentSeverity.SEV1;
            }
            if (burnRate >= 6 || impactRatio >= 0.2) {
                return IncidentSeverity.SEV2;
            }
            if (burnRate >= 1 || impactRatio >= 0.05) {
                return IncidentSeverity.SEV3;
            }
            return IncidentSeverity.SEV4;
        };
    }
}
