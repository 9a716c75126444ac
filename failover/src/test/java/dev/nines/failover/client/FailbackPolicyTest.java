package dev.nines.failover.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FailbackPolicyTest {

    @Test
    void factoriesSetTheModeAndInterval() {
        assertThat(FailbackPolicy.automatic().mode()).isEqualTo(FailbackPolicy.Mode.AUTOMATIC);
        assertThat(FailbackPolicy.manual().interval()).isZero();
        assertThat(FailbackPolicy.periodic(Duration.ofMinutes(1)).interval()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void aPeriodicPolicyNeedsAPositiveIntervalAndOthersNone() {
        assertThatThrownBy(() -> FailbackPolicy.periodic(Duration.ZERO)).hasMessage("interval must be positive, was PT0S");
        assertThatThrownBy(() -> new FailbackPolicy(FailbackPolicy.Mode.MANUAL, Duration.ofSeconds(1)))
                .hasMessage("interval must be zero for MANUAL, was PT1S");
    }
}
