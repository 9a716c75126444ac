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
                .hasMessage(
                        "configName must name a configuration added to the registry, was \"missing\" (known: [patient])");
    }

    @Test
    void registryListenersSeeEveryRetrysEvents() {
        List<RetryEvent> events = new ArrayList<>();
        registry.onEvent(events::add);
        Retry retry = registry.retry("d", RetryConfig.builder().maxAttempts(1).build());

        retry.executeSupplier(() -> "x"); // a first-attempt success publishes nothing, as in resilience4j
        assertThatThrownBy(() -> retry.executeSupplier(() -> {
            throw new IllegalStateException("down");
        }));

        assertThat(events).singleElement().isInstanceOf(RetryEvent.Failed.class);
    }

    @Test
    void findsOnlyARetryThatWasCreated() {
        assertThat(registry.find("payments")).isEmpty();
        Retry created = registry.retry("payments");
        assertThat(registry.find("payments")).containsSame(created);
        assertThat(registry.find("other")).isEmpty();
        assertThatThrownBy(() -> registry.find(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("name");
    }

    @Test
    void returnsNamedConfigurationsAndTheDefault() {
        RetryConfig named = RetryConfig.builder().maxAttempts(7).build();
        registry.addConfiguration("named", named);
        assertThat(registry.configuration("named")).containsSame(named);
        assertThat(registry.configuration("missing")).isEmpty();
        assertThatThrownBy(() -> registry.configuration(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("configName");
        assertThat(registry.defaultConfig()).isSameAs(RetryConfig.ofDefaults());
    }
}
