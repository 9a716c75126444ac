package dev.nines.capacity.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CpuReadinessTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private static final Duration WINDOW = Duration.ofSeconds(30);
    private final CpuReadiness rule = CpuReadiness.ofDefaults();

    // Kubernetes replica_calculator_test.go uses "hot" pods (started within the initialization
    // period) and "cool" ones (started long ago).
    @Test
    void setsAsideAHotPodUntilItIsReadyAndAFullWindowHasPassed() {
        Instant start = NOW.minus(Duration.ofMinutes(2));
        Instant becameReady = NOW.minus(Duration.ofSeconds(20));
        assertThat(rule.isUnready(NOW, start, false, start, NOW, WINDOW))
                .as("not ready")
                .isTrue();
        assertThat(rule.isUnready(NOW, start, true, becameReady, NOW, WINDOW))
                .as("window began before ready")
                .isTrue();
        assertThat(rule.isUnready(NOW, start, true, NOW.minus(Duration.ofSeconds(40)), NOW, WINDOW))
                .isFalse();
    }

    @Test
    void setsAsideACoolPodOnlyIfItHasNeverBeenReady() {
        Instant start = NOW.minus(Duration.ofHours(1));
        assertThat(rule.isUnready(NOW, start, false, start.plusSeconds(10), NOW, WINDOW))
                .as("never ready")
                .isTrue();
        assertThat(rule.isUnready(NOW, start, false, start.plusSeconds(600), NOW, WINDOW))
                .as("was ready, now not")
                .isFalse();
        assertThat(rule.isUnready(NOW, start, true, start.plusSeconds(10), NOW, WINDOW))
                .isFalse();
    }

    @Test
    void rejectsNegativeDurations() {
        assertThatThrownBy(() -> new CpuReadiness(Duration.ofSeconds(-1), Duration.ZERO))
                .hasMessageContaining("cpuInitializationPeriod");
        assertThat(rule.cpuInitializationPeriod()).isEqualTo(Duration.ofMinutes(5));
        assertThat(rule.initialReadinessDelay()).isEqualTo(Duration.ofSeconds(30));
    }
}
