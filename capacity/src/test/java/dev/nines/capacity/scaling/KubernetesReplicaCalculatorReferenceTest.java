package dev.nines.capacity.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Differential test of {@link ReplicaCalculator} against a reference model written the way
 * Kubernetes' replica_calculator.go is (maps of pod name to metric, sets of unready, missing and
 * ignored pods, metrics removed and re-added), so that a slip in our array-based version shows up.
 */
class KubernetesReplicaCalculatorReferenceTest {

    private static final double TOLERANCE = 0.1;

    /**
     * Kubernetes' Tolerances.isWithin (1.33 and later). Before 1.33 the check was
     * {@code math.Abs(1.0-usageRatio) <= tolerance}, which differs exactly at the boundary: 1.1 - 1.0
     * is 0.10000000000000009 in doubles, so a ratio of exactly 1.1 scaled then and holds now.
     */
    private static boolean isWithin(double usageRatio) {
        return (1.0 - TOLERANCE) <= usageRatio && usageRatio <= (1.0 + TOLERANCE);
    }

    /** groupPods + GetResourceReplicas / calcPlainMetricReplicas, in Go's shape. */
    private static Integer reference(int currentReplicas, MetricTarget target, boolean cpu, List<PodSample> pods) {
        Map<String, Long> metrics = new HashMap<>();
        Map<String, Long> requests = new HashMap<>();
        for (PodSample pod : pods) {
            pod.usageMilli().ifPresent(u -> metrics.put(pod.name(), u));
            requests.put(pod.name(), pod.requestMilli());
        }
        int readyPodCount = 0;
        Set<String> unready = new HashSet<>();
        Set<String> missing = new HashSet<>();
        Set<String> ignored = new HashSet<>();
        for (PodSample pod : pods) {
            if (pod.status() == PodSample.Status.IGNORED) {
                ignored.add(pod.name());
                continue;
            }
            if (pod.status() == PodSample.Status.PENDING) {
                unready.add(pod.name());
                continue;
            }
            if (!metrics.containsKey(pod.name())) {
                missing.add(pod.name());
                continue;
            }
            if (cpu && pod.status() == PodSample.Status.UNREADY) {
                unready.add(pod.name());
                continue;
            }
            readyPodCount++;
        }
        metrics.keySet().removeAll(ignored);
        metrics.keySet().removeAll(unready);
        if (metrics.isEmpty()) {
            return null;
        }
        Double usageRatio = ratio(metrics, requests, target);
        if (usageRatio == null) {
            return null;
        }
        boolean scaleUpWithUnready = !unready.isEmpty() && usageRatio > 1.0;
        if (!scaleUpWithUnready && missing.isEmpty()) {
            if (isWithin(usageRatio)) {
                return currentReplicas;
            }
            return (int) Math.ceil(usageRatio * readyPodCount);
        }
        if (!missing.isEmpty()) {
            if (usageRatio < 1.0) {
                for (String pod : missing) {
                    metrics.put(
                            pod,
                            target instanceof MetricTarget.Utilization u
                                    ? requests.get(pod) * Math.max(100, u.averageUtilizationPercent()) / 100
                                    : ((MetricTarget.AverageValue) target).averageValueMilli());
                }
            } else if (usageRatio > 1.0) {
                for (String pod : missing) {
                    metrics.put(pod, 0L);
                }
            }
        }
        if (scaleUpWithUnready) {
            for (String pod : unready) {
                metrics.put(pod, 0L);
            }
        }
        Double newUsageRatio = ratio(metrics, requests, target);
        if (newUsageRatio == null) {
            return currentReplicas;
        }
        if (isWithin(newUsageRatio)
                || (usageRatio < 1.0 && newUsageRatio > 1.0)
                || (usageRatio > 1.0 && newUsageRatio < 1.0)) {
            return currentReplicas;
        }
        int newReplicas = (int) Math.ceil(newUsageRatio * metrics.size());
        if ((newUsageRatio < 1.0 && newReplicas > currentReplicas)
                || (newUsageRatio > 1.0 && newReplicas < currentReplicas)) {
            return currentReplicas;
        }
        return newReplicas;
    }

    /** GetResourceUtilizationRatio / GetMetricUsageRatio. */
    private static Double ratio(Map<String, Long> metrics, Map<String, Long> requests, MetricTarget target) {
        long total = 0;
        for (long v : metrics.values()) {
            total += v;
        }
        if (target instanceof MetricTarget.Utilization u) {
            long requestTotal = 0;
            for (String pod : metrics.keySet()) {
                requestTotal += requests.get(pod);
            }
            if (requestTotal == 0) {
                return null;
            }
            int utilization = (int) ((total * 100) / requestTotal);
            return (double) utilization / u.averageUtilizationPercent();
        }
        long average = total / metrics.size();
        return (double) average / ((MetricTarget.AverageValue) target).averageValueMilli();
    }

    @Provide
    Arbitrary<List<PodSample>> pods() {
        Arbitrary<int[]> pod = Combinators.combine(
                        Arbitraries.integers().between(0, 9),
                        Arbitraries.integers().between(0, 3000),
                        Arbitraries.integers().between(0, 2000))
                .as((kind, usage, request) -> new int[] {kind, usage, request});
        return pod.list().ofMinSize(1).ofMaxSize(25).map(specs -> {
            List<PodSample> out = new ArrayList<>();
            for (int i = 0; i < specs.size(); i++) {
                int[] s = specs.get(i);
                String name = "pod-" + i;
                out.add(
                        switch (s[0]) {
                            case 0 -> PodSample.unready(name, s[1], s[2]);
                            case 1 -> PodSample.missing(name, s[2]);
                            case 2 -> PodSample.pending(name, s[2]);
                            case 3 -> PodSample.ignored(name);
                            default -> PodSample.ready(name, s[1], s[2]);
                        });
            }
            return out;
        });
    }

    @Provide
    Arbitrary<MetricTarget> targets() {
        return Arbitraries.oneOf(
                Arbitraries.integers().between(10, 300).map(MetricTarget::utilization),
                Arbitraries.longs().between(50, 2000).map(MetricTarget::averageValue));
    }

    @Property(tries = 3000)
    void agreesWithTheKubernetesShapedReference(
            @ForAll("pods") List<PodSample> pods,
            @ForAll("targets") MetricTarget target,
            @ForAll boolean cpu,
            @ForAll @IntRange(min = 1, max = 40) int currentReplicas) {
        MetricProposal ours = ReplicaCalculator.ofDefaults()
                .propose(currentReplicas, new MetricReading.PodMetrics("m", target, cpu, pods));
        Integer expected = reference(currentReplicas, target, cpu, pods);
        if (expected == null) {
            assertThat(ours).isInstanceOf(MetricProposal.Invalid.class);
        } else {
            assertThat(ours).isInstanceOf(MetricProposal.Replicas.class);
            assertThat(((MetricProposal.Replicas) ours).replicas()).isEqualTo(expected);
        }
    }
}
