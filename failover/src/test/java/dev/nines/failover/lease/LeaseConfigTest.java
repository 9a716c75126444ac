package dev.nines.failover.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LeaseConfigTest {

    @Test
    void defaultsLeaveTheRetryMarginInsideTheTtl() {
        LeaseConfig config = LeaseConfig.ofDefaults();
        assertThat(config.ttl()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.renewInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.retryBudget()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.retryInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.driftMargin()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.renewDeadline()).isEqualTo(Duration.ofSeconds(15));
        assertThat(config.toBuilder().build()).hasToString(config.toString());
    }

    @Test
    void rejectsADeadlinePlusDriftMarginAboveTheTtlAtBuildTime() {
        assertThatThrownBy(() -> LeaseConfig.builder()
                        .ttl(Duration.ofSeconds(15))
                        .renewInterval(Duration.ofSeconds(10))
                        .retryBudget(Duration.ofSeconds(3))
                        .driftMargin(Duration.ofSeconds(3))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("renewInterval + retryBudget + driftMargin must not exceed ttl PT15S, "
                        + "was PT10S + PT3S + PT3S = PT16S");
    }

    @Test
    void rejectsADriftMarginBelowAThousandthOfTheTtl() {
        assertThatThrownBy(() -> LeaseConfig.builder()
                        .ttl(Duration.ofSeconds(20))
                        .renewInterval(Duration.ofSeconds(10))
                        .retryBudget(Duration.ofSeconds(5))
                        .driftMargin(Duration.ofMillis(19))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("driftMargin must be at least ttl / 1000 = PT0.02S (clock-rate drift over one ttl at "
                        + "1000 ppm), was PT0.019S");
    }

    @Test
    void acceptsExactlyTheTtl() {
        LeaseConfig config = LeaseConfig.builder()
                .ttl(Duration.ofSeconds(16))
                .renewInterval(Duration.ofSeconds(10))
                .retryBudget(Duration.ofSeconds(3))
                .driftMargin(Duration.ofSeconds(3))
                .build();
        assertThat(config.ttl()).isEqualTo(Duration.ofSeconds(16));
        assertThat(config.toBuilder().build().driftMargin()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void settersRejectBadValues() {
        assertThatThrownBy(() -> LeaseConfig.builder().ttl(Duration.ZERO)).hasMessage("ttl must be positive, was PT0S");
        assertThatThrownBy(() -> LeaseConfig.builder().renewInterval(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LeaseConfig.builder().retryBudget(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LeaseConfig.builder().retryInterval(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LeaseConfig.builder().driftMargin(Duration.ZERO))
                .hasMessage("driftMargin must be positive, was PT0S");
    }
}
