package dev.nines.capacity.scaling;

import dev.nines.core.internal.Arguments;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One pod as the replica calculation sees it: its status, its metric sample (absent when the
 * metrics pipeline returned none) and its resource request.
 *
 * <p>The calculation classifies pods in the order Kubernetes' {@code groupPods} does: ignored
 * (deleted or failed), then pending (counted as unready), then missing a metric, then, for CPU
 * metrics only ({@link MetricReading.PodMetrics#cpu()}), {@link Status#UNREADY}; every other pod is
 * ready. Deciding that a running pod is unready (readiness condition, CPU initialization period of
 * 5 minutes, 30 s initial readiness delay) is the caller's job: {@link CpuReadiness} applies Kubernetes' rule.
 * Values are milli-units. Immutable.
 *
 * @param name the pod name, not blank
 * @param status the pod status
 * @param usageMilli the metric sample, empty when missing
 * @param requestMilli the pod's resource request (only used by utilization targets), not negative
 */
public record PodSample(String name, Status status, OptionalLong usageMilli, long requestMilli) {

    /** The status of a pod, in the terms of the HPA. */
    public enum Status {
        /** Running and ready. */
        READY,
        /** Running but not ready (or still initializing); only matters for CPU metrics. */
        UNREADY,
        /** Pending: never counted, treated as unready for every metric. */
        PENDING,
        /** Being deleted or failed: ignored entirely. */
        IGNORED
    }

    /**
     * Validates the sample.
     *
     * @throws IllegalArgumentException if the name is blank or a value is negative
     * @throws NullPointerException if an argument is null
     */
    public PodSample {
        Arguments.notBlank("name", name);
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(usageMilli, "usageMilli");
        if (usageMilli.isPresent()) {
            Arguments.atLeast("usageMilli", usageMilli.getAsLong(), 0L);
        }
        Arguments.atLeast("requestMilli", requestMilli, 0L);
    }

    /**
     * Returns a ready pod with a sample.
     *
     * @param name the pod name
     * @param usageMilli the sample, milli-units
     * @param requestMilli the request, milli-units
     * @return the pod
     */
    public static PodSample ready(String name, long usageMilli, long requestMilli) {
        return new PodSample(name, Status.READY, OptionalLong.of(usageMilli), requestMilli);
    }

    /**
     * Returns a ready pod with a sample and no request (for average-value targets).
     *
     * @param name the pod name
     * @param usageMilli the sample, milli-units
     * @return the pod
     */
    public static PodSample ready(String name, long usageMilli) {
        return ready(name, usageMilli, 0L);
    }

    /**
     * Returns a running pod that is not ready, with a sample.
     *
     * @param name the pod name
     * @param usageMilli the sample, milli-units
     * @param requestMilli the request, milli-units
     * @return the pod
     */
    public static PodSample unready(String name, long usageMilli, long requestMilli) {
        return new PodSample(name, Status.UNREADY, OptionalLong.of(usageMilli), requestMilli);
    }

    /**
     * Returns a running pod for which the metrics pipeline returned no sample.
     *
     * @param name the pod name
     * @param requestMilli the request, milli-units
     * @return the pod
     */
    public static PodSample missing(String name, long requestMilli) {
        return new PodSample(name, Status.READY, OptionalLong.empty(), requestMilli);
    }

    /**
     * Returns a pending pod.
     *
     * @param name the pod name
     * @param requestMilli the request, milli-units
     * @return the pod
     */
    public static PodSample pending(String name, long requestMilli) {
        return new PodSample(name, Status.PENDING, OptionalLong.empty(), requestMilli);
    }

    /**
     * Returns a pod that is being deleted or has failed.
     *
     * @param name the pod name
     * @return the pod
     */
    public static PodSample ignored(String name) {
        return new PodSample(name, Status.IGNORED, OptionalLong.empty(), 0L);
    }
}
