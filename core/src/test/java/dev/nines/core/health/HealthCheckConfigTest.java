package dev.nines.core.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HealthCheckConfigTest {

    @Test
    void hasDocumentedDefaults() {
        HealthCheckConfig config = HealthCheckConfig.ofDefaults();
        assertThat(config.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.failureThreshold()).isEqualTo(1);
        assertThat(config.successThreshold()).isEqualTo(1);
        assertThat(config.isCritical()).isTrue();
        assertThat(config.isSharedDependency()).isFalse();
        assertThat(config.failOpenWhen().getAsBoolean()).isTrue();
        assertThat(config.isScheduled()).isFalse();
        assertThat(config.expireAfterMissedPeriods()).isEqualTo(3);
        assertThat(config.expiredStatus()).isEqualTo(HealthStatus.DOWN);
    }

    @Test
    void toBuilderDerivesAVariantWithoutChangingTheOriginal() {
        HealthCheckConfig base = HealthCheckConfig.builder()
                .period(Duration.ofSeconds(5))
                .failureThreshold(3)
                .build();
        HealthCheckConfig variant = base.toBuilder().critical(false).build();
        assertThat(variant.period()).isEqualTo(Duration.ofSeconds(5));
        assertThat(variant.failureThreshold()).isEqualTo(3);
        assertThat(variant.isCritical()).isFalse();
        assertThat(base.isCritical()).isTrue();
        assertThat(variant.isScheduled()).isTrue();
    }

    @Test
    void rejectsBadValuesWithTheFieldAndTheValue() {
        assertThatThrownBy(() -> HealthCheckConfig.builder().timeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("timeout must be positive, was PT0S");
        assertThatThrownBy(() -> HealthCheckConfig.builder().failureThreshold(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("failureThreshold must be at least 1, was 0");
        assertThatThrownBy(() -> HealthCheckConfig.builder().successThreshold(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("successThreshold must be at least 1, was -1");
        assertThatThrownBy(() -> HealthCheckConfig.builder().period(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("period must not be negative, was PT-1S");
        assertThatThrownBy(() -> HealthCheckConfig.builder().expireAfterMissedPeriods(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expireAfterMissedPeriods must be at least 1, was 0");
        assertThatThrownBy(() -> HealthCheckConfig.builder().expiredStatus(HealthStatus.UP))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expiredStatus must be DOWN or UNKNOWN, was UP");
        assertThatThrownBy(() -> HealthCheckConfig.builder()
                        .period(Duration.ofDays(100_000))
                        .expireAfterMissedPeriods(1000)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("period x expireAfterMissedPeriods must fit in a long of nanoseconds");
    }
}
