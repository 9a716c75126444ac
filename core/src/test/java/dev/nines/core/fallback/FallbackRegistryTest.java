package dev.nines.core.fallback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FallbackRegistryTest {

    private final FallbackRegistry registry = FallbackRegistry.of(FallbackConfig.ofDefaults());

    @Test
    void createsEachFallbackOnceWithTheNamedConfiguration() {
        FallbackConfig onResult =
                FallbackConfig.builder().fallbackOnResult(r -> r == null).build();
        registry.addConfiguration("onNull", onResult);

        Fallback fallback = registry.fallback("a", "onNull");

        assertThat(registry.fallback("a")).isSameAs(fallback);
        assertThat(fallback.config()).isSameAs(onResult);
        assertThat(registry.all()).containsExactly(fallback);
        assertThatThrownBy(() -> registry.fallback("b", "missing"))
                .hasMessage(
                        "configName must name a configuration added to the registry, was \"missing\" (known: [onNull])");
    }

    @Test
    void registryListenersSeeEveryFallbacksEvents() {
        List<FallbackEvent> events = new ArrayList<>();
        registry.onEvent(events::add);
        IllegalStateException failure = new IllegalStateException();

        registry.fallback("c")
                .executeSupplier(
                        () -> {
                            throw failure;
                        },
                        e -> "x");

        assertThat(events).containsExactly(new FallbackEvent.Applied("c", failure));
    }

    @Test
    void findsOnlyAFallbackThatWasCreated() {
        assertThat(registry.find("payments")).isEmpty();
        Fallback created = registry.fallback("payments");
        assertThat(registry.find("payments")).containsSame(created);
        assertThat(registry.find("other")).isEmpty();
        assertThatThrownBy(() -> registry.find(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("name");
    }

    @Test
    void returnsNamedConfigurationsAndTheDefault() {
        FallbackConfig named =
                FallbackConfig.builder().fallbackOnResult(r -> r == null).build();
        registry.addConfiguration("named", named);
        assertThat(registry.configuration("named")).containsSame(named);
        assertThat(registry.configuration("missing")).isEmpty();
        assertThatThrownBy(() -> registry.configuration(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("configName");
        assertThat(registry.defaultConfig()).isSameAs(FallbackConfig.ofDefaults());
    }
}
