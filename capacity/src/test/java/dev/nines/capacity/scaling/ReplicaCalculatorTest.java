package dev.nines.capacity.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class ReplicaCalculatorTest {

    private final ReplicaCalculator calc = ReplicaCalculator.ofDefaults();

    private static MetricReading cpu(int targetPercent, PodSample... pods) {
        return new MetricReading.PodMetrics("cpu", MetricTarget.utilization(targetPercent), true, List.of(pods));
    }

    private static MetricReading perPod(long targetMilli, PodSample... pods) {
        return new MetricReading.PodMetrics("qps", MetricTarget.averageValue(targetMilli), false, List.of(pods));
    }

    private static int replicas(MetricProposal proposal) {
        return ((MetricProposal.Replicas) proposal).replicas();
    }

    // Kubernetes docs, "Algorithm details": current 200m against a desired 100m doubles the
    // replicas; 50m against 100m halves them.
    @Test
    void doublesReplicasWhenAverageIsTwiceTheTargetAsInTheKubernetesDocs() {
        assertThat(replicas(calc.propose(
                        3,
                        perPod(100, PodSample.ready("a", 200), PodSample.ready("b", 200), PodSample.ready("c", 200)))))
                .isEqualTo(6);
        assertThat(replicas(calc.propose(
                        4,
                        perPod(
                                100,
                                PodSample.ready("a", 50),
                                PodSample.ready("b", 50),
                                PodSample.ready("c", 50),
                                PodSample.ready("d", 50)))))
                .isEqualTo(2);
    }

    // Kubernetes replica_calculator_test.go TestReplicaCalcScaleUp: 3 pods at 300m/500m/700m of
    // 1 CPU requests, target 50%: utilization 50% against 30%... here with target 30 -> 5 replicas.
    @Test
    void scalesUpLikeKubernetesTestReplicaCalcScaleUp() {
        MetricProposal p = calc.propose(
                3,
                cpu(
                        30,
                        PodSample.ready("a", 300, 1000),
                        PodSample.ready("b", 500, 1000),
                        PodSample.ready("c", 700, 1000)));
        assertThat(replicas(p)).isEqualTo(5);
        assertThat(((MetricProposal.Replicas) p).usageRatio()).isEqualTo(50.0 / 30.0);
    }

    // Kubernetes TestReplicaCalcScaleDown: 5 pods at 100/300/500/250/250 of 1000m, target 50%:
    // utilization 28% -> ceil(0.56 x 5) = 3.
    @Test
    void scalesDownLikeKubernetesTestReplicaCalcScaleDown() {
        assertThat(replicas(calc.propose(
                        5,
                        cpu(
                                50,
                                PodSample.ready("a", 100, 1000),
                                PodSample.ready("b", 300, 1000),
                                PodSample.ready("c", 500, 1000),
                                PodSample.ready("d", 250, 1000),
                                PodSample.ready("e", 250, 1000)))))
                .isEqualTo(3);
    }

    @Test
    void holdsAtTheToleranceBoundaryAndScalesJustBeyondIt() {
        // 55% against 50% is a ratio of exactly 1.1: within the default tolerance.
        MetricProposal atBoundary = calc.propose(
                4,
                cpu(
                        50,
                        PodSample.ready("a", 550, 1000),
                        PodSample.ready("b", 550, 1000),
                        PodSample.ready("c", 550, 1000),
                        PodSample.ready("d", 550, 1000)));
        assertThat(replicas(atBoundary)).isEqualTo(4);
        assertThat(((MetricProposal.Replicas) atBoundary).withinTolerance()).isTrue();
        // 56% -> 1.12 -> ceil(4.48) = 5.
        assertThat(replicas(calc.propose(
                        4,
                        cpu(
                                50,
                                PodSample.ready("a", 560, 1000),
                                PodSample.ready("b", 560, 1000),
                                PodSample.ready("c", 560, 1000),
                                PodSample.ready("d", 560, 1000)))))
                .isEqualTo(5);
        // 45% -> 0.9: within; 44% -> 0.88 -> ceil(3.52) = 4 of 4, still 4 but no longer "within".
        assertThat(((MetricProposal.Replicas) calc.propose(
                                4,
                                cpu(
                                        50,
                                        PodSample.ready("a", 450, 1000),
                                        PodSample.ready("b", 450, 1000),
                                        PodSample.ready("c", 450, 1000),
                                        PodSample.ready("d", 450, 1000))))
                        .withinTolerance())
                .isTrue();
        assertThat(replicas(calc.propose(10, perPod(100, tenPods(80))))).isEqualTo(8);
    }

    private static PodSample[] tenPods(long each) {
        PodSample[] pods = new PodSample[10];
        for (int i = 0; i < 10; i++) {
            pods[i] = PodSample.ready("p" + i, each);
        }
        return pods;
    }

    @Test
    void truncatesUtilizationToAnIntegerPercentAsKubernetesDoes() {
        // 100m of 300m is 33% (not 33.3%): ratio 0.66 against a 50% target -> ceil(0.66 x 3) = 2.
        MetricProposal p = calc.propose(
                3, cpu(50, PodSample.ready("a", 100, 100), PodSample.ready("b", 0, 100), PodSample.ready("c", 0, 100)));
        assertThat(((MetricProposal.Replicas) p).usageRatio()).isEqualTo(0.66);
        assertThat(replicas(p)).isEqualTo(2);
    }

    // Kubernetes TestReplicaCalcMissingMetricsUnreadyScaleUp: pod 0 unready (100m), pod 1 ready
    // (2000m), pod 2 without metrics, 1 CPU requests, target 50%. Ready utilization 200% -> scale up;
    // unready and missing pods count as 0: 2000/3000 = 66% -> ceil(1.32 x 3) = 4.
    @Test
    void treatsMissingAndUnreadyPodsAsIdleOnScaleUp() {
        assertThat(replicas(calc.propose(
                        3,
                        cpu(
                                50,
                                PodSample.unready("a", 100, 1000),
                                PodSample.ready("b", 2000, 1000),
                                PodSample.missing("c", 1000)))))
                .isEqualTo(4);
    }

    // Kubernetes TestReplicaCalcMissingMetricsUnreadyScaleDown: pod 0 unready (100m), pods 1-2
    // ready (100m), pod 3 without metrics; target 50%. Ready utilization 10% -> scale down; the
    // missing pod counts as 100% of its request, the unready one is left out: 1200/3000 = 40% ->
    // ceil(0.8 x 3) = 3.
    @Test
    void treatsMissingPodsAsFullyBusyOnScaleDownAndIgnoresUnreadyOnes() {
        assertThat(replicas(calc.propose(
                        4,
                        cpu(
                                50,
                                PodSample.unready("a", 100, 1000),
                                PodSample.ready("b", 100, 1000),
                                PodSample.ready("c", 100, 1000),
                                PodSample.missing("d", 1000)))))
                .isEqualTo(3);
    }

    @Test
    void holdsWhenAMissingPodWouldReverseOrCancelTheScaleDown() {
        // 3 pods at 40% and one missing against 50%: 0.8 alone would give 3, but the missing pod at
        // 100% gives 55% = 1.1, within tolerance: hold 4.
        assertThat(replicas(calc.propose(
                        4,
                        cpu(
                                50,
                                PodSample.ready("a", 400, 1000),
                                PodSample.ready("b", 400, 1000),
                                PodSample.ready("c", 400, 1000),
                                PodSample.missing("d", 1000)))))
                .isEqualTo(4);
        // Without the missing pod: ceil(0.8 x 3) = 3.
        assertThat(replicas(calc.propose(
                        3,
                        cpu(
                                50,
                                PodSample.ready("a", 400, 1000),
                                PodSample.ready("b", 400, 1000),
                                PodSample.ready("c", 400, 1000)))))
                .isEqualTo(3);
    }

    @Test
    void assumesTheTargetForMissingPodsWhenTheUtilizationTargetExceedsOneHundredPercent() {
        // Kubernetes TestReplicaCalcMissingMetricsScaleDownTargetOver100 semantics: fallback is
        // max(100, target) percent of the request. Target 300%: ready pods at 100% -> 0.33;
        // missing pod at 300%: (1000 + 1000 + 3000) / 3000 = 166% -> 0.553... -> ceil(1.66) = 2.
        assertThat(replicas(calc.propose(
                        3,
                        cpu(
                                300,
                                PodSample.ready("a", 1000, 1000),
                                PodSample.ready("b", 1000, 1000),
                                PodSample.missing("c", 1000)))))
                .isEqualTo(2);
    }

    @Test
    void ignoresUnreadyPodsOnlyForCpu() {
        // Not CPU: an unready pod with a sample counts as ready.
        MetricReading memory = new MetricReading.PodMetrics(
                "memory",
                MetricTarget.averageValue(100),
                false,
                List.of(PodSample.unready("a", 300, 0), PodSample.ready("b", 300)));
        assertThat(replicas(calc.propose(2, memory))).isEqualTo(6);
        // CPU: the unready pod is set aside and counts 0 on the scale-up: (0 + 300) / 2 = 150 -> ceil(1.5 x 2) = 3.
        MetricReading cpu = new MetricReading.PodMetrics(
                "cpu",
                MetricTarget.averageValue(100),
                true,
                List.of(PodSample.unready("a", 300, 0), PodSample.ready("b", 300)));
        assertThat(replicas(calc.propose(2, cpu))).isEqualTo(3);
    }

    @Test
    void countsPendingPodsAsUnreadyAndSkipsDeletedOnes() {
        MetricProposal p = calc.propose(
                3, perPod(100, PodSample.ready("a", 400), PodSample.pending("b", 0), PodSample.ignored("c")));
        // ready average 400 -> 4.0; pending counts 0: (400 + 0) / 2 = 200 -> ceil(2 x 2) = 4.
        assertThat(replicas(p)).isEqualTo(4);
    }

    @Test
    void isInvalidWithoutSamplesFromReadyPodsOrWithoutRequests() {
        assertThat(calc.propose(2, cpu(50, PodSample.unready("a", 100, 1000), PodSample.missing("b", 1000))))
                .isInstanceOf(MetricProposal.Invalid.class);
        assertThat(calc.propose(1, cpu(50, PodSample.ready("a", 100, 0)))).isInstanceOf(MetricProposal.Invalid.class);
        assertThat(calc.propose(1, new MetricReading.Unavailable("rps", "adapter down")))
                .isEqualTo(new MetricProposal.Invalid("rps", "adapter down"));
    }

    @Test
    void scalesOnObjectAndExternalValuesAsKubernetesDoes() {
        // Value target: ratio x ready pods.
        assertThat(replicas(
                        calc.propose(4, new MetricReading.ObjectMetric("queue", MetricTarget.value(1000), 3000, 3))))
                .isEqualTo(9);
        // Value target from zero replicas: ceil(ratio), no tolerance.
        assertThat(replicas(
                        calc.propose(0, new MetricReading.ObjectMetric("queue", MetricTarget.value(1000), 1050, 0))))
                .isEqualTo(2);
        // AverageValue target: ceil(usage / perPod) unless usage / (perPod x current) is within tolerance.
        assertThat(replicas(calc.propose(
                        4, new MetricReading.ObjectMetric("queue", MetricTarget.averageValue(100), 1000, 4))))
                .isEqualTo(10);
        assertThat(replicas(calc.propose(
                        10, new MetricReading.ObjectMetric("queue", MetricTarget.averageValue(100), 1050, 10))))
                .isEqualTo(10);
    }

    @Test
    void usesSeparateScaleUpAndScaleDownTolerances() {
        ReplicaCalculator asymmetric = ReplicaCalculator.of(0.3, 0.05);
        assertThat(replicas(asymmetric.propose(10, perPod(100, tenPods(75))))).isEqualTo(10);
        assertThat(replicas(asymmetric.propose(10, perPod(100, tenPods(106))))).isEqualTo(11);
    }

    // Kubernetes accepts any tolerance >= 0: replica_calculator_test.go runs a scale-down tolerance of 2.
    // A scale-down tolerance of 1 or more holds at any usage, however low; scale-up still follows its own.
    @Test
    void acceptsToleranceOfOneOrMoreAsKubernetesDoesAndNeverScalesDownThen() {
        for (double down : new double[] {1.0, 2.0, 1e9}) {
            ReplicaCalculator noScaleDown = ReplicaCalculator.of(down, 0.1);
            assertThat(noScaleDown.scaleDownTolerance()).isEqualTo(down);
            MetricProposal idle = noScaleDown.propose(10, perPod(100, tenPods(1)));
            assertThat(replicas(idle)).isEqualTo(10);
            assertThat(((MetricProposal.Replicas) idle).withinTolerance()).isTrue();
            assertThat(replicas(noScaleDown.propose(10, perPod(100, tenPods(0)))))
                    .isEqualTo(10);
            assertThat(replicas(noScaleDown.propose(10, perPod(100, tenPods(150)))))
                    .isEqualTo(15);
        }
        ReplicaCalculator noScaleUp = ReplicaCalculator.of(0.1, 2.0);
        assertThat(replicas(noScaleUp.propose(10, perPod(100, tenPods(300))))).isEqualTo(10);
        assertThat(replicas(noScaleUp.propose(10, perPod(100, tenPods(301))))).isEqualTo(31);
        assertThat(replicas(noScaleUp.propose(10, perPod(100, tenPods(50))))).isEqualTo(5);
    }

    @Test
    void rejectsBadTolerancesAndCounts() {
        assertThatThrownBy(() -> ReplicaCalculator.of(-0.1, 0.1))
                .hasMessage("scaleDownTolerance must be a finite number at least 0.0, was -0.1");
        assertThatThrownBy(() -> ReplicaCalculator.of(Double.NaN, 0.1)).hasMessageContaining("scaleDownTolerance");
        assertThatThrownBy(() -> ReplicaCalculator.of(Double.POSITIVE_INFINITY, 0.1))
                .hasMessageContaining("scaleDownTolerance");
        assertThatThrownBy(() -> ReplicaCalculator.of(0.1, -0.1)).hasMessageContaining("scaleUpTolerance");
        assertThatThrownBy(() -> calc.propose(-1, perPod(1, PodSample.ready("a", 1))))
                .hasMessage("currentReplicas must be at least 0, was -1");
    }

    @Property(tries = 1000)
    void proposalWithinToleranceIsTheCurrentCount(
            @ForAll @IntRange(min = 1, max = 200) int pods,
            @ForAll @IntRange(min = 91, max = 110) int percentOfTarget) {
        long target = 1000;
        PodSample[] samples = new PodSample[pods];
        for (int i = 0; i < pods; i++) {
            samples[i] = PodSample.ready("p" + i, target * percentOfTarget / 100);
        }
        assertThat(replicas(calc.propose(pods, perPod(target, samples)))).isEqualTo(pods);
    }

    @Property(tries = 1000)
    void proposalIsMonotoneInTheMetric(
            @ForAll @IntRange(min = 1, max = 100) int pods,
            @ForAll @LongRange(min = 0, max = 1_000_000) long usage,
            @ForAll @LongRange(min = 0, max = 1_000_000) long more) {
        int low = replicas(calc.propose(pods, perPod(500, uniform(pods, usage))));
        int high = replicas(calc.propose(pods, perPod(500, uniform(pods, usage + more))));
        assertThat(high).isGreaterThanOrEqualTo(low);
    }

    private static PodSample[] uniform(int pods, long usage) {
        PodSample[] samples = new PodSample[pods];
        for (int i = 0; i < pods; i++) {
            samples[i] = PodSample.ready("p" + i, usage);
        }
        return samples;
    }

    // Missing and unready pods may damp a change but never turn a scale-up into a scale-down or back.
    @Property(tries = 1000)
    void missingAndUnreadyPodsNeverReverseTheDirectionOfTheReadyPods(@ForAll("mixedPods") List<PodSample> pods) {
        MetricReading reading = new MetricReading.PodMetrics("cpu", MetricTarget.utilization(60), true, pods);
        boolean anyReadySample = pods.stream()
                .anyMatch(p ->
                        p.status() == PodSample.Status.READY && p.usageMilli().isPresent());
        MetricProposal proposal = calc.propose(pods.size(), reading);
        if (!anyReadySample) {
            assertThat(proposal).isInstanceOf(MetricProposal.Invalid.class);
            return;
        }
        MetricProposal.Replicas r = (MetricProposal.Replicas) proposal;
        if (r.usageRatio() > 1.0) {
            assertThat(r.replicas()).isGreaterThanOrEqualTo(pods.size());
        } else {
            assertThat(r.replicas()).isLessThanOrEqualTo(pods.size());
        }
    }

    @Provide
    Arbitrary<List<PodSample>> mixedPods() {
        Arbitrary<PodSample> pod = Combinators.combine(
                        Arbitraries.integers().between(0, 4),
                        Arbitraries.longs().between(0, 3000),
                        Arbitraries.longs().between(100, 2000))
                .as((kind, usage, request) -> switch (kind) {
                    case 0 -> PodSample.unready("x", usage, request);
                    case 1 -> PodSample.missing("x", request);
                    case 2 -> PodSample.pending("x", request);
                    default -> PodSample.ready("x", usage, request);
                });
        return pod.list().ofMinSize(1).ofMaxSize(30);
    }
}
