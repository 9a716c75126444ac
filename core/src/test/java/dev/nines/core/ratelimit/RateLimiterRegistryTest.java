package dev.nines.core.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nines.core.time.ManualTimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateLimiterRegistryTest {

    private final ManualTimeSource time = ManualTimeSource.at(Instant.parse("2026-01-01T00:00:00Z"));
    private final RateLimiterConfig defaults =
            RateLimiterConfig.builder().limitForPeriod(3).build();
    private final RateLimiterRegistry registry = RateLimiterRegistry.of(defaults, time);

    @Test
    void createsOnFirstUseWithTheDefaultConfigAndReturnsTheSameInstanceAfterwards() {
        RateLimiter first = registry.rateLimiter("a");
        assertThat(first.config()).isEqualTo(defaults);
        assertThat(registry.rateLimiter("a")).isSameAs(first);
        assertThat(registry.rateLimiter(
                        "a", RateLimiterConfig.builder().limitForPeriod(9).build()))
                .isSameAs(first);
        assertThat(registry.defaultConfig()).isSameAs(defaults);
        assertThat(RateLimiterRegistry.ofDefaults().defaultConfig()).isEqualTo(RateLimiterConfig.ofDefaults());
    }

    @Test
    void usesNamedConfigurations() {
        RateLimiterConfig slow = RateLimiterConfig.builder()
                .limitForPeriod(1)
                .timeoutDuration(Duration.ofSeconds(1))
                .build();
        registry.addConfiguration("slow", slow);
        assertThat(registry.configuration("slow")).contains(slow);
        assertThat(registry.configuration("fast")).isEmpty();
        assertThat(registry.rateLimiter("reports", "slow").config()).isEqualTo(slow);
        assertThat(registry.rateLimiter("other", RateLimiterConfig.ofDefaults())
                        .config()
                        .limitForPeriod())
                .isEqualTo(50);
        assertThat(registry.all()).extracting(RateLimiter::name).containsExactlyInAnyOrder("reports", "other");
    }

    @Test
    void rejectsUnknownConfigurationsAndBlankNames() {
        assertThatThrownBy(() -> registry.rateLimiter("x", "missing"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("configName must name a configuration added to the registry, was \"missing\" (known: [])");
        assertThatThrownBy(() -> registry.rateLimiter(""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("name must not be blank, was \"\"");
        assertThatThrownBy(() -> registry.addConfiguration(" ", defaults))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("configName must not be blank, was \" \"");
        assertThatThrownBy(() -> registry.addConfiguration("c", null)).hasMessage("config");
        assertThatThrownBy(() -> RateLimiterRegistry.of(null, time)).hasMessage("defaultConfig");
        assertThatThrownBy(() -> RateLimiterRegistry.of(defaults, null)).hasMessage("timeSource");
        assertThat(registry.all()).isEmpty();
    }

    @Test
    void registryListenersReceiveEventsOfPresentAndFutureRateLimitersUntilClosed() {
        RateLimiter before = registry.rateLimiter("before");
        List<RateLimiterEvent> events = new ArrayList<>();
        var registration = registry.onEvent(events::add);
        RateLimiter after = registry.rateLimiter("after");
        before.tryAcquirePermission();
        after.tryAcquirePermission(2);
        after.tryAcquirePermission(3);
        registration.close();
        before.tryAcquirePermission();
        assertThat(events)
                .extracting(e -> e.getClass().getSimpleName() + ":" + e.rateLimiterName() + ":" + e.permits())
                .containsExactly("PermitsGranted:before:1", "PermitsGranted:after:2", "PermitsRefused:after:3");
    }

    @Test
    void findsOnlyARateLimiterThatWasCreated() {
        assertThat(registry.find("payments")).isEmpty();
        RateLimiter created = registry.rateLimiter("payments");
        assertThat(registry.find("payments")).containsSame(created);
        assertThat(registry.find("other")).isEmpty();
        assertThatThrownBy(() -> registry.find(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("name");
    }
}
