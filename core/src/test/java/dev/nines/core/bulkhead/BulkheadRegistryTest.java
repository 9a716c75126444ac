package dev.nines.core.bulkhead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nines.core.time.ManualTimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BulkheadRegistryTest {

    private final ManualTimeSource time = ManualTimeSource.at(Instant.parse("2026-01-01T00:00:00Z"));
    private final BulkheadConfig defaults =
            BulkheadConfig.builder().maxConcurrentCalls(3).build();
    private final BulkheadRegistry registry = BulkheadRegistry.of(defaults, time);

    @Test
    void createsOnFirstUseWithTheDefaultConfigAndReturnsTheSameInstanceAfterwards() {
        Bulkhead first = registry.bulkhead("a");
        assertThat(first.config()).isEqualTo(defaults);
        assertThat(registry.bulkhead("a")).isSameAs(first);
        assertThat(registry.bulkhead(
                        "a", BulkheadConfig.builder().maxConcurrentCalls(9).build()))
                .isSameAs(first);
        assertThat(registry.defaultConfig()).isSameAs(defaults);
        assertThat(BulkheadRegistry.ofDefaults().defaultConfig()).isEqualTo(BulkheadConfig.ofDefaults());
    }

    @Test
    void usesNamedConfigurations() {
        BulkheadConfig slow = BulkheadConfig.builder()
                .maxConcurrentCalls(1)
                .maxWaitDuration(Duration.ofSeconds(1))
                .build();
        registry.addConfiguration("slow", slow);
        assertThat(registry.configuration("slow")).contains(slow);
        assertThat(registry.configuration("fast")).isEmpty();
        assertThat(registry.bulkhead("reports", "slow").config()).isEqualTo(slow);
        assertThat(registry.bulkhead("other", BulkheadConfig.ofDefaults()).maxConcurrentCalls())
                .isEqualTo(25);
        assertThat(registry.all()).extracting(Bulkhead::name).containsExactlyInAnyOrder("reports", "other");
    }

    @Test
    void rejectsUnknownConfigurationsAndBlankNames() {
        assertThatThrownBy(() -> registry.bulkhead("x", "missing"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("configName must name a configuration added to the registry, was \"missing\" (known: [])");
        assertThatThrownBy(() -> registry.bulkhead(""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("name must not be blank, was \"\"");
        assertThatThrownBy(() -> registry.addConfiguration(" ", defaults))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("configName must not be blank, was \" \"");
        assertThatThrownBy(() -> registry.addConfiguration("c", null)).hasMessage("config");
        assertThatThrownBy(() -> BulkheadRegistry.of(null, time)).hasMessage("defaultConfig");
        assertThatThrownBy(() -> BulkheadRegistry.of(defaults, null)).hasMessage("timeSource");
        assertThat(registry.all()).isEmpty();
    }

    @Test
    void registryListenersReceiveEventsOfPresentAndFutureBulkheadsUntilClosed() {
        Bulkhead before = registry.bulkhead("before");
        List<BulkheadEvent> events = new ArrayList<>();
        var registration = registry.onEvent(events::add);
        Bulkhead after = registry.bulkhead("after");
        before.tryAcquirePermission();
        after.tryAcquirePermission();
        after.onComplete();
        registration.close();
        before.tryAcquirePermission();
        assertThat(events)
                .extracting(e -> e.getClass().getSimpleName() + ":" + e.bulkheadName())
                .containsExactly("CallPermitted:before", "CallPermitted:after", "CallFinished:after");
    }

    @Test
    void findsOnlyABulkheadThatWasCreated() {
        assertThat(registry.find("payments")).isEmpty();
        Bulkhead created = registry.bulkhead("payments");
        assertThat(registry.find("payments")).containsSame(created);
        assertThat(registry.find("other")).isEmpty();
        assertThatThrownBy(() -> registry.find(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("name");
    }
}
