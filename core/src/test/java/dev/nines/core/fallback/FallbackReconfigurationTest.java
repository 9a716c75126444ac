package dev.nines.core.fallback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Live reconfiguration of a fallback: what it handles changes for the handle already held. */
class FallbackReconfigurationTest {

    @Test
    void aDecoratedCallHandlesWhatTheNewConfigurationSays() {
        FallbackRegistry registry = FallbackRegistry.of(FallbackConfig.builder()
                .fallbackOnException(e -> e instanceof IllegalStateException)
                .build());
        Fallback held = registry.fallback("prices");
        Supplier<String> decorated = held.decorateSupplier(
                () -> {
                    throw new UnsupportedOperationException("not handled yet");
                },
                failure -> "fallback");
        assertThatThrownBy(decorated::get).isInstanceOf(UnsupportedOperationException.class);

        registry.reconfigure(
                "prices",
                FallbackConfig.builder()
                        .fallbackOnException(e -> e instanceof UnsupportedOperationException)
                        .build());

        assertThat(decorated.get()).isEqualTo("fallback");
        assertThat(held.metrics().numberOfUnhandledFailures())
                .as("counters kept")
                .isOne();
        assertThat(held.configurationChanges()).isOne();
    }
}
