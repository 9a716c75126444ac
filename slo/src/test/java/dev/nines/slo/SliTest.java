package dev.nines.slo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SliTest {

    @Test
    void requestRatioIsASingleValue() {
        assertThat(Sli.requestRatio()).isSameAs(Sli.requestRatio()).hasToString("RequestRatio");
    }

    @Test
    void latencyKeepsItsThresholdAndRejectsNonPositiveOnes() {
        assertThat(Sli.latency(Duration.ofMillis(300))).isEqualTo(new Sli.LatencyThreshold(Duration.ofMillis(300)));
        assertThatThrownBy(() -> Sli.latency(Duration.ZERO)).hasMessage("threshold must be positive, was PT0S");
        assertThatThrownBy(() -> Sli.latency(null)).isInstanceOf(NullPointerException.class);
    }
}
