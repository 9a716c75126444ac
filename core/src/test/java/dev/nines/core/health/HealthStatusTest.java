package dev.nines.core.health;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HealthStatusTest {

    @Test
    void onlyUpAndDegradedAreHealthy() {
        assertThat(HealthStatus.standard())
                .filteredOn(HealthStatus::isHealthy)
                .containsExactly(HealthStatus.UP, HealthStatus.DEGRADED);
    }
}
