package dev.nines.core.bulkhead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BulkheadConfigTest {

    @Test
    void defaultsAreTwentyFiveCallsAndNoWait() {
        BulkheadConfig config = BulkheadConfig.ofDefaults();
        assertThat(config.maxConcurrentCalls()).isEqualTo(25);
        assertThat(config.maxWaitDuration()).isEqualTo(Duration.ZERO);
        assertThat(config)
                .isEqualTo(BulkheadConfig.builder().build())
                .hasSameHashCodeAs(BulkheadConfig.builder().build());
        assertThat(config).hasToString("BulkheadConfig[maxConcurrentCalls=25, maxWaitDuration=PT0S]");
    }

    @Test
    void toBuilderDerivesAVariantAndLeavesTheOriginalAlone() {
        BulkheadConfig base = BulkheadConfig.builder()
                .maxConcurrentCalls(4)
                .maxWaitDuration(Duration.ofMillis(20))
                .build();
        BulkheadConfig variant = base.toBuilder().maxConcurrentCalls(8).build();
        assertThat(variant.maxConcurrentCalls()).isEqualTo(8);
        assertThat(variant.maxWaitDuration()).isEqualTo(Duration.ofMillis(20));
        assertThat(base.maxConcurrentCalls()).isEqualTo(4);
        assertThat(variant).isNotEqualTo(base);
    }

    @Test
    void rejectsMaxConcurrentCallsBelowOne() {
        assertThatThrownBy(() -> BulkheadConfig.builder().maxConcurrentCalls(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxConcurrentCalls must be at least 1, was 0");
    }

    @Test
    void rejectsNegativeNullOrHugeMaxWaitDuration() {
        assertThatThrownBy(() -> BulkheadConfig.builder().maxWaitDuration(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxWaitDuration must not be negative, was PT-0.001S");
        assertThatThrownBy(() -> BulkheadConfig.builder().maxWaitDuration(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("maxWaitDuration");
        assertThatThrownBy(() -> BulkheadConfig.builder().maxWaitDuration(Duration.ofDays(365L * 1000)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxWaitDuration must be at most PT2562047H47M16.854775807S, was PT8760000H");
    }
}
