package dev.nines.core.health;

import dev.nines.core.internal.Arguments;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Kubernetes probe thresholds for one check: the reported verdict flips only after
 * {@code failureThreshold} strictly consecutive failures or {@code successThreshold} strictly
 * consecutive successes; a result of the other kind resets the run. Until the first run reaches its
 * threshold there is no verdict. While the verdict stands, each new result of the same kind
 * replaces the reported result (so {@code UP} to {@code DEGRADED} shows at once).
 *
 * <p>Public so that other modules (the failover controller) apply the same thresholds to results
 * they receive instead of writing a second implementation.
 *
 * <p>Thread-safe (results from overlapping runs are serialised; no blocking inside the lock).
 *
 * <pre>{@code
 * Hysteresis hysteresis = Hysteresis.of(3, 2);
 * HealthResult verdict = hysteresis.offer(HealthResult.down("timeout")); // null: no verdict yet
 * }</pre>
 */
public final class Hysteresis {

    private final int failureThreshold;
    private final int successThreshold;
    private @Nullable HealthResult reported;
    private boolean reportedHealthy;
    private boolean lastHealthy;
    private int run;

    Hysteresis(int failureThreshold, int successThreshold) {
        this.failureThreshold = failureThreshold;
        this.successThreshold = successThreshold;
    }

    /**
     * Creates a hysteresis with the given thresholds and no verdict.
     *
     * @param failureThreshold consecutive failures that make the verdict unhealthy, at least 1
     * @param successThreshold consecutive successes that make the verdict healthy, at least 1
     * @return a new hysteresis
     * @throws IllegalArgumentException if a threshold is below 1
     */
    public static Hysteresis of(int failureThreshold, int successThreshold) {
        return new Hysteresis(
                Arguments.atLeast("failureThreshold", failureThreshold, 1),
                Arguments.atLeast("successThreshold", successThreshold, 1));
    }

    /**
     * Offers one raw result and returns the result now reported. A result counts as a success when
     * {@link HealthStatus#isHealthy()}.
     *
     * @param raw the raw result of one check run
     * @return the result now reported, or {@code null} if there is no verdict yet
     */
    public synchronized @Nullable HealthResult offer(HealthResult raw) {
        Objects.requireNonNull(raw, "raw");
        boolean healthy = raw.status().isHealthy();
        run = (run > 0 && healthy == lastHealthy) ? run + 1 : 1;
        lastHealthy = healthy;
        if (reported != null && healthy == reportedHealthy) {
            reported = raw;
        } else if (run >= (healthy ? successThreshold : failureThreshold)) {
            reported = raw;
            reportedHealthy = healthy;
        }
        return reported;
    }

    /**
     * Returns the length of the current run of results of one kind.
     *
     * @return the number of consecutive results of the latest kind; 0 before the first result
     */
    public synchronized int run() {
        return run;
    }

    /**
     * Returns the threshold for a run of the given kind.
     *
     * @param healthy {@code true} for the success threshold, {@code false} for the failure threshold
     * @return the threshold
     */
    public int threshold(boolean healthy) {
        return healthy ? successThreshold : failureThreshold;
    }
}
