package dev.nines.core.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nines.core.time.ManualTimeSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetryRegistryTest {

    private final ManualTimeSource time = ManualTimeSource.at(Instant.EPOCH);
    private final RetryRegistry registry = RetryRegistry.of(RetryConfig.ofDefaults(), time, time::advanceNanos);

    @Test
    void createsEachRetryOnceOnFirstUse() {
        Retry first = registry.retry("a");
        assertThat(registry.retry("a")).isSameAs(first);
        assertThat(first.config()).isSameAs(RetryConfig.ofDefaults());
        assertThat(registry.all()).containsExactly(first);
    }

    @Test
    void usesNamedConfigurations() {
        RetryConfig patient = RetryConfig.builder().maxAttempts(5).build();
        registry.addConfiguration("patient", patient);

        assertThat(registry.retry("b", "patient").config()).isSameAs(patient);
        assertThatThrownBy(() -> registry.retry("c", "missing"))
                .hasMessage("configName must name an added configuration, was missing");
    }

    @Test
    void registryListenersSeeEveryRetrysEvents() {
        List<RetryEvent> events = new ArrayList<>();
        registry.onEvent(events::add);
        Retry retry = registry.retry("d", RetryConfig.builder().maxAttempts(1).build());

        retry.executeSupplier(() -> "x");

        assertThat(events).containsExactly(new RetryEvent.Succeeded("d", 1));
    }
}
