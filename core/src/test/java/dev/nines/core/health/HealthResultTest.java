package dev.nines.core.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class HealthResultTest {

    @Test
    void factoriesSetStatusAndMessage() {
        assertThat(HealthResult.up().status()).isEqualTo(HealthStatus.UP);
        assertThat(HealthResult.up().message()).isEmpty();
        assertThat(HealthResult.degraded("slow").message()).contains("slow");
        assertThat(HealthResult.outOfService("draining").status()).isEqualTo(HealthStatus.OUT_OF_SERVICE);
        assertThat(HealthResult.down("x").status()).isEqualTo(HealthStatus.DOWN);
        assertThat(HealthResult.of(HealthStatus.UNKNOWN).status()).isEqualTo(HealthStatus.UNKNOWN);
    }

    @Test
    void durationAndTimeDefaultToZeroAndTheEpochUntilTheRegistryFillsThemIn() {
        HealthResult result = HealthResult.up();
        assertThat(result.duration()).isEqualTo(Duration.ZERO);
        assertThat(result.checkedAt()).isEqualTo(Instant.EPOCH);
        assertThat(result.error()).isEmpty();
        assertThat(result.reason()).isEmpty();
    }

    @Test
    void detailsKeepInsertionOrderAndCannotBeChangedAfterBuild() {
        HealthResult.Builder builder =
                HealthResult.builder(HealthStatus.UP).detail("b", 1).detail("a", 2);
        HealthResult result = builder.build();
        builder.detail("c", 3);
        assertThat(result.details().keySet()).containsExactly("b", "a");
        assertThatThrownBy(() -> result.details().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void toBuilderCopiesEveryField() {
        RuntimeException error = new RuntimeException("e");
        HealthResult result = HealthResult.builder(HealthStatus.DOWN)
                .message("m")
                .detail("reason", "timeout")
                .duration(Duration.ofMillis(5))
                .checkedAt(Instant.parse("2026-01-01T00:00:00Z"))
                .error(error)
                .build();
        assertThat(result.toBuilder().build()).isEqualTo(result).hasSameHashCodeAs(result);
        assertThat(result.reason()).contains("timeout");
        assertThat(result.toString()).contains("status=DOWN", "message=m", "reason=timeout", "PT0.005S");
        assertThat(result.toBuilder().status(HealthStatus.UP).build().status()).isEqualTo(HealthStatus.UP);
    }

    @Test
    void rejectsNullsAndNegativeDurations() {
        assertThatThrownBy(() -> HealthResult.builder(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("status");
        assertThatThrownBy(() -> HealthResult.builder(HealthStatus.UP).detail("k", null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("value");
        assertThatThrownBy(() -> HealthResult.builder(HealthStatus.UP).duration(Duration.ofNanos(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("duration must not be negative, was PT-0.000000001S");
    }
}
