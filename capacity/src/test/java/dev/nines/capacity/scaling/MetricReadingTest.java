package dev.nines.capacity.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricReadingTest {

    @Test
    void podMetricsCopiesItsPodsAndRejectsATotalTarget() {
        List<PodSample> pods = new ArrayList<>(List.of(PodSample.ready("a", 1)));
        MetricReading.PodMetrics reading =
                new MetricReading.PodMetrics("rps", MetricTarget.averageValue(1), false, pods);
        pods.clear();
        assertThat(reading.pods()).hasSize(1);
        assertThatThrownBy(() -> new MetricReading.PodMetrics(
                        "rps", MetricTarget.value(1), false, List.of(PodSample.ready("a", 1))))
                .hasMessageStartingWith("target must be Utilization or AverageValue");
    }

    @Test
    void podMetricsWithNoPodsIsAValidReadingThatProposesNothingAsInKubernetes() {
        // Kubernetes' replica calculator answers an empty selector with an error for that metric, not a crash.
        MetricReading.PodMetrics none =
                new MetricReading.PodMetrics("rps", MetricTarget.averageValue(1), false, List.of());
        assertThat(ReplicaCalculator.ofDefaults().propose(3, none))
                .isEqualTo(new MetricProposal.Invalid(
                        "rps", "no pods returned by selector while calculating replica count"));
    }

    @Test
    void objectMetricRejectsAUtilizationTargetAndNegativeValues() {
        assertThatThrownBy(() -> new MetricReading.ObjectMetric("q", MetricTarget.utilization(50), 1, 1))
                .hasMessageStartingWith("target must be Value or AverageValue");
        assertThatThrownBy(() -> new MetricReading.ObjectMetric("q", MetricTarget.value(50), -1, 1))
                .hasMessage("usageMilli must be at least 0, was -1");
        assertThat(new MetricReading.Unavailable("q", "down").name()).isEqualTo("q");
    }

    @Test
    void snapshotCopiesItsReadings() {
        MetricSnapshot snapshot = MetricSnapshot.of(Instant.EPOCH, new MetricReading.Unavailable("q", "down"));
        assertThat(snapshot.readings()).hasSize(1);
        assertThatThrownBy(() -> new MetricSnapshot(null, List.of())).isInstanceOf(NullPointerException.class);
    }
}
