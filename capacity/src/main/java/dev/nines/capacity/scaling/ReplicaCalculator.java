package dev.nines.capacity.scaling;

import dev.nines.core.internal.Arguments;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The replica calculation of the Kubernetes HorizontalPodAutoscaler, for one metric:
 * {@code desired = ceil(usageRatio x pods)} where {@code usageRatio = current / target}, no change
 * while the ratio is within the tolerance ({@code [1 - scaleDownTolerance, 1 + scaleUpTolerance]},
 * 0.1 each by default).
 *
 * <p>Reproduces {@code replica_calculator.go}, including its integer arithmetic: utilization is the
 * truncated integer percent {@code sum(usage) * 100 / sum(request)}, an average value is the
 * truncated integer milli-value {@code sum(usage) / pods}. Pods without a sample count as using
 * 100% of their request (or the target, if above 100%; the target itself for average values) when
 * the metric proposes a scale-down and 0 when it proposes a scale-up; unready and pending pods are
 * set aside, and count as using 0 only when the metric proposes a scale-up. If those assumptions
 * reverse the direction or land within tolerance, the proposal is the current count.
 *
 * <p>The tolerance check is Kubernetes 1.33's {@code Tolerances.isWithin}; earlier releases used
 * {@code |1 - ratio| <= tolerance}, which in doubles scales at a ratio of exactly 1.1 where this
 * (and Kubernetes now) holds. Stateless and thread-safe.
 *
 * <pre>{@code
 * ReplicaCalculator calc = ReplicaCalculator.ofDefaults();
 * MetricProposal p = calc.propose(2, new MetricReading.PodMetrics("cpu", MetricTarget.utilization(50), true,
 *     List.of(PodSample.ready("a", 900, 1000), PodSample.ready("b", 900, 1000))));
 * // 90% against 50%: ceil(1.8 x 2) = 4 replicas
 * }</pre>
 */
public final class ReplicaCalculator {

    /** Kubernetes' default tolerance, {@code --horizontal-pod-autoscaler-tolerance}. */
    public static final double DEFAULT_TOLERANCE = 0.1;

    private static final ReplicaCalculator DEFAULTS = new ReplicaCalculator(DEFAULT_TOLERANCE, DEFAULT_TOLERANCE);

    private final double scaleDownTolerance;
    private final double scaleUpTolerance;

    private ReplicaCalculator(double scaleDownTolerance, double scaleUpTolerance) {
        this.scaleDownTolerance = scaleDownTolerance;
        this.scaleUpTolerance = scaleUpTolerance;
    }

    /**
     * Returns a calculator with Kubernetes' default tolerance of 0.1 each way.
     *
     * @return the calculator
     */
    public static ReplicaCalculator ofDefaults() {
        return DEFAULTS;
    }

    /**
     * Returns a calculator with the given tolerances (Kubernetes 1.33 configurable tolerance).
     *
     * <p>Kubernetes accepts any tolerance of at least 0 (its replica-calculator tests use a scale-down
     * tolerance of 2); a scale-down tolerance of 1 or more means the metric never proposes a scale-down.
     *
     * @param scaleDownTolerance no scale-down while {@code usageRatio >= 1 - scaleDownTolerance}, finite, at least 0
     * @param scaleUpTolerance no scale-up while {@code usageRatio <= 1 + scaleUpTolerance}, finite, at least 0
     * @return the calculator
     * @throws IllegalArgumentException if a tolerance is negative, NaN or infinite
     */
    public static ReplicaCalculator of(double scaleDownTolerance, double scaleUpTolerance) {
        Arguments.atLeast("scaleDownTolerance", scaleDownTolerance, 0.0);
        Arguments.atLeast("scaleUpTolerance", scaleUpTolerance, 0.0);
        return new ReplicaCalculator(scaleDownTolerance, scaleUpTolerance);
    }

    /**
     * Returns the scale-down tolerance.
     *
     * @return the tolerance below 1.0
     */
    public double scaleDownTolerance() {
        return scaleDownTolerance;
    }

    /**
     * Returns the scale-up tolerance.
     *
     * @return the tolerance above 1.0
     */
    public double scaleUpTolerance() {
        return scaleUpTolerance;
    }

    /**
     * Returns whether a usage ratio is close enough to 1.0 to skip scaling.
     *
     * @param usageRatio current divided by target
     * @return {@code true} if within {@code [1 - scaleDownTolerance, 1 + scaleUpTolerance]}
     */
    public boolean isWithinTolerance(double usageRatio) {
        return (1.0 - scaleDownTolerance) <= usageRatio && usageRatio <= (1.0 + scaleUpTolerance);
    }

    /**
     * Returns the replica count one metric proposes. The count is not yet bounded by min/max nor
     * shaped by any behaviour.
     *
     * @param currentReplicas the scale target's current replica count, not negative
     * @param reading the metric
     * @return the proposal, {@link MetricProposal.Invalid} when the metric cannot be used (no pods,
     *     no samples from ready pods, a utilization target with no request)
     * @throws IllegalArgumentException if {@code currentReplicas} is negative
     */
    public MetricProposal propose(int currentReplicas, MetricReading reading) {
        Arguments.atLeast("currentReplicas", currentReplicas, 0);
        Objects.requireNonNull(reading, "reading");
        if (reading instanceof MetricReading.PodMetrics pods) {
            return proposeForPods(currentReplicas, pods);
        } else if (reading instanceof MetricReading.ObjectMetric object) {
            return proposeForObject(currentReplicas, object);
        } else {
            MetricReading.Unavailable unavailable = (MetricReading.Unavailable) reading;
            return new MetricProposal.Invalid(unavailable.name(), unavailable.reason());
        }
    }

    private MetricProposal proposeForPods(int currentReplicas, MetricReading.PodMetrics reading) {
        String name = reading.name();
        if (reading.pods().isEmpty()) {
            return new MetricProposal.Invalid(name, "no pods returned by selector while calculating replica count");
        }
        List<PodSample> withMetrics = new ArrayList<>();
        List<PodSample> unready = new ArrayList<>();
        List<PodSample> missing = new ArrayList<>();
        int readyPodCount = 0;
        for (PodSample pod : reading.pods()) {
            if (pod.status() == PodSample.Status.IGNORED) {
                continue;
            }
            if (pod.status() == PodSample.Status.PENDING) {
                unready.add(pod);
                continue;
            }
            if (pod.usageMilli().isEmpty()) {
                missing.add(pod);
                continue;
            }
            if (reading.cpu() && pod.status() == PodSample.Status.UNREADY) {
                unready.add(pod);
                continue;
            }
            readyPodCount++;
            withMetrics.add(pod);
        }
        if (withMetrics.isEmpty()) {
            return new MetricProposal.Invalid(
                    name, "did not receive metrics for targeted pods (pods might be unready)");
        }
        MetricTarget target = reading.target();
        long[] usage = new long[withMetrics.size() + missing.size() + unready.size()];
        long[] request = new long[usage.length];
        int n = 0;
        for (PodSample pod : withMetrics) {
            usage[n] = pod.usageMilli().getAsLong();
            request[n++] = pod.requestMilli();
        }
        double usageRatio = ratio(target, usage, request, n);
        if (Double.isNaN(usageRatio)) {
            return new MetricProposal.Invalid(name, "missing request for " + name);
        }
        boolean scaleUpWithUnready = !unready.isEmpty() && usageRatio > 1.0;
        if (!scaleUpWithUnready && missing.isEmpty()) {
            if (isWithinTolerance(usageRatio)) {
                return new MetricProposal.Replicas(name, currentReplicas, usageRatio, true);
            }
            return new MetricProposal.Replicas(name, ceilToInt(usageRatio * (double) readyPodCount), usageRatio, false);
        }
        if (!missing.isEmpty() && usageRatio != 1.0) {
            for (PodSample pod : missing) {
                long assumed = 0L;
                if (usageRatio < 1.0) {
                    // on a scale-down, a pod without a sample is assumed busy, so it slows the scale-down
                    assumed = target instanceof MetricTarget.Utilization u
                            ? pod.requestMilli() * Math.max(100L, u.averageUtilizationPercent()) / 100L
                            : ((MetricTarget.AverageValue) target).averageValueMilli();
                }
                usage[n] = assumed;
                request[n++] = pod.requestMilli();
            }
        }
        if (scaleUpWithUnready) {
            for (PodSample pod : unready) {
                usage[n] = 0L;
                request[n++] = pod.requestMilli();
            }
        }
        double newUsageRatio = ratio(target, usage, request, n);
        if (Double.isNaN(newUsageRatio)
                || isWithinTolerance(newUsageRatio)
                || (usageRatio < 1.0 && newUsageRatio > 1.0)
                || (usageRatio > 1.0 && newUsageRatio < 1.0)) {
            return new MetricProposal.Replicas(name, currentReplicas, usageRatio, true);
        }
        int newReplicas = ceilToInt(newUsageRatio * (double) n);
        if ((newUsageRatio < 1.0 && newReplicas > currentReplicas)
                || (newUsageRatio > 1.0 && newReplicas < currentReplicas)) {
            return new MetricProposal.Replicas(name, currentReplicas, usageRatio, true);
        }
        return new MetricProposal.Replicas(name, newReplicas, usageRatio, false);
    }

    /** Usage ratio with Kubernetes' integer truncation; NaN when a utilization has no request. */
    private static double ratio(MetricTarget target, long[] usage, long[] request, int n) {
        long usageTotal = 0L;
        for (int i = 0; i < n; i++) {
            usageTotal += usage[i];
        }
        if (target instanceof MetricTarget.Utilization u) {
            long requestTotal = 0L;
            for (int i = 0; i < n; i++) {
                requestTotal += request[i];
            }
            if (requestTotal == 0L) {
                return Double.NaN;
            }
            int currentUtilization = (int) ((usageTotal * 100L) / requestTotal);
            return (double) currentUtilization / (double) u.averageUtilizationPercent();
        }
        long currentUsage = usageTotal / n;
        return (double) currentUsage / (double) ((MetricTarget.AverageValue) target).averageValueMilli();
    }

    private MetricProposal proposeForObject(int currentReplicas, MetricReading.ObjectMetric reading) {
        String name = reading.name();
        long usage = reading.usageMilli();
        if (reading.target() instanceof MetricTarget.Value value) {
            double usageRatio = (double) usage / (double) value.valueMilli();
            if (currentReplicas != 0) {
                if (isWithinTolerance(usageRatio)) {
                    return new MetricProposal.Replicas(name, currentReplicas, usageRatio, true);
                }
                return new MetricProposal.Replicas(
                        name, ceilToInt(usageRatio * (double) reading.readyPods()), usageRatio, false);
            }
            // scale from zero: no tolerance, no pods to count
            return new MetricProposal.Replicas(name, ceilToInt(usageRatio), usageRatio, false);
        }
        long perPod = ((MetricTarget.AverageValue) reading.target()).averageValueMilli();
        double usageRatio = (double) usage / ((double) perPod * (double) currentReplicas);
        if (isWithinTolerance(usageRatio)) {
            return new MetricProposal.Replicas(name, currentReplicas, usageRatio, true);
        }
        return new MetricProposal.Replicas(name, ceilToInt((double) usage / (double) perPod), usageRatio, false);
    }

    private static int ceilToInt(double value) {
        double ceil = Math.ceil(value);
        return ceil >= Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) ceil;
    }

    @Override
    public String toString() {
        return "ReplicaCalculator[scaleDownTolerance=" + scaleDownTolerance + ", scaleUpTolerance=" + scaleUpTolerance
                + "]";
    }
}
