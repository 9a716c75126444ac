package dev.nines.core.health;

/**
 * Kubernetes probe thresholds for one check: the reported verdict flips only after
 * {@code failureThreshold} strictly consecutive failures or {@code successThreshold} strictly
 * consecutive successes; a result of the other kind resets the run. Until the first run reaches its
 * threshold there is no verdict. While the verdict stands, each new result of the same kind
 * replaces the reported result (so {@code UP} to {@code DEGRADED} shows at once).
 *
 * <p>Thread-safe (results from overlapping runs are serialised; no blocking inside the lock).
 */
final class Hysteresis {

    private final int failureThreshold;
    private final int successThreshold;
    private HealthResult reported;
    private boolean reportedHealthy;
    private boolean lastHealthy;
    private int run;

    Hysteresis(int failureThreshold, int successThreshold) {
        this.failureThreshold = failureThreshold;
        this.successThreshold = successThreshold;
    }

    /**
     * Offers one raw result; returns the result now reported, or {@code null} if there is no verdict
     * yet.
     */
    synchronized HealthResult offer(HealthResult raw) {
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

    synchronized int run() {
        return run;
    }

    int threshold(boolean healthy) {
        return healthy ? successThreshold : failureThreshold;
    }
}
