package dev.nines.core.adaptivelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nines.core.time.ManualTimeSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdaptiveLimiterRegistryTest {

    private final ManualTimeSource time = ManualTimeSource.at(Instant.parse("2026-01-01T00:00:00Z"));
    private final AdaptiveLimiterConfig defaults = AdaptiveLimiterConfig.builder()
            .minLimit(1)
            .initialLimit(1)
            .maxLimit(3)
            .algorithm(LimitAlgorithm.aimd())
            .build();
    private final AdaptiveLimiterRegistry registry = AdaptiveLimiterRegistry.of(defaults, time);

    @Test
    void createsOnFirstUseWithTheDefaultConfigAndReturnsTheSameInstanceAfterwards() {
        AdaptiveLimiter first = registry.limiter("a");
        assertThat(first.config()).isEqualTo(defaults);
        assertThat(registry.limiter("a")).isSameAs(first);
        assertThat(registry.limiter(
                        "a", AdaptiveLimiterConfig.builder().maxLimit(900).build()))
                .isSameAs(first);
        assertThat(registry.defaultConfig()).isSameAs(defaults);
        assertThat(AdaptiveLimiterRegistry.ofDefaults().defaultConfig()).isEqualTo(AdaptiveLimiterConfig.ofDefaults());
    }

    @Test
    void usesNamedConfigurations() {
        AdaptiveLimiterConfig slow = AdaptiveLimiterConfig.builder()
                .algorithm(LimitAlgorithm.gradient().withQueueSize(1))
                .build();
        registry.addConfiguration("slow", slow);
        assertThat(registry.configuration("slow")).contains(slow);
        assertThat(registry.configuration("fast")).isEmpty();
        assertThat(registry.limiter("reports", "slow").config()).isEqualTo(slow);
        assertThat(registry.limiter("other", AdaptiveLimiterConfig.ofDefaults())
                        .config()
                        .maxLimit())
                .isEqualTo(200);
        assertThat(registry.all()).extracting(AdaptiveLimiter::name).containsExactlyInAnyOrder("reports", "other");
    }

    @Test
    void rejectsUnknownConfigurationsAndBlankNames() {
        assertThatThrownBy(() -> registry.limiter("x", "missing"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("configName must name a configuration added to the registry, was \"missing\" (known: [])");
        assertThatThrownBy(() -> registry.limiter(""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("name must not be blank, was \"\"");
        assertThatThrownBy(() -> registry.addConfiguration(" ", defaults))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("configName must not be blank, was \" \"");
        assertThatThrownBy(() -> registry.addConfiguration("c", null)).hasMessage("config");
        assertThatThrownBy(() -> AdaptiveLimiterRegistry.of(null, time)).hasMessage("defaultConfig");
        assertThatThrownBy(() -> AdaptiveLimiterRegistry.of(defaults, null)).hasMessage("timeSource");
        assertThat(registry.all()).isEmpty();
    }

    @Test
    void registryListenersReceiveEventsOfPresentAndFutureLimitersUntilClosed() {
        AdaptiveLimiter before = registry.limiter("before");
        List<AdaptiveLimiterEvent> events = new ArrayList<>();
        var registration = registry.onEvent(events::add);
        AdaptiveLimiter after = registry.limiter("after");
        before.tryAcquirePermission();
        before.tryAcquirePermission();
        after.tryAcquirePermission().onSuccess(1_000);
        registration.close();
        before.tryAcquirePermission();
        assertThat(events)
                .extracting(e -> e.getClass().getSimpleName() + ":" + e.limiterName())
                .containsExactly("CallRejected:before", "LimitChanged:after");
    }

    @Test
    void findsOnlyALimiterThatWasCreated() {
        assertThat(registry.find("payments")).isEmpty();
        AdaptiveLimiter created = registry.limiter("payments");
        assertThat(registry.find("payments")).containsSame(created);
        assertThat(registry.find("other")).isEmpty();
        assertThatThrownBy(() -> registry.find(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("name");
    }
}
