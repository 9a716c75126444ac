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
        assertThat(config.toBuilder().build()).hasToString(config.toString());
    }

    @Test
    void rejectsARenewIntervalPlusTwiceTheRetryBudgetAboveTheTtlAtBuildTime() {
        assertThatThrownBy(() -> LeaseConfig.builder().ttl(Duration.ofSeconds(15))
                .renewInterval(Duration.ofSeconds(10)).retryBudget(Duration.ofSeconds(3)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("renewInterval + 2 * retryBudget must not exceed ttl PT15S, was PT10S + 2 * PT3S = PT16S");
    }

    @Test
    void acceptsExactlyTheTtl() {
        LeaseConfig config = LeaseConfig.builder().ttl(Duration.ofSeconds(16))
                .renewInterval(Duration.ofSeconds(10)).retryBudget(Duration.ofSeconds(3)).build();
        assertThat(config.ttl()).isEqualTo(Duration.ofSeconds(16));
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
    }
}
