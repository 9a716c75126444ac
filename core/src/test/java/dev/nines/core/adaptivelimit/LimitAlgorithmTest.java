package dev.nines.core.adaptivelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LimitAlgorithmTest {

    @Test
    void defaultsMatchNetflixConcurrencyLimits() {
        assertThat(LimitAlgorithm.aimd()).isEqualTo(new LimitAlgorithm.Aimd(0.9, Duration.ofSeconds(5)));
        assertThat(LimitAlgorithm.gradient()).isEqualTo(new LimitAlgorithm.Gradient(1.5, 0.2, 600, 4));
    }

    @Test
    void withersChangeOneField() {
        assertThat(LimitAlgorithm.aimd().withBackoffRatio(0.5).withTimeout(Duration.ofMillis(1)))
                .isEqualTo(new LimitAlgorithm.Aimd(0.5, Duration.ofMillis(1)));
        assertThat(LimitAlgorithm.gradient()
                        .withTolerance(2)
                        .withSmoothing(1)
                        .withLongWindow(10)
                        .withQueueSize(0))
                .isEqualTo(new LimitAlgorithm.Gradient(2, 1, 10, 0));
    }

    @Test
    void aimdRejectsBadFields() {
        assertThatThrownBy(() -> new LimitAlgorithm.Aimd(1.0, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("backoffRatio must be in (0, 1), was 1.0");
        assertThatThrownBy(() -> new LimitAlgorithm.Aimd(0.0, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("backoffRatio must be in (0, 1), was 0.0");
        assertThatThrownBy(() -> new LimitAlgorithm.Aimd(0.9, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("timeout must be positive, was PT0S");
        assertThatThrownBy(() -> LimitAlgorithm.aimd().withTimeout(null)).hasMessage("timeout");
    }

    @Test
    void gradientRejectsBadFields() {
        assertThatThrownBy(() -> new LimitAlgorithm.Gradient(0.9, 0.2, 600, 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tolerance must be a finite number at least 1.0, was 0.9");
        assertThatThrownBy(() -> new LimitAlgorithm.Gradient(1.5, 0, 600, 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("smoothing must be in (0, 1], was 0.0");
        assertThatThrownBy(() -> new LimitAlgorithm.Gradient(1.5, 1.1, 600, 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("smoothing must be in (0, 1], was 1.1");
        assertThatThrownBy(() -> new LimitAlgorithm.Gradient(1.5, 0.2, 0, 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("longWindow must be at least 1, was 0");
        assertThatThrownBy(() -> new LimitAlgorithm.Gradient(1.5, 0.2, 600, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("queueSize must be at least 0, was -1");
    }
}
