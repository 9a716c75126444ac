package dev.nines.capacity.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScalingRulesTest {

    // Kubernetes docs, "Default Behavior".
    @Test
    void defaultsAreKubernetesDefaults() {
        ScalingRules up = ScalingRules.defaultScaleUp();
        assertThat(up.stabilizationWindow()).isZero();
        assertThat(up.selectPolicy()).isEqualTo(SelectPolicy.MAX);
        assertThat(up.policies())
                .containsExactly(
                        ScalingPolicy.percent(100, Duration.ofSeconds(15)),
                        ScalingPolicy.pods(4, Duration.ofSeconds(15)));
        ScalingRules down = ScalingRules.defaultScaleDown();
        assertThat(down.stabilizationWindow()).isEqualTo(Duration.ofSeconds(300));
        assertThat(down.policies()).containsExactly(ScalingPolicy.percent(100, Duration.ofSeconds(15)));
        assertThat(down.longestPeriod()).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void rejectsEnabledRulesWithoutPoliciesAndOverlongWindows() {
        assertThatThrownBy(() -> new ScalingRules(Duration.ZERO, SelectPolicy.MAX, List.of()))
                .hasMessage("policies must not be empty unless selectPolicy is DISABLED");
        assertThatThrownBy(() -> new ScalingRules(Duration.ofHours(2), SelectPolicy.DISABLED, List.of()))
                .hasMessage("stabilizationWindow must be at most PT1H, was PT2H");
        assertThat(ScalingRules.disabled()
                        .withStabilizationWindow(Duration.ofMinutes(1))
                        .stabilizationWindow())
                .isEqualTo(Duration.ofMinutes(1));
    }
}
