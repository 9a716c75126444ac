package dev.nines.capacity.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AutoscalerConfigTest {

    @Test
    void defaultsFollowKubernetesWithOnlyTheMetricFreezeSwitchedOn() {
        AutoscalerConfig c = AutoscalerConfig.ofDefaults();
        assertThat(c.minReplicas()).isEqualTo(1);
        assertThat(c.maxReplicas()).isEqualTo(10);
        assertThat(c.scaleDownTolerance()).isEqualTo(0.1);
        assertThat(c.scaleUpTolerance()).isEqualTo(0.1);
        assertThat(c.scaleUp()).isEqualTo(ScalingRules.defaultScaleUp());
        assertThat(c.scaleDown()).isEqualTo(ScalingRules.defaultScaleDown());
        assertThat(c.hardMaxReplicas()).isEqualTo(Integer.MAX_VALUE);
        assertThat(c.maxStep()).isEqualTo(Integer.MAX_VALUE);
        assertThat(c.affordableReplicas()).isEqualTo(Integer.MAX_VALUE);
        assertThat(c.metricMaxAge()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.anomalyFactor()).isZero();
        assertThat(c.warmUp()).isZero();
    }

    @Test
    void toBuilderCopiesEveryField() {
        AutoscalerConfig c = AutoscalerConfig.builder()
                .minReplicas(2)
                .maxReplicas(40)
                .scaleDownTolerance(0.2)
                .scaleUpTolerance(0.05)
                .hardMaxReplicas(30)
                .maxStep(4, Duration.ofSeconds(30))
                .budget(0.25, 5.0)
                .metricMaxAge(Duration.ofSeconds(90))
                .metricRecoveryReadings(2)
                .anomalyGuard(5.0, 4, 8)
                .predictive(Duration.ofMinutes(3), 250.0, Duration.ofSeconds(20))
                .scaleUp(ScalingRules.disabled())
                .scaleDown(ScalingRules.disabled())
                .build();
        assertThat(c.toBuilder().build().toString()).isEqualTo(c.toString());
        assertThat(c.affordableReplicas()).isEqualTo(20);
        assertThat(c.toBuilder().maxReplicas(41).build().maxReplicas()).isEqualTo(41);
    }

    @Test
    void rejectsOutOfRangeValuesNamingTheField() {
        assertThatThrownBy(() -> AutoscalerConfig.builder().minReplicas(-1))
                .hasMessage("minReplicas must be at least 0, was -1");
        assertThatThrownBy(() -> AutoscalerConfig.builder().maxReplicas(0))
                .hasMessage("maxReplicas must be at least 1, was 0");
        assertThatThrownBy(() -> AutoscalerConfig.builder().tolerance(-0.5)).hasMessageContaining("scaleDownTolerance");
        assertThatThrownBy(() -> AutoscalerConfig.builder().scaleDownTolerance(Double.NaN))
                .hasMessageContaining("scaleDownTolerance");
        assertThatThrownBy(() -> AutoscalerConfig.builder().scaleUpTolerance(-1))
                .hasMessageContaining("scaleUpTolerance");
        assertThatThrownBy(() -> AutoscalerConfig.builder().maxStep(0, Duration.ofMinutes(1)))
                .hasMessageContaining("maxStep");
        assertThatThrownBy(() -> AutoscalerConfig.builder().budget(0.0, 1.0))
                .hasMessageContaining("costPerReplicaHour");
        assertThatThrownBy(() -> AutoscalerConfig.builder().anomalyGuard(1.0, 3, 3))
                .hasMessageContaining("anomalyFactor");
        assertThatThrownBy(() -> AutoscalerConfig.builder().anomalyGuard(2.0, 1, 3))
                .hasMessageContaining("anomalyConfirmations");
        assertThatThrownBy(() -> AutoscalerConfig.builder().predictive(Duration.ZERO, 1.0, Duration.ofMinutes(1)))
                .hasMessageContaining("warmUp");
    }

    @Test
    void rejectsInconsistentBoundsInBuild() {
        assertThatThrownBy(() ->
                        AutoscalerConfig.builder().minReplicas(5).maxReplicas(4).build())
                .hasMessage("minReplicas must be at most maxReplicas (4), was 5");
        assertThatThrownBy(() -> AutoscalerConfig.builder()
                        .minReplicas(5)
                        .hardMaxReplicas(4)
                        .build())
                .hasMessage("hardMaxReplicas must be at least minReplicas (5), was 4");
    }

    @Test
    void acceptsAnyToleranceOfAtLeastZeroAsKubernetesDoes() {
        // Kubernetes validates only tolerance >= 0; its replica-calculator tests use a scale-down tolerance of 2.
        AutoscalerConfig c = AutoscalerConfig.builder()
                .scaleDownTolerance(2.0)
                .scaleUpTolerance(1.0)
                .build();
        assertThat(c.scaleDownTolerance()).isEqualTo(2.0);
        assertThat(c.scaleUpTolerance()).isEqualTo(1.0);
        assertThat(AutoscalerConfig.builder().tolerance(1.0).build().scaleDownTolerance())
                .isEqualTo(1.0);
        assertThat(AutoscalerConfig.builder().tolerance(0.0).build().scaleUpTolerance())
                .isEqualTo(0.0);
    }
}
