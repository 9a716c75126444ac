package dev.nines.core.health;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of evaluating one group: its aggregated status and the reported result of each member
 * check (after thresholds and expiry), in check-name order.
 *
 * @param name the group name
 * @param status the aggregated status
 * @param checks the member checks' results by name; unmodifiable
 * @param reason why the group status is not the aggregate of its checks (startup gating), if so
 * @param evaluatedAt when the evaluation finished
 */
public record HealthGroupResult(
        String name,
        HealthStatus status,
        Map<String, HealthResult> checks,
        Optional<String> reason,
        Instant evaluatedAt) {

    /**
     * Checks the components.
     *
     * @param name the group name
     * @param status the aggregated status
     * @param checks the member checks' results by name
     * @param reason the reason, or empty
     * @param evaluatedAt when the evaluation finished
     */
    public HealthGroupResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(checks, "checks");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(evaluatedAt, "evaluatedAt");
    }
}
