package dev.nines.core.health;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HealthGroupResultTest {

    @Test
    void rejectsNullComponents() {
        Instant at = Instant.EPOCH;
        assertThatThrownBy(() -> new HealthGroupResult(null, HealthStatus.UP, Map.of(), Optional.empty(), at))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("name");
        assertThatThrownBy(() -> new HealthGroupResult("g", null, Map.of(), Optional.empty(), at))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("status");
        assertThatThrownBy(() -> new HealthGroupResult("g", HealthStatus.UP, null, Optional.empty(), at))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("checks");
        assertThatThrownBy(() -> new HealthGroupResult("g", HealthStatus.UP, Map.of(), null, at))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("reason");
        assertThatThrownBy(() -> new HealthGroupResult("g", HealthStatus.UP, Map.of(), Optional.empty(), null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("evaluatedAt");
    }
}
