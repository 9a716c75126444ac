package dev.nines.capacity.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class UtilizationSampleTest {

    @Test
    void acceptsOverloadAndRejectsNegativeRatios() {
        assertThat(new UtilizationSample(Instant.EPOCH, 1.3).utilizationRatio()).isEqualTo(1.3);
        assertThatThrownBy(() -> new UtilizationSample(Instant.EPOCH, -0.1)).hasMessageContaining("utilizationRatio");
        assertThatThrownBy(() -> new UtilizationSample(null, 0.1)).isInstanceOf(NullPointerException.class);
    }
}
