package dev.nines.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FailoverConfigTest {

    @Test
    void defaultsAreTheKubernetesProbeThresholdsWithNoLagLimit() {
        FailoverConfig config = FailoverConfig.ofDefaults();
        assertThat(config.failureThreshold()).isEqualTo(3);
        assertThat(config.successThreshold()).isEqualTo(1);
        assertThat(config.rpoLimitBytes()).isEqualTo(Long.MAX_VALUE);
        assertThat(config.rpoLimitTime()).isEqualTo(Duration.ofNanos(Long.MAX_VALUE));
        assertThat(config.synchronousMode()).isFalse();
        assertThat(config.antiFlappingWindow()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.recoveryGrace()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.clockSkewAllowance()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void toBuilderCopiesEveryField() {
        FailoverConfig config = FailoverConfig.builder()
                .failureThreshold(4)
                .successThreshold(2)
                .rpoLimitBytes(10)
                .rpoLimitTime(Duration.ofSeconds(1))
                .synchronousMode(true)
                .asyncPromotionAllowed(true)
                .antiFlappingWindow(Duration.ZERO)
                .recoveryGrace(Duration.ofSeconds(5))
                .clockSkewAllowance(Duration.ofMillis(250))
                .build();
        assertThat(config.toBuilder().build()).hasToString(config.toString());
    }

    @Test
    void settersNameTheFieldAndValueInTheirErrors() {
        assertThatThrownBy(() -> FailoverConfig.builder().failureThreshold(0))
                .hasMessage("failureThreshold must be at least 1, was 0");
        assertThatThrownBy(() -> FailoverConfig.builder().successThreshold(0))
                .hasMessage("successThreshold must be at least 1, was 0");
        assertThatThrownBy(() -> FailoverConfig.builder().rpoLimitBytes(-1))
                .hasMessage("rpoLimitBytes must be at least 0, was -1");
        assertThatThrownBy(() -> FailoverConfig.builder().rpoLimitTime(Duration.ofSeconds(-1)))
                .hasMessage("rpoLimitTime must not be negative, was PT-1S");
        assertThatThrownBy(() -> FailoverConfig.builder().rpoLimitTime(Duration.ofDays(365 * 400)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FailoverConfig.builder().antiFlappingWindow(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FailoverConfig.builder().recoveryGrace(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FailoverConfig.builder().clockSkewAllowance(Duration.ofSeconds(-1)))
                .hasMessage("clockSkewAllowance must not be negative, was PT-1S");
    }

    @Test
    void asyncPromotionWithoutSynchronousModeIsRejectedAtBuild() {
        assertThatThrownBy(() ->
                        FailoverConfig.builder().asyncPromotionAllowed(true).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("asyncPromotionAllowed requires synchronousMode, was synchronousMode=false");
    }
}
