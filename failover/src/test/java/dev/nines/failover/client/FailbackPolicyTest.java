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
        assertThatThrownBy(() -> FailbackPolicy.periodic(Duration.ZERO))
                .hasMessage("interval must be positive, was PT0S");
        assertThatThrownBy(() -> new FailbackPolicy(FailbackPolicy.Mode.MANUAL, Duration.ofSeconds(1), Duration.ZERO))
                .hasMessage("interval must be zero for MANUAL, was PT1S");
    }

    @Test
    void periodicFailbackWaitsOneIntervalOfGraceByDefaultAndAutomaticNone() {
        assertThat(FailbackPolicy.periodic(Duration.ofSeconds(30)).grace()).isEqualTo(Duration.ofSeconds(30));
        assertThat(FailbackPolicy.automatic().grace()).isZero();
        assertThat(FailbackPolicy.automatic().withGrace(Duration.ofMinutes(2)))
                .isEqualTo(new FailbackPolicy(FailbackPolicy.Mode.AUTOMATIC, Duration.ZERO, Duration.ofMinutes(2)));
    }

    @Test
    void aGraceMustBeZeroOrMoreAndFitInNanoseconds() {
        assertThatThrownBy(() -> FailbackPolicy.automatic().withGrace(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("grace")
                .hasMessageContaining("PT-1S");
        assertThatThrownBy(() ->
                        FailbackPolicy.periodic(Duration.ofSeconds(1)).withGrace(Duration.ofSeconds(Long.MAX_VALUE)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("grace");
        assertThatThrownBy(() -> FailbackPolicy.periodic(Duration.ofSeconds(Long.MAX_VALUE)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("interval");
    }
}
