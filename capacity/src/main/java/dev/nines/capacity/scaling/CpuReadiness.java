package dev.nines.capacity.scaling;

import dev.nines.core.internal.Arguments;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Kubernetes' rule for setting aside a running pod's CPU sample as unready (the CPU branch of
 * {@code groupPods}), to build {@link PodSample#unready(String, long, long)} samples the way the
 * HPA would.
 *
 * <p>Within the CPU initialization period after the pod started (default 5 minutes,
 * {@code --horizontal-pod-autoscaler-cpu-initialization-period}), a sample counts only if the pod
 * is ready and the sample's window began after the pod became ready (start-up CPU bursts are
 * ignored). After that period, a sample is set aside only if the pod is not ready and has never
 * been ready: its readiness last changed within the initial readiness delay of its start (default
 * 30 s, {@code --horizontal-pod-autoscaler-initial-readiness-delay}). Immutable and thread-safe.
 *
 * <pre>{@code
 * boolean unready = CpuReadiness.ofDefaults().isUnready(now, podStart, ready, readySince, sampleTime, Duration.ofSeconds(30));
 * PodSample pod = unready ? PodSample.unready(name, usage, request) : PodSample.ready(name, usage, request);
 * }</pre>
 *
 * @param cpuInitializationPeriod how long after start a pod's CPU samples are suspect, not negative
 * @param initialReadinessDelay how soon after start a readiness change counts as the initial one, not negative
 */
public record CpuReadiness(Duration cpuInitializationPeriod, Duration initialReadinessDelay) {

    /**
     * Validates the durations.
     *
     * @throws IllegalArgumentException if a duration is negative
     */
    public CpuReadiness {
        Arguments.notNegative("cpuInitializationPeriod", cpuInitializationPeriod);
        Arguments.notNegative("initialReadinessDelay", initialReadinessDelay);
    }

    /**
     * Returns Kubernetes' defaults: 5 minutes and 30 seconds.
     *
     * @return the defaults
     */
    public static CpuReadiness ofDefaults() {
        return new CpuReadiness(Duration.ofMinutes(5), Duration.ofSeconds(30));
    }

    /**
     * Returns whether the HPA sets this pod's CPU sample aside as unready.
     *
     * @param now the current time
     * @param podStart when the pod started
     * @param ready whether the pod's Ready condition is true
     * @param readyTransition when the Ready condition last changed
     * @param sampleTimestamp the end of the sample's window (metrics-server timestamp)
     * @param sampleWindow the length of the sample's window
     * @return {@code true} to build the sample with {@link PodSample.Status#UNREADY}
     */
    public boolean isUnready(
            Instant now,
            Instant podStart,
            boolean ready,
            Instant readyTransition,
            Instant sampleTimestamp,
            Duration sampleWindow) {
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(podStart, "podStart");
        Objects.requireNonNull(readyTransition, "readyTransition");
        Objects.requireNonNull(sampleTimestamp, "sampleTimestamp");
        Objects.requireNonNull(sampleWindow, "sampleWindow");
        if (podStart.plus(cpuInitializationPeriod).isAfter(now)) {
            return !ready || sampleTimestamp.isBefore(readyTransition.plus(sampleWindow));
        }
        return !ready && podStart.plus(initialReadinessDelay).isAfter(readyTransition);
    }
}
