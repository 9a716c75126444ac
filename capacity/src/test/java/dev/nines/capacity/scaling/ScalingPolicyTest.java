package dev.nines.capacity.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ScalingPolicyTest {

    @Test
    void buildsPodsAndPercentPolicies() {
        assertThat(ScalingPolicy.pods(4, Duration.ofSeconds(15)).type()).isEqualTo(ScalingPolicy.Type.PODS);
        assertThat(ScalingPolicy.percent(10, Duration.ofMinutes(1)).type()).isEqualTo(ScalingPolicy.Type.PERCENT);
    }

    @Test
    void rejectsValuesAndPeriodsKubernetesRejects() {
        assertThatThrownBy(() -> ScalingPolicy.pods(0, Duration.ofSeconds(15)))
                .hasMessage("value must be at least 1, was 0");
        assertThatThrownBy(() -> ScalingPolicy.pods(1, Duration.ofMinutes(31)))
                .hasMessage("period must be at most PT30M, was PT31M");
        assertThatThrownBy(() -> ScalingPolicy.pods(1, Duration.ZERO)).hasMessageContaining("period");
    }
}
